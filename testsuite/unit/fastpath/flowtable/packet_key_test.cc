// SPDX-License-Identifier: GPL-2.0-or-later
// The fast path's tuple extraction (spec §2.1 step 2, §2.2, checklist §10.2): the zero-padded
// key of eligible packets, and the reason for every packet that must take the classic path.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstring>
#include <vector>

#include "backends/fastpath/flowtable/fast_path.h"
#include "backends/fastpath/packet/builder.h"
#include "backends/fastpath/packet/frame_pool.h"
#include "backends/fastpath/packet/parse.h"

namespace nftx::fastpath::flow {
namespace {

struct Keyed {
  bool ok = false;
  FlowKey key;
  Bypass why = Bypass::Miss;
};

Keyed key_of(FramePool& pool, const std::vector<uint8_t>& bytes, uint32_t iif = 7) {
  Frame* f = pool.copy_in(bytes.data(), bytes.size());
  EXPECT_NE(f, nullptr);
  f->iif = iif;
  EXPECT_TRUE(parse(*f).ok());
  Keyed k;
  // packet_key must zero the padding and the unused address bytes itself.
  std::memset(static_cast<void*>(&k.key), 0xa5, sizeof(k.key));
  k.ok = packet_key(*f, k.key, k.why);
  pool.free(f);
  return k;
}

TEST(FlowPacketKey, Ipv4TcpKeyIsTheZeroPaddedTuple) {
  FramePool pool(4);
  const Keyed k = key_of(pool, PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").tcp(1234, 80).build());
  ASSERT_TRUE(k.ok);
  FlowKey want;
  inet_pton(AF_INET, "10.0.0.1", want.src);
  inet_pton(AF_INET, "10.0.1.2", want.dst);
  want.sport = htons(1234);
  want.dport = htons(80);
  want.iif = 7;
  want.l3 = AF_INET;
  want.l4 = IPPROTO_TCP;
  EXPECT_TRUE(k.key == want);
  EXPECT_EQ(hash_key(k.key), hash_key(want));
}

TEST(FlowPacketKey, Ipv6UdpKey) {
  FramePool pool(4);
  const Keyed k =
      key_of(pool, PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").udp(5, 6).build());
  ASSERT_TRUE(k.ok);
  EXPECT_EQ(k.key.l3, AF_INET6);
  EXPECT_EQ(k.key.l4, IPPROTO_UDP);
  uint8_t dst[16];
  inet_pton(AF_INET6, "2001:db8::2", dst);
  EXPECT_EQ(std::memcmp(k.key.dst, dst, 16), 0);
  EXPECT_EQ(k.key.encap_id, 0);
  EXPECT_EQ(k.key.pad, 0);
}

TEST(FlowPacketKey, VlanTagKeysOnTheFullTci) {
  FramePool pool(4);
  const Keyed plain =
      key_of(pool, PacketBuilder().vlan(100).ipv4("10.0.0.1", "10.0.1.2").udp(1, 2).build());
  ASSERT_TRUE(plain.ok);
  EXPECT_EQ(plain.key.encap_id, 100);
  EXPECT_EQ(plain.key.encap_proto, htons(0x8100));
  // PCP 5: the kernel keys on the whole TCI, so such frames miss a VID-only entry.
  const Keyed pcp = key_of(
      pool, PacketBuilder().vlan((5 << 13) | 100).ipv4("10.0.0.1", "10.0.1.2").udp(1, 2).build());
  ASSERT_TRUE(pcp.ok);
  EXPECT_EQ(pcp.key.encap_id, (5 << 13) | 100);
  EXPECT_FALSE(pcp.key == plain.key);
}

TEST(FlowPacketKey, IneligiblePacketsSayWhy) {
  FramePool pool(4);
  const uint8_t nop_options[4] = {1, 1, 1, 0};
  struct Case {
    const char* name;
    std::vector<uint8_t> bytes;
    Bypass why;
  };
  const Case cases[] = {
      {"ip options",
       PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").ip_options(nop_options).udp(1, 2).build(),
       Bypass::IpOptions},
      {"first fragment",
       PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").fragment(0, true).udp(1, 2).payload(16)
           .build(),
       Bypass::Fragment},
      {"later fragment",
       PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").fragment(8, false).udp(1, 2).payload(16)
           .build(),
       Bypass::Fragment},
      {"icmp", PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").icmp_echo(1, 1).build(),
       Bypass::Protocol},
      {"gre", PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").l4proto(47).payload(4).build(),
       Bypass::Protocol},
      {"ttl 1", PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").ttl(1).tcp(1, 2).build(),
       Bypass::TtlExpiring},
      {"ttl 0", PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").ttl(0).tcp(1, 2).build(),
       Bypass::TtlExpiring},
      {"hop limit 1", PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").ttl(1).udp(1, 2).build(),
       Bypass::TtlExpiring},
      {"ipv6 extension header",
       PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").ext_hdr(0).udp(1, 2).build(),
       Bypass::Protocol},
      {"ipv6 fragment",
       PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").fragment(0, true).udp(1, 2)
           .payload(16).build(),
       Bypass::Fragment},
      {"arp", PacketBuilder().ethertype(0x0806).payload(28).build(), Bypass::NotIp},
  };
  for (const Case& c : cases) {
    const Keyed k = key_of(pool, c.bytes);
    EXPECT_FALSE(k.ok) << c.name;
    EXPECT_EQ(static_cast<int>(k.why), static_cast<int>(c.why)) << c.name;
  }
  // TTL 2 is still eligible: it leaves with TTL 1.
  EXPECT_TRUE(key_of(pool, PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").ttl(2).tcp(1, 2).build())
                  .ok);
}

// The inline common case of packet_key() and packet_key_slow() give the same key and verdict.
TEST(FlowPacketKey, InlineCaseAgreesWithTheGeneralOne) {
  FramePool pool(4);
  const std::vector<std::vector<uint8_t>> packets = {
      PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").tcp(1234, 80).build(),
      PacketBuilder().ipv4("192.0.2.200", "198.51.100.7").udp(65535, 1).payload(30).build(),
      PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").ttl(1).udp(1, 2).build(),
      PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").ttl(2).tcp(3, 4).build(),
      PacketBuilder().vlan(5).ipv4("10.0.0.1", "10.0.1.2").udp(1, 2).build(),
      PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").udp(1, 2).build(),
      PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").icmp_echo(1, 1).build(),
  };
  for (size_t i = 0; i < packets.size(); ++i) {
    Frame* f = pool.copy_in(packets[i].data(), packets[i].size());
    ASSERT_NE(f, nullptr);
    f->iif = 3 + static_cast<uint32_t>(i);
    ASSERT_TRUE(parse(*f).ok());
    FlowKey a, b;
    std::memset(static_cast<void*>(&a), 0x5a, sizeof(a));
    std::memset(static_cast<void*>(&b), 0xa5, sizeof(b));
    Bypass wa = Bypass::Miss, wb = Bypass::Miss;
    const bool oka = packet_key(*f, a, wa);
    const bool okb = packet_key_slow(*f, b, wb);
    EXPECT_EQ(oka, okb) << "packet " << i;
    if (oka && okb) {
      EXPECT_TRUE(a == b) << "packet " << i;
    } else {
      EXPECT_EQ(wa, wb) << "packet " << i;
    }
    pool.free(f);
  }
}

}  // namespace
}  // namespace nftx::fastpath::flow
