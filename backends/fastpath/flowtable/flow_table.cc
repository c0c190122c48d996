// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/flowtable/flow_table.h"

#include <algorithm>
#include <bit>

namespace nftx::fastpath::flow {

FlowIndex::FlowIndex(uint32_t max_keys) : max_keys_(max_keys) {
  const uint32_t want = std::bit_ceil(std::max<uint32_t>(16, max_keys * 2));
  slots_.resize(want);
  mask_ = want - 1;
}

bool FlowIndex::insert(uint64_t hash, FlowRef ref) {
  if (size_ >= max_keys_) return false;
  for (uint32_t i = static_cast<uint32_t>(hash) & mask_;; i = (i + 1) & mask_) {
    if (slots_[i].tag == 0) {
      slots_[i] = Slot{tag_of(hash), static_cast<uint32_t>(hash), ref};
      ++size_;
      return true;
    }
  }
}

void FlowIndex::erase(uint64_t hash, FlowRef ref) {
  uint32_t i = static_cast<uint32_t>(hash) & mask_;
  for (;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.tag == 0) return;  // not present: nothing to do
    if (s.ref.entry == ref.entry && s.ref.dir == ref.dir) break;
  }
  // Backward-shift: move later members of the probe run into the hole when their home slot
  // does not lie cyclically in (hole, j].
  uint32_t hole = i;
  for (uint32_t j = (i + 1) & mask_; slots_[j].tag != 0; j = (j + 1) & mask_) {
    const uint32_t home = static_cast<uint32_t>(slots_[j].home) & mask_;
    const bool home_in_between =
        hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
    if (!home_in_between) {
      slots_[hole] = slots_[j];
      hole = j;
    }
  }
  slots_[hole] = Slot{};
  --size_;
}

}  // namespace nftx::fastpath::flow
