// SPDX-License-Identifier: GPL-2.0-or-later
// Stale state (spec §2.3): a FIB change invalidates cached routes (dst_check), so the next packet
// of an offloaded flow tears its entry down and takes the classic path; a link going down tears
// entries down (in the packet path and in GC) and drops what can no longer be routed.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/net/address.h"
#include "testsuite/unit/fastpath/engine/engine_fixture.h"

namespace nftx::fastpath::testing {
namespace {

using flow::Bypass;

ct::Conn* offload_udp(Gateway& gw, uint16_t cport) {
  gw.send("lan0", from_client().udp(cport, 9).payload(8));
  gw.at(10 * kMs);
  gw.send("lan0", from_client().udp(cport, 9).payload(8));
  EXPECT_EQ(gw.flowtable().size(), 1U);
  gw.clear();
  return gw.conn(IPPROTO_UDP, kClient, cport, kServer, 9);
}

TEST(EngineRouteChange, AddedRouteTearsDownOnTheNextPacket) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  ct::Conn* c = offload_udp(gw, 52000);
  ASSERT_NE(c, nullptr);
  const uint64_t gen = gw.network().fib.generation();
  net::Route r;
  r.dst = *net::parse_prefix("198.51.100.0/24");
  r.gateway = net::parse_ip("203.0.113.1");
  r.oif = gw.ifindex("wan0");
  ASSERT_EQ(gw.network().add_route(r, net::AddMode::Exclusive), net::SetupStatus::Ok);
  EXPECT_NE(gw.network().fib.generation(), gen);
  EXPECT_EQ(gw.flowtable().size(), 1U);  // nothing happens until a packet (or GC) comes
  gw.at(20 * kMs);
  gw.send("lan0", from_client().udp(52000, 9).payload(8));
  EXPECT_EQ(gw.bypass(Bypass::StaleRoute), 1U);
  EXPECT_EQ(gw.flowtable().stats().torn_down, 1U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);
  // The classic path forwarded it (NATed by the existing binding).
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 1U);
  EXPECT_EQ(wan[0].src(), kPublic);
  EXPECT_EQ(wan[0].ttl(), 63);
  // A fresh entry on the new route follows. (The kernel keeps the torn-down entry until the next
  // GC run, so its `flow add` succeeds only after that; the engine removes it at once and the
  // stale packet's own `flow add` re-creates it. Past a GC run both agree.)
  gw.at(1500 * kMs);
  gw.send("lan0", from_client().udp(52000, 9).payload(8));
  gw.at(1600 * kMs);
  gw.send("lan0", from_client().udp(52000, 9).payload(8));
  EXPECT_EQ(gw.flowtable().size(), 1U);
  EXPECT_EQ(gw.flowtable().stats().created, 2U);
  EXPECT_TRUE(c->test(ct::ips::kOffload));
  EXPECT_GE(gw.flowtable().stats().hits, 1U);
  EXPECT_EQ(gw.flowtable().stats().torn_down, 1U);
  EXPECT_EQ(gw.take("wan0").size(), 2U);
}

TEST(EngineRouteChange, GcTearsDownStaleRoutesOfIdleEntries) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  ct::Conn* c = offload_udp(gw, 52001);
  ASSERT_NE(c, nullptr);
  net::Route r;
  r.dst = *net::parse_prefix("198.51.100.0/24");
  r.gateway = net::parse_ip("203.0.113.1");
  r.oif = gw.ifindex("wan0");
  ASSERT_EQ(gw.network().add_route(r, net::AddMode::Exclusive), net::SetupStatus::Ok);
  gw.advance_to(1 * kSec);
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.flowtable().stats().torn_down, 1U);
  EXPECT_FALSE(c->test(ct::ips::kOffload));
}

TEST(EngineRouteChange, EgressLinkDownTearsDownAndDrops) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  ct::Conn* c = offload_udp(gw, 52002);
  ASSERT_NE(c, nullptr);
  gw.network().set_up(gw.ifindex("wan0"), false);
  gw.at(20 * kMs);
  gw.send("lan0", from_client().udp(52002, 9).payload(8));
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.flowtable().stats().torn_down, 1U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);
  EXPECT_FALSE(c->test(ct::ips::kOffload));
  EXPECT_TRUE(gw.take("wan0").empty());
  // The default route went with the link: the classic path has no route.
  EXPECT_EQ(gw.drops(DropReason::NoRoute), 1U);
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].icmp_type(), 3);  // net unreachable
  EXPECT_EQ(lan[0].icmp_code(), 0);
}

TEST(EngineRouteChange, IngressLinkDownDropsAndGcTearsDown) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  ct::Conn* c = offload_udp(gw, 52003);
  ASSERT_NE(c, nullptr);
  gw.network().set_up(gw.ifindex("lan0"), false);
  gw.at(20 * kMs);
  gw.send("lan0", from_client().udp(52003, 9).payload(8));
  EXPECT_EQ(gw.drops(DropReason::LinkDown), 1U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);
  gw.advance_to(1 * kSec);
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_FALSE(c->test(ct::ips::kOffload));
  // Replies from the WAN can no longer reach the client.
  gw.send("wan0", from_server().udp(9, 52003).payload(8));
  EXPECT_TRUE(gw.take("lan0").empty());
  EXPECT_EQ(gw.engine().stats().fast_path, 0U);
}

}  // namespace
}  // namespace nftx::fastpath::testing
