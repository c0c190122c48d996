// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "testsuite/conformance/payload_compare.h"
#include "testsuite/conformance/payload_file.h"

namespace nftx::conformance {
namespace {

constexpr std::string_view kPayload =
    "# ip dscp cs1\n"
    "ip test-ip4 input\n"
    "  [ payload load 1b @ network header + 1 => reg 1 ]\n"
    "  [ cmp eq reg 1 0x00000020 ]\n"
    "\n"
    "# ip saddr { 1.1.1.1, 2.2.2.2 }\n"
    "__set%d test-ip4 3\n"
    "__set%d test-ip4 0\n"
    "\telement 01010101 : 0 [end]\telement 02020202 : 0 [end]\n"
    "ip test-ip4 input\n"
    "  [ payload load 4b @ network header + 12 => reg 1 ]\n"
    "  [ lookup reg 1 set __set%d ]\n"
    "\n"
    "# ip dscp cs1\n"
    "ip test-ip4 input\n"
    "  [ never used: the first record wins ]\n";

TEST(PayloadFile, ParsesRecords) {
  PayloadFile f = parse_payload_file(kPayload);
  EXPECT_TRUE(f.problems.empty());
  ASSERT_EQ(f.records.size(), 3u);
  EXPECT_EQ(f.records[0].rule, "ip dscp cs1");
  EXPECT_EQ(f.records[0].line, 1);
  EXPECT_EQ(f.records[0].lines.size(), 3u);
  EXPECT_EQ(f.records[1].lines.size(), 6u);
}

TEST(PayloadFile, FindsFirstRecordByStrippedRule) {
  PayloadFile f = parse_payload_file(kPayload);
  const PayloadRecord* r = f.find("  ip dscp cs1 ");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->line, 1);
  EXPECT_EQ(f.find("ip dscp cs2"), nullptr);
}

TEST(PayloadFile, ReportsStrayText) {
  PayloadFile f = parse_payload_file("stray\n# r\nip t c\n\n# empty\nip t c\n");
  ASSERT_EQ(f.problems.size(), 3u);
  EXPECT_NE(f.problems[0].find("outside a record"), std::string::npos);
  EXPECT_NE(f.problems[1].find("'r' has no instructions"), std::string::npos);
}

TEST(PayloadSet, FamilyFileFirstThenGeneric) {
  PayloadSet s;
  s.generic = parse_payload_file("# a\n  [ generic a ]\n\n# b\n  [ generic b ]\n");
  s.by_family.emplace("inet", parse_payload_file("# a\n  [ inet a ]\n"));
  EXPECT_EQ(s.find("inet", "a")->lines[0], "  [ inet a ]");
  EXPECT_EQ(s.find("inet", "b")->lines[0], "  [ generic b ]");
  EXPECT_EQ(s.find("ip", "a")->lines[0], "  [ generic a ]");
  EXPECT_EQ(s.find("ip", "c"), nullptr);
}

TEST(PayloadView, KeepsInstructionsAndSplitsElements) {
  PayloadFile f = parse_payload_file(kPayload);
  PayloadView v = make_payload_view(f.records[1].lines);
  EXPECT_EQ(v.instructions,
            (std::vector<std::string>{"  [ payload load 4b @ network header + 12 => reg 1 ]",
                                      "  [ lookup reg 1 set __set%d ]"}));
  EXPECT_EQ(v.elements,
            (std::vector<std::string>{"element 01010101 : 0 [end]", "element 02020202 : 0 [end]"}));
}

TEST(PayloadView, ElementOrderAndAnonNumbersDoNotMatter) {
  PayloadView want = make_payload_view(
      "\telement 01 : 0 [end]\telement 02 : 0 [end]\n  [ lookup reg 1 set __set%d ]\n");
  PayloadView got = make_payload_view(
      "\telement 02 : 0 [end]\n\telement 01 : 0 [end]\n  [ lookup reg 1 set __set7 ]  \n");
  EXPECT_EQ(want, got);
  EXPECT_EQ(payload_diff(want, got), "");
}

TEST(PayloadView, ElementItemsSeparatedBySpacesToo) {
  PayloadView tabs = make_payload_view("\telement 01  : 0 [end]\telement 02  : 1 [end]\n");
  PayloadView spaces = make_payload_view("\telement 02  : 1 [end]    element 01  : 0 [end]\n");
  EXPECT_EQ(tabs.elements,
            (std::vector<std::string>{"element 01 : 0 [end]", "element 02 : 1 [end]"}));
  EXPECT_EQ(tabs, spaces);
}

TEST(PayloadView, ElementsAreAMultiset) {
  PayloadView want = make_payload_view("\telement 01 : 0 [end]\telement 01 : 0 [end]\n");
  PayloadView got = make_payload_view("\telement 01 : 0 [end]\n");
  EXPECT_NE(want, got);
  EXPECT_EQ(payload_diff(want, got), "- element item: element 01 : 0 [end]\n");
}

TEST(PayloadView, InstructionOrderMatters) {
  PayloadView want = make_payload_view("  [ a ]\n  [ b ]\n");
  PayloadView got = make_payload_view("  [ b ]\n  [ a ]\n");
  EXPECT_NE(want, got);
}

TEST(PayloadDiff, MarksChangedLines) {
  PayloadView want = make_payload_view("  [ a ]\n  [ b ]\n  [ c ]\n");
  PayloadView got = make_payload_view("  [ a ]\n  [ x ]\n  [ c ]\n  [ d ]\n");
  EXPECT_EQ(payload_diff(want, got), "    [ a ]\n-   [ b ]\n+   [ x ]\n    [ c ]\n+   [ d ]\n");
}

}  // namespace
}  // namespace nftx::conformance
