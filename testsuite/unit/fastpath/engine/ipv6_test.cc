// SPDX-License-Identifier: GPL-2.0-or-later
// IPv6 forwarding through the flowtable without NAT (spec §2.2): hop limit decremented, no
// header checksum, addresses kept, output identical to the classic path's; hop limit 1,
// extension headers and oversize packets take the classic path.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <functional>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/packet/icmp_error.h"
#include "testsuite/unit/fastpath/engine/engine_fixture.h"

namespace nftx::fastpath::testing {
namespace {

using flow::Bypass;

TEST(EngineIpv6, TcpThroughTheFastPath) {
  Gateway gw(nat_ruleset());
  TcpFlow tcp(gw, 40400, 443, true);
  tcp.handshake();
  ASSERT_EQ(gw.flowtable().size(), 1U);
  ct::Conn* c = tcp.conn();
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->test(ct::ips::kOffload));
  EXPECT_FALSE(c->test(ct::ips::kSrcNat));
  flow::FlowEntry* e = gw.entry_of(c);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->flags & (flow::kFlowSnat | flow::kFlowDnat), 0U);
  EXPECT_EQ(e->dir[0].rewrite, 0U);
  gw.clear();
  tcp.client_data(200);
  tcp.server_data(1000);
  EXPECT_EQ(gw.flowtable().stats().hits, 2U);
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 1U);
  EXPECT_FALSE(wan[0].v4());
  EXPECT_EQ(wan[0].src(), kClient6);
  EXPECT_EQ(wan[0].dst(), kServer6);
  EXPECT_EQ(wan[0].sport(), 40400);
  EXPECT_EQ(wan[0].ttl(), 63);
  EXPECT_TRUE(wan[0].checksums_ok());
  EXPECT_EQ(wan[0].eth_dst(), kRouterMac);
  EXPECT_EQ(wan[0].eth_src(), kWanMac);
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].src(), kServer6);
  EXPECT_EQ(lan[0].dst(), kClient6);
  EXPECT_EQ(lan[0].ttl(), 56);
  EXPECT_TRUE(lan[0].checksums_ok());
  EXPECT_EQ(lan[0].eth_dst(), kClientMac);
  EXPECT_EQ(lan[0].eth_src(), kLanMac);
}

TEST(EngineIpv6, FastPathOutputEqualsClassicPath) {
  Gateway fast(nat_ruleset());
  Gateway slow(nat_ruleset("lan0, wan0", "ct state established meta mark 0x7fffffff"));
  TcpFlow tf(fast, 40401, 443, true), ts(slow, 40401, 443, true);
  const std::function<void(TcpFlow&)> steps[] = {
      [](TcpFlow& t) { t.handshake(); },
      [](TcpFlow& t) { t.client_data(100); },
      [](TcpFlow& t) { t.server_data(1400); },
      [](TcpFlow& t) { t.client(TcpFlags::Fin | TcpFlags::Ack); },
  };
  for (const auto& step : steps) {
    step(tf);
    step(ts);
    for (const char* port : {"lan0", "wan0"}) {
      auto a = fast.take(port);
      auto b = slow.take(port);
      ASSERT_EQ(a.size(), b.size()) << port;
      for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].bytes(), b[i].bytes()) << port;
    }
  }
  EXPECT_EQ(fast.flowtable().stats().hits, 3U);
}

TEST(EngineIpv6, HopLimitOneAndExtensionHeadersTakeTheClassicPath) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  gw.send("lan0", from_client6().udp(50600, 9).payload(8));
  gw.send("lan0", from_client6().udp(50600, 9).payload(8));
  ASSERT_EQ(gw.flowtable().size(), 1U);
  gw.clear();
  gw.send("lan0", from_client6().ttl(1).udp(50600, 9).payload(8));
  EXPECT_EQ(gw.bypass(Bypass::TtlExpiring), 1U);
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].icmp_type(), kIcmp6TimeExceeded);
  EXPECT_TRUE(lan[0].checksums_ok());
  // A destination options header: the kernel does not walk extension headers here.
  gw.send("lan0", from_client6().ext_hdr(60).udp(50600, 9).payload(8));
  EXPECT_EQ(gw.bypass(Bypass::Protocol), 1U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);
  EXPECT_EQ(gw.take("wan0").size(), 1U);  // forwarded by the classic path
  gw.send("lan0", from_client6().udp(50600, 9).payload(8));
  EXPECT_EQ(gw.flowtable().stats().hits, 1U);
}

TEST(EngineIpv6, TooBigGoesToTheClassicPathForPacketTooBig) {
  Gateway gw(nat_ruleset("lan0, wan0", ""),
             standard_setup("ip -6 route add 2001:db8:99::99/128 via 2001:db8:2::fe dev wan0 "
                            "mtu 1280\n"));
  gw.send("lan0", from_client6("2001:db8:99::99").udp(50601, 9).payload(8));
  gw.send("lan0", from_client6("2001:db8:99::99").udp(50601, 9).payload(8));
  ASSERT_EQ(gw.flowtable().size(), 1U);
  gw.clear();
  gw.send("lan0", from_client6("2001:db8:99::99").udp(50601, 9).payload(1300));
  EXPECT_EQ(gw.bypass(Bypass::Mtu), 1U);
  EXPECT_TRUE(gw.take("wan0").empty());
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].icmp_type(), kIcmp6PacketTooBig);
  EXPECT_TRUE(lan[0].checksums_ok());
  EXPECT_EQ(gw.drops(DropReason::MtuExceeded), 1U);
}

}  // namespace
}  // namespace nftx::fastpath::testing
