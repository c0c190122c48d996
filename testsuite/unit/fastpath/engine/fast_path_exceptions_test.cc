// SPDX-License-Identifier: GPL-2.0-or-later
// Packets of an offloaded flow that the fast path hands to the classic path unchanged
// (spec §2.1 steps 2 and 4): TTL 1, larger than the egress MTU, IP fragments, IPv4 options.
// The classic path then does what the kernel's forward path does with them.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstdio>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/packet/icmp_error.h"
#include "testsuite/unit/fastpath/engine/engine_fixture.h"

namespace nftx::fastpath::testing {
namespace {

using flow::Bypass;

// An offloaded UDP flow client:cport -> dst:9 (unguarded rule: offloaded by packet 2).
void offload_udp(Gateway& gw, uint16_t cport, std::string_view dst = kServer) {
  gw.send("lan0", from_client(dst).udp(cport, 9).payload(8));
  gw.send("lan0", from_client(dst).udp(cport, 9).payload(8));
  ASSERT_EQ(gw.flowtable().size(), 1U);
  gw.clear();
}

TEST(EngineFastPathExceptions, TtlOneGetsTimeExceededFromTheClassicPath) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  offload_udp(gw, 51000);
  gw.send("lan0", from_client().ttl(1).udp(51000, 9).payload(8));
  EXPECT_EQ(gw.bypass(Bypass::TtlExpiring), 1U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);
  EXPECT_TRUE(gw.take("wan0").empty());
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].icmp_type(), kIcmpTimeExceeded);
  EXPECT_EQ(lan[0].icmp_code(), kIcmpExcTtl);
  EXPECT_EQ(lan[0].dst(), kClient);
  EXPECT_TRUE(lan[0].checksums_ok());
  EXPECT_EQ(gw.drops(DropReason::TtlExceeded), 1U);
  // The entry is untouched and TTL 2 still takes the fast path (leaving with TTL 1).
  EXPECT_EQ(gw.flowtable().size(), 1U);
  gw.send("lan0", from_client().ttl(2).udp(51000, 9).payload(8));
  EXPECT_EQ(gw.flowtable().stats().hits, 1U);
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 1U);
  EXPECT_EQ(wan[0].ttl(), 1);
  EXPECT_TRUE(wan[0].checksums_ok());
}

TEST(EngineFastPathExceptions, LargerThanMtuWithDfGetsFragNeeded) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  offload_udp(gw, 51001, kSmallMtuServer);
  flow::FlowEntry* e = gw.entry_of(gw.conn(IPPROTO_UDP, kClient, 51001, kSmallMtuServer, 9));
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->dir[0].mtu, 1280);  // the route's MTU
  EXPECT_EQ(e->dir[1].mtu, 1500);
  gw.send("lan0", from_client(kSmallMtuServer).df().udp(51001, 9).payload(1372));
  EXPECT_EQ(gw.bypass(Bypass::Mtu), 1U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);
  EXPECT_TRUE(gw.take("wan0").empty());
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].icmp_type(), kIcmpDestUnreach);
  EXPECT_EQ(lan[0].icmp_code(), kIcmpFragNeeded);
  EXPECT_EQ(lan[0].icmp_mtu(), 1280);
  EXPECT_EQ(lan[0].src(), kLanAddr);
  EXPECT_TRUE(lan[0].checksums_ok());
  EXPECT_EQ(gw.drops(DropReason::MtuExceeded), 1U);
  // Exactly the MTU fits the fast path.
  gw.send("lan0", from_client(kSmallMtuServer).df().udp(51001, 9).payload(1280 - 28));
  EXPECT_EQ(gw.flowtable().stats().hits, 1U);
  EXPECT_EQ(gw.take("wan0").size(), 1U);
}

TEST(EngineFastPathExceptions, LargerThanMtuWithoutDfIsFragmented) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  offload_udp(gw, 51002, kSmallMtuServer);
  gw.send("lan0", PacketBuilder()
                      .eth(kClientMac, kLanMac)
                      .ipv4(kClient, kSmallMtuServer)
                      .ip_id(0x4242)
                      .udp(51002, 9)
                      .payload(1400));
  EXPECT_EQ(gw.bypass(Bypass::Mtu), 1U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);
  EXPECT_TRUE(gw.take("lan0").empty());
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 2U);
  EXPECT_EQ(gw.engine().stats().fragments_out, 2U);
  uint32_t payload = 0;
  for (size_t i = 0; i < wan.size(); ++i) {
    EXPECT_LE(wan[i].l3_len(), 1280);
    EXPECT_EQ(wan[i].src(), kPublic);  // NATed before fragmentation
    EXPECT_EQ(wan[i].ttl(), 63);
    EXPECT_TRUE(wan[i].checksums_ok());
    EXPECT_EQ(wan[i].eth_dst(), kRouterMac);
    payload += wan[i].l3_len() - 20U;
  }
  EXPECT_TRUE(wan[0].more_fragments());
  EXPECT_EQ(wan[0].frag_offset(), 0);
  EXPECT_FALSE(wan[1].more_fragments());
  EXPECT_EQ(wan[1].frag_offset(), wan[0].l3_len() - 20);
  EXPECT_EQ(payload, 8U + 1400U);
  EXPECT_EQ(gw.engine().stats().dropped(), 0U);
}

