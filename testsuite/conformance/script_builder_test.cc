// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/script_builder.h"

#include <gtest/gtest.h>

namespace nftx::conformance {
namespace {

TableSpec netdev() { return {"netdev", "test-netdev", {"ingress", "egress"}, 1}; }

TEST(ScriptBuilder, Commands) {
  TableSpec t = netdev();
  EXPECT_EQ(set_command(t, parse_set_decl("set1 type ipv4_addr")),
            "add set netdev test-netdev set1 { type ipv4_addr; }");
  EXPECT_EQ(set_command(t, parse_set_decl("s type ipv4_addr timeout 60s flags interval")),
            "add set netdev test-netdev s { type ipv4_addr; timeout 60s; flags interval; }");
  EXPECT_EQ(set_command(t, parse_set_decl("map1 typeof vlan id : meta mark")),
            "add map netdev test-netdev map1 { typeof vlan id : meta mark; }");
  EXPECT_EQ(element_command(t, parse_element_add("set1 1.1.1.1, 2.2.2.2")),
            "add element netdev test-netdev set1 { 1.1.1.1, 2.2.2.2 }");
  EXPECT_EQ(object_command(t, parse_object_decl("cnt1 type counter")),
            "add counter netdev test-netdev cnt1");
  EXPECT_EQ(object_command(t, parse_object_decl("h type ct helper { type \"ftp\" protocol tcp; }")),
            "add ct helper netdev test-netdev h { type \"ftp\" protocol tcp; }");
  EXPECT_EQ(rule_command(t, "egress", "meta mark 1"),
            "add rule netdev test-netdev egress meta mark 1");
}

TEST(ScriptBuilder, BuildsTableChainsStateAndLastCommand) {
  TestFile f = parse_test_file(
      ":ingress;type filter hook ingress device lo priority 0\n"
      ":egress;type filter hook egress device lo priority 0\n"
      ":plain;\n");
  TableSpec t = netdev();
  t.chains.push_back("plain");
  t.chains.push_back("missing");
  Script s = build_script(f, t, {"add counter netdev test-netdev c"},
                          "add rule netdev test-netdev ingress counter name c");
  EXPECT_EQ(
      s.text,
      "add table netdev test-netdev\n"
      "add chain netdev test-netdev ingress { type filter hook ingress device lo priority 0; }\n"
      "add chain netdev test-netdev egress { type filter hook egress device lo priority 0; }\n"
      "add chain netdev test-netdev plain\n"
      "add counter netdev test-netdev c\n"
      "add rule netdev test-netdev ingress counter name c\n");
  EXPECT_EQ(s.last_command, 5u);
}

}  // namespace
}  // namespace nftx::conformance
