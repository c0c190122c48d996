// SPDX-License-Identifier: GPL-2.0-or-later
// TCP through the flowtable (spec §2.1, §3): the entry is created by the first packet that
// qualifies (the third packet of the handshake), later packets of both directions take the fast
// path, and what leaves is byte for byte what the classic path would have sent.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <functional>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "testsuite/unit/fastpath/engine/engine_fixture.h"

namespace nftx::fastpath::testing {
namespace {

using flow::NotOffloaded;

// The same gateway without `flow add`: every packet takes the classic path.
std::string classic_only_ruleset() {
  return nat_ruleset("lan0, wan0", "ct state established meta mark 0x7fffffff", "counter;");
}

TEST(EngineFlowtableTcp, EntryCreatedOnThirdHandshakePacket) {
  Gateway gw(nat_ruleset());
  TcpFlow tcp(gw, 40000);
  tcp.client(TcpFlags::Syn);
  // The SYN is `ct state new`: the guarded rule does not even ask for offload.
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::NotEstablished), 0U);
  tcp.server(TcpFlags::Syn | TcpFlags::Ack);
  // The SYN-ACK is established (a reply) but conntrack is in SYN_RECV.
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::NotEstablished), 1U);
  tcp.client(TcpFlags::Ack);
  EXPECT_EQ(gw.flowtable().size(), 1U);
  EXPECT_EQ(gw.flowtable().stats().created, 1U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);  // the creating packet itself went classic
  EXPECT_EQ(gw.engine().stats().classic, 3U);

  ct::Conn* c = tcp.conn();
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->test(ct::ips::kOffload));
  EXPECT_EQ(c->tcp.state, ct::TcpState::kEstablished);
  // flow_offload_add: the conn is held for a day; flow_offload_ct_tcp: liberal windows.
  EXPECT_EQ(c->expires_in(gw.now()), 86400 * kSec);
  EXPECT_NE(c->tcp.seen[0].flags & ct::tcpf::kBeLiberal, 0);
  EXPECT_NE(c->tcp.seen[1].flags & ct::tcpf::kBeLiberal, 0);
  flow::FlowEntry* e = gw.entry_of(c);
  ASSERT_NE(e, nullptr);
  EXPECT_NE(e->flags & flow::kFlowSnat, 0U);
  EXPECT_EQ(e->flags & flow::kFlowDnat, 0U);
  EXPECT_EQ(e->dir[0].key.iif, gw.ifindex("lan0"));
  EXPECT_EQ(e->dir[1].key.iif, gw.ifindex("wan0"));
  EXPECT_EQ(e->dir[0].oif, gw.ifindex("wan0"));
  EXPECT_EQ(e->dir[1].oif, gw.ifindex("lan0"));
  EXPECT_EQ(e->dir[0].mtu, 1500);

  // Data both ways: the fast path, leaving with NAT, TTL - 1, valid checksums, neighbour MACs.
  gw.clear();
  tcp.client_data(100);
  tcp.server_data(500);
  EXPECT_EQ(gw.flowtable().stats().hits, 2U);
  EXPECT_EQ(gw.engine().stats().fast_path, 2U);
  EXPECT_EQ(gw.engine().stats().classic, 3U);
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 1U);
  EXPECT_EQ(wan[0].src(), kPublic);
  EXPECT_EQ(wan[0].sport(), 40000);
  EXPECT_EQ(wan[0].ttl(), 63);
  EXPECT_TRUE(wan[0].checksums_ok());
  EXPECT_EQ(wan[0].eth_dst(), kRouterMac);
  EXPECT_EQ(wan[0].eth_src(), kWanMac);
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].dst(), kClient);
  EXPECT_EQ(lan[0].dport(), 40000);
  EXPECT_EQ(lan[0].ttl(), 56);
  EXPECT_TRUE(lan[0].checksums_ok());
  EXPECT_EQ(lan[0].eth_dst(), kClientMac);
  EXPECT_EQ(lan[0].eth_src(), kLanMac);
  // Further packets find the conn offloaded already.
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::AlreadyOffloaded), 0U);
}

// Runs the same traffic through a gateway with the flowtable and one without; every frame that
// leaves must be identical (incremental fast-path rewrite == the classic path's NAT + TTL).
TEST(EngineFlowtableTcp, FastPathOutputEqualsClassicPath) {
  Gateway fast(nat_ruleset());
  Gateway slow(classic_only_ruleset());
  TcpFlow tf(fast, 40001), ts(slow, 40001);
  const std::function<void(TcpFlow&)> steps[] = {
      [](TcpFlow& t) { t.handshake(); },
      [](TcpFlow& t) { t.client_data(100); },
      [](TcpFlow& t) { t.server_data(1400); },
      [](TcpFlow& t) { t.client_data(1); },
      [](TcpFlow& t) { t.server_data(0); },
      [](TcpFlow& t) { t.client(TcpFlags::Ack | TcpFlags::Urg, 33); },
  };
  for (const auto& step : steps) {
    step(tf);
    step(ts);
    for (const char* port : {"lan0", "wan0"}) {
      auto a = fast.take(port);
      auto b = slow.take(port);
      ASSERT_EQ(a.size(), b.size()) << port;
      for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].bytes(), b[i].bytes()) << port << " frame " << i;
        EXPECT_TRUE(a[i].checksums_ok());
      }
    }
  }
  EXPECT_EQ(fast.flowtable().stats().hits, 5U);
  EXPECT_EQ(slow.flowtable().stats().hits, 0U);
  EXPECT_EQ(slow.engine().stats().classic, 8U);
}

TEST(EngineFlowtableTcp, CounterFlagAccountsFastPathTrafficInConntrack) {
  Gateway gw(nat_ruleset());
  TcpFlow tcp(gw, 40002);
  tcp.handshake();
  ct::Conn* c = tcp.conn();
  ASSERT_NE(c, nullptr);
  const uint64_t p0 = c->packets[0], b0 = c->bytes[0], p1 = c->packets[1], b1 = c->bytes[1];
  tcp.client_data(100);
  tcp.client_data(10);
  tcp.server_data(500);
  ASSERT_EQ(gw.flowtable().stats().hits, 3U);
  EXPECT_EQ(c->packets[0], p0 + 2);
  EXPECT_EQ(c->bytes[0], b0 + (20 + 20 + 100) + (20 + 20 + 10));
  EXPECT_EQ(c->packets[1], p1 + 1);
  EXPECT_EQ(c->bytes[1], b1 + 20 + 20 + 500);
}

TEST(EngineFlowtableTcp, WithoutCounterFlagConntrackCountersStay) {
  Gateway gw(nat_ruleset("lan0, wan0", "ct state established", ""));
  TcpFlow tcp(gw, 40003);
  tcp.handshake();
  ct::Conn* c = tcp.conn();
  ASSERT_NE(c, nullptr);
  const uint64_t p0 = c->packets[0], b0 = c->bytes[0];
  tcp.client_data(100);
  ASSERT_EQ(gw.flowtable().stats().hits, 1U);
  EXPECT_EQ(c->packets[0], p0);
  EXPECT_EQ(c->bytes[0], b0);
  flow::FlowEntry* e = gw.entry_of(c);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->packets[0], 1U);  // the engine's own per-entry statistics still count
}

}  // namespace
}  // namespace nftx::fastpath::testing
