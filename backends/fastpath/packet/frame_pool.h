// SPDX-License-Identifier: GPL-2.0-or-later
// A fixed pool of packet buffers, allocated in one block at construction: each buffer holds
// kFrameHeadroom + kFrameMaxLen bytes. alloc()/free() only move pointers on a free list, so the
// per-packet path never allocates. Not thread-safe: one pool per worker.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "backends/fastpath/packet/frame.h"
#include "backends/fastpath/packet/vlan.h"  // push_vlan / pop_vlan work on pool frames

namespace nftx::fastpath {

inline constexpr uint32_t kFrameBufferSize = kFrameHeadroom + kFrameMaxLen;

class FramePool {
 public:
  explicit FramePool(uint32_t count);
  FramePool(const FramePool&) = delete;
  FramePool& operator=(const FramePool&) = delete;

  // A frame with data = head + kFrameHeadroom, len 0 and all metadata and hdr reset;
  // nullptr when the pool is exhausted.
  Frame* alloc();
  // Returns f to the pool; f must come from this pool's alloc() and not be freed twice
  // (checked: a foreign or double-freed frame is ignored and counted in bad_frees()).
  void free(Frame* f);
  // alloc() + copy of `len` bytes at data; nullptr when exhausted or len > kFrameMaxLen.
  Frame* copy_in(const uint8_t* bytes, size_t len);

  uint32_t size() const { return static_cast<uint32_t>(frames_.size()); }
  uint32_t available() const { return static_cast<uint32_t>(free_list_.size()); }
  uint64_t bad_frees() const { return bad_frees_; }
  bool owns(const Frame* f) const;

 private:
  std::unique_ptr<uint8_t[]> storage_;
  std::vector<Frame> frames_;
  std::vector<uint32_t> free_list_;  // indexes into frames_
  std::vector<bool> in_use_;
  uint64_t bad_frees_ = 0;
};

}  // namespace nftx::fastpath
