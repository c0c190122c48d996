// SPDX-License-Identifier: GPL-2.0-or-later
// One flowtable of the ruleset (`flowtable f { hook ingress priority 0; devices = {...}; }`): its
// configuration, its entries (both directions keyed in one FlowIndex) and its statistics.
// Entry storage is preallocated; nothing is allocated per flow or per packet.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "backends/fastpath/flowtable/flow_entry.h"
#include "backends/fastpath/flowtable/flow_table.h"
#include "backends/fastpath/flowtable/reasons.h"
#include "backends/fastpath/packet/huge_page_allocator.h"

namespace nftx::fastpath::flow {

struct FlowtableConfig {
  uint8_t family = 0;  // NFPROTO_* of the table (ip 2, ip6 10, inet 1)
  std::string table;
  std::string name;
  bool early_ingress = false;    // lookup before any ingress processing (nftx extension)
  int32_t priority = 0;          // among the netdev ingress chains of each device
  std::vector<uint32_t> devices; // ifindexes hooked
  bool hw_offload = false;       // `flags offload`: entries also go to the tc-flower backend
  bool counter = false;          // `counter`: fast-path traffic is added to conntrack's counters
};

struct FlowtableStats {
  uint64_t hits = 0;        // packets forwarded by the fast path
  uint64_t created = 0;     // entries added by `flow add`
  uint64_t expired = 0;     // entries removed by GC after the offload timeout
  uint64_t torn_down = 0;   // entries removed for any other reason (closing, route, ct gone, ...)
  std::array<uint64_t, kNotOffloadedCount> not_offloaded{};
  std::array<uint64_t, kBypassCount> bypass{};
};

class Flowtable {
 public:
  static constexpr uint32_t kDefaultMaxFlows = 1U << 20;

  Flowtable(FlowtableConfig config, uint32_t max_flows = kDefaultMaxFlows);

  const FlowtableConfig& config() const { return config_; }
  // Devices can be added and removed on a live flowtable (hook, priority and flags cannot).
  void set_devices(std::vector<uint32_t> devices) { config_.devices = std::move(devices); }
  bool has_device(uint32_t ifindex) const;

  struct Hit {
    FlowEntry* entry = nullptr;  // null: miss
    uint8_t dir = 0;
  };
  Hit lookup(const FlowKey& key) { return lookup(key, hash_key(key)); }
  Hit lookup(const FlowKey& key, uint64_t hash) {
    const FlowEntry* base = entries_.data();
    auto key_of = [base](FlowRef r) -> const FlowKey& { return base[r.entry].dir[r.dir].key; };
    const std::optional<FlowRef> ref = index_.find(key, hash, key_of);
    if (!ref) return {};
    return Hit{&entries_[ref->entry], ref->dir};
  }
  // Batched lookups (VPP style): hash all keys and prefetch their slots, then look up and
  // prefetch the entries, then act.
  void prefetch_slot(uint64_t hash) const { index_.prefetch(hash); }
  // Stage 2: prefetch the entry the slot's tag points at (the key is compared in stage 3).
  void prefetch_candidate(uint64_t hash) const {
    if (const std::optional<FlowRef> r = index_.candidate(hash)) {
      const auto* p = reinterpret_cast<const char*>(&entries_[r->entry].dir[r->dir]);
      __builtin_prefetch(p);
      __builtin_prefetch(p + 64);
      __builtin_prefetch(p + 128);
    }
  }
  // Changes whenever an entry is added or removed: hits kept across that are looked up again.
  uint64_t version() const { return version_; }
  // Adds an entry with both keys; nullptr when the table is full.
  FlowEntry* insert(const FlowEntry& entry);
  // Removes both keys and frees the entry (the caller has dealt with its conntrack entry).
  void remove(FlowEntry* entry);

  uint32_t size() const { return live_; }
  uint32_t max_flows() const { return static_cast<uint32_t>(entries_.size()); }
  FlowtableStats& stats() { return stats_; }
  const FlowtableStats& stats() const { return stats_; }
  void count(NotOffloaded r) { ++stats_.not_offloaded[static_cast<size_t>(r)]; }
  void count(Bypass r) { ++stats_.bypass[static_cast<size_t>(r)]; }

  template <typename Fn>
  void for_each(Fn&& fn) {
    for (FlowEntry& e : entries_) {
      if (e.live) fn(e);
    }
  }
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (const FlowEntry& e : entries_) {
      if (e.live) fn(e);
    }
  }

 private:
  // The hash of a stored key, for FlowIndex::erase.
  auto stored_hash() const {
    return [this](FlowRef r) { return hash_key(entries_[r.entry].dir[r.dir].key); };
  }

  FlowtableConfig config_;
  HugeVector<FlowEntry> entries_;
  std::vector<uint32_t> free_;  // stack of free entry slots
  FlowIndex index_;
  uint32_t live_ = 0;
  uint64_t version_ = 0;
  FlowtableStats stats_;
};

}  // namespace nftx::fastpath::flow
