// SPDX-License-Identifier: GPL-2.0-or-later
// What of a `--debug=netlink` text is compared: the expression lines ("  [ ... ]") in order, and
// the anonymous-set element items as a multiset (nft may emit them in any order and libnftnl
// prints several per line). Table/chain/set header lines are ignored, like nft-test.py does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nftx::conformance {

struct PayloadView {
  std::vector<std::string> instructions;  // "  [ ... ]" lines, right-stripped
  std::vector<std::string> elements;      // "element ..." items, whitespace collapsed, sorted

  friend bool operator==(const PayloadView&, const PayloadView&) = default;
};

// Anonymous set names (`__set3`, `__map0`) are normalized to nft's `__set%d` spelling.
PayloadView make_payload_view(const std::vector<std::string>& lines);
PayloadView make_payload_view(std::string_view text);

// Unified-ish diff of the two views: "  " common, "- " expected only, "+ " got only; then the
// element items that are missing or extra. Empty when the views are equal.
std::string payload_diff(const PayloadView& expected, const PayloadView& got);

// Line diff of two sequences with the same markers (longest common subsequence).
std::string line_diff(const std::vector<std::string>& expected,
                      const std::vector<std::string>& got);

}  // namespace nftx::conformance
