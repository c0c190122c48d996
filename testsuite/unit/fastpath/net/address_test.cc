// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/net/address.h"

#include <gtest/gtest.h>

#include <random>

namespace nftx::fastpath::net {
namespace {

TEST(Address, ParsesIpv4IntoTheTupleLayout) {
  auto a = parse_ip("10.1.2.3");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->family, Family::V4);
  EXPECT_EQ(a->bytes[0], 10);
  EXPECT_EQ(a->bytes[3], 3);
  for (size_t i = 4; i < 16; ++i) EXPECT_EQ(a->bytes[i], 0) << i;
  EXPECT_EQ(a->v4_host_order(), 0x0a010203U);
  EXPECT_EQ(*a, IpAddr::v4_host(0x0a010203U));
  EXPECT_EQ(format_ip(*a), "10.1.2.3");
}

TEST(Address, ParsesAndFormatsIpv6) {
  auto a = parse_ip("2001:DB8:0:0::1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->family, Family::V6);
  EXPECT_EQ(a->bytes[0], 0x20);
  EXPECT_EQ(a->bytes[15], 1);
  EXPECT_EQ(format_ip(*a), "2001:db8::1");
  EXPECT_TRUE(parse_ip("::1")->is_loopback());
  EXPECT_TRUE(parse_ip("fe80::1")->is_link_local());
  EXPECT_FALSE(parse_ip("fec0::1")->is_link_local());
}

TEST(Address, RejectsMalformedAddresses) {
  for (const char* bad : {"", "10.0.0", "10.0.0.256", "1.2.3.4 ", "::g", "10.0.0.1/24",
                          "2001:db8:::1", "0123456789012345678901234567890123456789012345678"}) {
    EXPECT_FALSE(parse_ip(bad)) << bad;
  }
}

TEST(Address, PrefixParsingKeepsHostBits) {
  auto p = parse_prefix("192.168.1.7/24");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->len, 24);
  EXPECT_EQ(format_ip(p->addr), "192.168.1.7");
  EXPECT_TRUE(p->has_host_bits());
  EXPECT_EQ(format_prefix(p->network()), "192.168.1.0/24");
  EXPECT_TRUE(p->contains(*parse_ip("192.168.1.200")));
  EXPECT_FALSE(p->contains(*parse_ip("192.168.2.1")));
  EXPECT_FALSE(p->contains(*parse_ip("::ffff:192.168.1.1")));

  auto host = parse_prefix("2001:db8::1");
  ASSERT_TRUE(host);
  EXPECT_EQ(host->len, 128);
  EXPECT_TRUE(host->is_host());
  EXPECT_EQ(format_route_dst(*host), "2001:db8::1");
  EXPECT_EQ(format_route_dst(*parse_prefix("0.0.0.0/0")), "default");
  EXPECT_EQ(format_route_dst(*parse_prefix("10.0.0.0/8")), "10.0.0.0/8");

  for (const char* bad :
       {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8x", "::/129", "10.0.0.999/24"}) {
    EXPECT_FALSE(parse_prefix(bad)) << bad;
  }
}

TEST(Address, MaskClearsBitsAfterTheLength) {
  const IpAddr a = *parse_ip("255.255.255.255");
  EXPECT_EQ(format_ip(mask(a, 0)), "0.0.0.0");
  EXPECT_EQ(format_ip(mask(a, 1)), "128.0.0.0");
  EXPECT_EQ(format_ip(mask(a, 23)), "255.255.254.0");
  EXPECT_EQ(format_ip(mask(a, 32)), "255.255.255.255");
  const IpAddr b = *parse_ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  EXPECT_EQ(format_ip(mask(b, 65)), "ffff:ffff:ffff:ffff:8000::");
  EXPECT_EQ(format_ip(mask(b, 127)), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");
}

TEST(Address, MacParseAndFormat) {
  auto m = parse_mac("02:00:0A:0b:00:01");
  ASSERT_TRUE(m);
  EXPECT_EQ(format_mac(*m), "02:00:0a:0b:00:01");
  EXPECT_EQ(m->bytes[2], 0x0a);
  EXPECT_EQ(format_mac(*parse_mac("2:0:0:0:0:1")), "02:00:00:00:00:01");
  EXPECT_TRUE(parse_mac("ff:ff:ff:ff:ff:ff")->is_multicast());
  EXPECT_TRUE(parse_mac("00:00:00:00:00:00")->is_zero());
  for (const char* bad : {"02:00:00:00:00", "02:00:00:00:00:01:02", "02:00:00:00:00:001",
                          "02:00:00:00:00:g1", "02::00:00:00:00:01", ""}) {
    EXPECT_FALSE(parse_mac(bad)) << bad;
  }
}

TEST(Address, HashSeparatesFamilies) {
  IpAddrHash h;
  const IpAddr v4 = IpAddr::any(Family::V4);
  const IpAddr v6 = IpAddr::any(Family::V6);
  EXPECT_NE(v4, v6);
  EXPECT_NE(h(v4), h(v6));
}

// mask() against the definition, bit by bit, for every length of both families.
TEST(IpAddress, MaskClearsExactlyTheBitsFromLen) {
  std::mt19937 rng(3);
  for (int round = 0; round < 50; ++round) {
    for (Family fam : {Family::V4, Family::V6}) {
      IpAddr a;
      a.family = fam;
      const unsigned width = fam == Family::V4 ? 32 : 128;
      for (unsigned i = 0; i < width / 8; ++i) a.bytes[i] = static_cast<uint8_t>(rng());
      for (unsigned len = 0; len <= width + 1; ++len) {
        const IpAddr m = mask(a, len);
        EXPECT_EQ(m.family, fam);
        for (unsigned bit = 0; bit < 128; ++bit) {
          const bool want = bit < len && bit < width && a.bit(bit);
          ASSERT_EQ(m.bit(bit), want) << "len " << len << " bit " << bit;
        }
      }
    }
  }
}

}  // namespace
}  // namespace nftx::fastpath::net
