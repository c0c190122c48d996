// SPDX-License-Identifier: GPL-2.0-or-later
// FIN/RST on an offloaded TCP flow (spec §2.1 step 5, >= 6.14): forwarded by the fast path with
// the entry marked closing; a SYN on a closing entry tears it down (TCP reopen) and goes to the
// classic path; teardown of a closing entry leaves conntrack in CLOSE for 10 s (§4.2).
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "testsuite/unit/fastpath/engine/engine_fixture.h"

namespace nftx::fastpath::testing {
namespace {

using flow::Bypass;

TEST(EngineTcpClose, FinIsForwardedByTheFastPathAndMarksClosing) {
  Gateway gw(nat_ruleset());
  TcpFlow tcp(gw, 40200);
  tcp.handshake();
  tcp.client_data(100);
  ct::Conn* c = tcp.conn();
  ASSERT_NE(c, nullptr);
  flow::FlowEntry* e = gw.entry_of(c);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->flags & flow::kFlowClosing, 0U);
  gw.clear();
  tcp.client(TcpFlags::Fin | TcpFlags::Ack);
  EXPECT_EQ(gw.flowtable().stats().hits, 2U);
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 1U);
  EXPECT_EQ(wan[0].tcp_flags(), 0x11);
  EXPECT_EQ(wan[0].src(), kPublic);
  EXPECT_TRUE(wan[0].checksums_ok());
  EXPECT_NE(e->flags & flow::kFlowClosing, 0U);
  EXPECT_EQ(gw.flowtable().size(), 1U);  // the entry stays until it times out
  EXPECT_TRUE(c->test(ct::ips::kOffload));
  // The rest of the close also takes the fast path.
  tcp.server(TcpFlags::Fin | TcpFlags::Ack);
  tcp.client(TcpFlags::Ack);
  EXPECT_EQ(gw.flowtable().stats().hits, 4U);
  EXPECT_EQ(gw.engine().stats().classic, 3U);
}

TEST(EngineTcpClose, RstIsForwardedByTheFastPathAndMarksClosing) {
  Gateway gw(nat_ruleset());
  TcpFlow tcp(gw, 40201);
  tcp.handshake();
  gw.clear();
  tcp.server(TcpFlags::Rst | TcpFlags::Ack);
  EXPECT_EQ(gw.flowtable().stats().hits, 1U);
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].tcp_flags(), 0x14);
  EXPECT_EQ(lan[0].dst(), kClient);
  flow::FlowEntry* e = gw.entry_of(tcp.conn());
  ASSERT_NE(e, nullptr);
  EXPECT_NE(e->flags & flow::kFlowClosing, 0U);
}

TEST(EngineTcpClose, SynOnClosingFlowTearsDownAndReopensInConntrack) {
  Gateway gw(nat_ruleset());
  TcpFlow tcp(gw, 40202);
  tcp.handshake();
  tcp.client(TcpFlags::Fin | TcpFlags::Ack);
  tcp.server(TcpFlags::Fin | TcpFlags::Ack);
  tcp.client(TcpFlags::Ack);
  ASSERT_EQ(gw.flowtable().stats().hits, 3U);
  gw.clear();
  gw.at(500 * kMs);
  // A new connection on the same ports: the SYN finds the closing entry.
  TcpFlow again(gw, 40202);
  again.client(TcpFlags::Syn);
  EXPECT_EQ(gw.bypass(Bypass::TcpReopen), 1U);
  EXPECT_EQ(gw.flowtable().stats().torn_down, 1U);
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.flowtable().stats().hits, 3U);
  // The classic path forwarded the SYN (NATed) and conntrack tracks a new connection.
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 1U);
  EXPECT_EQ(wan[0].tcp_flags(), 0x02);
  EXPECT_EQ(wan[0].src(), kPublic);
  EXPECT_EQ(wan[0].ttl(), 63);
  ct::Conn* c = again.conn();
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->test(ct::ips::kOffload));
  EXPECT_EQ(c->tcp.state, ct::TcpState::kSynSent);
  EXPECT_EQ(gw.engine().conntrack().stats()[ct::Stats::reopen], 1U);
  // And it can be offloaded again once established (after a GC run: the kernel frees the
  // torn-down entry only then, and until then the new entry's keys would clash with it).
  gw.at(2 * kSec);
  again.server(TcpFlags::Syn | TcpFlags::Ack);
  again.client(TcpFlags::Ack);
  EXPECT_EQ(gw.flowtable().size(), 1U);
  again.client_data(10);
  EXPECT_EQ(gw.flowtable().stats().hits, 4U);
}

TEST(EngineTcpClose, ClosingEntryTimesOutToConntrackClose10s) {
  Gateway gw(nat_ruleset());
  TcpFlow tcp(gw, 40203);
  tcp.handshake();
  tcp.client(TcpFlags::Fin | TcpFlags::Ack);
  ct::Conn* c = tcp.conn();
  ASSERT_NE(c, nullptr);
  gw.advance_to(29 * kSec);
  EXPECT_EQ(gw.flowtable().size(), 1U);
  gw.advance_to(31 * kSec);
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.flowtable().stats().expired, 1U);
  EXPECT_FALSE(c->test(ct::ips::kOffload));
  EXPECT_EQ(c->tcp.state, ct::TcpState::kClose);
  EXPECT_NE(c->tcp.seen[0].flags & ct::tcpf::kCloseInit, 0);
  EXPECT_EQ(c->tcp.seen[0].td_maxwin, 0U);
  EXPECT_EQ(c->tcp.seen[1].td_maxwin, 0U);
  EXPECT_GE(c->expires_in(gw.now()), 9 * kSec);
  EXPECT_LE(c->expires_in(gw.now()), 10 * kSec);
  gw.advance_to(42 * kSec);
  EXPECT_EQ(tcp.conn(), nullptr);  // conntrack expired it
}

TEST(EngineTcpClose, FinOnTheCreatingPacketIsNotOffloaded) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  TcpFlow tcp(gw, 40204);
  tcp.client(TcpFlags::Syn);
  tcp.server(TcpFlags::Syn | TcpFlags::Ack);
  tcp.client(TcpFlags::Fin | TcpFlags::Ack);  // would be the first qualifying packet
  EXPECT_EQ(gw.not_offloaded(flow::NotOffloaded::TcpFinRst), 1U);
  EXPECT_EQ(gw.flowtable().size(), 0U);
}

}  // namespace
}  // namespace nftx::fastpath::testing
