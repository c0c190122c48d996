// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/flowtable/flow_table.h"

#include <algorithm>
#include <bit>

namespace nftx::fastpath::flow {

FlowIndex::FlowIndex(uint32_t max_keys) : max_keys_(max_keys) {
  // Load factor at most 3/4 when full.
  const uint64_t need = std::max<uint64_t>(16, static_cast<uint64_t>(max_keys) * 4 / 3 + 1);
  const auto want = static_cast<uint32_t>(std::bit_ceil(need));
  slots_.resize(want);
  mask_ = want - 1;
}

bool FlowIndex::insert(uint64_t hash, FlowRef ref) {
  if (size_ >= max_keys_) return false;
  for (uint32_t i = static_cast<uint32_t>(hash) & mask_;; i = (i + 1) & mask_) {
    if (slots_[i].tag == 0) {
      slots_[i] = Slot{tag_of(hash), pack(ref)};
      ++size_;
      return true;
    }
  }
}

}  // namespace nftx::fastpath::flow
