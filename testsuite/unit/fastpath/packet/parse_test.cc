// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/parse.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "backends/fastpath/packet/builder.h"
#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/fragment.h"
#include "backends/fastpath/packet/frame_pool.h"
#include "backends/fastpath/packet/icmp_error.h"

namespace nftx::fastpath {
namespace {

class ParseTest : public ::testing::Test {
 protected:
  // Copies `bytes` into a pool frame and parses it.
  ParseResult run(const std::vector<uint8_t>& bytes) {
    if (frame_) pool_.free(frame_);
    frame_ = pool_.copy_in(bytes.data(), bytes.size());
    EXPECT_NE(frame_, nullptr);
    return parse(*frame_);
  }
  DropReason reason(const std::vector<uint8_t>& bytes) { return run(bytes).reason; }
  const Headers& hdr() const { return frame_->hdr; }

  FramePool pool_{2};
  Frame* frame_ = nullptr;
};

std::vector<uint8_t> tcp4() {
  return PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").tcp(1234, 80).payload(10).build();
}
std::vector<uint8_t> tcp6() {
  return PacketBuilder().ipv6("2001:db8::1", "2001:db8:1::2").tcp(1234, 80).payload(10).build();
}
void set16(std::vector<uint8_t>& v, size_t at, uint16_t x) {
  v[at] = static_cast<uint8_t>(x >> 8);
  v[at + 1] = static_cast<uint8_t>(x);
}

TEST_F(ParseTest, Ipv4Tcp) {
  auto b = tcp4();
  ASSERT_TRUE(run(b).ok());
  EXPECT_EQ(hdr().ethertype, 0x0800);
  EXPECT_EQ(hdr().nfproto, kNfprotoIpv4);
  EXPECT_FALSE(hdr().vlan);
  EXPECT_EQ(hdr().l3_off, 14);
  EXPECT_EQ(hdr().l4_off, 34);
  EXPECT_EQ(hdr().l4proto, IPPROTO_TCP);
  EXPECT_EQ(hdr().l3_len, 20 + 20 + 10);
  EXPECT_FALSE(hdr().fragment);
  EXPECT_FALSE(hdr().ip_options);
  EXPECT_EQ(frame_->len, b.size());
}

TEST_F(ParseTest, VlanTag) {
  auto b = PacketBuilder().vlan(0x2064).ipv4("10.0.0.1", "10.0.0.2").udp(53, 53).payload(4).build();
  ASSERT_TRUE(run(b).ok());
  EXPECT_TRUE(hdr().vlan);
  EXPECT_EQ(hdr().vlan_tci, 0x2064);
  EXPECT_EQ(hdr().ethertype, 0x0800);
  EXPECT_EQ(hdr().l3_off, 18);
  EXPECT_EQ(hdr().l4_off, 38);
  EXPECT_EQ(hdr().l4proto, IPPROTO_UDP);
}

TEST_F(ParseTest, ArpAndQinQAreL2Only) {
  auto arp = PacketBuilder().ethertype(0x0806).payload(28).build();
  ASSERT_TRUE(run(arp).ok());
  EXPECT_EQ(hdr().nfproto, 0);
  EXPECT_EQ(hdr().ethertype, 0x0806);
  EXPECT_EQ(hdr().l4_off, 0);

  auto qinq = PacketBuilder().ethertype(0x88a8).payload(46).build();
  ASSERT_TRUE(run(qinq).ok());
  EXPECT_EQ(hdr().nfproto, 0);
  EXPECT_EQ(hdr().ethertype, 0x88a8);

  // 802.1Q inside 802.1Q: only one tag is supported, the rest is L2-only.
  auto double_tag = PacketBuilder().vlan(5).ethertype(0x8100).payload(30).build();
  ASSERT_TRUE(run(double_tag).ok());
  EXPECT_TRUE(hdr().vlan);
  EXPECT_EQ(hdr().ethertype, 0x8100);
  EXPECT_EQ(hdr().nfproto, 0);
}

TEST_F(ParseTest, EthernetPaddingIsTrimmed) {
  auto b = PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).payload(2).build();
  size_t real = b.size();
  b.resize(60, 0);
  ASSERT_TRUE(run(b).ok());
  EXPECT_EQ(hdr().l3_len, 20 + 8 + 2);
  EXPECT_EQ(frame_->len, real);
}

TEST_F(ParseTest, Ipv4OptionsAndFragments) {
  const uint8_t ra[] = {0x94, 0x04, 0x00, 0x00};
  auto b = PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").ip_options(ra).tcp(1, 2).build();
  ASSERT_TRUE(run(b).ok());
  EXPECT_TRUE(hdr().ip_options);
  EXPECT_EQ(hdr().l4_off, 14 + 24);

  auto first =
      PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").fragment(0, true).udp(1, 2).payload(100).build();
  // The UDP length covers the whole datagram; a first fragment holds only part of it.
  set16(first, 14 + 20 + 4, 1000);
  ASSERT_TRUE(run(first).ok());
  EXPECT_TRUE(hdr().fragment);
  EXPECT_FALSE(hdr().later_fragment);
  EXPECT_EQ(hdr().l4_off, 34);

  auto later = PacketBuilder()
                   .ipv4("10.0.0.1", "10.0.0.2")
                   .fragment(1480, false)
                   .udp(1, 2)
                   .payload(3)
                   .build();
  ASSERT_TRUE(run(later).ok());
  EXPECT_TRUE(hdr().fragment);
  EXPECT_TRUE(hdr().later_fragment);
  EXPECT_EQ(hdr().l4_off, 0);
  EXPECT_EQ(hdr().l4proto, IPPROTO_UDP);
}

TEST_F(ParseTest, Icmp) {
  ASSERT_TRUE(run(PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").icmp_echo(7, 1).build()).ok());
  EXPECT_EQ(hdr().l4proto, IPPROTO_ICMP);
  EXPECT_EQ(hdr().l4_off, 34);
  ASSERT_TRUE(run(PacketBuilder().ipv6("::1", "::2").icmpv6_echo(7, 1).build()).ok());
  EXPECT_EQ(hdr().l4proto, IPPROTO_ICMPV6);
  EXPECT_EQ(hdr().l4_off, 54);
  EXPECT_EQ(hdr().nfproto, kNfprotoIpv6);
}

TEST_F(ParseTest, Ipv6Tcp) {
  auto b = tcp6();
  ASSERT_TRUE(run(b).ok());
  EXPECT_EQ(hdr().ethertype, 0x86dd);
  EXPECT_EQ(hdr().nfproto, kNfprotoIpv6);
  EXPECT_EQ(hdr().l4_off, 54);
  EXPECT_EQ(hdr().l3_len, 40 + 20 + 10);
  EXPECT_EQ(hdr().l4proto, IPPROTO_TCP);
  EXPECT_FALSE(hdr().fragment);
}

TEST_F(ParseTest, Ipv6ExtensionHeaders) {
  const uint8_t rh[] = {0, 0, 0, 0, 0, 0};  // type 0, segments left 0, reserved
  const uint8_t ah[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  auto b = PacketBuilder()
               .ipv6("2001:db8::1", "2001:db8::2")
               .ext_hdr(IPPROTO_HOPOPTS)
               .ext_hdr(IPPROTO_ROUTING, rh)
               .ext_hdr(IPPROTO_AH, ah)
               .ext_hdr(IPPROTO_DSTOPTS, std::vector<uint8_t>(10, 0))
               .udp(1000, 53)
               .payload(5)
               .build();
  ASSERT_TRUE(run(b).ok());
  // 8 (hop-by-hop) + 8 (routing) + 24 (AH) + 16 (dest opts)
  EXPECT_EQ(hdr().l4_off, 54 + 8 + 8 + 24 + 16);
  EXPECT_EQ(hdr().l4proto, IPPROTO_UDP);
  EXPECT_FALSE(hdr().fragment);

  auto esp = PacketBuilder()
                 .ipv6("::1", "::2")
                 .ext_hdr(IPPROTO_DSTOPTS)
                 .l4proto(IPPROTO_ESP)
                 .payload(20)
                 .build();
  ASSERT_TRUE(run(esp).ok());
  EXPECT_EQ(hdr().l4proto, IPPROTO_ESP);
  EXPECT_EQ(hdr().l4_off, 62);

  auto none = PacketBuilder().ipv6("::1", "::2").l4proto(IPPROTO_NONE).build();
  ASSERT_TRUE(run(none).ok());
  EXPECT_EQ(hdr().l4proto, IPPROTO_NONE);
  EXPECT_EQ(hdr().l3_len, 40);
}

TEST_F(ParseTest, Ipv6Fragments) {
  auto first = PacketBuilder().ipv6("::1", "::2").fragment(0, true).tcp(1, 2).payload(8).build();
  ASSERT_TRUE(run(first).ok());
  EXPECT_TRUE(hdr().fragment);
  EXPECT_FALSE(hdr().later_fragment);
  EXPECT_EQ(hdr().l4_off, 54 + 8);
  EXPECT_EQ(hdr().l4proto, IPPROTO_TCP);

  auto later = PacketBuilder()
                   .ipv6("::1", "::2")
                   .ext_hdr(IPPROTO_HOPOPTS)
                   .fragment(64, false)
                   .tcp(1, 2)
                   .payload(8)
                   .build();
  ASSERT_TRUE(run(later).ok());
  EXPECT_TRUE(hdr().fragment);
  EXPECT_TRUE(hdr().later_fragment);
  EXPECT_EQ(hdr().l4_off, 0);
  EXPECT_EQ(hdr().l4proto, IPPROTO_TCP);
}

TEST_F(ParseTest, MalformedEthernetAndVlan) {
  EXPECT_EQ(reason(std::vector<uint8_t>(13, 0)), DropReason::TruncatedEthernet);
  auto b = PacketBuilder().vlan(1).ethertype(0x0800).build();  // 16 bytes, tag cut short
  b.resize(16);
  EXPECT_EQ(reason(b), DropReason::TruncatedVlan);
}

TEST_F(ParseTest, MalformedIpv4) {
  auto b = tcp4();
  EXPECT_EQ(reason(std::vector<uint8_t>(b.begin(), b.begin() + 14 + 19)),
            DropReason::TruncatedIpv4);
  auto v = b;
  v[14] = 0x55;  // version 5
  EXPECT_EQ(reason(v), DropReason::BadIpv4Header);
  v = b;
  v[14] = 0x44;  // ihl 4
  EXPECT_EQ(reason(v), DropReason::BadIpv4Header);
  v = b;
  v[14] = 0x4f;  // ihl 15: 60 bytes of header, frame has 50 bytes of IP
  EXPECT_EQ(reason(v), DropReason::TruncatedIpv4);
  v = b;
  set16(v, 16, static_cast<uint16_t>(b.size() - 14 + 1));  // tot_len beyond the frame
  EXPECT_EQ(reason(v), DropReason::Ipv4Length);
  v = b;
  set16(v, 16, 19);  // shorter than the header
  EXPECT_EQ(reason(v), DropReason::Ipv4Length);
}

TEST_F(ParseTest, MalformedIpv6) {
  auto b = tcp6();
  EXPECT_EQ(reason(std::vector<uint8_t>(b.begin(), b.begin() + 14 + 39)),
            DropReason::TruncatedIpv6);
  auto v = b;
  v[14] = 0x40;
  EXPECT_EQ(reason(v), DropReason::BadIpv6Header);
  v = b;
  set16(v, 18, static_cast<uint16_t>(b.size() - 54 + 1));
  EXPECT_EQ(reason(v), DropReason::Ipv6Length);

  // Destination options header claiming 16 bytes with only 8 in the datagram.
  auto d =
      PacketBuilder().ipv6("::1", "::2").ext_hdr(IPPROTO_DSTOPTS).l4proto(IPPROTO_NONE).build();
  d[54 + 1] = 1;
  EXPECT_EQ(reason(d), DropReason::BadIpv6Exthdr);
  // An extension header cut short by the payload length.
  auto e =
      PacketBuilder().ipv6("::1", "::2").ext_hdr(IPPROTO_DSTOPTS).l4proto(IPPROTO_NONE).build();
  set16(e, 18, 4);
  e.resize(54 + 4);
  EXPECT_EQ(reason(e), DropReason::BadIpv6Exthdr);
  // Hop-by-hop options after another extension header.
  auto h = PacketBuilder()
               .ipv6("::1", "::2")
               .ext_hdr(IPPROTO_DSTOPTS)
               .ext_hdr(IPPROTO_HOPOPTS)
               .l4proto(IPPROTO_NONE)
               .build();
  EXPECT_EQ(reason(h), DropReason::BadIpv6Exthdr);
}

TEST_F(ParseTest, MalformedTransport) {
  auto t = tcp4();
  auto v = t;
  v[34 + 12] = 0x40;  // doff 4
  EXPECT_EQ(reason(v), DropReason::BadTcpHeader);
  v = t;
  v[34 + 12] = 0xf0;  // doff 15 = 60 bytes, only 30 present
  EXPECT_EQ(reason(v), DropReason::TruncatedTcp);
  auto short_tcp =
      PacketBuilder().ipv4("1.1.1.1", "2.2.2.2").l4proto(IPPROTO_TCP).payload(19).build();
  EXPECT_EQ(reason(short_tcp), DropReason::TruncatedTcp);
  auto short_tcp6 = PacketBuilder().ipv6("::1", "::2").l4proto(IPPROTO_TCP).payload(12).build();
  EXPECT_EQ(reason(short_tcp6), DropReason::TruncatedTcp);

  auto u = PacketBuilder().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).payload(10).build();
  v = u;
  set16(v, 34 + 4, 19);  // UDP length past the datagram
  EXPECT_EQ(reason(v), DropReason::TruncatedUdp);
  v = u;
  set16(v, 34 + 4, 7);
  EXPECT_EQ(reason(v), DropReason::BadUdpLength);
  v = u;
  set16(v, 34 + 4, 12);  // shorter than the IP payload: accepted (udp_rcv trims)
  EXPECT_EQ(reason(v), DropReason::None);
  auto short_udp =
      PacketBuilder().ipv4("1.1.1.1", "2.2.2.2").l4proto(IPPROTO_UDP).payload(7).build();
  EXPECT_EQ(reason(short_udp), DropReason::TruncatedUdp);

  auto short_icmp =
      PacketBuilder().ipv4("1.1.1.1", "2.2.2.2").l4proto(IPPROTO_ICMP).payload(4).build();
  EXPECT_EQ(reason(short_icmp), DropReason::TruncatedIcmp);
  auto short_icmp6 = PacketBuilder().ipv6("::1", "::2").l4proto(IPPROTO_ICMPV6).payload(7).build();
  EXPECT_EQ(reason(short_icmp6), DropReason::TruncatedIcmp);
}

TEST(DropReasonTest, NamesAreUniqueSnakeCaseAndRoundTrip) {
  std::set<std::string> seen;
  for (size_t i = 0; i < kDropReasonCount; ++i) {
    auto r = static_cast<DropReason>(i);
    std::string name = drop_reason_name(r);
    EXPECT_TRUE(seen.insert(name).second) << name;
    for (char c : name) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    auto back = drop_reason_from_name(name);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, r);
  }
  EXPECT_STREQ(drop_reason_name(DropReason::TruncatedEthernet), "truncated_ethernet");
  EXPECT_STREQ(drop_reason_name(DropReason::NoNeighbour), "no_neighbour");
  EXPECT_FALSE(drop_reason_from_name("nope").has_value());
}

}  // namespace
}  // namespace nftx::fastpath