TEST(EngineFastPathExceptions, FragmentsTakeTheClassicPath) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  offload_udp(gw, 51003);
  gw.send("lan0", from_client().ip_id(7).fragment(0, true).udp(51003, 9).payload(64));
  EXPECT_EQ(gw.bypass(Bypass::Fragment), 1U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);
  EXPECT_EQ(gw.flowtable().size(), 1U);
  // The classic path holds the first fragment until its datagram is complete (nf_defrag).
  EXPECT_TRUE(gw.take("wan0").empty());
  gw.send("lan0", from_client().ip_id(7).fragment(72, false).udp(51003, 9).payload(40));
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 2U) << format_stats(gw.engine().stats());
  EXPECT_EQ(wan[0].src(), kPublic);
  EXPECT_TRUE(wan[0].more_fragments());
  EXPECT_EQ(wan[0].ttl(), 63);
  EXPECT_TRUE(wan[0].checksums_ok());
}

TEST(EngineFastPathExceptions, IncompleteDatagramsExpire) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  gw.send("lan0", from_client().ip_id(8).fragment(0, true).udp(51006, 9).payload(64));
  EXPECT_EQ(gw.engine().pool().available() + 0U, gw.engine().pool().size());  // copied, freed
  gw.advance_to(31 * kSec);
  gw.send("lan0", from_client().ip_id(8).fragment(72, false).udp(51006, 9).payload(40));
  EXPECT_TRUE(gw.take("wan0").empty());  // the first fragment timed out: nothing to join
}

TEST(EngineFastPathExceptions, OverlappingFragmentsDropTheDatagram) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  gw.send("lan0", from_client().ip_id(9).fragment(0, true).udp(51007, 9).payload(64));
  gw.send("lan0", from_client().ip_id(9).fragment(64, false).udp(51007, 9).payload(40));
  EXPECT_EQ(gw.drops(DropReason::Reassembly), 1U);
  EXPECT_TRUE(gw.take("wan0").empty());
}

// The kernel reassembles before conntrack (nf_defrag_ipv4, prerouting -400) and re-fragments
// on output to the largest fragment's size, so every fragment leaves NATed (the later one has
// no ports of its own).
TEST(EngineFastPathExceptions, LaterFragmentsAreNatedLikeTheFirst) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  offload_udp(gw, 51005);
  gw.send("lan0", from_client().ip_id(9).fragment(0, true).udp(51005, 9).payload(64));
  gw.send("lan0", from_client().ip_id(9).fragment(72, false).udp(51005, 9).payload(40));
  EXPECT_EQ(gw.bypass(Bypass::Fragment), 2U);
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 2U);
  for (const Sent& s : wan) EXPECT_EQ(s.src(), kPublic);
}

TEST(EngineFastPathExceptions, Ipv4OptionsTakeTheClassicPath) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  offload_udp(gw, 51004);
  const uint8_t router_alert[4] = {0x94, 0x04, 0x00, 0x00};
  gw.send("lan0", from_client().ip_options(router_alert).udp(51004, 9).payload(8));
  EXPECT_EQ(gw.bypass(Bypass::IpOptions), 1U);
  EXPECT_EQ(gw.flowtable().stats().hits, 0U);
  EXPECT_EQ(gw.engine().stats().classic, 3U);
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 1U);
  EXPECT_EQ(wan[0].src(), kPublic);
  EXPECT_EQ(wan[0].ttl(), 63);
  EXPECT_EQ(wan[0].l3_len(), 24 + 8 + 8);
  EXPECT_TRUE(wan[0].checksums_ok());
  // The entry survives and serves the next plain packet.
  gw.send("lan0", from_client().udp(51004, 9).payload(8));
  EXPECT_EQ(gw.flowtable().stats().hits, 1U);
}

