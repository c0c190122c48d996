// SPDX-License-Identifier: GPL-2.0-or-later
// tiers.txt: which corpus files nftx is expected to pass first. One "<path> <tier>" pair per
// line, '#' comments; every file that is not listed is tier C.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace nftx::conformance {

inline constexpr std::string_view kDefaultTier = "C";
inline constexpr std::string_view kTierNames[] = {"A", "B", "C"};

struct TierMap {
  std::map<std::string, std::string, std::less<>> tier_of;  // "ip/ip.t" -> "A"
  std::vector<std::string> problems;                        // malformed lines

  std::string tier(std::string_view path) const;
};

TierMap parse_tiers(std::string_view text);

}  // namespace nftx::conformance
