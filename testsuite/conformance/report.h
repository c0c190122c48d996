// SPDX-License-Identifier: GPL-2.0-or-later
// Aggregation of per-file counts into tiers and the two output forms: a text table for people
// and a JSON document for tools.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "testsuite/conformance/counts.h"

namespace nftx::conformance {

struct FileSummary {
  std::string path;  // relative to the corpus, e.g. "ip/sets.t"
  std::string tier;
  Counts counts;
};

struct Summary {
  std::vector<FileSummary> files;

  std::map<std::string, Counts> by_tier() const;  // always holds A, B and C
  Counts total() const;
};

// One row per tier plus a total row: files, ok cases, payload exact (and %), fail cases,
// rejected (and %), listing exact (and % of ok cases), setup lines passed, crashes.
std::string render_table(const Summary& summary);

// {"tiers": {"A": {metric: n, ...}, ...}, "total": {...}, "files": {"ip/ip.t": {"tier": "A", ...}}}
std::string render_json(const Summary& summary);

}  // namespace nftx::conformance
