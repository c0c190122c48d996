// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/frame_pool.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "backends/fastpath/packet/builder.h"
#include "backends/fastpath/packet/parse.h"

namespace nftx::fastpath {
namespace {

TEST(FramePool, AllocUntilExhaustedThenReuse) {
  FramePool pool(3);
  EXPECT_EQ(pool.size(), 3u);
  std::set<Frame*> got;
  std::set<uint8_t*> heads;
  for (int i = 0; i < 3; ++i) {
    Frame* f = pool.alloc();
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->headroom(), kFrameHeadroom);
    EXPECT_EQ(f->capacity, kFrameHeadroom + kFrameMaxLen);
    got.insert(f);
    heads.insert(f->head);
  }
  EXPECT_EQ(got.size(), 3u);
  EXPECT_EQ(heads.size(), 3u);
  EXPECT_EQ(pool.available(), 0u);
  EXPECT_EQ(pool.alloc(), nullptr);

  Frame* f = *got.begin();
  uint8_t* head = f->head;
  f->len = 99;
  f->mark = 7;
  f->data += 4;
  f->hdr.nfproto = kNfprotoIpv4;
  pool.free(f);
  Frame* again = pool.alloc();
  EXPECT_EQ(again, f);  // LIFO reuse of the same buffer
  EXPECT_EQ(again->head, head);
  EXPECT_EQ(again->len, 0u);
  EXPECT_EQ(again->mark, 0u);
  EXPECT_EQ(again->headroom(), kFrameHeadroom);
  EXPECT_EQ(again->hdr.nfproto, 0);
}

TEST(FramePool, BadFreesAreCounted) {
  FramePool pool(1);
  Frame foreign;
  pool.free(&foreign);
  EXPECT_EQ(pool.bad_frees(), 1u);
  Frame* f = pool.alloc();
  pool.free(f);
  pool.free(f);  // double free
  EXPECT_EQ(pool.bad_frees(), 2u);
  EXPECT_EQ(pool.available(), 1u);
}

TEST(FramePool, CopyIn) {
  FramePool pool(2);
  std::vector<uint8_t> bytes = {1, 2, 3, 4, 5};
  Frame* f = pool.copy_in(bytes.data(), bytes.size());
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(std::vector<uint8_t>(f->data, f->data + f->len), bytes);
  std::vector<uint8_t> big(kFrameMaxLen + 1);
  EXPECT_EQ(pool.copy_in(big.data(), big.size()), nullptr);
  EXPECT_EQ(pool.available(), 1u);  // the failed copy did not leak a buffer
  std::vector<uint8_t> max(kFrameMaxLen, 0xab);
  Frame* g = pool.copy_in(max.data(), max.size());
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->data[kFrameMaxLen - 1], 0xab);
  EXPECT_EQ(pool.copy_in(bytes.data(), bytes.size()), nullptr);
}

TEST(Vlan, PushThenPopRestoresFrame) {
  FramePool pool(1);
  auto untagged = PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2).payload(3).build();
  auto tagged =
      PacketBuilder().vlan(0x3005).ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2).payload(3).build();
  Frame* f = pool.copy_in(untagged.data(), untagged.size());
  ASSERT_TRUE(parse(*f).ok());
  ASSERT_TRUE(push_vlan(*f, 0x3005));
  EXPECT_EQ(std::vector<uint8_t>(f->data, f->data + f->len), tagged);
  EXPECT_EQ(f->headroom(), kFrameHeadroom - 4);
  Headers moved = f->hdr;
  ASSERT_TRUE(parse(*f).ok());
  EXPECT_EQ(moved.l3_off, f->hdr.l3_off);
  EXPECT_EQ(moved.l4_off, f->hdr.l4_off);
  EXPECT_EQ(moved.vlan, f->hdr.vlan);
  EXPECT_EQ(moved.vlan_tci, f->hdr.vlan_tci);

  EXPECT_FALSE(push_vlan(*f, 1));  // already tagged
  ASSERT_TRUE(pop_vlan(*f));
  EXPECT_EQ(std::vector<uint8_t>(f->data, f->data + f->len), untagged);
  EXPECT_EQ(f->hdr.l3_off, 14);
  EXPECT_EQ(f->hdr.l4_off, 34);
  EXPECT_FALSE(f->hdr.vlan);
  EXPECT_FALSE(pop_vlan(*f));  // nothing to pop
}

TEST(Vlan, PushNeedsHeadroom) {
  FramePool pool(1);
  auto b = PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build();
  Frame* f = pool.copy_in(b.data(), b.size());
  f->data = f->head + 2;
  std::copy(b.begin(), b.end(), f->data);
  EXPECT_FALSE(push_vlan(*f, 1));
  EXPECT_EQ(f->len, b.size());
}

}  // namespace
}  // namespace nftx::fastpath
