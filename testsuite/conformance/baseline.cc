// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/baseline.h"

#include <charconv>

#include "testsuite/conformance/text_util.h"
#include "testsuite/conformance/tiers.h"

namespace nftx::conformance {
namespace {

bool known_tier(std::string_view tier) {
  if (tier == "total") return true;
  for (std::string_view t : kTierNames) {
    if (t == tier) return true;
  }
  return false;
}

Counts counts_of(const Summary& summary, const std::string& tier) {
  if (tier == "total") return summary.total();
  return summary.by_tier()[tier];
}

}  // namespace

Baseline parse_baseline(std::string_view text) {
  Baseline out;
  std::vector<std::string_view> lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = strip(lines[i]);
    if (line.empty() || line.starts_with("#")) continue;
    std::vector<std::string_view> f = split_ws(line);
    int value = 0;
    bool ok = f.size() == 3 && known_tier(f[0]) && Counts{}.metric(f[1]).has_value();
    if (ok) {
      auto [ptr, ec] = std::from_chars(f[2].data(), f[2].data() + f[2].size(), value);
      ok = ec == std::errc() && ptr == f[2].data() + f[2].size() && value >= 0;
    }
    if (!ok) {
      out.problems.push_back("line " + std::to_string(i + 1) + ": " + std::string(line));
      continue;
    }
    out.entries.push_back({std::string(f[0]), std::string(f[1]), value});
  }
  return out;
}

std::string write_baseline(const Summary& summary) {
  std::string out =
      "# nftx conformance baseline: <tier> <metric> <count>. nftx-conformance --check-baseline\n"
      "# fails when a count drops below these; regenerate with --write-baseline.\n";
  for (const auto& [tier, counts] : summary.by_tier()) {
    for (std::string_view metric : kBaselineMetrics) {
      out += tier + " " + std::string(metric) + " " +
             std::to_string(counts.metric(metric).value_or(0)) + "\n";
    }
  }
  return out;
}

std::vector<std::string> check_baseline(const Summary& summary, const Baseline& baseline) {
  std::vector<std::string> out;
  for (const BaselineEntry& e : baseline.entries) {
    int now = counts_of(summary, e.tier).metric(e.metric).value_or(0);
    if (now < e.value) {
      out.push_back("tier " + e.tier + " " + e.metric + ": " + std::to_string(now) +
                    " is below the baseline " + std::to_string(e.value));
    }
  }
  return out;
}

}  // namespace nftx::conformance
