// SPDX-License-Identifier: GPL-2.0-or-later
// nftx-conformance-json: scores nftx's JSON listing (`-j`) against the *.t.json records of the
// nftables tests/py corpus. Exit codes: 0 done, 1 below the baseline, 2 bad input, 77 corpus
// missing (ctest SKIP_RETURN_CODE).
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"
#include "compiler/raise/json/json.h"
#include "testsuite/conformance/baseline.h"
#include "testsuite/conformance/corpus_index.h"
#include "testsuite/conformance/json/json_case_runner.h"
#include "testsuite/conformance/report.h"
#include "testsuite/conformance/runner_args.h"
#include "testsuite/conformance/text_util.h"
#include "testsuite/conformance/tiers.h"

namespace nftx::conformance {
namespace {

constexpr int kExitRegressed = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitSkip = 77;

constexpr const char* kUsage =
    "Usage: nftx-conformance-json [options]\n"
    "Scores nftx's JSON listing against the *.t.json files of the nftables tests/py corpus.\n"
    "  --corpus DIR            corpus directory\n"
    "  --tiers FILE            tier file (\"path tier\" per line, unlisted files are C)\n"
    "  --file PATH             only this .t file; repeatable\n"
    "  -v, --verbose           print every mismatch\n"
    "  --check-baseline FILE   exit 1 when a tier's matched count falls below the baseline\n"
    "  --write-baseline FILE   write the current counts as a baseline\n";

std::optional<ir::Family> family_of(const std::string& name) {
  if (name == "ip") return ir::Family::Ip;
  if (name == "ip6") return ir::Family::Ip6;
  if (name == "inet") return ir::Family::Inet;
  if (name == "arp") return ir::Family::Arp;
  if (name == "bridge") return ir::Family::Bridge;
  if (name == "netdev") return ir::Family::Netdev;
  return std::nullopt;
}

JsonOutcome compile_case(const Script& script, const TableSpec& table, const std::string& chain) {
  JsonOutcome out;
  try {
    SourceManager sm;
    const uint32_t file = sm.add("conformance.nft", script.text);
    Diagnostics diags;
    CompileResult result = compile(sm, file, CompileOptions{}, diags);
    out.accepted = !diags.has_errors();
    if (!out.accepted || chain.empty()) return out;
    std::optional<ir::Family> family = family_of(table.family);
    if (!family) return out;
    // nft-test.py lists with -s -p: no counter values, protocols as numbers.
    const raise::ListOptions opts{.stateless = true, .numeric_protocol = true};
    std::vector<raise::Json> rules =
        raise::chain_rule_exprs_json(result.batch, *family, table.name, chain, opts);
    if (!rules.empty()) out.exprs = nlohmann::json::parse(raise::dump_json(rules.back()));
  } catch (const std::exception& e) {
    out = JsonOutcome{};
    out.crashed = true;
    out.diagnostics = e.what();
  }
  return out;
}

std::string row(const std::string& name, const Counts& c) {
  char buf[160];
  const int recorded = c.ok_accepted - c.ok_no_record;
  std::snprintf(buf, sizeof buf, "%-6s %5d %8d %8d %8d %8d %6.1f%% %7d\n", name.c_str(), c.files,
                c.ok_cases, c.ok_accepted, recorded, c.ok_exact, percent(c.ok_exact, recorded),
                c.crashes);
  return buf;
}

std::string render(const Summary& s) {
  std::string out = "tier   files  ok-case accepted recorded  matched      %  crashes\n";
  for (const auto& [tier, counts] : s.by_tier()) out += row(tier, counts);
  return out + row("total", s.total());
}

std::string baseline_text(const Summary& s) {
  std::string out =
      "# nftx JSON conformance baseline: <tier> ok_exact <count> (rules whose JSON matched).\n"
      "# nftx-conformance-json --check-baseline fails below these; regenerate with "
      "--write-baseline.\n";
  for (const auto& [tier, counts] : s.by_tier()) {
    out += tier + " ok_exact " + std::to_string(counts.ok_exact) + "\n";
  }
  return out;
}

std::optional<JsonRecords> load_records(const std::filesystem::path& path) {
  std::optional<std::string> text = read_text_file(path);
  if (!text) return std::nullopt;
  return parse_json_records(*text);
}

int run(const RunnerArgs& args) {
  namespace fs = std::filesystem;
  const fs::path corpus(args.corpus);
  if (!fs::is_directory(corpus)) {
    std::cout << "conformance-json: corpus not found at " << corpus.string() << ", skipping\n";
    return kExitSkip;
  }
  std::optional<std::string> tiers_text = read_text_file(args.tiers);
  if (!tiers_text) {
    std::cerr << "conformance-json: cannot read tiers file " << args.tiers << "\n";
    return kExitBadInput;
  }
  const TierMap tiers = parse_tiers(*tiers_text);
  std::optional<Baseline> baseline;
  if (!args.check_baseline.empty()) {
    std::optional<std::string> text = read_text_file(args.check_baseline);
    if (!text) {
      std::cerr << "conformance-json: cannot read baseline " << args.check_baseline << "\n";
      return kExitBadInput;
    }
    baseline = parse_baseline(*text);
    if (!baseline->problems.empty()) return kExitBadInput;
  }
  std::vector<std::string> files;
  if (args.files.empty()) files = list_test_files(corpus);
  for (const std::string& f : args.files) {
    std::optional<std::string> rel = resolve_test_file(corpus, f);
    if (!rel) {
      std::cerr << "conformance-json: " << f << " is not a .t file of the corpus\n";
      return kExitBadInput;
    }
    files.push_back(*rel);
  }

  Summary summary;
  for (const std::string& rel : files) {
    std::optional<JsonRecords> input = load_records(corpus / (rel + ".json"));
    if (!input) continue;  // files without JSON records are not part of this score
    JsonRecords output = load_records(corpus / (rel + ".json.output")).value_or(JsonRecords{});
    std::optional<std::string> text = read_text_file(corpus / rel);
    if (!text) {
      std::cerr << "conformance-json: cannot read " << rel << "\n";
      return kExitBadInput;
    }
    JsonFileRun result = run_json_file(parse_test_file(*text), *input, output, compile_case);
    summary.files.push_back({rel, tiers.tier(rel), result.counts});
    if (!args.verbose) continue;
    for (const JsonMismatch& m : result.mismatches) std::cout << format_json_mismatch(rel, m);
    const Counts& c = result.counts;
    std::cout << rel << ": json " << c.ok_exact << "/" << (c.ok_accepted - c.ok_no_record)
              << " matched\n";
  }
  std::cout << render(summary);
  if (!args.write_baseline.empty()) {
    std::ofstream o(args.write_baseline, std::ios::binary);
    o << baseline_text(summary);
    if (!o) return kExitBadInput;
  }
  if (baseline) {
    std::vector<std::string> regressions = check_baseline(summary, *baseline);
    for (const std::string& r : regressions)
      std::cout << "conformance-json: regression: " << r << "\n";
    if (!regressions.empty()) return kExitRegressed;
  }
  return 0;
}

}  // namespace
}  // namespace nftx::conformance

int main(int argc, char** argv) {
  // nft-test.py runs with TZ=UTC-2; `meta time` values in the corpus depend on it.
  setenv("TZ", "UTC-2", 1);
  tzset();
  nftx::conformance::RunnerArgs defaults;
  defaults.corpus = NFTX_CONFORMANCE_CORPUS;
  defaults.tiers = NFTX_CONFORMANCE_TIERS;
  std::string error;
  std::optional<nftx::conformance::RunnerArgs> args = nftx::conformance::parse_runner_args(
      std::vector<std::string>(argv + 1, argv + argc), defaults, error);
  if (!args) {
    std::cerr << "nftx-conformance-json: " << error << "\n" << nftx::conformance::kUsage;
    return nftx::conformance::kExitBadInput;
  }
  if (args->help) {
    std::cout << nftx::conformance::kUsage;
    return 0;
  }
  return nftx::conformance::run(*args);
}
