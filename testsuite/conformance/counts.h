// SPDX-License-Identifier: GPL-2.0-or-later
// The numbers the conformance runner reports, per file, per tier and in total. Every metric is
// listed once in kMetrics so that the table, the JSON and the baseline agree on names.
#pragma once

#include <optional>
#include <string_view>

namespace nftx::conformance {

struct Counts {
  int files = 0;
  int disabled = 0;       // "- rule;ok" lines, not run
  int ok_cases = 0;       // (rule, table, chain) triples of `;ok` rules
  int ok_accepted = 0;    // ... that nftx compiled without errors
  int ok_exact = 0;       // ... whose payload matched the record exactly
  int ok_no_record = 0;   // ... for which the corpus has no payload record
  int listing_exact = 0;  // ... whose listing matched (secondary)
  int fail_cases = 0;     // (rule, table, chain) triples of `;fail` rules
  int fail_rejected = 0;  // ... for which nftx reported at least one error
  int setup_cases = 0;    // (`!`/`?`/`%` line, table) pairs
  int setup_passed = 0;   // ... accepted when `;ok`, rejected when `;fail`
  int crashes = 0;        // cases where the compiler threw

  Counts& operator+=(const Counts& other);
  std::optional<int> metric(std::string_view name) const;
};

struct MetricInfo {
  std::string_view name;
  int Counts::*member;
};

inline constexpr MetricInfo kMetrics[] = {
    {"files", &Counts::files},
    {"disabled", &Counts::disabled},
    {"ok_cases", &Counts::ok_cases},
    {"ok_accepted", &Counts::ok_accepted},
    {"ok_exact", &Counts::ok_exact},
    {"ok_no_record", &Counts::ok_no_record},
    {"listing_exact", &Counts::listing_exact},
    {"fail_cases", &Counts::fail_cases},
    {"fail_rejected", &Counts::fail_rejected},
    {"setup_cases", &Counts::setup_cases},
    {"setup_passed", &Counts::setup_passed},
    {"crashes", &Counts::crashes},
};

// Percentage of `part` in `whole` (0 when whole is 0).
double percent(int part, int whole);

}  // namespace nftx::conformance
