// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/runner_args.h"

#include <string_view>

namespace nftx::conformance {
namespace {

// Options that take a value, and where the value goes.
struct ValueOption {
  std::string_view name;
  std::string RunnerArgs::*target;
};

constexpr ValueOption kValueOptions[] = {
    {"--corpus", &RunnerArgs::corpus},
    {"--tiers", &RunnerArgs::tiers},
    {"--json", &RunnerArgs::json},
    {"--check-baseline", &RunnerArgs::check_baseline},
    {"--write-baseline", &RunnerArgs::write_baseline},
};

}  // namespace

std::optional<RunnerArgs> parse_runner_args(const std::vector<std::string>& argv,
                                            const RunnerArgs& defaults, std::string& error) {
  RunnerArgs args = defaults;
  for (size_t i = 0; i < argv.size(); ++i) {
    std::string_view arg = argv[i];
    if (arg == "-v" || arg == "--verbose") {
      args.verbose = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      args.help = true;
      continue;
    }
    std::string_view name = arg.substr(0, arg.find('='));
    std::optional<std::string> value;
    if (name.size() < arg.size()) value = std::string(arg.substr(name.size() + 1));
    bool is_file = name == "--file";
    const ValueOption* option = nullptr;
    for (const ValueOption& o : kValueOptions) {
      if (o.name == name) option = &o;
    }
    if (!is_file && option == nullptr) {
      error = "unknown argument: " + std::string(arg);
      return std::nullopt;
    }
    if (!value) {
      if (i + 1 >= argv.size()) {
        error = std::string(name) + " needs a value";
        return std::nullopt;
      }
      value = argv[++i];
    }
    if (is_file) {
      args.files.push_back(*value);
    } else {
      args.*(option->target) = *value;
    }
  }
  return args;
}

}  // namespace nftx::conformance
