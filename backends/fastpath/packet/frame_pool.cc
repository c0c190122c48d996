// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/frame_pool.h"

#include <cstring>

namespace nftx::fastpath {

FramePool::FramePool(uint32_t count)
    : storage_(new uint8_t[static_cast<size_t>(count) * kFrameBufferSize]),
      frames_(count),
      in_use_(count, false) {
  free_list_.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    frames_[i].head = storage_.get() + static_cast<size_t>(i) * kFrameBufferSize;
    frames_[i].capacity = kFrameBufferSize;
    // LIFO: the most recently freed buffer is reused first, while it is still in cache.
    free_list_.push_back(count - 1 - i);
  }
}

bool FramePool::owns(const Frame* f) const {
  return !frames_.empty() && f >= frames_.data() && f < frames_.data() + frames_.size();
}

Frame* FramePool::alloc() {
  if (free_list_.empty()) return nullptr;
  uint32_t i = free_list_.back();
  free_list_.pop_back();
  in_use_[i] = true;
  Frame& f = frames_[i];
  uint8_t* head = f.head;
  f = Frame{};
  f.head = head;
  f.capacity = kFrameBufferSize;
  f.data = head + kFrameHeadroom;
  return &f;
}

void FramePool::free(Frame* f) {
  if (!owns(f)) {
    ++bad_frees_;
    return;
  }
  auto i = static_cast<uint32_t>(f - frames_.data());
  if (!in_use_[i]) {
    ++bad_frees_;
    return;
  }
  in_use_[i] = false;
  free_list_.push_back(i);
}

Frame* FramePool::copy_in(const uint8_t* bytes, size_t len) {
  if (len > kFrameMaxLen) return nullptr;
  Frame* f = alloc();
  if (f == nullptr) return nullptr;
  std::memcpy(f->data, bytes, len);
  f->len = static_cast<uint32_t>(len);
  return f;
}

}  // namespace nftx::fastpath
