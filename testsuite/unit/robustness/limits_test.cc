// SPDX-License-Identifier: GPL-2.0-or-later
// Inputs that push on sizes and depths: very long lines, deep nesting, long operator chains,
// 10k-element sets, unterminated strings and comments. The deep and long ones run in a forked
// child with a deadline (isolated_run.h), so a stack overflow or a quadratic blow-up fails one
// test instead of killing the binary.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "testsuite/unit/robustness/isolated_run.h"
#include "testsuite/unit/robustness/robust_check.h"

namespace nftx::robustness {
namespace {

// Linear work at these sizes takes well under a second, even in sanitizer builds.
constexpr unsigned kDeadlineSeconds = 30;

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string in_chain(const std::string& rule) {
  return "table ip t {\n\tchain c {\n\t\t" + rule + "\n\t}\n}\n";
}

// Robust, and (when `accept` is set) accepted; run isolated.
std::string check_isolated(const std::string& input, bool must_accept = false) {
  return run_isolated(
      [&] {
        const Outcome o = check_text(input);
        if (!o.problem.empty()) return o.problem;
        if (must_accept && !o.accepted) return std::string("rejected a valid ruleset");
        return std::string();
      },
      kDeadlineSeconds);
}

TEST(LongLines, MegabyteComment) {
  const std::string input = "# " + std::string(1 << 20, 'x') + "\ntable ip t {\n}\n";
  EXPECT_EQ(check_isolated(input, true), "");
}

TEST(LongLines, MegabyteCommentWithoutNewlineAtEnd) {
  EXPECT_EQ(check_isolated("table ip t {\n}\n# " + std::string(1 << 20, 'x')), "");
}

TEST(LongLines, MegabyteIdentifier) {
  EXPECT_EQ(check_isolated("table ip " + std::string(1 << 20, 'a') + " {\n}\n"), "");
}

TEST(LongLines, MegabyteQuotedString) {
  EXPECT_EQ(check_isolated(in_chain("accept comment \"" + std::string(1 << 20, 'q') + "\"")), "");
}

TEST(LongLines, TenThousandStatementsInOneRule) {
  EXPECT_EQ(check_isolated(in_chain(repeat("counter ", 10000) + "accept")), "");
}

TEST(LongLines, TenThousandRulesOnOneLine) {
  EXPECT_EQ(check_isolated(in_chain(repeat("counter; ", 10000))), "");
}

TEST(LongLines, HundredThousandPartConcatenation) {
  // Each `.` must not copy the parts gathered so far (quadratic time).
  EXPECT_EQ(check_isolated(in_chain("ip saddr" + repeat(" . ip saddr", 100000) +
                                    " { 1.2.3.4 . 1.2.3.4 } accept")),
            "");
}

class Nesting : public ::testing::TestWithParam<size_t> {};

TEST_P(Nesting, SetLiteralBraces) {
  const size_t d = GetParam();
  EXPECT_EQ(check_isolated(
                in_chain("ip saddr " + repeat("{", d) + "1.2.3.4" + repeat("}", d) + " accept")),
            "");
}

TEST_P(Nesting, BlockBraces) {
  const size_t d = GetParam();
  EXPECT_EQ(check_isolated(repeat("{\n", d) + repeat("}\n", d)), "");
  EXPECT_EQ(check_isolated("table ip t {\n\tchain c {\n" + repeat("{\n", d) + repeat("}\n", d) +
                           "\t}\n}\n"),
            "");
}

TEST_P(Nesting, UnclosedBraces) {
  EXPECT_EQ(check_isolated("table ip t {\n\tchain c {\n\t\tip saddr " + repeat("{ ", GetParam())),
            "");
}

TEST_P(Nesting, Parentheses) {
  const size_t d = GetParam();
  EXPECT_EQ(check_isolated(
                in_chain("ip saddr " + repeat("(", d) + "1.2.3.4" + repeat(")", d) + " accept")),
            "");
}

// Binary operators build a left-deep tree, one level per operator.
TEST_P(Nesting, BinopChainInStatement) {
  EXPECT_EQ(check_isolated(in_chain("meta mark set meta mark" + repeat(" | 1", GetParam()))), "");
}

TEST_P(Nesting, BinopChainInMatch) {
  EXPECT_EQ(check_isolated(in_chain("ct mark" + repeat(" & 1", GetParam()) + " == 1 accept")), "");
}

TEST_P(Nesting, DefineChain) {
  const size_t d = GetParam();
  std::string input = "define v0 = 1.2.3.4\n";
  for (size_t i = 1; i < d; ++i) {
    input += "define v" + std::to_string(i) + " = $v" + std::to_string(i - 1) + "\n";
  }
  input += in_chain("ip saddr $v" + std::to_string(d - 1) + " accept");
  EXPECT_EQ(check_isolated(input), "");
}

// Jumps c0 -> c1 -> ... -> c(d-1): the loop detection walks this path (nft -c accepts it).
TEST_P(Nesting, JumpChain) {
  const size_t d = GetParam();
  std::string input = "table ip t {\n";
  for (size_t i = 0; i < d; ++i) {
    input += "\tchain c" + std::to_string(i) + " {\n";
    if (i + 1 < d) input += "\t\tjump c" + std::to_string(i + 1) + "\n";
    input += "\t}\n";
  }
  input += "}\n";
  EXPECT_EQ(check_isolated(input, true), "");
}

// nft's bison parser stops at 10,000 stack entries ("memory exhausted"); nftx must at least
// not crash, an order of magnitude beyond.
INSTANTIATE_TEST_SUITE_P(Depths, Nesting, ::testing::Values(100, 1000, 10000, 100000),
                         [](const auto& p) { return "Depth" + std::to_string(p.param); });

std::string ipv4(uint32_t n) {
  return std::to_string(10 + (n >> 24 & 0x3f)) + "." + std::to_string(n >> 16 & 0xff) + "." +
         std::to_string(n >> 8 & 0xff) + "." + std::to_string(n & 0xff);
}

std::string elements(size_t n, const std::function<std::string(size_t)>& one) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? ", " : "") + one(i);
  return out;
}

