// SPDX-License-Identifier: GPL-2.0-or-later
// JSON conformance of one `.t` file: every `;ok` rule runs once per (table, chain) like the
// payload runner (case_runner.h), with the setup lines accepted so far replayed in front, and
// the rule's JSON "expr" array as nftx lists it is compared with the corpus record, as
// nft-test.py does (objects compared without regard to key order). `;fail` lines are not run.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "testsuite/conformance/corpus_file.h"
#include "testsuite/conformance/counts.h"
#include "testsuite/conformance/json/json_records.h"
#include "testsuite/conformance/script_builder.h"

namespace nftx::conformance {

struct JsonOutcome {
  bool accepted = false;
  bool crashed = false;
  std::optional<nlohmann::json> exprs;  // the last rule of the chain, when accepted
  std::string diagnostics;
};

// `chain` is empty for setup commands.
using JsonCompileFn =
    std::function<JsonOutcome(const Script&, const TableSpec&, const std::string& chain)>;

struct JsonMismatch {
  int line = 0;
  std::string where;  // "ip test-ip4 input"
  std::string text;   // the rule
  std::string detail;
};

// Counts used: ok_cases, ok_accepted, ok_exact (JSON matched), ok_no_record, setup_cases,
// setup_passed, crashes, disabled, files.
struct JsonFileRun {
  Counts counts;
  std::vector<JsonMismatch> mismatches;
};

JsonFileRun run_json_file(const TestFile& file, const JsonRecords& input, const JsonRecords& output,
                          const JsonCompileFn& compile);

std::string format_json_mismatch(const std::string& path, const JsonMismatch& m);

}  // namespace nftx::conformance
