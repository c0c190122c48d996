// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/listing_compare.h"

#include <algorithm>
#include <regex>

#include "testsuite/conformance/text_util.h"

namespace nftx::conformance {
namespace {

std::vector<std::string> sorted_elements(std::string_view inner) {
  std::string squeezed;
  for (char c : inner) {
    if (c != ' ') squeezed += c;
  }
  std::vector<std::string> out;
  for (std::string_view e : split(squeezed, ',')) out.emplace_back(e);
  std::sort(out.begin(), out.end());
  return out;
}

bool same_set_elements(std::string_view a, std::string_view b) {
  size_t open_a = a.find('{');
  size_t open_b = b.find('{');
  size_t close_a = a.find('}');
  size_t close_b = b.find('}');
  constexpr size_t npos = std::string_view::npos;
  if (open_a == npos || open_b == npos || close_a == npos || close_b == npos) return false;
  if (close_a < open_a || close_b < open_b) return false;
  if (a.substr(0, open_a) != b.substr(0, open_b)) return false;
  if (a.substr(close_a) != b.substr(close_b)) return false;
  return sorted_elements(a.substr(open_a + 1, close_a - open_a - 1)) ==
         sorted_elements(b.substr(open_b + 1, close_b - open_b - 1));
}

}  // namespace

std::optional<std::vector<std::string>> chain_rule_lines(std::string_view listing,
                                                         std::string_view family,
                                                         std::string_view table,
                                                         std::string_view chain) {
  std::string table_head = "table " + std::string(family) + " " + std::string(table) + " {";
  std::string chain_head = "chain " + std::string(chain) + " {";
  bool in_table = false;
  bool in_chain = false;
  std::vector<std::string> rules;
  for (std::string_view raw : split_lines(listing)) {
    std::string_view line = strip(raw);
    if (!in_table) {
      in_table = line == table_head;
      continue;
    }
    if (!in_chain) {
      if (line == chain_head) {
        in_chain = true;
      } else if (line == "}" && !raw.starts_with("\t")) {
        return std::nullopt;  // end of the table without the chain
      }
      continue;
    }
    if (line == "}") return rules;
    if (line.empty() || line.ends_with(";")) continue;
    rules.emplace_back(line);
  }
  return std::nullopt;
}

std::string make_stateless(std::string_view rule) {
  static const std::regex kCounter(R"(\bcounter packets \d+ bytes \d+)");
  static const std::regex kQuotaUsed(R"((\bquota (?:over )?\d+ \w+) used \d+ \w+)");
  static const std::regex kLastUsed(R"(\blast used [0-9a-z]+)");
  std::string s(rule);
  s = std::regex_replace(s, kCounter, "counter");
  s = std::regex_replace(s, kQuotaUsed, "$1");
  s = std::regex_replace(s, kLastUsed, "last");
  return s;
}

bool listing_matches(std::string_view rule_text, std::string_view expected, std::string_view got) {
  expected = rstrip(expected);
  got = rstrip(got);
  if (expected == got) return true;
  if (rule_text.find('{') == std::string_view::npos) return false;
  return same_set_elements(expected, got);
}

}  // namespace nftx::conformance
