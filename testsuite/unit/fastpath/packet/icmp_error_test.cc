// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/icmp_error.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <vector>

#include "backends/fastpath/packet/builder.h"
#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/frame_pool.h"
#include "backends/fastpath/packet/parse.h"

namespace nftx::fastpath {
namespace {

uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t be32(const uint8_t* p) { return static_cast<uint32_t>(be16(p)) << 16 | be16(p + 2); }

in_addr v4(const char* s) {
  in_addr a{};
  inet_pton(AF_INET, s, &a);
  return a;
}
in6_addr v6(const char* s) {
  in6_addr a{};
  inet_pton(AF_INET6, s, &a);
  return a;
}

class IcmpErrorTest : public ::testing::Test {
 protected:
  Frame& orig(const std::vector<uint8_t>& bytes) {
    if (orig_) pool_.free(orig_);
    orig_ = pool_.copy_in(bytes.data(), bytes.size());
    EXPECT_TRUE(parse(*orig_).ok());
    return *orig_;
  }
  // Parses a reply vector into a frame and checks all of its checksums.
  Frame& reply(const std::vector<uint8_t>& bytes) {
    if (reply_) pool_.free(reply_);
    reply_ = pool_.copy_in(bytes.data(), bytes.size());
    EXPECT_TRUE(parse(*reply_).ok());
    if (reply_->hdr.nfproto == kNfprotoIpv4) {
      EXPECT_TRUE(ipv4_header_ok(*reply_));
    }
    EXPECT_TRUE(l4_checksum_ok(*reply_));
    int off = l4_checksum_offset(reply_->hdr.nfproto, reply_->hdr.l4proto);
    EXPECT_NE(csum::load16(reply_->l4() + off), 0);
    return *reply_;
  }

