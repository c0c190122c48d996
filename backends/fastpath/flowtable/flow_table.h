// SPDX-License-Identifier: GPL-2.0-or-later
// The hash index of a flowtable: both directions of every entry are keys of one open-addressing
// table (linear probing, backward-shift deletion, so there are no tombstones), as the kernel
// inserts both tuplehash nodes in one rhashtable. Slots carry a hash tag so most probes never
// touch the key. Capacity is fixed at construction: no allocation per flow.
#pragma once

#include <cstdint>
#include <vector>

#include "backends/fastpath/flowtable/flow_key.h"
#include "backends/fastpath/packet/huge_page_allocator.h"

namespace nftx::fastpath::flow {

// What a key maps to: an entry index and the direction (0 ORIGINAL, 1 REPLY).
struct FlowRef {
  uint32_t entry = 0;
  uint8_t dir = 0;
};

class FlowIndex {
 public:
  // Room for `max_keys` keys (two per flow) at a load factor of at most 1/2.
  explicit FlowIndex(uint32_t max_keys);

  // The key's ref, or nullptr. `keys` resolves an entry's stored key for the final compare.
  template <typename KeyOf>
  const FlowRef* find(const FlowKey& key, uint64_t hash, const KeyOf& keys) const {
    const uint32_t tag = tag_of(hash);
    for (uint32_t i = static_cast<uint32_t>(hash) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.tag == 0) return nullptr;
      if (s.tag == tag && keys(s.ref) == key) return &s.ref;
    }
  }
  // The first slot whose tag matches `hash` (no key compare): what a batched lookup prefetches
  // before comparing keys. May be a false candidate or null.
  const FlowRef* candidate(uint64_t hash) const {
    const uint32_t tag = tag_of(hash);
    for (uint32_t i = static_cast<uint32_t>(hash) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.tag == 0) return nullptr;
      if (s.tag == tag) return &s.ref;
    }
  }
  // Brings the first probe slot of `hash` into the cache (batched lookups).
  void prefetch(uint64_t hash) const {
    __builtin_prefetch(&slots_[static_cast<uint32_t>(hash) & mask_]);
  }
  // Inserts a key that is not present. False when the table is full.
  bool insert(uint64_t hash, FlowRef ref);
  // Removes the slot holding `ref` (found through its hash).
  void erase(uint64_t hash, FlowRef ref);
  uint32_t size() const { return size_; }
  uint32_t max_keys() const { return max_keys_; }

 private:
  struct Slot {
    uint32_t tag = 0;   // 0: empty; else the hash's high bits with the low bit set
    uint32_t home = 0;  // the hash's low bits: where the key's probe run starts
    FlowRef ref;
  };
  static uint32_t tag_of(uint64_t hash) { return static_cast<uint32_t>(hash >> 32) | 1U; }

  HugeVector<Slot> slots_;
  uint32_t mask_ = 0;
  uint32_t size_ = 0;
  uint32_t max_keys_ = 0;
};

}  // namespace nftx::fastpath::flow
