// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "testsuite/conformance/listing_compare.h"

namespace nftx::conformance {
namespace {

constexpr std::string_view kListing =
    "table ip other {\n"
    "\tchain input {\n"
    "\t\ttype filter hook input priority filter; policy accept;\n"
    "\t\tip daddr 9.9.9.9\n"
    "\t}\n"
    "}\n"
    "table ip test-ip4 {\n"
    "\tset set1 {\n"
    "\t\ttype ipv4_addr\n"
    "\t}\n"
    "\n"
    "\tchain output {\n"
    "\t\ttype filter hook output priority filter; policy accept;\n"
    "\t}\n"
    "\n"
    "\tchain input {\n"
    "\t\ttype filter hook input priority filter; policy accept;\n"
    "\t\tip saddr { 1.1.1.1, 2.2.2.2 } counter packets 0 bytes 0\n"
    "\t}\n"
    "}\n";

TEST(ChainRuleLines, FindsTheRightChain) {
  auto rules = chain_rule_lines(kListing, "ip", "test-ip4", "input");
  ASSERT_TRUE(rules.has_value());
  EXPECT_EQ(*rules,
            (std::vector<std::string>{"ip saddr { 1.1.1.1, 2.2.2.2 } counter packets 0 bytes 0"}));
  auto empty = chain_rule_lines(kListing, "ip", "test-ip4", "output");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
  EXPECT_FALSE(chain_rule_lines(kListing, "ip", "test-ip4", "forward").has_value());
  EXPECT_FALSE(chain_rule_lines(kListing, "ip6", "test-ip4", "input").has_value());
  EXPECT_FALSE(chain_rule_lines("", "ip", "test-ip4", "input").has_value());
}

TEST(MakeStateless, DropsRuntimeState) {
  EXPECT_EQ(make_stateless("ip saddr 1.1.1.1 counter packets 0 bytes 0 accept"),
            "ip saddr 1.1.1.1 counter accept");
  EXPECT_EQ(make_stateless("quota over 25 mbytes used 0 bytes"), "quota over 25 mbytes");
  EXPECT_EQ(make_stateless("last used never"), "last");
  EXPECT_EQ(make_stateless("counter name \"cnt1\""), "counter name \"cnt1\"");
}

TEST(ListingMatches, ExactAfterRightStrip) {
  EXPECT_TRUE(listing_matches("ip dscp cs1", "ip dscp cs1 ", "ip dscp cs1"));
  EXPECT_FALSE(listing_matches("ip dscp cs1", "ip dscp cs1", "ip dscp 0x08"));
}

TEST(ListingMatches, AnonymousSetElementsInAnyOrder) {
  std::string_view rule = "tcp dport { 22, 23 } accept";
  EXPECT_TRUE(listing_matches(rule, "tcp dport { 22, 23 } accept", "tcp dport { 23, 22 } accept"));
  EXPECT_TRUE(listing_matches(rule, "tcp dport { 22,23 } accept", "tcp dport { 23, 22 } accept"));
  EXPECT_FALSE(listing_matches(rule, "tcp dport { 22, 23 } accept", "tcp dport { 22, 24 } accept"));
  EXPECT_FALSE(listing_matches(rule, "tcp dport { 22, 23 } accept", "tcp dport { 22, 23 } drop"));
  EXPECT_FALSE(listing_matches(rule, "tcp dport { 22, 23 } accept", "udp dport { 22, 23 } accept"));
  // Only rules written with a set get the relaxed comparison.
  EXPECT_FALSE(listing_matches("tcp dport 22", "tcp dport { 22, 23 }", "tcp dport { 23, 22 }"));
}

}  // namespace
}  // namespace nftx::conformance
