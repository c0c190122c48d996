// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/payload_compare.h"

#include <algorithm>

#include "testsuite/conformance/text_util.h"

namespace nftx::conformance {
namespace {

// Items that are in `a` but not in `b`, both sorted (multiset difference).
std::vector<std::string> multiset_minus(const std::vector<std::string>& a,
                                        const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// libnftnl separates the items of one element line with tabs, but some corpus records were
// edited by hand and use spaces, so items are cut at each word "element" instead, and runs of
// whitespace inside an item are collapsed.
std::vector<std::string> split_elements(std::string_view line) {
  std::vector<std::string> out;
  for (std::string_view word : split_ws(line)) {
    if (word == "element") {
      out.emplace_back("element");
    } else if (!out.empty()) {
      out.back() += " " + std::string(word);
    }
  }
  return out;
}

}  // namespace

PayloadView make_payload_view(const std::vector<std::string>& lines) {
  PayloadView v;
  for (const std::string& raw : lines) {
    std::string line = normalize_anon_names(rstrip(raw));
    if (line.starts_with("  [")) {
      v.instructions.push_back(std::move(line));
      continue;
    }
    if (!strip(line).starts_with("element ")) continue;
    for (std::string& item : split_elements(line)) v.elements.push_back(std::move(item));
  }
  std::sort(v.elements.begin(), v.elements.end());
  return v;
}

PayloadView make_payload_view(std::string_view text) {
  std::vector<std::string> lines;
  for (std::string_view l : split_lines(text)) lines.emplace_back(l);
  return make_payload_view(lines);
}

std::string line_diff(const std::vector<std::string>& expected,
                      const std::vector<std::string>& got) {
  size_t n = expected.size();
  size_t m = got.size();
  // lcs[i][j]: length of the LCS of expected[i..] and got[j..].
  std::vector<std::vector<size_t>> lcs(n + 1, std::vector<size_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] =
          expected[i] == got[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::string out;
  size_t i = 0;
  size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] == got[j]) {
      out += "  " + expected[i++] + "\n";
      ++j;
    } else if (j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
      out += "- " + expected[i++] + "\n";
    } else {
      out += "+ " + got[j++] + "\n";
    }
  }
  return out;
}

std::string payload_diff(const PayloadView& expected, const PayloadView& got) {
  if (expected == got) return {};
  std::string out;
  if (expected.instructions != got.instructions) {
    out += line_diff(expected.instructions, got.instructions);
  }
  for (const std::string& e : multiset_minus(expected.elements, got.elements)) {
    out += "- element item: " + e + "\n";
  }
  for (const std::string& e : multiset_minus(got.elements, expected.elements)) {
    out += "+ element item: " + e + "\n";
  }
  return out;
}

}  // namespace nftx::conformance
