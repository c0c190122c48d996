// SPDX-License-Identifier: GPL-2.0-or-later
// baseline.txt: the conformance floor. Lines "<tier> <metric> <count>" (tier A, B, C or total;
// metric any name of kMetrics), '#' comments. A run regresses when a count falls below it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "testsuite/conformance/report.h"

namespace nftx::conformance {

// What --write-baseline records for every tier.
inline constexpr std::string_view kBaselineMetrics[] = {"ok_exact", "fail_rejected"};

struct BaselineEntry {
  std::string tier;
  std::string metric;
  int value = 0;
};

struct Baseline {
  std::vector<BaselineEntry> entries;
  std::vector<std::string> problems;  // malformed lines, unknown tiers or metrics
};

Baseline parse_baseline(std::string_view text);
std::string write_baseline(const Summary& summary);
// One message per entry whose current count is below the baseline value.
std::vector<std::string> check_baseline(const Summary& summary, const Baseline& baseline);

}  // namespace nftx::conformance