  FramePool pool_{4};
  Frame* orig_ = nullptr;
  Frame* reply_ = nullptr;
};

TEST_F(IcmpErrorTest, Ipv4TimeExceededQuotesDatagram) {
  Frame& o = orig(PacketBuilder()
                      .ipv4("10.0.0.1", "192.0.2.9")
                      .tos(0x0a)
                      .ttl(1)
                      .tcp(1234, 80)
                      .payload(20)
                      .build());
  auto out = make_icmp4_error(o, {kIcmpTimeExceeded, kIcmpExcTtl}, v4("10.0.0.254"));
  ASSERT_FALSE(out.empty());
  Frame& r = reply(out);
  EXPECT_EQ(be16(r.data + 12), 0x0800);
  EXPECT_EQ(std::vector<uint8_t>(r.data, r.data + 12), std::vector<uint8_t>(12, 0));
  const uint8_t* ip = r.l3();
  EXPECT_EQ(ip[1], 0xca);  // precedence 6 | original TOS bits
  EXPECT_EQ(ip[8], kReplyTtl);
  EXPECT_EQ(ip[9], IPPROTO_ICMP);
  EXPECT_EQ(be32(ip + 12), 0x0a0000feu);
  EXPECT_EQ(be32(ip + 16), 0x0a000001u);
  EXPECT_EQ(r.l4()[0], 11);
  EXPECT_EQ(r.l4()[1], 0);
  EXPECT_EQ(be32(r.l4() + 4), 0u);
  EXPECT_EQ(r.hdr.l3_len, 20 + 8 + o.hdr.l3_len);
  EXPECT_EQ(std::vector<uint8_t>(r.l4() + 8, r.data + r.len),
            std::vector<uint8_t>(o.l3(), o.l3() + o.hdr.l3_len));
}

TEST_F(IcmpErrorTest, Ipv4QuoteIsLimitedTo576AndFragNeededCarriesMtu) {
  Frame& o =
      orig(PacketBuilder().ipv4("10.0.0.1", "192.0.2.9").df().udp(1, 2).payload(1472).build());
  IcmpErrorSpec spec{kIcmpDestUnreach, kIcmpFragNeeded, 1400, 77};
  auto out = make_icmp4_error(o, spec, v4("10.0.0.254"));
  Frame& r = reply(out);
  EXPECT_EQ(r.hdr.l3_len, kIcmpErrorMaxLen);
  EXPECT_EQ(be16(r.l3() + 4), 77);
  EXPECT_EQ(r.l4()[0], 3);
  EXPECT_EQ(r.l4()[1], 4);
  EXPECT_EQ(be16(r.l4() + 6), 1400);
  EXPECT_EQ(std::vector<uint8_t>(r.l4() + 8, r.data + r.len),
            std::vector<uint8_t>(o.l3(), o.l3() + 576 - 28));

  // Into a pool frame: same bytes, parsed.
  Frame* pf = pool_.alloc();
  ASSERT_TRUE(make_icmp4_error(o, spec, v4("10.0.0.254"), *pf));
  EXPECT_EQ(std::vector<uint8_t>(pf->data, pf->data + pf->len), out);
  EXPECT_EQ(pf->hdr.l4proto, IPPROTO_ICMP);
}

TEST_F(IcmpErrorTest, Ipv4Suppressed) {
  IcmpErrorSpec spec{kIcmpDestUnreach, kIcmpPortUnreach};
  auto src = v4("10.0.0.254");
  // Replying to an ICMP error: no; to an echo request: yes.
  EXPECT_TRUE(make_icmp4_error(
                  orig(PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").icmp(3, 3).payload(28).build()),
                  spec, src)
                  .empty());
  EXPECT_TRUE(make_icmp4_error(
                  orig(PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").icmp(40, 0).build()), spec, src)
                  .empty());
  EXPECT_FALSE(
      make_icmp4_error(orig(PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").icmp_echo(1, 1).build()),
                       spec, src)
          .empty());
  // Link-layer broadcast, IP multicast / broadcast destinations, bad sources.
  EXPECT_TRUE(make_icmp4_error(orig(PacketBuilder()
                                        .eth("02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff")
                                        .ipv4("10.0.0.1", "10.0.0.2")
                                        .udp(1, 2)
                                        .build()),
                               spec, src)
                  .empty());
  EXPECT_TRUE(make_icmp4_error(
                  orig(PacketBuilder().ipv4("10.0.0.1", "224.0.0.5").udp(1, 2).build()), spec, src)
                  .empty());
  EXPECT_TRUE(
      make_icmp4_error(orig(PacketBuilder().ipv4("10.0.0.1", "255.255.255.255").udp(1, 2).build()),
                       spec, src)
          .empty());
  EXPECT_TRUE(make_icmp4_error(
                  orig(PacketBuilder().ipv4("0.0.0.0", "10.0.0.2").udp(68, 67).build()), spec, src)
                  .empty());
  // Non-first fragment: no; first fragment: yes.
  EXPECT_TRUE(make_icmp4_error(orig(PacketBuilder()
                                        .ipv4("10.0.0.1", "10.0.0.2")
                                        .fragment(8, false)
                                        .udp(1, 2)
                                        .payload(8)
                                        .build()),
                               spec, src)
                  .empty());
  EXPECT_FALSE(make_icmp4_error(orig(PacketBuilder()
                                         .ipv4("10.0.0.1", "10.0.0.2")
                                         .fragment(0, true)
                                         .udp(1, 2)
                                         .payload(8)
                                         .build()),
                                spec, src)
                   .empty());
  // Not IPv4.
  EXPECT_TRUE(
      make_icmp4_error(orig(PacketBuilder().ipv6("::1", "::2").udp(1, 2).build()), spec, src)
          .empty());
}

TEST_F(IcmpErrorTest, Ipv6PacketTooBig) {
  Frame& o =
      orig(PacketBuilder().ipv6("2001:db8::1", "2001:db8:1::2").tcp(1, 2).payload(1400).build());
  auto src = v6("2001:db8::fe");
  auto out = make_icmp6_error(o, {kIcmp6PacketTooBig, 0, 1280}, src);
  Frame& r = reply(out);
  EXPECT_EQ(be16(r.data + 12), 0x86dd);
  EXPECT_EQ(r.hdr.l3_len, kIcmp6ErrorMaxLen);
  EXPECT_EQ(r.l3()[7], kReplyTtl);
  EXPECT_EQ(std::vector<uint8_t>(r.l3() + 8, r.l3() + 24),
            std::vector<uint8_t>(src.s6_addr, src.s6_addr + 16));
  EXPECT_EQ(std::vector<uint8_t>(r.l3() + 24, r.l3() + 40),
            std::vector<uint8_t>(o.l3() + 8, o.l3() + 24));
  EXPECT_EQ(r.l4()[0], 2);
  EXPECT_EQ(be32(r.l4() + 4), 1280u);
  EXPECT_EQ(std::vector<uint8_t>(r.l4() + 8, r.data + r.len),
            std::vector<uint8_t>(o.l3(), o.l3() + 1280 - 48));
}

TEST_F(IcmpErrorTest, Ipv6DestUnreachAndSuppression) {
  auto src = v6("2001:db8::fe");
  IcmpErrorSpec unreach{kIcmp6DestUnreach, kIcmp6AdminProhibited};
  Frame& o = orig(PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").udp(1, 2).payload(3).build());
  Frame& r = reply(make_icmp6_error(o, unreach, src));
  EXPECT_EQ(r.l4()[0], 1);
  EXPECT_EQ(r.l4()[1], 1);
  EXPECT_EQ(r.hdr.l3_len, 40 + 8 + o.hdr.l3_len);

  auto mcast = PacketBuilder().ipv6("2001:db8::1", "ff02::1").udp(1, 2).build();
  EXPECT_TRUE(make_icmp6_error(orig(mcast), unreach, src).empty());
  EXPECT_FALSE(make_icmp6_error(orig(mcast), {kIcmp6PacketTooBig, 0, 1280}, src).empty());
  EXPECT_TRUE(make_icmp6_error(orig(PacketBuilder().ipv6("::", "2001:db8::2").udp(1, 2).build()),
                               unreach, src)
                  .empty());
  EXPECT_TRUE(
      make_icmp6_error(
          orig(PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").icmpv6(1, 4).payload(48).build()),
          unreach, src)
          .empty());
  EXPECT_FALSE(
      make_icmp6_error(
          orig(PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").icmpv6_echo(1, 4).build()),
          unreach, src)
          .empty());
}

TEST_F(IcmpErrorTest, TcpResetToSyn) {
  Frame& o = orig(PacketBuilder()
                      .ipv4("10.0.0.1", "10.0.0.2")
                      .tcp(40000, 22)
                      .flags(TcpFlags::Syn)
                      .seq(1000)
                      .mss(1460)
                      .build());
  Frame& r = reply(make_tcp_reset(o));
  const uint8_t* ip = r.l3();
  EXPECT_EQ(be32(ip + 12), 0x0a000002u);
  EXPECT_EQ(be32(ip + 16), 0x0a000001u);
  EXPECT_EQ(be16(ip + 6), 0x4000);  // DF
  EXPECT_EQ(ip[1], 0);
  const uint8_t* th = r.l4();
  EXPECT_EQ(be16(th), 22);
  EXPECT_EQ(be16(th + 2), 40000);
  EXPECT_EQ(be32(th + 4), 0u);
  EXPECT_EQ(be32(th + 8), 1001u);  // SYN counts one
  EXPECT_EQ(th[13], 0x14);         // RST|ACK
  EXPECT_EQ(be16(th + 14), 0);
  EXPECT_EQ(r.hdr.l3_len, 40);
}

TEST_F(IcmpErrorTest, TcpResetSequenceRules) {
  // No ACK: ack = seq + data length (+1 for FIN).
  Frame& o = orig(PacketBuilder()
                      .ipv4("10.0.0.1", "10.0.0.2")
                      .tcp(1, 2)
                      .flags(TcpFlags::Fin | TcpFlags::Psh)
                      .seq(0xfffffff0)
                      .payload(100)
                      .build());
  Frame& r = reply(make_tcp_reset(o));
  EXPECT_EQ(be32(r.l4() + 8), 0xfffffff0u + 100 + 1);  // wraps
  // ACK set: seq = their ack, no ACK flag.
  Frame& a = orig(PacketBuilder()
                      .ipv6("2001:db8::1", "2001:db8::2")
                      .tcp(1, 2)
                      .flags(TcpFlags::Ack)
                      .seq(5)
                      .ack(777)
                      .payload(10)
                      .build());
  Frame& ra = reply(make_tcp_reset(a));
  EXPECT_EQ(ra.hdr.nfproto, kNfprotoIpv6);
  EXPECT_EQ(be32(ra.l4() + 4), 777u);
  EXPECT_EQ(be32(ra.l4() + 8), 0u);
  EXPECT_EQ(ra.l4()[13], 0x04);
  EXPECT_EQ(std::vector<uint8_t>(ra.l3() + 8, ra.l3() + 24),
            std::vector<uint8_t>(a.l3() + 24, a.l3() + 40));

  Frame* pf = pool_.alloc();
  ASSERT_TRUE(make_tcp_reset(a, *pf));
  EXPECT_EQ(pf->len, 14u + 40 + 20);
  pool_.free(pf);
}

TEST_F(IcmpErrorTest, TcpResetSuppressed) {
  EXPECT_TRUE(
      make_tcp_reset(
          orig(PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2).flags(TcpFlags::Rst).build()))
          .empty());
  EXPECT_TRUE(make_tcp_reset(orig(PacketBuilder()
                                      .ipv4("10.0.0.1", "10.0.0.2")
                                      .tcp(1, 2)
                                      .flags(TcpFlags::Syn)
                                      .bad_l4_checksum(1)
                                      .build()))
                  .empty());
  EXPECT_TRUE(
      make_tcp_reset(orig(PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build())).empty());
  EXPECT_TRUE(make_tcp_reset(orig(PacketBuilder()
                                      .ipv4("10.0.0.1", "10.0.0.2")
                                      .fragment(16, false)
                                      .tcp(1, 2)
                                      .payload(8)
                                      .build()))
                  .empty());
  EXPECT_TRUE(make_tcp_reset(orig(PacketBuilder()
                                      .ipv6("2001:db8::1", "ff02::1")
                                      .tcp(1, 2)
                                      .flags(TcpFlags::Syn)
                                      .build()))
                  .empty());
}

}  // namespace
}  // namespace nftx::fastpath
