// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/conntrack/conntrack_filter.h"

#include <gtest/gtest.h>

#include "backends/netlink/conntrack/conntrack_args.h"

namespace nftx::conntrack {
namespace {

// A DNATed and masqueraded TCP flow: client 10.0.1.2 -> 10.0.1.1:8080, served by 10.0.2.2:80.
ConntrackEntry nat_flow() {
  ConntrackEntry e;
  e.l3family = kFamilyIpv4;
  e.orig = Tuple{{10, 0, 1, 2}, {10, 0, 1, 1}, 6, 40000, 8080, std::nullopt, std::nullopt};
  e.reply = Tuple{{10, 0, 2, 2}, {10, 0, 2, 1}, 6, 80, 40000, std::nullopt, std::nullopt};
  e.status = status::kSeenReply | status::kAssured | status::kConfirmed | status::kSrcNat |
             status::kDstNat;
  e.mark = 0x1234;
  return e;
}

// Parses conntrack-tools style arguments into a filter, so each case reads like a command line.
ConntrackFilter filter_of(std::vector<std::string> args) {
  const ArgsResult r = parse_list_args(args);
  EXPECT_TRUE(r.request) << r.error;
  return r.request ? r.request->filter : ConntrackFilter{};
}

bool keeps(std::vector<std::string> args, const ConntrackEntry& e = nat_flow()) {
  return filter_matches(filter_of(std::move(args)), e);
}

TEST(ConntrackFilter, EmptyFilterKeepsEverything) { EXPECT_TRUE(keeps({})); }

TEST(ConntrackFilter, Protocol) {
  EXPECT_TRUE(keeps({"-p", "tcp"}));
  EXPECT_TRUE(keeps({"--proto", "6"}));
  EXPECT_FALSE(keeps({"-p", "udp"}));
}

TEST(ConntrackFilter, Addresses) {
  EXPECT_TRUE(keeps({"-s", "10.0.1.2"}));
  EXPECT_FALSE(keeps({"--src", "10.0.1.3"}));
  EXPECT_TRUE(keeps({"--orig-src", "10.0.0.0/16"}));
  EXPECT_FALSE(keeps({"-s", "10.1.0.0/16"}));
  EXPECT_TRUE(keeps({"-d", "10.0.1.1"}));
  EXPECT_FALSE(keeps({"--orig-dst", "10.0.2.2"}));
  EXPECT_TRUE(keeps({"-r", "10.0.2.2"}));
  EXPECT_FALSE(keeps({"--reply-src", "10.0.1.1"}));
  EXPECT_TRUE(keeps({"-q", "10.0.2.1"}));
  EXPECT_FALSE(keeps({"--reply-dst", "10.0.1.2"}));
  EXPECT_FALSE(keeps({"-s", "::1"}));  // an IPv6 address never matches an IPv4 flow
  EXPECT_TRUE(keeps({"-s", "0.0.0.0/0"}));
}

TEST(ConntrackFilter, Ports) {
  EXPECT_TRUE(keeps({"-p", "tcp", "--sport", "40000"}));
  EXPECT_FALSE(keeps({"--sport", "8080"}));
  EXPECT_TRUE(keeps({"--dport", "8080"}));
  EXPECT_TRUE(keeps({"--orig-port-dst=8080"}));
  EXPECT_FALSE(keeps({"--orig-port-src", "80"}));
  EXPECT_TRUE(keeps({"--reply-port-src", "80"}));
  EXPECT_FALSE(keeps({"--reply-port-dst", "80"}));
  ConntrackEntry icmp = nat_flow();
  icmp.orig.sport.reset();
  icmp.orig.dport.reset();
  EXPECT_FALSE(keeps({"--dport", "8080"}, icmp));
}

TEST(ConntrackFilter, MarkWithAndWithoutMask) {
  EXPECT_TRUE(keeps({"-m", "0x1234"}));
  EXPECT_TRUE(keeps({"--mark", "4660"}));
  EXPECT_FALSE(keeps({"-m", "0x34"}));
  EXPECT_TRUE(keeps({"-m", "0x34/0xff"}));
  EXPECT_FALSE(keeps({"-m", "0x35/0xff"}));
  ConntrackEntry no_mark = nat_flow();
  no_mark.mark.reset();
  EXPECT_FALSE(keeps({"-m", "0/0"}, no_mark));
}

TEST(ConntrackFilter, Zones) {
  EXPECT_TRUE(keeps({"-w", "0"}));  // no CTA_ZONE: the default zone
  EXPECT_FALSE(keeps({"--zone", "5"}));
  ConntrackEntry zoned = nat_flow();
  zoned.zone = 5;
  zoned.reply.zone = 9;
  EXPECT_TRUE(keeps({"-w", "5"}, zoned));
  EXPECT_TRUE(keeps({"--reply-zone", "9"}, zoned));
  EXPECT_FALSE(keeps({"--orig-zone", "9"}, zoned));
}

TEST(ConntrackFilter, Family) {
  EXPECT_TRUE(keeps({"-f", "ipv4"}));
  EXPECT_FALSE(keeps({"--family", "ipv6"}));
}

TEST(ConntrackFilter, StatusNeedsEveryListedBit) {
  EXPECT_TRUE(keeps({"--status", "ASSURED"}));
  EXPECT_TRUE(keeps({"-u", "seen_reply,ASSURED"}));
  EXPECT_TRUE(keeps({"--status", "UNSET"}));
  EXPECT_FALSE(keeps({"--status", "ASSURED,FIXED_TIMEOUT"}));
  EXPECT_FALSE(keeps({"--status", "OFFLOAD"}));
}

TEST(ConntrackFilter, Offloaded) {
  EXPECT_FALSE(keeps({"--offloaded"}));
  ConntrackEntry sw = nat_flow();
  sw.status = *sw.status | status::kOffload;
  EXPECT_TRUE(keeps({"--offloaded"}, sw));
  ConntrackEntry hw = nat_flow();
  hw.status = *hw.status | status::kHwOffload;
  EXPECT_TRUE(keeps({"--offloaded"}, hw));
  EXPECT_FALSE(keeps({"--offloaded", "-p", "udp"}, hw));
  ConntrackEntry no_status = nat_flow();
  no_status.status.reset();
  EXPECT_FALSE(keeps({"--offloaded"}, no_status));
}

TEST(ConntrackFilter, PrefixBoundaries) {
  const auto m = parse_address_match("fd00::/9");
  ASSERT_TRUE(m);
  Address a{0xfd, 0x7f};
  EXPECT_TRUE(address_matches(*m, kFamilyIpv6, a));
  a[1] = 0x80;  // the 9th bit differs
  EXPECT_FALSE(address_matches(*m, kFamilyIpv6, a));
}

}  // namespace
}  // namespace nftx::conntrack
