// SPDX-License-Identifier: GPL-2.0-or-later
// `flow add` that creates no entry, with the reason counted (spec §3): IP options, TCP not
// established, protocol, a device outside the flowtable, an empty device set, a full table.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "testsuite/unit/fastpath/engine/engine_fixture.h"

namespace nftx::fastpath::testing {
namespace {

using flow::NotOffloaded;

constexpr uint8_t kRouterAlert[4] = {0x94, 0x04, 0x00, 0x00};

TEST(EngineNotOffloaded, IpOptions) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  gw.send("lan0", from_client().udp(50000, 53).payload(40));
  gw.send("lan0", from_client().ip_options(kRouterAlert).udp(50000, 53).payload(40));
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::IpOptions), 1U);
  ct::Conn* c = gw.conn(IPPROTO_UDP, kClient, 50000, kServer, 53);
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->test(ct::ips::kOffload));
  // Both were forwarded; the next plain packet creates the entry.
  EXPECT_EQ(gw.take("wan0").size(), 2U);
  gw.send("lan0", from_client().udp(50000, 53).payload(40));
  EXPECT_EQ(gw.flowtable().size(), 1U);
}

TEST(EngineNotOffloaded, TcpNotEstablishedWithoutGuard) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  TcpFlow tcp(gw, 40100);
  tcp.client(TcpFlags::Syn);
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::NotEstablished), 1U);
  tcp.server(TcpFlags::Syn | TcpFlags::Ack);
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::NotEstablished), 2U);
  EXPECT_EQ(gw.flowtable().size(), 0U);
  tcp.client(TcpFlags::Ack);
  EXPECT_EQ(gw.flowtable().size(), 1U);
  tcp.client_data(10);
  EXPECT_EQ(gw.flowtable().stats().hits, 1U);
}

TEST(EngineNotOffloaded, ProtocolIcmp) {
  Gateway gw(
      "table inet gw {\n"
      "  flowtable ft { hook ingress priority 0; devices = { lan0, wan0 }; }\n"
      "  chain forward { type filter hook forward priority 0; flow add @ft }\n"
      "  chain post { type nat hook postrouting priority srcnat; oifname wan0 masquerade }\n"
      "}\n");
  gw.send("lan0", from_client().icmp_echo(7, 1).payload(56));
  gw.send("wan0", from_server().icmp_echo(7, 1, true).payload(56));
  gw.send("lan0", from_client().icmp_echo(7, 2).payload(56));
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::Protocol), 3U);
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.bypass(flow::Bypass::Protocol), 3U);  // not even looked up
  EXPECT_EQ(gw.take("wan0").size(), 2U);
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].dst(), kClient);
}

TEST(EngineNotOffloaded, DeviceNotInFlowtable) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  for (int i = 0; i < 3; ++i) gw.send("lan0", from_client(kDmzHost).udp(50000, 7).payload(8));
  EXPECT_EQ(gw.take("dmz0").size(), 3U);
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::Unconfirmed), 1U);
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::DeviceNotInFlowtable), 2U);
  ct::Conn* c = gw.conn(IPPROTO_UDP, kClient, 50000, kDmzHost, 7);
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->test(ct::ips::kOffload));  // a refused entry leaves no IPS_OFFLOAD behind
}

TEST(EngineNotOffloaded, EmptyDeviceSetOffloadsNothing) {
  Gateway gw(nat_ruleset("", ""));
  EXPECT_TRUE(gw.flowtable().config().devices.empty());
  TcpFlow tcp(gw, 40101);
  tcp.handshake();
  tcp.client_data(100);
  for (int i = 0; i < 3; ++i) gw.send("lan0", from_client().udp(50000, 53).payload(8));
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);
  // TCP: the ACK and the data segment; UDP: the second and third packet.
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::DeviceNotInFlowtable), 4U);
  EXPECT_EQ(gw.engine().stats().classic, 7U);
  EXPECT_EQ(gw.engine().stats().fast_path, 0U);
}

TEST(EngineNotOffloaded, TableFull) {
  EngineOptions opts;
  opts.max_flows = 1;
  Gateway gw(nat_ruleset("lan0, wan0", ""), standard_setup(), opts);
  for (uint16_t port : {50000, 50001}) {
    gw.send("lan0", from_client().udp(port, 53).payload(8));
    gw.send("lan0", from_client().udp(port, 53).payload(8));
  }
  EXPECT_EQ(gw.flowtable().size(), 1U);
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::TableFull), 1U);
  ct::Conn* second = gw.conn(IPPROTO_UDP, kClient, 50001, kServer, 53);
  ASSERT_NE(second, nullptr);
  EXPECT_FALSE(second->test(ct::ips::kOffload));  // cleared again, as flow_offload_add failing
  // The refused flow keeps working on the classic path and retries on every packet.
  gw.send("lan0", from_client().udp(50001, 53).payload(8));
  EXPECT_EQ(gw.not_offloaded(NotOffloaded::TableFull), 2U);
  EXPECT_EQ(gw.take("wan0").size(), 5U);
}

}  // namespace
}  // namespace nftx::fastpath::testing
