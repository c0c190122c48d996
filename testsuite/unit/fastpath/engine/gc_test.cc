// SPDX-License-Identifier: GPL-2.0-or-later
// Flow entry lifetime on the injected clock (spec §1.5, §4): the offload timeout
// (nf_flowtable_*_timeout), refresh with 1 s write granularity, GC every second, and the
// conntrack fix-up when an idle entry is removed (UDP stream: 120 - 30 = 90 s).
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "testsuite/unit/fastpath/engine/engine_fixture.h"

namespace nftx::fastpath::testing {
namespace {

// A UDP stream client:50000 <-> server:53 offloaded by the reply (guarded rule) at 40 ms.
ct::Conn* offloaded_stream(Gateway& gw) {
  gw.send("lan0", from_client().udp(50000, 53).payload(40));
  gw.at(40 * kMs);
  gw.send("wan0", from_server().udp(53, 50000).payload(120));
  EXPECT_EQ(gw.flowtable().size(), 1U);
  return gw.conn(IPPROTO_UDP, kClient, 50000, kServer, 53);
}

TEST(EngineGc, IdleUdpEntryExpiresAndConntrackGetsStreamMinusOffloadTimeout) {
  Gateway gw(nat_ruleset());
  ct::Conn* c = offloaded_stream(gw);
  ASSERT_NE(c, nullptr);
  flow::FlowEntry* e = gw.entry_of(c);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->timeout_ns, kT0 + 40 * kMs + 30 * kSec);
  EXPECT_TRUE(c->test(ct::ips::kOffload | ct::ips::kSeenReply));
  // While offloaded conntrack holds the conn for a day, far beyond its own UDP timeouts.
  EXPECT_EQ(c->expires_in(gw.now()), 86400 * kSec);
  gw.advance_to(30 * kSec);
  EXPECT_EQ(gw.flowtable().size(), 1U);
  EXPECT_EQ(gw.flowtable().stats().expired, 0U);
  gw.advance_to(31 * kSec);
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.flowtable().stats().expired, 1U);
  EXPECT_EQ(gw.flowtable().stats().torn_down, 0U);
  ASSERT_EQ(gw.conn(IPPROTO_UDP, kClient, 50000, kServer, 53), c);
  EXPECT_FALSE(c->test(ct::ips::kOffload));
  // Removed by the GC run at 31 s: 120 s stream timeout minus the 30 s already idle.
  EXPECT_EQ(c->expires_in(gw.now()), 90 * kSec);
  gw.advance_to(120 * kSec);
  EXPECT_NE(gw.conn(IPPROTO_UDP, kClient, 50000, kServer, 53), nullptr);
  gw.advance_to(122 * kSec);
  EXPECT_EQ(gw.conn(IPPROTO_UDP, kClient, 50000, kServer, 53), nullptr);
}

TEST(EngineGc, RefreshHasOneSecondGranularity) {
  Gateway gw(nat_ruleset());
  ct::Conn* c = offloaded_stream(gw);
  ASSERT_NE(c, nullptr);
  flow::FlowEntry* e = gw.entry_of(c);
  ASSERT_NE(e, nullptr);
  const uint64_t created = e->timeout_ns;
  gw.at(900 * kMs);  // moves the timeout by 0.86 s: not written
  gw.send("lan0", from_client().udp(50000, 53).payload(40));
  EXPECT_EQ(gw.flowtable().stats().hits, 1U);
  EXPECT_EQ(e->timeout_ns, created);
  gw.at(1100 * kMs);  // 1.06 s: written
  gw.send("lan0", from_client().udp(50000, 53).payload(40));
  EXPECT_EQ(e->timeout_ns, kT0 + 1100 * kMs + 30 * kSec);
  // Traffic every 10 s keeps the entry alive well past 30 s.
  for (uint64_t t = 10; t <= 70; t += 10) {
    gw.at(t * kSec + 500 * kMs);
    gw.send("wan0", from_server().udp(53, 50000).payload(120));
  }
  EXPECT_EQ(gw.flowtable().size(), 1U);
  EXPECT_EQ(gw.flowtable().stats().expired, 0U);
  EXPECT_EQ(gw.flowtable().stats().hits, 9U);
  EXPECT_TRUE(c->test(ct::ips::kOffload));
  gw.advance_to(101 * kSec);
  EXPECT_EQ(gw.flowtable().stats().expired, 1U);
}

TEST(EngineGc, UdpTimeoutSysctl) {
  Gateway gw(nat_ruleset(),
             standard_setup("sysctl -w net.netfilter.nf_flowtable_udp_timeout=5\n"));
  ct::Conn* c = offloaded_stream(gw);
  ASSERT_NE(c, nullptr);
  flow::FlowEntry* e = gw.entry_of(c);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->timeout_ns, kT0 + 40 * kMs + 5 * kSec);
  gw.advance_to(5 * kSec);
  EXPECT_EQ(gw.flowtable().size(), 1U);
  gw.advance_to(6 * kSec);
  EXPECT_EQ(gw.flowtable().stats().expired, 1U);
  EXPECT_FALSE(c->test(ct::ips::kOffload));
  EXPECT_EQ(c->expires_in(gw.now()), 115 * kSec);  // 120 - 5
}

TEST(EngineGc, UnrepliedUdpGetsUnrepliedTimeoutMinusOffloadTimeout) {
  Gateway gw(nat_ruleset("lan0, wan0", ""),
             standard_setup("sysctl -w net.netfilter.nf_flowtable_udp_timeout=10\n"));
  gw.send("lan0", from_client().udp(50001, 53).payload(8));
  gw.send("lan0", from_client().udp(50001, 53).payload(8));
  ct::Conn* c = gw.conn(IPPROTO_UDP, kClient, 50001, kServer, 53);
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->test(ct::ips::kOffload));
  gw.advance_to(10 * kSec);
  EXPECT_EQ(gw.flowtable().stats().expired, 1U);
  EXPECT_FALSE(c->test(ct::ips::kSeenReply));
  EXPECT_EQ(c->expires_in(gw.now()), 20 * kSec);  // 30 - 10
}

TEST(EngineGc, IdleTcpEntryKeepsTheLongerConntrackLifetime) {
  Gateway gw(nat_ruleset());
  TcpFlow tcp(gw, 40300);
  tcp.handshake();
  ct::Conn* c = tcp.conn();
  ASSERT_NE(c, nullptr);
  gw.advance_to(31 * kSec);
  EXPECT_EQ(gw.flowtable().stats().expired, 1U);
  EXPECT_FALSE(c->test(ct::ips::kOffload));
  // 5 days - 30 s is longer than the day it holds: the fix-up never lengthens.
  EXPECT_EQ(c->tcp.state, ct::TcpState::kEstablished);
  EXPECT_EQ(c->expires_in(gw.now()), 86400 * kSec - 31 * kSec);
  EXPECT_EQ(c->tcp.seen[0].td_maxwin, 0U);
  EXPECT_EQ(c->tcp.seen[1].td_maxwin, 0U);
  // The next packet goes through conntrack (liberal, windows relearned) and re-offloads.
  tcp.client_data(10);
  EXPECT_EQ(gw.flowtable().stats().created, 2U);
  EXPECT_TRUE(c->test(ct::ips::kOffload));
  EXPECT_EQ(gw.take("wan0").size(), 3U);
}

}  // namespace
}  // namespace nftx::fastpath::testing