namespace nftx::fastpath {
namespace {

// Mutated and truncated packets: parse() must never claim headers outside the frame, and what
// it accepts must be safe for the checksum and reply code (run under NFTX_SANITIZE to catch
// out-of-bounds reads).
TEST(ParseRobustness, RandomMutations) {
  std::vector<std::vector<uint8_t>> seeds = {
      PacketBuilder().vlan(1).ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2).mss(1460).payload(40).build(),
      PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).payload(30).build(),
      PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").icmp_echo(1, 2).build(),
      PacketBuilder()
          .ipv6("::1", "::2")
          .ext_hdr(IPPROTO_HOPOPTS)
          .fragment(0, true)
          .tcp(1, 2)
          .payload(20)
          .build(),
      PacketBuilder().ipv6("::1", "::2").ext_hdr(IPPROTO_ROUTING).icmpv6_echo(1, 1).build(),
  };
  FramePool pool(4);
  std::mt19937 rng(42);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    auto b = seeds[rng() % seeds.size()];
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) b[rng() % b.size()] = static_cast<uint8_t>(rng());
    if (rng() % 3 == 0) b.resize(rng() % (b.size() + 1));
    Frame* f = pool.copy_in(b.data(), b.size());
    ASSERT_NE(f, nullptr);
    if (parse(*f).ok()) {
      ++accepted;
      const Headers& h = f->hdr;
      ASSERT_LE(h.l3_off, f->len);
      if (h.nfproto != 0) {
        ASSERT_EQ(h.l3_off + h.l3_len, f->len);
        ASSERT_LE(h.l4_off, f->len);
      }
      if (h.l4_off != 0) {
        ASSERT_GT(h.l4_off, h.l3_off);
      }
      l4_checksum_ok(*f);
      make_icmp4_error(*f, {kIcmpDestUnreach, kIcmpPortUnreach}, in_addr{htonl(0x0a0000fe)});
      make_icmp6_error(*f, {kIcmp6DestUnreach, kIcmp6PortUnreach}, in6_addr{});
      make_tcp_reset(*f);
      fragment_ipv4(*f, 68, [](const uint8_t*, size_t) {});
      fix_checksums(*f);
      if (h.nfproto == kNfprotoIpv4) {
        ASSERT_TRUE(ipv4_header_ok(*f));
      }
      ASSERT_TRUE(l4_checksum_ok(*f));
    }
    pool.free(f);
  }
  EXPECT_GT(accepted, 1000);
}

