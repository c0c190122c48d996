// SPDX-License-Identifier: GPL-2.0-or-later
// UDP offload (spec §3 step 3): without a `ct state established` guard the flow is offloaded
// from its second packet even when unreplied (the first one is unconfirmed at forward); with the
// guard only once a reply was seen.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "testsuite/unit/fastpath/engine/engine_fixture.h"

namespace nftx::fastpath::testing {
namespace {

using flow::NotOffloaded;

TEST(EngineFlowtableUdp, UnguardedOffloadsFromTheSecondPacket) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  gw.send("lan0", from_client().udp(50000, 53).payload(40));
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::Unconfirmed), 1U);
  gw.at(10 * kMs);
  gw.send("lan0", from_client().udp(50000, 53).payload(40));
  EXPECT_EQ(gw.flowtable().size(), 1U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);
  ct::Conn* c = gw.conn(IPPROTO_UDP, kClient, 50000, kServer, 53);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->test(ct::ips::kOffload));
  EXPECT_FALSE(c->test(ct::ips::kSeenReply));  // offloaded although never answered
  gw.at(20 * kMs);
  gw.send("lan0", from_client().udp(50000, 53).payload(40));
  EXPECT_EQ(gw.flowtable().stats().hits, 1U);
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 3U);
  // Classic (2) and fast (1) output of the same packet are identical.
  EXPECT_EQ(wan[2].bytes(), wan[1].bytes());
  EXPECT_EQ(wan[2].src(), kPublic);
  EXPECT_TRUE(wan[2].checksums_ok());
  // The reply takes the fast path too.
  gw.send("wan0", from_server().udp(53, 50000).payload(120));
  EXPECT_EQ(gw.flowtable().stats().hits, 2U);
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].dst(), kClient);
  EXPECT_EQ(lan[0].dport(), 50000);
  EXPECT_TRUE(lan[0].checksums_ok());
}

TEST(EngineFlowtableUdp, GuardedOffloadsOnlyAfterAReply) {
  Gateway gw(nat_ruleset());
  for (int i = 0; i < 3; ++i) {
    gw.at(static_cast<uint64_t>(i) * 10 * kMs);
    gw.send("lan0", from_client().udp(50000, 53).payload(40));
  }
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);
  gw.at(40 * kMs);
  gw.send("wan0", from_server().udp(53, 50000).payload(120));
  EXPECT_EQ(gw.flowtable().size(), 1U);  // created by the reply
  gw.at(50 * kMs);
  gw.send("lan0", from_client().udp(50000, 53).payload(40));
  EXPECT_EQ(gw.flowtable().stats().hits, 1U);
  EXPECT_EQ(gw.take("wan0").size(), 4U);
  EXPECT_EQ(gw.take("lan0").size(), 1U);
}

TEST(EngineFlowtableUdp, ZeroChecksumStaysZeroThroughNat) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  for (int i = 0; i < 3; ++i) {
    gw.send("lan0", from_client().udp(50005, 53).zero_checksum().payload(40));
  }
  EXPECT_EQ(gw.flowtable().stats().hits, 1U);
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 3U);
  for (const Sent& s : wan) {
    EXPECT_EQ(s.bytes()[s.hdr().l4_off + 6], 0);
    EXPECT_EQ(s.bytes()[s.hdr().l4_off + 7], 0);
    EXPECT_EQ(s.src(), kPublic);
    EXPECT_TRUE(s.checksums_ok());
  }
}

}  // namespace
}  // namespace nftx::fastpath::testing
