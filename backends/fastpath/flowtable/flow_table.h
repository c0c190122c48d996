// SPDX-License-Identifier: GPL-2.0-or-later
// The hash index of a flowtable: both directions of every entry are keys of one open-addressing
// table (linear probing, backward-shift deletion, so there are no tombstones), as the kernel
// inserts both tuplehash nodes in one rhashtable. Slots carry a hash tag so most probes never
// touch the key. Capacity is fixed at construction: no allocation per flow.
#pragma once

#include <cstdint>
#include <optional>
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
  // Room for `max_keys` keys (two per flow) at a load factor of at most 3/4.
  explicit FlowIndex(uint32_t max_keys);

  // The key's ref, or nullopt. `keys` resolves an entry's stored key for the final compare.
  template <typename KeyOf>
  std::optional<FlowRef> find(const FlowKey& key, uint64_t hash, const KeyOf& keys) const {
    const uint32_t tag = tag_of(hash);
    for (uint32_t i = static_cast<uint32_t>(hash) & mask_;; i = (i + 1) & mask_) {
      const Slot s = slots_[i];
      if (s.tag == 0) return std::nullopt;
      if (s.tag == tag && keys(unpack(s.ref)) == key) return unpack(s.ref);
    }
  }
  // The first slot whose tag matches `hash` (no key compare): what a batched lookup prefetches
  // before comparing keys. May be a false candidate or nullopt.
  std::optional<FlowRef> candidate(uint64_t hash) const {
    const uint32_t tag = tag_of(hash);
    for (uint32_t i = static_cast<uint32_t>(hash) & mask_;; i = (i + 1) & mask_) {
      const Slot s = slots_[i];
      if (s.tag == 0) return std::nullopt;
      if (s.tag == tag) return unpack(s.ref);
    }
  }
  // Brings the first probe slot of `hash` into the cache (batched lookups).
  void prefetch(uint64_t hash) const {
    __builtin_prefetch(&slots_[static_cast<uint32_t>(hash) & mask_]);
  }
  // Inserts a key that is not present. False when the table is full.
  bool insert(uint64_t hash, FlowRef ref);
  // Removes the slot holding `ref` (found through its hash). Backward-shift deletion needs the
  // home slot of the keys after it: `hash_of(ref)` gives their hashes (slots do not keep them).
  template <typename HashOf>
  void erase(uint64_t hash, FlowRef ref, const HashOf& hash_of);
  uint32_t size() const { return size_; }
  uint32_t max_keys() const { return max_keys_; }
  size_t slot_count() const { return slots_.size(); }

 private:
  // 8 bytes: eight slots per cache line. The entry index and direction are packed into `ref`.
  struct Slot {
    uint32_t tag = 0;  // 0: empty; else the hash's high bits with the low bit set
    uint32_t ref = 0;  // entry << 1 | dir
  };
  static uint32_t tag_of(uint64_t hash) { return static_cast<uint32_t>(hash >> 32) | 1U; }
  static uint32_t pack(FlowRef r) { return r.entry << 1 | (r.dir & 1U); }
  static FlowRef unpack(uint32_t v) { return FlowRef{v >> 1, static_cast<uint8_t>(v & 1U)}; }

  HugeVector<Slot> slots_;
  uint32_t mask_ = 0;
  uint32_t size_ = 0;
  uint32_t max_keys_ = 0;
};

template <typename HashOf>
void FlowIndex::erase(uint64_t hash, FlowRef ref, const HashOf& hash_of) {
  const uint32_t want = pack(ref);
  uint32_t i = static_cast<uint32_t>(hash) & mask_;
  for (;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.tag == 0) return;  // not present: nothing to do
    if (s.ref == want) break;
  }
  // Backward-shift: move later members of the probe run into the hole when their home slot
  // does not lie cyclically in (hole, j].
  uint32_t hole = i;
  for (uint32_t j = (i + 1) & mask_; slots_[j].tag != 0; j = (j + 1) & mask_) {
    const uint32_t home = static_cast<uint32_t>(hash_of(unpack(slots_[j].ref))) & mask_;
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
