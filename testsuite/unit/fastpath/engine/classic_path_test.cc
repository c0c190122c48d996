// SPDX-License-Identifier: GPL-2.0-or-later
// The classic path without a flowtable: forwarding with masquerade (NAT source, TTL - 1,
// checksums, neighbour MACs), replies de-NATed back to the client, and `reject`.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/packet/icmp_error.h"
#include "testsuite/unit/fastpath/engine/engine_fixture.h"

namespace nftx::fastpath::testing {
namespace {

constexpr const char* kNatOnly =
    "table inet gw {\n"
    "  chain forward { type filter hook forward priority filter; policy drop;\n"
    "    ct state established,related accept\n"
    "    iifname lan0 oifname wan0 accept\n"
    "  }\n"
    "  chain postrouting { type nat hook postrouting priority srcnat; policy accept;\n"
    "    oifname wan0 masquerade\n"
    "  }\n"
    "}\n";

TEST(EngineClassic, MasqueradeForwardAndReply) {
  Gateway gw(kNatOnly);
  TcpFlow tcp(gw, 40000);
  tcp.client(TcpFlags::Syn);
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 1U);
  EXPECT_TRUE(gw.take("lan0").empty());
  const Sent& syn = wan[0];
  ASSERT_TRUE(syn.parsed());
  EXPECT_EQ(syn.src(), kPublic);   // masqueraded to wan0's address
  EXPECT_EQ(syn.sport(), 40000);   // port kept: it is free
  EXPECT_EQ(syn.dst(), kServer);
  EXPECT_EQ(syn.dport(), 443);
  EXPECT_EQ(syn.ttl(), 63);
  EXPECT_TRUE(syn.checksums_ok());
  EXPECT_EQ(syn.eth_dst(), kRouterMac);  // the default gateway's neighbour entry
  EXPECT_EQ(syn.eth_src(), kWanMac);
  EXPECT_EQ(syn.tcp_flags(), 0x02);

  tcp.server(TcpFlags::Syn | TcpFlags::Ack);
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_TRUE(gw.take("wan0").empty());
  const Sent& synack = lan[0];
  EXPECT_EQ(synack.src(), kServer);
  EXPECT_EQ(synack.dst(), kClient);  // de-NATed
  EXPECT_EQ(synack.dport(), 40000);
  EXPECT_EQ(synack.ttl(), 56);
  EXPECT_TRUE(synack.checksums_ok());
  EXPECT_EQ(synack.eth_dst(), kClientMac);
  EXPECT_EQ(synack.eth_src(), kLanMac);

  EXPECT_EQ(gw.engine().stats().classic, 2U);
  EXPECT_EQ(gw.engine().stats().fast_path, 0U);
  EXPECT_EQ(gw.engine().stats().dropped(), 0U);
  ct::Conn* c = tcp.conn();
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->test(ct::ips::kSrcNat | ct::ips::kSeenReply | ct::ips::kConfirmed));
  EXPECT_FALSE(c->test(ct::ips::kOffload));
  EXPECT_EQ(c->tcp.state, ct::TcpState::kSynRecv);
  // The reply tuple is the server talking to the masqueraded address.
  EXPECT_EQ(gw.conn(IPPROTO_TCP, kServer, 443, kPublic, 40000), c);
}

TEST(EngineClassic, UdpWithPayloadKeepsChecksumsAndDropsUnsolicited) {
  Gateway gw(kNatOnly);
  gw.send("lan0", from_client().udp(50000, 53).payload(40));
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 1U);
  EXPECT_EQ(wan[0].src(), kPublic);
  EXPECT_TRUE(wan[0].checksums_ok());
  EXPECT_EQ(wan[0].l3_len(), 20 + 8 + 40);
  // Unsolicited traffic to the public address is for the gateway itself (input, no rules).
  gw.send("wan0", from_server().udp(53, 50001).payload(10));
  EXPECT_EQ(gw.engine().stats().local, 1U);
  // Unsolicited traffic routed to the LAN is not established: the forward policy drops it
  // (the engine counts policy drops as rule_drop, both are NF_DROP).
  gw.send("wan0", PacketBuilder().eth(kRouterMac, kWanMac).ipv4(kServer, kClient).udp(53, 50001)
                      .payload(10));
  EXPECT_TRUE(gw.take("lan0").empty());
  EXPECT_EQ(gw.drops(DropReason::RuleDrop), 1U);
  EXPECT_EQ(gw.engine().stats().classic, 1U);
}

