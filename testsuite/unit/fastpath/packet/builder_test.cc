// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/builder.h"

#include <gtest/gtest.h>
#include <netinet/in.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/frame_pool.h"
#include "backends/fastpath/packet/parse.h"

namespace nftx::fastpath {
namespace {

uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t be32(const uint8_t* p) { return static_cast<uint32_t>(be16(p)) << 16 | be16(p + 2); }

class BuilderTest : public ::testing::Test {
 protected:
  Frame& load(const std::vector<uint8_t>& bytes) {
    if (frame_) pool_.free(frame_);
    frame_ = pool_.copy_in(bytes.data(), bytes.size());
    auto r = parse(*frame_);
    EXPECT_TRUE(r.ok()) << drop_reason_name(r.reason);
    return *frame_;
  }
  FramePool pool_{2};
  Frame* frame_ = nullptr;
};

TEST_F(BuilderTest, Ipv4TcpFields) {
  Frame& f = load(PacketBuilder()
                      .eth("02:00:00:00:00:0a", "02:00:00:00:00:0b")
                      .vlan(0x0123)
                      .ipv4("10.0.0.1", "10.0.1.2")
                      .ttl(33)
                      .tos(0x10)
                      .ip_id(0xbeef)
                      .df()
                      .tcp(1234, 80)
                      .flags(TcpFlags::Syn)
                      .seq(1)
                      .ack(0)
                      .window(29200)
                      .mss(1460)
                      .sack_perm()
                      .timestamps(0x11111111, 0)
                      .wscale(7)
                      .payload(5)
                      .build());
  const uint8_t* d = f.data;
  EXPECT_EQ(std::vector<uint8_t>(d, d + 6), (std::vector<uint8_t>{2, 0, 0, 0, 0, 0x0b}));
  EXPECT_EQ(std::vector<uint8_t>(d + 6, d + 12), (std::vector<uint8_t>{2, 0, 0, 0, 0, 0x0a}));
  EXPECT_EQ(f.hdr.vlan_tci, 0x0123);
  const uint8_t* ip = f.l3();
  EXPECT_EQ(ip[1], 0x10);
  EXPECT_EQ(be16(ip + 4), 0xbeef);
  EXPECT_EQ(be16(ip + 6), 0x4000);
  EXPECT_EQ(ip[8], 33);
  EXPECT_EQ(ip[9], IPPROTO_TCP);
  EXPECT_EQ(be32(ip + 12), 0x0a000001u);
  EXPECT_EQ(be32(ip + 16), 0x0a000102u);
  const uint8_t* th = f.l4();
  EXPECT_EQ(be16(th), 1234);
  EXPECT_EQ(be16(th + 2), 80);
  EXPECT_EQ(be32(th + 4), 1u);
  EXPECT_EQ(th[13], 0x02);
  EXPECT_EQ(be16(th + 14), 29200);
  // MSS(4) + SACK-perm/timestamps(12) + NOP/wscale(4) = 20 bytes of options.
  EXPECT_EQ(th[12] >> 4, 10);
  const std::vector<uint8_t> opts(th + 20, th + 40);
  const std::vector<uint8_t> want = {2,    4,    0x05, 0xb4, 4, 2, 8, 10, 0x11, 0x11,
                                     0x11, 0x11, 0,    0,    0, 0, 1, 3,  3,    7};
  EXPECT_EQ(opts, want);
  EXPECT_EQ(f.hdr.l3_len, 20 + 40 + 5);
  EXPECT_EQ(f.data[f.len - 1], 4);  // pattern payload 0,1,2,3,4
  EXPECT_TRUE(ipv4_header_ok(f));
  EXPECT_TRUE(l4_checksum_ok(f));
}

TEST_F(BuilderTest, Ipv6UdpWithExtensionHeaders) {
  Frame& f = load(PacketBuilder()
                      .ipv6("2001:db8::1", "2001:db8::2")
                      .ttl(5)
                      .tos(0xb8)
                      .flow_label(0x12345)
                      .ext_hdr(IPPROTO_HOPOPTS)
                      .ext_hdr(IPPROTO_DSTOPTS, std::vector<uint8_t>{0xaa, 0xbb})
                      .udp(53, 5353)
                      .payload_text("hello")
                      .build());
  const uint8_t* ip = f.l3();
  EXPECT_EQ(be32(ip), 0x60000000u | 0xb8u << 20 | 0x12345u);
  EXPECT_EQ(ip[6], IPPROTO_HOPOPTS);
  EXPECT_EQ(ip[7], 5);
  EXPECT_EQ(ip[40], IPPROTO_DSTOPTS);  // hop-by-hop names the next header
  EXPECT_EQ(ip[48], IPPROTO_UDP);
  EXPECT_EQ(ip[50], 0xaa);
  EXPECT_EQ(f.hdr.l4_off, 14 + 40 + 16);
  EXPECT_EQ(be16(f.l4() + 4), 8 + 5);
  EXPECT_EQ(std::string(f.l4() + 8, f.l4() + 13), "hello");
  EXPECT_TRUE(l4_checksum_ok(f));
}

TEST_F(BuilderTest, IcmpEchoAndFragments) {
  Frame& e = load(PacketBuilder().ipv4("1.1.1.1", "2.2.2.2").icmp_echo(0x1234, 9, true).build());
  EXPECT_EQ(e.l4()[0], 0);
  EXPECT_EQ(be16(e.l4() + 4), 0x1234);
  EXPECT_EQ(be16(e.l4() + 6), 9);
  Frame& e6 = load(PacketBuilder().ipv6("::1", "::2").icmpv6_echo(1, 2).build());
  EXPECT_EQ(e6.l4()[0], 128);
  EXPECT_TRUE(l4_checksum_ok(e6));

  Frame& fr = load(PacketBuilder()
                       .ipv4("1.1.1.1", "2.2.2.2")
                       .ip_id(7)
                       .fragment(1480, true)
                       .udp(1, 2)
                       .payload(16)
                       .build());
  EXPECT_EQ(be16(fr.l3() + 6), 0x2000 | 1480 / 8);
  EXPECT_EQ(fr.hdr.l3_len, 20 + 16);  // later fragment: payload only
  Frame& fr6 = load(PacketBuilder()
                        .ipv6("::1", "::2")
                        .ip_id(0xabcdef01)
                        .fragment(8, false)
                        .udp(1, 2)
                        .payload(16)
                        .build());
  EXPECT_EQ(fr6.l3()[6], IPPROTO_FRAGMENT);
  EXPECT_EQ(be16(fr6.l3() + 42), 8);
  EXPECT_EQ(be32(fr6.l3() + 44), 0xabcdef01u);
  EXPECT_TRUE(fr6.hdr.later_fragment);
}

TEST_F(BuilderTest, Ipv4OptionsArePadded) {
  const uint8_t rr[] = {7, 7, 4, 0, 0, 0, 0};
  Frame& f = load(PacketBuilder().ipv4("1.1.1.1", "2.2.2.2").ip_options(rr).udp(1, 2).build());
  EXPECT_EQ(f.l3()[0], 0x47);
  EXPECT_EQ(f.l3()[27], 0);  // EOL padding
  EXPECT_TRUE(ipv4_header_ok(f));
  EXPECT_TRUE(l4_checksum_ok(f));
}

TEST(BuilderErrors, BadTextThrows) {
  EXPECT_THROW(PacketBuilder().ipv4("10.0.0", "1.1.1.1"), std::invalid_argument);
  EXPECT_THROW(PacketBuilder().ipv6("::g", "::1"), std::invalid_argument);
  EXPECT_THROW(PacketBuilder().eth("02:00:00:00:00", "02:00:00:00:00:01"), std::invalid_argument);
  EXPECT_THROW(PacketBuilder().fragment(3, true), std::invalid_argument);
}

TEST(AddrText, Parse) {
  auto m = mac_from_text("02:AB:cd:00:00:01");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(mac_to_text(*m), "02:ab:cd:00:00:01");
  EXPECT_FALSE(mac_from_text("02:ab:cd:00:00:0g").has_value());
  EXPECT_FALSE(mac_from_text("02:ab:cd:00:00:01:").has_value());
  auto a = ip4_from_text("192.0.2.1");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ((*a)[0], 192);
  EXPECT_EQ((*a)[3], 1);
  EXPECT_FALSE(ip4_from_text("2001:db8::1").has_value());
  auto b = ip6_from_text("2001:db8::1");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ((*b)[1], 0x01);
  EXPECT_EQ((*b)[15], 1);
}

}  // namespace
}  // namespace nftx::fastpath
