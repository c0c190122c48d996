// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/checksum.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <random>
#include <vector>

#include "backends/fastpath/packet/builder.h"
#include "backends/fastpath/packet/frame_pool.h"
#include "backends/fastpath/packet/parse.h"

namespace nftx::fastpath {
namespace {

class ChecksumTest : public ::testing::Test {
 protected:
  Frame& load(const std::vector<uint8_t>& bytes) {
    if (frame_) pool_.free(frame_);
    frame_ = pool_.copy_in(bytes.data(), bytes.size());
    EXPECT_TRUE(parse(*frame_).ok());
    return *frame_;
  }
  std::vector<uint8_t> bytes() const { return {frame_->data, frame_->data + frame_->len}; }

  FramePool pool_{2};
  Frame* frame_ = nullptr;
};

std::vector<std::vector<uint8_t>> samples() {
  std::vector<std::vector<uint8_t>> v;
  for (size_t len : {0, 1, 7, 64, 1001}) {
    v.push_back(PacketBuilder()
                    .ipv4("10.0.0.1", "192.168.7.9")
                    .tcp(40000, 443)
                    .seq(123456)
                    .ack(654321)
                    .flags(TcpFlags::Ack | TcpFlags::Psh)
                    .timestamps(1, 2)
                    .payload(len)
                    .build());
    v.push_back(PacketBuilder().ipv4("10.0.0.1", "8.8.8.8").udp(5353, 53).payload(len).build());
    v.push_back(PacketBuilder().ipv4("10.0.0.1", "8.8.8.8").icmp_echo(99, 3).payload(len).build());
    v.push_back(
        PacketBuilder().ipv6("2001:db8::1", "2001:db8::99").tcp(1, 22).payload(len).build());
    v.push_back(PacketBuilder().ipv6("fe80::1", "ff02::1").udp(546, 547).payload(len).build());
    v.push_back(PacketBuilder()
                    .ipv6("2001:db8::1", "2001:db8::99")
                    .ext_hdr(IPPROTO_DSTOPTS)
                    .icmpv6_echo(5, 6)
                    .payload(len)
                    .build());
  }
  return v;
}

TEST_F(ChecksumTest, BuilderOutputVerifies) {
  for (const auto& s : samples()) {
    Frame& f = load(s);
    if (f.hdr.nfproto == kNfprotoIpv4) {
      EXPECT_TRUE(ipv4_header_ok(f));
    }
    EXPECT_TRUE(l4_checksum_ok(f)) << "l4proto " << int(f.hdr.l4proto) << " len " << f.len;
    int off = l4_checksum_offset(f.hdr.nfproto, f.hdr.l4proto);
    ASSERT_GE(off, 0);
    EXPECT_EQ(csum::load16(f.l4() + off), l4_checksum(f));
  }
}

TEST_F(ChecksumTest, CorruptionIsDetectedAndFixed) {
  for (const auto& s : samples()) {
    Frame& f = load(s);
    int off = l4_checksum_offset(f.hdr.nfproto, f.hdr.l4proto);
    f.l4()[off] ^= 0x5a;
    if (f.hdr.nfproto == kNfprotoIpv4) f.l3()[10] ^= 0x11;
    EXPECT_FALSE(l4_checksum_ok(f));
    if (f.hdr.nfproto == kNfprotoIpv4) {
      EXPECT_FALSE(ipv4_header_ok(f));
    }
    fix_checksums(f);
    EXPECT_EQ(bytes(), s);
  }
  // A payload byte flip is caught as well.
  Frame& f = load(samples()[0]);
  f.data[f.len - 1] ^= 1;
  EXPECT_FALSE(l4_checksum_ok(f));
}

TEST_F(ChecksumTest, BuilderBadChecksumsAreReported) {
  Frame& f = load(PacketBuilder()
                      .ipv4("1.2.3.4", "5.6.7.8")
                      .tcp(1, 2)
                      .bad_l4_checksum(0x1234)
                      .bad_ip_checksum(0x4321)
                      .build());
  EXPECT_FALSE(ipv4_header_ok(f));
  EXPECT_FALSE(l4_checksum_ok(f));
}

TEST_F(ChecksumTest, UdpZeroChecksum) {
  Frame& f =
      load(PacketBuilder().ipv4("1.2.3.4", "5.6.7.8").udp(1, 2).payload(9).zero_checksum().build());
  EXPECT_EQ(csum::load16(f.l4() + 6), 0);
  EXPECT_TRUE(l4_checksum_ok(f));  // IPv4: 0 means "not computed"
  f.l3()[8] = 12;                  // TTL change, then fix: the UDP checksum stays absent
  fix_checksums(f);
  EXPECT_EQ(csum::load16(f.l4() + 6), 0);
  EXPECT_TRUE(ipv4_header_ok(f));

  // IPv6 has no "no checksum": 0 is wrong.
  Frame& g = load(PacketBuilder().ipv6("::1", "::2").udp(1, 2).zero_checksum().build());
  EXPECT_FALSE(l4_checksum_ok(g));
}

TEST_F(ChecksumTest, UdpComputedZeroIsSentAsFfff) {
  // Payload word w = the checksum of the datagram with w = 0 makes the sum 0xffff, i.e. a
  // computed checksum of 0, which UDP transmits as 0xffff.
  auto base = PacketBuilder()
                  .ipv4("10.1.2.3", "10.3.2.1")
                  .udp(7, 9)
                  .payload(std::vector<uint8_t>{0, 0})
                  .build();
  uint8_t c0 = base[14 + 20 + 6], c1 = base[14 + 20 + 7];
  ASSERT_FALSE(c0 == 0xff && c1 == 0xff);
  auto b = PacketBuilder()
               .ipv4("10.1.2.3", "10.3.2.1")
               .udp(7, 9)
               .payload(std::vector<uint8_t>{c0, c1})
               .build();
  Frame& f = load(b);
  EXPECT_EQ(csum::load16(f.l4() + 6), 0xffff);
  EXPECT_EQ(l4_checksum(f), 0xffff);
  EXPECT_TRUE(l4_checksum_ok(f));
  fix_checksums(f);
  EXPECT_EQ(csum::load16(f.l4() + 6), 0xffff);
}

TEST_F(ChecksumTest, FragmentsHaveNoL4Checksum) {
  Frame& f = load(PacketBuilder()
                      .ipv4("1.2.3.4", "5.6.7.8")
                      .fragment(0, true)
                      .tcp(1, 2)
                      .payload(16)
                      .bad_l4_checksum(7)
                      .build());
  EXPECT_EQ(l4_checksum(f), 0);
  EXPECT_TRUE(l4_checksum_ok(f));
  fix_checksums(f);
  EXPECT_EQ(csum::load16(f.l4() + 16), 7);
  EXPECT_TRUE(ipv4_header_ok(f));
}

TEST(Rfc1624Test, Example) {
  // RFC 1624 section 4: HC = 0xDD2F, m = 0x5555 -> m' = 0x3285 gives HC' = 0x0000 with eqn. 3.
  EXPECT_EQ(ntohs(csum::replace2(htons(0xdd2f), htons(0x5555), htons(0x3285))), 0x0000);
  // Eqn. 3 agrees with recomputation: data {m, x} with checksum HC.
  uint16_t x = 0x1234;
  uint16_t data[2] = {htons(0x5555), htons(x)};
  uint16_t hc = csum::finish(csum::partial(reinterpret_cast<uint8_t*>(data), 4));
  data[0] = htons(0x3285);
  uint16_t full = csum::finish(csum::partial(reinterpret_cast<uint8_t*>(data), 4));
  EXPECT_EQ(csum::replace2(hc, htons(0x5555), htons(0x3285)), full);
}

TEST_F(ChecksumTest, IncrementalUpdateMatchesRecomputation) {
  // NAT-like rewrites: addresses, ports and TTL changed with replace2/replace4/replace16 must
  // give exactly what fix_checksums computes from scratch.
  std::mt19937 rng(1624);
  auto r16 = [&] { return static_cast<uint16_t>(rng()); };
  for (int i = 0; i < 300; ++i) {
    bool v6 = i % 2 == 1;
    PacketBuilder pb;
    if (v6) {
      pb.ipv6("2001:db8::1", "2001:db8::2");
    } else {
      pb.ipv4("10.0.0.1", "10.0.0.2");
    }
    auto b = pb.tcp(r16(), r16()).seq(rng()).payload(rng() % 200).build();
    Frame& f = load(b);
    uint8_t* ip = f.l3();
    uint8_t* th = f.l4();
    uint16_t ip_check = csum::load16(ip + 10);
    uint16_t tcp_check = csum::load16(th + 16);
    if (v6) {
      uint8_t old_addr[16], new_addr[16];
      std::memcpy(old_addr, ip + 8, 16);
      for (auto& byte : new_addr) byte = static_cast<uint8_t>(rng());
      std::memcpy(ip + 8, new_addr, 16);
      tcp_check = csum::replace16(tcp_check, old_addr, new_addr);
    } else {
      uint32_t old_addr = csum::load32(ip + 16);
      uint32_t new_addr = static_cast<uint32_t>(rng());
      csum::store32(ip + 16, new_addr);
      ip_check = csum::replace4(ip_check, old_addr, new_addr);
      tcp_check = csum::replace4(tcp_check, old_addr, new_addr);
      // TTL shares a 16-bit word with the protocol.
      uint16_t old_word = csum::load16(ip + 8);
      ip[8] = static_cast<uint8_t>(rng());
      ip_check = csum::replace2(ip_check, old_word, csum::load16(ip + 8));
      csum::store16(ip + 10, ip_check);
    }
    uint16_t old_port = csum::load16(th + 2);
    uint16_t new_port = r16();
    csum::store16(th + 2, new_port);
    tcp_check = csum::replace2(tcp_check, old_port, new_port);
    csum::store16(th + 16, tcp_check);

    EXPECT_TRUE(l4_checksum_ok(f)) << i;
    if (!v6) {
      EXPECT_TRUE(ipv4_header_ok(f)) << i;
    }
    auto incremental = bytes();
    fix_checksums(f);
    EXPECT_EQ(bytes(), incremental) << i;
  }
}

}  // namespace
}  // namespace nftx::fastpath