// parse_fast() is parse() with its common case inline: on every input, valid or not, both must
// leave the same result, headers and trimmed length. Mutations of TCP/UDP/other datagrams hit
// each of the inline checks from both sides.
TEST_F(ParseTest, FastParseAgreesWithParse) {
  std::mt19937 rng(7);
  const std::vector<std::vector<uint8_t>> seeds = {
      tcp4(),
      PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").udp(53, 4000).payload(18).build(),
      PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").udp(53, 4000).build(),
      PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").icmp_echo(1, 1).build(),
      tcp6(),
  };
  FramePool pool(2);
  size_t fast_cases = 0;
  for (int round = 0; round < 20000; ++round) {
    std::vector<uint8_t> b = seeds[static_cast<size_t>(round) % seeds.size()];
    const int edits = round % 4;
    for (int e = 0; e < edits; ++e) {
      // Mostly the bytes the inline checks read: ethertype, version/IHL, lengths, fragment
      // bits, protocol, UDP length, TCP data offset.
      static const size_t hot[] = {12, 13, 14, 16, 17, 20, 21, 23, 38, 39, 46};
      const size_t at = rng() % 3 != 0 ? hot[rng() % std::size(hot)] : rng() % b.size();
      if (at >= b.size()) continue;
      b[at] = static_cast<uint8_t>(rng() % 4 == 0 ? rng() : b[at] ^ (1U << (rng() % 8)));
    }
    if (round % 7 == 0) b.resize(rng() % (b.size() + 1));  // truncated
    if (round % 11 == 0) b.resize(b.size() + rng() % 20, 0);  // Ethernet padding
    Frame* a = pool.copy_in(b.data(), b.size());
    Frame* c = pool.copy_in(b.data(), b.size());
    ASSERT_NE(a, nullptr);
    ASSERT_NE(c, nullptr);
    const ParseResult ra = parse(*a);
    const ParseResult rc = parse_fast(*c);
    ASSERT_EQ(ra.reason, rc.reason) << "round " << round;
    if (ra.ok()) {
      const Headers& x = a->hdr;
      const Headers& y = c->hdr;
      EXPECT_EQ(x.ethertype, y.ethertype);
      EXPECT_EQ(x.vlan_tci, y.vlan_tci);
      EXPECT_EQ(x.vlan, y.vlan);
      EXPECT_EQ(x.nfproto, y.nfproto);
      EXPECT_EQ(x.l3_off, y.l3_off);
      EXPECT_EQ(x.l4_off, y.l4_off);
      EXPECT_EQ(x.l4proto, y.l4proto);
      EXPECT_EQ(x.l3_len, y.l3_len);
      EXPECT_EQ(x.fragment, y.fragment);
      EXPECT_EQ(x.later_fragment, y.later_fragment);
      EXPECT_EQ(x.ip_options, y.ip_options);
      EXPECT_EQ(a->len, c->len);
      if (x.nfproto == kNfprotoIpv4 && !x.ip_options && !x.fragment && !x.vlan &&
          (x.l4proto == IPPROTO_TCP || x.l4proto == IPPROTO_UDP)) {
        ++fast_cases;
      }
    }
    pool.free(a);
    pool.free(c);
  }
  EXPECT_GT(fast_cases, 1000U);  // the inline case was exercised, not only the fallback
}

}  // namespace
}  // namespace nftx::fastpath
