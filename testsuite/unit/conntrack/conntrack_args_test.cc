// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/conntrack/conntrack_args.h"

#include <gtest/gtest.h>

namespace nftx::conntrack {
namespace {

std::string error_of(std::vector<std::string> args) {
  const ArgsResult r = parse_list_args(args);
  EXPECT_FALSE(r.request);
  return r.error;
}

TEST(ConntrackArgs, OutputFlagsAndJson) {
  const ArgsResult r = parse_list_args({"-o", "extended,id", "-j", "--offloaded"});
  ASSERT_TRUE(r.request) << r.error;
  EXPECT_TRUE(r.request->extended);
  EXPECT_TRUE(r.request->show_id);
  EXPECT_TRUE(r.request->json);
  EXPECT_TRUE(r.request->filter.offloaded);
  EXPECT_FALSE(r.request->help);
}

TEST(ConntrackArgs, AddressImpliesFamily) {
  const ArgsResult r = parse_list_args({"-s", "fd00::1"});
  ASSERT_TRUE(r.request);
  EXPECT_EQ(r.request->filter.family, kFamilyIpv6);
  EXPECT_EQ(r.request->filter.orig_src->prefix_len, 128);
  EXPECT_NE(error_of({"-f", "ipv4", "-d", "::1"}).find("mismatched"), std::string::npos);
  EXPECT_NE(error_of({"-s", "10.0.0.1", "-q", "::1"}).find("mismatched"), std::string::npos);
}

TEST(ConntrackArgs, MarkValues) {
  EXPECT_EQ(parse_mark_match("0x10/0xf0"), (MarkMatch{0x10, 0xf0}));
  EXPECT_EQ(parse_mark_match("7"), (MarkMatch{7, 0xffffffff}));
  EXPECT_FALSE(parse_mark_match("x"));
  EXPECT_FALSE(parse_mark_match("1/"));
  EXPECT_FALSE(parse_mark_match("0x100000000"));
}

TEST(ConntrackArgs, AddressValues) {
  EXPECT_FALSE(parse_address_match("10.0.0.1/33"));
  EXPECT_FALSE(parse_address_match("10.0.0.1/"));
  EXPECT_FALSE(parse_address_match("10.0.0.1/+8"));
  EXPECT_FALSE(parse_address_match("host.example"));
  EXPECT_EQ(parse_address_match("10.0.0.0/8")->prefix_len, 8);
}

TEST(ConntrackArgs, Errors) {
  EXPECT_NE(error_of({"--bogus"}).find("unknown option"), std::string::npos);
  EXPECT_NE(error_of({"-p"}).find("needs a value"), std::string::npos);
  EXPECT_NE(error_of({"-p", "nosuch"}).find("protocol"), std::string::npos);
  EXPECT_NE(error_of({"--sport", "70000"}).find("65535"), std::string::npos);
  EXPECT_NE(error_of({"--status", "ASSURED,BOGUS"}).find("BOGUS"), std::string::npos);
  EXPECT_NE(error_of({"-f", "inet"}).find("ipv4 or ipv6"), std::string::npos);
  EXPECT_NE(error_of({"-o", "xml"}).find("extended and id"), std::string::npos);
  EXPECT_NE(error_of({"--offloaded=1"}).find("takes no value"), std::string::npos);
}

TEST(ConntrackArgs, HelpListsEveryFilter) {
  const ArgsResult r = parse_list_args({"--help"});
  ASSERT_TRUE(r.request);
  EXPECT_TRUE(r.request->help);
  const std::string help = list_args_help();
  for (const char* name : {"--offloaded", "--orig-src", "--reply-dst", "--sport", "--dport",
                           "--mark", "--zone", "--family", "--status", "--proto"}) {
    EXPECT_NE(help.find(name), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace nftx::conntrack