// An ICMP error about a de-NATed reply must quote the packet as the server sent it: the kernel's
// error passes LOCAL_OUT/POSTROUTING, where conntrack finds it RELATED and
// nf_nat_icmp_reply_translation restores the embedded header (so the server's PMTU discovery
// matches it to its socket). The private client address must not leak.
TEST(EngineFastPathExceptions, FragNeededForReplyQuotesThePublicAddress) {
  Gateway gw(nat_ruleset(), standard_setup("ip link set lan0 mtu 1400\n"));
  TcpFlow tcp(gw, 40500);
  tcp.handshake();
  ASSERT_EQ(gw.flowtable().size(), 1U);
  flow::FlowEntry* e = gw.entry_of(tcp.conn());
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->dir[1].mtu, 1400);
  gw.clear();
  tcp.server_data(1420);  // 1460 bytes with DF towards a 1400-byte link
  EXPECT_EQ(gw.bypass(Bypass::Mtu), 1U);
  EXPECT_TRUE(gw.take("lan0").empty());
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 1U);
  const Sent& icmp = wan[0];
  EXPECT_EQ(icmp.icmp_type(), kIcmpDestUnreach);
  EXPECT_EQ(icmp.icmp_code(), kIcmpFragNeeded);
  EXPECT_EQ(icmp.icmp_mtu(), 1400);
  EXPECT_EQ(icmp.src(), kPublic);
  EXPECT_EQ(icmp.dst(), kServer);
  EXPECT_TRUE(icmp.checksums_ok());
  // The embedded header: server:443 -> 203.0.113.2:40500, as sent.
  const std::vector<uint8_t> l3 = icmp.l3_bytes();
  ASSERT_GE(l3.size(), 20U + 8U + 20U + 4U);
  const uint8_t* inner = l3.data() + 28;
  char dst[16];
  std::snprintf(dst, sizeof(dst), "%u.%u.%u.%u", inner[16], inner[17], inner[18], inner[19]);
  EXPECT_STREQ(dst, kPublic);
  EXPECT_EQ((inner[22] << 8) | inner[23], 40500);
}

// The same for time exceeded on a reply (TTL 1 from the server).
TEST(EngineFastPathExceptions, TimeExceededForReplyQuotesThePublicAddress) {
  Gateway gw(nat_ruleset());
  TcpFlow tcp(gw, 40501);
  tcp.handshake();
  gw.clear();
  gw.send("wan0", tcp.server_packet(TcpFlags::Ack, 10).ttl(1));
  EXPECT_EQ(gw.bypass(Bypass::TtlExpiring), 1U);
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 1U);
  EXPECT_EQ(wan[0].icmp_type(), kIcmpTimeExceeded);
  EXPECT_TRUE(wan[0].checksums_ok());
  const std::vector<uint8_t> l3 = wan[0].l3_bytes();
  ASSERT_GE(l3.size(), 20U + 8U + 20U + 4U);
  const uint8_t* inner = l3.data() + 28;
  char dst[16];
  std::snprintf(dst, sizeof(dst), "%u.%u.%u.%u", inner[16], inner[17], inner[18], inner[19]);
  EXPECT_STREQ(dst, kPublic);
  EXPECT_EQ((inner[22] << 8) | inner[23], 40501);
}

// The other way round: a router beyond wan0 sends frag-needed about a NATed packet of an
// offloaded flow. ICMP is never fast-pathed; conntrack finds it RELATED and the classic path
// de-NATs outer and embedded headers before it reaches the client.
TEST(EngineFastPathExceptions, IncomingFragNeededIsDeNatedToTheClient) {
  Gateway gw(nat_ruleset());
  TcpFlow tcp(gw, 40502);
  tcp.handshake();
  tcp.client_data(100);
  ASSERT_EQ(gw.flowtable().stats().hits, 1U);
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 3U);
  gw.take("lan0");  // the SYN-ACK
  // Quote the data segment as it left the gateway.
  const std::vector<uint8_t> quoted = wan[2].l3_bytes();
  gw.send("wan0", PacketBuilder()
                      .eth(kRouterMac, kWanMac)
                      .ipv4("203.0.113.1", kPublic)
                      .icmp(kIcmpDestUnreach, kIcmpFragNeeded, 1200)
                      .payload(std::span<const uint8_t>(quoted.data(), 28)));
  EXPECT_EQ(gw.bypass(Bypass::Protocol), 1U);
  auto lan = gw.take("lan0");
  ASSERT_EQ(lan.size(), 1U);
  EXPECT_EQ(lan[0].icmp_type(), kIcmpDestUnreach);
  EXPECT_EQ(lan[0].icmp_code(), kIcmpFragNeeded);
  EXPECT_EQ(lan[0].icmp_mtu(), 1200);
  EXPECT_EQ(lan[0].dst(), kClient);
  EXPECT_TRUE(lan[0].checksums_ok());
  const std::vector<uint8_t> l3 = lan[0].l3_bytes();
  ASSERT_GE(l3.size(), 28U + 24U);
  const uint8_t* inner = l3.data() + 28;
  char src[16];
  std::snprintf(src, sizeof(src), "%u.%u.%u.%u", inner[12], inner[13], inner[14], inner[15]);
  EXPECT_STREQ(src, kClient);
  EXPECT_EQ((inner[20] << 8) | inner[21], 40502);
  // The offloaded entry is untouched.
  EXPECT_EQ(gw.flowtable().size(), 1U);
}

}  // namespace
}  // namespace nftx::fastpath::testing
