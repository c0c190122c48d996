// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/flowtable/flowtable.h"

#include <algorithm>
#include <utility>

namespace nftx::fastpath::flow {

Flowtable::Flowtable(FlowtableConfig config, uint32_t max_flows)
    : config_(std::move(config)), entries_(max_flows), index_(max_flows * 2) {
  free_.reserve(max_flows);
  for (uint32_t i = max_flows; i > 0; --i) free_.push_back(i - 1);
}

bool Flowtable::has_device(uint32_t ifindex) const {
  return std::find(config_.devices.begin(), config_.devices.end(), ifindex) !=
         config_.devices.end();
}

FlowEntry* Flowtable::insert(const FlowEntry& entry) {
  if (free_.empty()) return nullptr;
  const uint32_t slot = free_.back();
  // REPLY first, then ORIGINAL, as flow_offload_add() does.
  if (!index_.insert(hash_key(entry.dir[1].key), FlowRef{slot, 1})) return nullptr;
  if (!index_.insert(hash_key(entry.dir[0].key), FlowRef{slot, 0})) {
    index_.erase(hash_key(entry.dir[1].key), FlowRef{slot, 1}, stored_hash());
    return nullptr;
  }
  free_.pop_back();
  entries_[slot] = entry;
  entries_[slot].live = true;
  ++live_;
  ++version_;
  return &entries_[slot];
}

void Flowtable::remove(FlowEntry* entry) {
  const auto slot = static_cast<uint32_t>(entry - entries_.data());
  index_.erase(hash_key(entry->dir[0].key), FlowRef{slot, 0}, stored_hash());
  index_.erase(hash_key(entry->dir[1].key), FlowRef{slot, 1}, stored_hash());
  *entry = FlowEntry{};
  free_.push_back(slot);
  --live_;
  ++version_;
}

}  // namespace nftx::fastpath::flow
