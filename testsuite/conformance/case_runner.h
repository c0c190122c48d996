// SPDX-License-Identifier: GPL-2.0-or-later
// Runs every case of one `.t` file through a compiler callback and scores it. The callback keeps
// this file free of the compiler, so the whole scoring logic is unit-testable with a fake.
//
// Cases, following nft-test.py: each active rule line runs once per (table, chain) of the file;
// each `!`/`?`/`%` setup line runs once per table. Setup lines that are `;ok` and accepted join
// that table's state and are replayed in front of every later case; rejected or `;fail` ones
// do not (the kernel would not hold them either).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "testsuite/conformance/corpus_file.h"
#include "testsuite/conformance/counts.h"
#include "testsuite/conformance/payload_file.h"
#include "testsuite/conformance/script_builder.h"

namespace nftx::conformance {

struct CompileOutcome {
  bool accepted = false;    // no errors reported
  bool crashed = false;     // the compiler threw; `diagnostics` holds the message
  std::string payload;      // --debug=netlink text of the command under test (when accepted)
  std::string listing;      // `nft list ruleset` text (when accepted)
  std::string diagnostics;  // rendered diagnostics, for --verbose
};

using CompileFn = std::function<CompileOutcome(const Script&)>;

enum class MismatchKind {
  Payload,       // ok rule compiled, payload differs from the record
  NoRecord,      // ok rule compiled, the corpus has no payload record for it
  OkRejected,    // ok rule reported errors
  FailAccepted,  // fail rule compiled without errors
  Listing,       // ok rule compiled, listing differs (secondary)
  Setup,         // a setup line had the wrong outcome
  Crash,         // the compiler threw
};

std::string_view to_string(MismatchKind kind);

struct Mismatch {
  MismatchKind kind = MismatchKind::Payload;
  int line = 0;
  std::string where;   // "ip test-ip4 input" (chain omitted for setup lines)
  std::string text;    // the corpus line's rule/setup text
  std::string detail;  // diff or explanation
  std::string diagnostics;
  std::string script;
};

struct FileRun {
  Counts counts;
  std::vector<Mismatch> mismatches;
};

FileRun run_test_file(const TestFile& file, const PayloadSet& payloads, const CompileFn& compile);

// "path:line: kind [where] text" followed by the detail and diagnostics, indented.
std::string format_mismatch(std::string_view path, const Mismatch& m);

}  // namespace nftx::conformance
