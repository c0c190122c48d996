// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/corpus_file.h"

#include <gtest/gtest.h>

namespace nftx::conformance {
namespace {

constexpr std::string_view kSample =
    ":input;type filter hook input priority 0\n"
    ":ingress;type filter hook ingress device lo priority 0\n"
    "\n"
    "*ip;test-ip4;input\n"
    "*netdev;test-netdev;ingress,egress\n"
    "# a comment;ok\n"
    "!set1 type ipv4_addr timeout 60s;ok\n"
    "?set1 192.168.3.4 timeout 30s, 10.2.1.1;ok\n"
    "%cthelp1 type ct helper { type \"ftp\" protocol tcp; };ok\n"
    "%cnt1 type counter;fail\n"
    "ip dscp cs1;ok\n"
    "ip dscp 0x38;ok;ip dscp cs7   \n"
    "ip protocol 256;fail\n"
    "- meta nftrace 1;ok\n"
    "this is malformed\n"
    "a;b;c;d\n";

TEST(CorpusFile, ParsesChainsAndTables) {
  TestFile f = parse_test_file(kSample);
  ASSERT_EQ(f.chains.size(), 2u);
  EXPECT_EQ(f.chains[0].name, "input");
  EXPECT_EQ(f.chains[0].config, "type filter hook input priority 0");
  EXPECT_EQ(f.chains[1].line, 2);
  ASSERT_EQ(f.tables.size(), 2u);
  EXPECT_EQ(f.tables[1].family, "netdev");
  EXPECT_EQ(f.tables[1].name, "test-netdev");
  EXPECT_EQ(f.tables[1].chains, (std::vector<std::string>{"ingress", "egress"}));
  ASSERT_NE(f.chain("ingress"), nullptr);
  EXPECT_EQ(f.chain("egress"), nullptr);
}

TEST(CorpusFile, ParsesEntriesInOrder) {
  TestFile f = parse_test_file(kSample);
  ASSERT_EQ(f.entries.size(), 7u);
  EXPECT_TRUE(std::holds_alternative<SetDecl>(f.entries[0].item));
  EXPECT_EQ(f.entries[0].line, 7);
  EXPECT_EQ(f.entries[0].text, "!set1 type ipv4_addr timeout 60s;ok");

  const auto& el = std::get<ElementAdd>(f.entries[1].item);
  EXPECT_EQ(el.set, "set1");
  EXPECT_EQ(el.elements, "192.168.3.4 timeout 30s, 10.2.1.1");

  const auto& helper = std::get<ObjectDecl>(f.entries[2].item);
  EXPECT_EQ(helper.type, "ct helper");
  EXPECT_EQ(helper.spec, "{ type \"ftp\" protocol tcp; }");
  EXPECT_EQ(f.entries[2].expect, Expect::Ok);
  EXPECT_EQ(f.entries[3].expect, Expect::Fail);

  const auto& r1 = std::get<RuleLine>(f.entries[4].item);
  EXPECT_EQ(r1.text, "ip dscp cs1");
  EXPECT_FALSE(r1.listing.has_value());
  const auto& r2 = std::get<RuleLine>(f.entries[5].item);
  EXPECT_EQ(r2.listing, "ip dscp cs7");
  EXPECT_EQ(f.entries[6].expect, Expect::Fail);
}

TEST(CorpusFile, CountsDisabledAndMalformed) {
  TestFile f = parse_test_file(kSample);
  EXPECT_EQ(f.disabled, 1);
  ASSERT_EQ(f.warnings.size(), 2u);
  EXPECT_NE(f.warnings[0].find("line 15"), std::string::npos);
}

TEST(CorpusFile, SetDeclForms) {
  SetDecl plain = parse_set_decl("set3 type ipv4_addr . ipv4_addr . inet_service flags interval");
  EXPECT_EQ(plain.name, "set3");
  EXPECT_EQ(plain.key, "type ipv4_addr . ipv4_addr . inet_service");
  EXPECT_EQ(plain.data, "");
  EXPECT_EQ(plain.flags, "interval");

  SetDecl map =
      parse_set_decl("map2 type ipv4_addr . ipv4_addr . inet_service : ipv4_addr . inet_service");
  EXPECT_EQ(map.key, "type ipv4_addr . ipv4_addr . inet_service");
  EXPECT_EQ(map.data, "ipv4_addr . inet_service");

  SetDecl typeof_map = parse_set_decl("map1 typeof vlan id : meta mark");
  EXPECT_EQ(typeof_map.key, "typeof vlan id");
  EXPECT_EQ(typeof_map.data, "meta mark");

  SetDecl timed = parse_set_decl("set2 type ipv6_addr timeout 23d23h59m59s");
  EXPECT_EQ(timed.timeout, "23d23h59m59s");
  EXPECT_TRUE(timed.unknown.empty());

  SetDecl bad = parse_set_decl("s type ipv4_addr flags interval junk");
  EXPECT_EQ(bad.unknown, (std::vector<std::string>{"junk"}));
}

TEST(CorpusFile, ObjectDeclForms) {
  ObjectDecl quota = parse_object_decl("qt2 type quota over 1 kbytes");
  EXPECT_EQ(quota.name, "qt2");
  EXPECT_EQ(quota.type, "quota");
  EXPECT_EQ(quota.spec, "over 1 kbytes");
  ObjectDecl counter = parse_object_decl("cnt1 type counter");
  EXPECT_EQ(counter.type, "counter");
  EXPECT_EQ(counter.spec, "");
  ObjectDecl timeout = parse_object_decl("cttime1 type ct timeout { protocol tcp; }");
  EXPECT_EQ(timeout.type, "ct timeout");
  EXPECT_EQ(timeout.spec, "{ protocol tcp; }");
  ObjectDecl expect = parse_object_decl("ctexpect2 type ct expectation { protocol udp; }");
  EXPECT_EQ(expect.type, "ct expectation");
}

TEST(CorpusFile, ElementAddWithoutElements) {
  ElementAdd e = parse_element_add("set1");
  EXPECT_EQ(e.set, "set1");
  EXPECT_EQ(e.elements, "");
}

}  // namespace
}  // namespace nftx::conformance