TEST(EngineClassic, RejectTcpResetGoesBackOutTheIngressInterface) {
  Gateway gw(
      "table inet gw {\n"
      "  chain forward { type filter hook forward priority filter; policy accept;\n"
      "    tcp dport 23 reject with tcp reset\n"
      "    udp dport 69 reject\n"
      "  }\n"
      "}\n");
  gw.send("lan0", from_client().tcp(41000, 23).flags(TcpFlags::Syn).seq(777));
  EXPECT_TRUE(gw.take("wan0").empty());
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  const Sent& rst = lan[0];
  EXPECT_EQ(rst.src(), kServer);
  EXPECT_EQ(rst.dst(), kClient);
  EXPECT_EQ(rst.sport(), 23);
  EXPECT_EQ(rst.dport(), 41000);
  EXPECT_EQ(rst.tcp_flags() & 0x14, 0x14);  // RST|ACK
  EXPECT_EQ(rst.tcp_ack(), 778U);           // SYN consumes one
  EXPECT_TRUE(rst.checksums_ok());
  EXPECT_EQ(rst.eth_dst(), kClientMac);
  EXPECT_EQ(rst.eth_src(), kLanMac);
  EXPECT_EQ(gw.drops(DropReason::Reject), 1U);
  EXPECT_EQ(gw.engine().stats().generated, 1U);

  // `reject` for UDP: ICMP port unreachable from the gateway's lan0 address, quoting the packet.
  gw.send("lan0", from_client().udp(42000, 69).payload(12));
  EXPECT_TRUE(gw.take("wan0").empty());
  lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  const Sent& icmp = lan[0];
  EXPECT_EQ(icmp.l4proto(), IPPROTO_ICMP);
  EXPECT_EQ(icmp.icmp_type(), kIcmpDestUnreach);
  EXPECT_EQ(icmp.icmp_code(), kIcmpPortUnreach);
  EXPECT_EQ(icmp.src(), kLanAddr);
  EXPECT_EQ(icmp.dst(), kClient);
  EXPECT_TRUE(icmp.checksums_ok());
  EXPECT_EQ(icmp.l3_len(), 20 + 8 + 20 + 8 + 12);  // the whole offending datagram quoted
  EXPECT_EQ(gw.drops(DropReason::Reject), 2U);
  EXPECT_EQ(gw.engine().stats().generated, 2U);
}

TEST(EngineClassic, NoRouteAndTtlExceeded) {
  Gateway gw(kNatOnly, standard_setup("ip route add unreachable 198.51.100.77/32\n"));
  gw.send("lan0", from_client().ttl(1).udp(50001, 33434).payload(8));
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].icmp_type(), kIcmpTimeExceeded);
  EXPECT_EQ(lan[0].src(), kLanAddr);
  EXPECT_EQ(gw.drops(DropReason::TtlExceeded), 1U);

  gw.send("lan0", from_client("198.51.100.77").udp(50001, 9).payload(8));
  lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].icmp_type(), kIcmpDestUnreach);
  EXPECT_EQ(lan[0].icmp_code(), kIcmpHostUnreach);
  EXPECT_EQ(gw.drops(DropReason::Unreachable), 1U);
  EXPECT_TRUE(gw.take("wan0").empty());
}

}  // namespace
}  // namespace nftx::fastpath::testing