constexpr size_t kElements = 10000;

Outcome run_accepted(const std::string& input) {
  const Outcome o = check_text(input);
  EXPECT_EQ(o.problem, "");
  EXPECT_TRUE(o.accepted) << "a valid " << kElements << "-element ruleset was rejected";
  return o;
}

TEST(BigSets, NamedSet) {
  const std::string input =
      "table ip t {\n\tset s {\n\t\ttype ipv4_addr\n\t\telements = { " +
      elements(kElements, [](size_t i) { return ipv4(static_cast<uint32_t>(i)); }) +
      " }\n\t}\n\tchain c {\n\t\tip saddr @s drop\n\t}\n}\n";
  EXPECT_EQ(run_accepted(input).set_elements, kElements);
}

// The same set with one element per line: tells a per-line limit from a per-set one.
TEST(BigSets, NamedSetOneElementPerLine) {
  std::string list;
  for (size_t i = 0; i < kElements; ++i) {
    list += (i ? ",\n\t\t\t" : "") + ipv4(static_cast<uint32_t>(i));
  }
  const std::string input =
      "table ip t {\n\tset s {\n\t\ttype ipv4_addr\n\t\telements = { " + list + " }\n\t}\n}\n";
  EXPECT_EQ(run_accepted(input).set_elements, kElements);
}

TEST(BigSets, AnonymousSetInRule) {
  const std::string input =
      in_chain("tcp dport { " +
               elements(kElements, [](size_t i) { return std::to_string(1 + i); }) + " } accept");
  EXPECT_EQ(run_accepted(input).set_elements, kElements);
}

TEST(BigSets, Map) {
  const std::string input =
      "table ip t {\n\tmap m {\n\t\ttype ipv4_addr : mark\n\t\telements = { " +
      elements(
          kElements,
          [](size_t i) { return ipv4(static_cast<uint32_t>(i)) + " : " + std::to_string(i); }) +
      " }\n\t}\n}\n";
  EXPECT_EQ(run_accepted(input).set_elements, kElements);
}

TEST(BigSets, IntervalSet) {
  // Disjoint ranges 10.x.y.0-10.x.y.127: each becomes a start and an end element.
  const std::string input =
      "table ip t {\n\tset s {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { " +
      elements(kElements,
               [](size_t i) {
                 const auto n = static_cast<uint32_t>(i << 8);
                 return ipv4(n) + "-" + ipv4(n | 127);
               }) +
      " }\n\t}\n}\n";
  EXPECT_GE(run_accepted(input).set_elements, kElements);
}

TEST(BigSets, DuplicateElementsAreHandled) {
  const std::string input =
      in_chain("ip saddr { " + elements(kElements, [](size_t) { return std::string("1.2.3.4"); }) +
               " } accept");
  EXPECT_EQ(check_text(input).problem, "");
}

TEST(Unterminated, StringsCommentsAndBlocks) {
  const std::string inputs[] = {
      "\"",
      "'",
      "table ip \"t",
      "table ip t {\n\tchain c {\n\t\tiifname \"eth0",
      "table ip t {\n\tchain c {\n\t\tiifname \"eth0\n\t}\n}\n",
      "table ip t {\n\tchain c {\n\t\taccept comment \"never closed",
      "table ip t {\n\tchain c {\n\t\taccept comment \"spans\nlines\"\n\t}\n}\n",
      "define x = \"abc",
      "include \"abc",
      "include \"",
      "table ip t {\n\tset s {\n\t\ttype ipv4_addr\n\t\telements = { 1.2.3.4, ",
      "table ip t {\n\tset s {\n\t\ttype ipv4_addr\n\t\tcomment \"x",
      "table ip t {\n\tchain c {\n\t\tip saddr { 1.2.3.4, 5.6.7.8",
      "table ip t {",
      "table ip t {\n\tchain c {",
      "table ip t {\n\tchain c {\n\t\ttype filter hook input priority",
      "# only a comment, no newline",
      "table ip t {\n}\n# a comment at the very end, no newline",
      "add rule ip t c ip saddr 1.2.3.4 counter packets",
      "add element ip t s { ",
      "table ip t {\n\tchain c {\n\t\tip saddr $",
      "table ip t {\n\tchain c {\n\t\tip saddr @",
      "table ip t {\n\tchain c {\n\t\tjump",
      "\\",
      "table ip t {\n\tchain c {\n\t\tlog prefix \"\\",
  };
  for (const auto& input : inputs) {
    const Outcome o = check_text(input);
    EXPECT_EQ(o.problem, "") << excerpt(input);
  }
}

TEST(Unterminated, UnclosedBlockIsAnError) {
  const Outcome o = check_text("table ip t {\n\tchain c {\n");
  EXPECT_EQ(o.problem, "");
  EXPECT_FALSE(o.accepted);
  EXPECT_GE(o.errors, 1u);
}

}  // namespace
}  // namespace nftx::robustness
