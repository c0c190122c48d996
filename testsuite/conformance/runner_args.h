// SPDX-License-Identifier: GPL-2.0-or-later
// Command line of nftx-conformance. Parsed by hand: the options are few, and CLI11's inlined
// string code trips GCC 12's -Wnull-dereference at -O2 (a false positive we cannot silence
// in a system header).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace nftx::conformance {

struct RunnerArgs {
  std::string corpus;
  std::string tiers;
  std::vector<std::string> files;  // --file, repeatable
  bool verbose = false;
  bool help = false;
  std::string json;
  std::string check_baseline;
  std::string write_baseline;
};

inline constexpr const char* kRunnerUsage =
    "Usage: nftx-conformance [options]\n"
    "Scores nftx against the nftables tests/py corpus.\n"
    "  --corpus DIR            corpus directory\n"
    "  --tiers FILE            tier file (\"path tier\" per line, unlisted files are C)\n"
    "  --file PATH             only this .t file (corpus-relative or a path); repeatable\n"
    "  -v, --verbose           print every mismatch with a diff and the nftx diagnostics\n"
    "  --json FILE             write the counts as JSON\n"
    "  --check-baseline FILE   exit 1 when a count falls below the baseline\n"
    "  --write-baseline FILE   write the current counts as a baseline\n"
    "  -h, --help              this text\n"
    "Exit codes: 0 done, 1 below the baseline, 2 bad arguments or input, 77 no corpus.\n";

// `defaults` supplies corpus and tiers. Accepts "--opt value" and "--opt=value". On error,
// returns nullopt and sets `error`.
std::optional<RunnerArgs> parse_runner_args(const std::vector<std::string>& argv,
                                            const RunnerArgs& defaults, std::string& error);

}  // namespace nftx::conformance
