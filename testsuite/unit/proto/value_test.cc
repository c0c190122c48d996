// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/proto/value.h"

#include <gtest/gtest.h>

namespace nftx::proto {
namespace {

TEST(Value, Ipv4) {
  EXPECT_EQ(parse_ipv4("192.168.0.1"), (ir::Bytes{192, 168, 0, 1}));
  EXPECT_EQ(parse_ipv4("0.0.0.0"), (ir::Bytes{0, 0, 0, 0}));
  EXPECT_FALSE(parse_ipv4("256.1.1.1"));
  EXPECT_FALSE(parse_ipv4("10.1"));          // inet_aton would take it, inet_pton does not
  EXPECT_FALSE(parse_ipv4("192.168.01.1"));  // no leading zeros
  EXPECT_FALSE(parse_ipv4("1.2.3.4 "));
  EXPECT_FALSE(parse_ipv4(""));
  EXPECT_FALSE(parse_ipv4(std::string_view("1.2.3.4\0", 8)));
  EXPECT_EQ(format_ipv4({10, 0, 0, 255}), "10.0.0.255");
  EXPECT_EQ(format_ipv4({1, 2, 3}), "");
}

TEST(Value, Ipv6) {
  const auto b = parse_ipv6("2001:db8::1");
  ASSERT_TRUE(b);
  ASSERT_EQ(b->size(), 16u);
  EXPECT_EQ((*b)[0], 0x20);
  EXPECT_EQ((*b)[1], 0x01);
  EXPECT_EQ((*b)[2], 0x0d);
  EXPECT_EQ((*b)[3], 0xb8);
  EXPECT_EQ((*b)[15], 0x01);
  EXPECT_EQ(format_ipv6(*b), "2001:db8::1");
  EXPECT_EQ(format_ipv6(*parse_ipv6("2001:0db8:0000:0000:0000:0000:0000:0001")), "2001:db8::1");
  EXPECT_EQ(format_ipv6(*parse_ipv6("::ffff:1.2.3.4")), "::ffff:1.2.3.4");
  EXPECT_EQ(format_ipv6(*parse_ipv6("::")), "::");
  EXPECT_FALSE(parse_ipv6("1.2.3.4"));
  EXPECT_FALSE(parse_ipv6("2001:db8::1::2"));
  EXPECT_FALSE(parse_ipv6("fe80::1%eth0"));
}

TEST(Value, Ether) {
  EXPECT_EQ(parse_ether("00:11:22:33:44:55"), (ir::Bytes{0x00, 0x11, 0x22, 0x33, 0x44, 0x55}));
  EXPECT_EQ(parse_ether("0:1:2:3:4:ff"), (ir::Bytes{0, 1, 2, 3, 4, 0xff}));
  EXPECT_EQ(parse_ether("62:87:4D:D6:19:05"), (ir::Bytes{0x62, 0x87, 0x4d, 0xd6, 0x19, 0x05}));
  EXPECT_FALSE(parse_ether("00:11:22:33:44"));
  EXPECT_FALSE(parse_ether("00:11:22:33:44:55:66"));
  EXPECT_FALSE(parse_ether("00:11:22:33:44:100"));
  EXPECT_FALSE(parse_ether("00::22:33:44:55"));
  EXPECT_FALSE(parse_ether("00:11:22:33:44:55:"));
  EXPECT_EQ(parse_lladdr("aa:bb"), (ir::Bytes{0xaa, 0xbb}));
  EXPECT_EQ(format_ether({0x00, 0x0a, 0xbc, 0xde, 0xf0, 0x01}), "00:0a:bc:de:f0:01");
}

TEST(Value, Services) {
  EXPECT_EQ(lookup_service("ssh"), 22);
  EXPECT_EQ(lookup_service("telnet"), 23);
  EXPECT_EQ(lookup_service("smtp"), 25);
  EXPECT_EQ(lookup_service("domain"), 53);
  EXPECT_EQ(lookup_service("http"), 80);
  EXPECT_EQ(lookup_service("https"), 443);
  EXPECT_EQ(lookup_service("ftp"), 21);
  EXPECT_EQ(lookup_service("ftp-data"), 20);
  EXPECT_EQ(lookup_service("pop3"), 110);
  EXPECT_EQ(lookup_service("imap2"), 143);
  EXPECT_EQ(lookup_service("ntp"), 123);
  EXPECT_EQ(lookup_service("snmp"), 161);
  EXPECT_EQ(lookup_service("bootps"), 67);
  EXPECT_EQ(lookup_service("bootpc"), 68);
  EXPECT_EQ(lookup_service("tftp"), 69);
  EXPECT_EQ(lookup_service("ldap"), 389);
  EXPECT_EQ(lookup_service("ldaps"), 636);
  EXPECT_EQ(lookup_service("microsoft-ds"), 445);
  EXPECT_EQ(lookup_service("www"), 80);   // alias
  EXPECT_EQ(lookup_service("mail"), 25);  // alias
  EXPECT_EQ(lookup_service("echo"), 7);
  EXPECT_FALSE(lookup_service("no-such-service"));
  EXPECT_FALSE(lookup_service("22"));
  EXPECT_EQ(service_name(22), "ssh");
  EXPECT_EQ(service_name(80), "http");
  EXPECT_EQ(service_name(21), "ftp");  // first line for the port (tcp)
  EXPECT_EQ(service_name(1), "tcpmux");
  EXPECT_FALSE(service_name(2));
}

TEST(Value, TimeParse) {
  EXPECT_EQ(parse_time_ms("1d2h3m4s5ms"), 93784005u);
  EXPECT_EQ(parse_time_ms("30s"), 30000u);
  EXPECT_EQ(parse_time_ms("100ms"), 100u);
  EXPECT_EQ(parse_time_ms("2m"), 120000u);
  EXPECT_EQ(parse_time_ms("1h"), 3600000u);
  EXPECT_EQ(parse_time_ms("7d"), 604800000u);
  EXPECT_EQ(parse_time_ms("10"), 10000u);    // no unit: seconds
  EXPECT_EQ(parse_time_ms("3s1m"), 63000u);  // any order
  EXPECT_EQ(parse_time_ms("99999999s"), 99999999000u);
  EXPECT_FALSE(parse_time_ms("123456789s"));  // more than 8 digits
  EXPECT_FALSE(parse_time_ms("1s1s"));
  EXPECT_FALSE(parse_time_ms("1x"));
  EXPECT_FALSE(parse_time_ms("-1s"));
  EXPECT_FALSE(parse_time_ms(""));
  // nft quirks kept on purpose: a unit without digits is 0, digits after the last unit are
  // dropped, and "ms" is only milliseconds at the very end.
  EXPECT_EQ(parse_time_ms("h"), 0u);
  EXPECT_EQ(parse_time_ms("1h30"), 3600000u);
  EXPECT_FALSE(parse_time_ms("5ms3s"));
}

TEST(Value, TimeFormat) {
  EXPECT_EQ(format_time_ms(0), "0s");
  EXPECT_EQ(format_time_ms(93784005), "1d2h3m4s5ms");
  EXPECT_EQ(format_time_ms(30000), "30s");
  EXPECT_EQ(format_time_ms(100), "100ms");
  EXPECT_EQ(format_time_ms(3600000), "1h");
  EXPECT_EQ(format_time_ms(86400000 + 1), "1d1ms");
  for (uint64_t ms : {1u, 999u, 1000u, 61000u, 3601000u, 86399999u, 123456789u}) {
    EXPECT_EQ(parse_time_ms(format_time_ms(ms)), ms) << ms;
  }
}

}  // namespace
}  // namespace nftx::proto
