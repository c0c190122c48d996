// SPDX-License-Identifier: GPL-2.0-or-later
// nftx-conformance: scores nftx against the nftables tests/py corpus (see case_runner.h for
// what a case is, and README.md). Exit codes: 0 done, 1 below the baseline, 2 bad input
// files, 77 corpus missing (ctest SKIP_RETURN_CODE).
#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "backends/netlink/debug_text.h"
#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"
#include "testsuite/conformance/baseline.h"
#include "testsuite/conformance/case_runner.h"
#include "testsuite/conformance/corpus_index.h"
#include "testsuite/conformance/report.h"
#include "testsuite/conformance/runner_args.h"
#include "testsuite/conformance/text_util.h"
#include "testsuite/conformance/tiers.h"

namespace nftx::conformance {
namespace {

constexpr int kExitRegressed = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitSkip = 77;

// The messages of the command under test. Our scripts put it last; when the compiler numbers
// commands differently we fall back to the highest command index in the batch.
uint32_t command_under_test(const ir::Batch& batch, uint32_t expected) {
  uint32_t highest = 0;
  for (const ir::Message& m : batch.messages) {
    if (m.command == expected) return expected;
    highest = std::max(highest, m.command);
  }
  return highest;
}

CompileOutcome compile_script(const Script& script) {
  CompileOutcome out;
  // The compiler promises not to throw; a throw is scored as a crash instead of ending the run.
  try {
    SourceManager sm;
    uint32_t file = sm.add("conformance.nft", script.text);
    Diagnostics diags;
    CompileOptions options;
    options.listing = raise::ListOptions{.stateless = true, .numeric_protocol = true};
    CompileResult result = compile(sm, file, options, diags);
    out.accepted = !diags.has_errors();
    if (!diags.empty()) out.diagnostics = render_text(sm, diags);
    if (out.accepted) {
      out.payload =
          netlink::debug_text(result.batch, command_under_test(result.batch, script.last_command));
      out.listing = result.listing;
    }
  } catch (const std::exception& e) {
    out = CompileOutcome{};
    out.crashed = true;
    out.diagnostics = std::string("exception: ") + e.what();
  } catch (...) {
    out = CompileOutcome{};
    out.crashed = true;
    out.diagnostics = "exception of unknown type";
  }
  return out;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream o(path, std::ios::binary);
  o << text;
  return static_cast<bool>(o);
}

std::string file_line(const std::string& path, const Counts& c) {
  return path + ": ok " + std::to_string(c.ok_exact) + "/" + std::to_string(c.ok_cases) +
         " payload, " + std::to_string(c.listing_exact) + " listing; fail " +
         std::to_string(c.fail_rejected) + "/" + std::to_string(c.fail_cases) + "; setup " +
         std::to_string(c.setup_passed) + "/" + std::to_string(c.setup_cases) + "\n";
}

int run(const RunnerArgs& args) {
  namespace fs = std::filesystem;
  fs::path corpus(args.corpus);
  if (!fs::is_directory(corpus)) {
    std::cout << "conformance: corpus not found at " << corpus.string() << ", skipping\n";
    return kExitSkip;
  }
  std::optional<std::string> tiers_text = read_text_file(args.tiers);
  if (!tiers_text) {
    std::cerr << "conformance: cannot read tiers file " << args.tiers << "\n";
    return kExitBadInput;
  }
  TierMap tiers = parse_tiers(*tiers_text);
  for (const std::string& p : tiers.problems) std::cerr << args.tiers << ": " << p << "\n";
  if (!tiers.problems.empty()) return kExitBadInput;

  std::optional<Baseline> baseline;
  if (!args.check_baseline.empty()) {
    std::optional<std::string> text = read_text_file(args.check_baseline);
    if (!text) {
      std::cerr << "conformance: cannot read baseline " << args.check_baseline << "\n";
      return kExitBadInput;
    }
    baseline = parse_baseline(*text);
    for (const std::string& p : baseline->problems)
      std::cerr << args.check_baseline << ": " << p << "\n";
    if (!baseline->problems.empty()) return kExitBadInput;
  }

  std::vector<std::string> files;
  if (args.files.empty()) files = list_test_files(corpus);
  for (const std::string& f : args.files) {
    std::optional<std::string> rel = resolve_test_file(corpus, f);
    if (!rel) {
      std::cerr << "conformance: " << f << " is not a .t file of the corpus\n";
      return kExitBadInput;
    }
    files.push_back(*rel);
  }

  Summary summary;
  for (const std::string& rel : files) {
    std::optional<std::string> text = read_text_file(corpus / rel);
    if (!text) {
      std::cerr << "conformance: cannot read " << rel << "\n";
      return kExitBadInput;
    }
    TestFile test = parse_test_file(*text);
    FileRun result = run_test_file(test, load_payloads(corpus / rel), compile_script);
    summary.files.push_back({rel, tiers.tier(rel), result.counts});
    if (!args.verbose) continue;
    for (const std::string& w : test.warnings) std::cout << rel << ": warning: " << w << "\n";
    for (const Mismatch& m : result.mismatches) std::cout << format_mismatch(rel, m);
    std::cout << file_line(rel, result.counts);
  }

  std::cout << render_table(summary);
  if (!args.json.empty() && !write_file(args.json, render_json(summary))) {
    std::cerr << "conformance: cannot write " << args.json << "\n";
    return kExitBadInput;
  }
  if (!args.write_baseline.empty() && !write_file(args.write_baseline, write_baseline(summary))) {
    std::cerr << "conformance: cannot write " << args.write_baseline << "\n";
    return kExitBadInput;
  }
  if (baseline) {
    std::vector<std::string> regressions = check_baseline(summary, *baseline);
    for (const std::string& r : regressions) std::cout << "conformance: regression: " << r << "\n";
    if (!regressions.empty()) return kExitRegressed;
  }
  return 0;
}

}  // namespace
}  // namespace nftx::conformance

int main(int argc, char** argv) {
  // nft-test.py runs with TZ=UTC-2; `meta time` payloads in the corpus depend on it.
  setenv("TZ", "UTC-2", 1);
  tzset();

  using nftx::conformance::RunnerArgs;
  RunnerArgs defaults;
  defaults.corpus = NFTX_CONFORMANCE_CORPUS;
  defaults.tiers = NFTX_CONFORMANCE_TIERS;
  std::string error;
  std::optional<RunnerArgs> args = nftx::conformance::parse_runner_args(
      std::vector<std::string>(argv + 1, argv + argc), defaults, error);
  if (!args) {
    std::cerr << "nftx-conformance: " << error << "\n" << nftx::conformance::kRunnerUsage;
    return nftx::conformance::kExitBadInput;
  }
  if (args->help) {
    std::cout << nftx::conformance::kRunnerUsage;
    return 0;
  }
  return nftx::conformance::run(*args);
}
