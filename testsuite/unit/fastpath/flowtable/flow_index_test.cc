// SPDX-License-Identifier: GPL-2.0-or-later
// The flow hash index against std::unordered_map under random inserts and erases (backward-shift
// deletion is the part most likely to lose keys).
#include <gtest/gtest.h>

#include <random>
#include <unordered_map>
#include <vector>

#include "backends/fastpath/flowtable/flow_table.h"

namespace nftx::fastpath::flow {
namespace {

FlowKey key_for(uint32_t n) {
  FlowKey k;
  k.l3 = 2;
  k.l4 = 6;
  std::memcpy(k.src, &n, 4);
  k.sport = static_cast<uint16_t>(n * 7);
  k.iif = 1 + n % 3;
  return k;
}

TEST(FlowIndex, MatchesReferenceMapUnderChurn) {
  constexpr uint32_t kMax = 4096;
  FlowIndex index(kMax);
  std::vector<FlowKey> keys(kMax);  // entry i holds key keys[i]
  std::unordered_map<uint32_t, uint32_t> live;  // key number -> entry
  std::vector<uint32_t> free_entries;
  for (uint32_t i = 0; i < kMax; ++i) free_entries.push_back(kMax - 1 - i);
  auto key_of = [&](FlowRef r) -> const FlowKey& { return keys[r.entry]; };
  auto hash_of = [&](FlowRef r) { return hash_key(keys[r.entry]); };
  std::mt19937 rng(7);
  for (int step = 0; step < 200000; ++step) {
    const uint32_t n = rng() % 6000;
    const FlowKey k = key_for(n);
    const uint64_t h = hash_key(k);
    auto it = live.find(n);
    if (it == live.end()) {
      if (free_entries.empty()) continue;
      const uint32_t e = free_entries.back();
      free_entries.pop_back();
      keys[e] = k;
      ASSERT_TRUE(index.insert(h, FlowRef{e, 0}));
      live[n] = e;
    } else {
      const std::optional<FlowRef> found = index.find(k, h, key_of);
      ASSERT_TRUE(found.has_value());
      ASSERT_EQ(found->entry, it->second);
      index.erase(h, FlowRef{it->second, 0}, hash_of);
      free_entries.push_back(it->second);
      live.erase(it);
      ASSERT_FALSE(index.find(k, h, key_of).has_value());
    }
    ASSERT_EQ(index.size(), live.size());
  }
  for (const auto& [n, e] : live) {
    const FlowKey k = key_for(n);
    const std::optional<FlowRef> found = index.find(k, hash_key(k), key_of);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->entry, e);
  }
}

TEST(FlowIndex, RefusesBeyondCapacity) {
  FlowIndex index(2);
  EXPECT_TRUE(index.insert(1, FlowRef{0, 0}));
  EXPECT_TRUE(index.insert(2, FlowRef{0, 1}));
  EXPECT_FALSE(index.insert(3, FlowRef{1, 0}));
}

// Full to capacity (load 3/4 after rounding at worst), both directions of every entry: every key
// is found with its direction, and removing half of them keeps the rest reachable.
TEST(FlowIndex, FullTableWithBothDirections) {
  constexpr uint32_t kFlows = 3000;
  FlowIndex index(kFlows * 2);
  EXPECT_LE(index.size() + kFlows * 2, index.slot_count() * 3 / 4 + 1);
  std::vector<FlowKey> keys(kFlows * 2);
  auto key_of = [&](FlowRef r) -> const FlowKey& { return keys[r.entry * 2 + r.dir]; };
  auto hash_of = [&](FlowRef r) { return hash_key(keys[r.entry * 2 + r.dir]); };
  for (uint32_t e = 0; e < kFlows; ++e) {
    for (uint8_t d = 0; d < 2; ++d) {
      keys[e * 2 + d] = key_for(e * 2 + d);
      ASSERT_TRUE(index.insert(hash_key(keys[e * 2 + d]), FlowRef{e, d}));
    }
  }
  EXPECT_FALSE(index.insert(hash_key(key_for(999999)), FlowRef{0, 0}));
  for (uint32_t e = 0; e < kFlows; e += 2) {
    for (uint8_t d = 0; d < 2; ++d) index.erase(hash_key(keys[e * 2 + d]), FlowRef{e, d}, hash_of);
  }
  for (uint32_t e = 0; e < kFlows; ++e) {
    for (uint8_t d = 0; d < 2; ++d) {
      const FlowKey& k = keys[e * 2 + d];
      const std::optional<FlowRef> r = index.find(k, hash_key(k), key_of);
      if (e % 2 == 0) {
        EXPECT_FALSE(r.has_value());
      } else {
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(r->entry, e);
        EXPECT_EQ(r->dir, d);
      }
    }
  }
}

}  // namespace
}  // namespace nftx::fastpath::flow
