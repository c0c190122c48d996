// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/tiers.h"

#include <algorithm>

#include "testsuite/conformance/text_util.h"

namespace nftx::conformance {

std::string TierMap::tier(std::string_view path) const {
  auto it = tier_of.find(path);
  return it == tier_of.end() ? std::string(kDefaultTier) : it->second;
}

TierMap parse_tiers(std::string_view text) {
  TierMap out;
  std::vector<std::string_view> lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = strip(lines[i]);
    if (line.empty() || line.starts_with("#")) continue;
    std::vector<std::string_view> f = split_ws(line);
    bool known = f.size() == 2 && std::find(std::begin(kTierNames), std::end(kTierNames), f[1]) !=
                                      std::end(kTierNames);
    if (!known) {
      out.problems.push_back("line " + std::to_string(i + 1) + ": " + std::string(line));
      continue;
    }
    auto [it, inserted] = out.tier_of.emplace(std::string(f[0]), std::string(f[1]));
    if (!inserted) {
      out.problems.push_back("line " + std::to_string(i + 1) + ": duplicate " + it->first);
    }
  }
  return out;
}

}  // namespace nftx::conformance
