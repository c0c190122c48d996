// SPDX-License-Identifier: GPL-2.0-or-later
// Input that is not a ruleset at all: random bytes, NUL bytes, random keyword soup. The seeds
// are fixed (std::mt19937's output is specified by the standard), so a failure reproduces.
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <string_view>

#include "testsuite/unit/robustness/robust_check.h"
#include "testsuite/unit/robustness/sample_rulesets.h"

namespace nftx::robustness {
namespace {

// Raw engine output only: the std distributions differ between standard libraries.
std::string random_bytes(std::mt19937& rng, size_t size) {
  std::string out(size, '\0');
  for (auto& c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

TEST(Garbage, RandomBytes) {
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    std::mt19937 rng(seed);
    const std::string input = random_bytes(rng, 1 + rng() % 2048);
    const Outcome o = check_text(input);
    ASSERT_EQ(o.problem, "") << "seed " << seed << ": " << excerpt(input);
    // A leading '#' with no newline after it makes the whole input one comment: valid.
    if (input[0] != '#') {
      EXPECT_FALSE(o.accepted) << "seed " << seed << ": " << excerpt(input);
    }
  }
}

// Printable garbage gets further into the lexer than arbitrary bytes.
TEST(Garbage, RandomPrintable) {
  static constexpr std::string_view kAlphabet =
      "abcdefghijklmnopqrstuvwxyz0123456789 \t\n{}[]()<>;:,./-_\"'#$@*!=&|^~\\";
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    std::mt19937 rng(seed);
    std::string input(1 + rng() % 1024, ' ');
    for (auto& c : input) c = kAlphabet[rng() % kAlphabet.size()];
    const Outcome o = check_text(input);
    ASSERT_EQ(o.problem, "") << "seed " << seed << ": " << excerpt(input);
  }
}

// Real words in random order reach the parser's and the checker's error paths.
TEST(Garbage, KeywordSoup) {
  static constexpr std::array<std::string_view, 64> kWords = {
      "table",   "chain",    "set",    "map",    "rule",   "add",      "delete",   "flush",
      "insert",  "ip",       "ip6",    "inet",   "bridge", "netdev",   "arp",      "type",
      "hook",    "priority", "policy", "filter", "nat",    "input",    "output",   "forward",
      "accept",  "drop",     "jump",   "goto",   "return", "counter",  "log",      "prefix",
      "limit",   "rate",     "quota",  "ct",     "state",  "meta",     "mark",     "saddr",
      "daddr",   "tcp",      "udp",    "dport",  "sport",  "elements", "flags",    "interval",
      "timeout", "define",   "$x",     "@s",     "{",      "}",        ";",        "\n",
      ":",       ",",        ".",      "-",      "/",      "1",        "10.0.0.1", "\"eth0\""};
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    std::mt19937 rng(seed);
    std::string input;
    const size_t words = 1 + rng() % 120;
    for (size_t i = 0; i < words; ++i) {
      input += kWords[rng() % kWords.size()];
      input += ' ';
    }
    const Outcome o = check_text(input);
    ASSERT_EQ(o.problem, "") << "seed " << seed << ": " << excerpt(input, 400);
  }
}

TEST(Garbage, OnlyNulBytes) {
  for (size_t size : {1, 2, 100, 65536}) {
    const Outcome o = check_text(std::string(size, '\0'));
    ASSERT_EQ(o.problem, "") << size << " NUL bytes";
    EXPECT_FALSE(o.accepted) << size << " NUL bytes";
  }
}

// A NUL byte placed in a valid ruleset, at every 7th position (the lexer must not stop at it
// as if it were the end of a C string, nor read past it).
TEST(Garbage, NulInsideValidRuleset) {
  const std::string_view text = kSamples[0];
  for (size_t pos = 0; pos < text.size(); pos += 7) {
    std::string input(text);
    input.insert(pos, 1, '\0');
    const Outcome o = check_text(input);
    ASSERT_EQ(o.problem, "") << "NUL at byte " << pos;
  }
}

// Bytes that UTF-8 and C-string handling trip over, inside names, strings and comments.
TEST(Garbage, HighBytesInNamesStringsAndComments) {
  const std::string bad = std::string("\xff\xfe\xc3\x28\x80\x00\x01\x7f", 8);
  const std::string inputs[] = {
      "table ip t" + bad + " {\n}\n",
      "table ip t {\n\tchain c {\n\t\tiifname \"" + bad + "\" accept\n\t}\n}\n",
      "# comment " + bad + "\ntable ip t {\n}\n",
      "table ip t {\n\tchain c {\n\t\taccept comment \"" + bad + "\"\n\t}\n}\n",
      "define x = " + bad + "\n",
  };
  for (const auto& input : inputs) {
    const Outcome o = check_text(input);
    ASSERT_EQ(o.problem, "") << excerpt(input);
  }
}

}  // namespace
}  // namespace nftx::robustness
