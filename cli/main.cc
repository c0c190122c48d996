// SPDX-License-Identifier: GPL-2.0-or-later
// Command-line options only; the work is done in cli/*_command.cc.
#include <CLI/CLI.hpp>

#include <iostream>
#include <string_view>

#include "cli/check_command.h"
#include "cli/conntrack_command.h"
#include "cli/engine_client.h"
#include "cli/engine_command.h"
#include "cli/list_command.h"

namespace {

// `nftx [opts] list conntrack ARGS...`: ARGS belong to the conntrack listing (its own options,
// e.g. --offloaded or conntrack-tools style filters), so they are split off before CLI11 sees
// them. Returns the index of the first ARG, or 0 when this is not a conntrack listing.
int conntrack_args_at(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string_view(argv[i]) == "list" && std::string_view(argv[i + 1]) == "conntrack") {
      return i + 2;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string_view(argv[1]) == "engine") {
    return nftx::cli::run_engine(std::vector<std::string>(argv + 2, argv + argc));
  }
  CLI::App app{"nftx: nftables-compatible ruleset compiler with a flowtable fast path"};
  nftx::cli::RunOptions opts;
  std::vector<std::string> debug;
  std::vector<std::string> defines;
  std::string format = "text";
  std::string engine_path;
  app.add_option("-f,--file", opts.file, "Read the ruleset from FILE ('-' for stdin)");
  app.add_flag("-c,--check", opts.check, "Check the ruleset without applying it (offline)");
  app.add_flag("--kernel", opts.kernel,
               "With -c: also let the running kernel validate the batch, then abort it");
  app.add_option("-d,--debug", debug, "Debug output: netlink, mnl, all")->delimiter(',');
  app.add_flag("--early-ingress-as-ingress", opts.early_ingress_as_ingress,
               "Load early_ingress flowtables into the kernel at hook ingress");
  app.add_flag("--list", opts.list, "Print the resulting ruleset as `nft list ruleset` would");
  app.add_flag("-j,--json", opts.json, "JSON output");
  app.add_flag("-a,--handle", opts.handles, "Output rule handles");
  app.add_flag("-e,--echo", opts.echo, "Echo what was added, with handles under -a (as nft -e)");
  app.add_flag("-s,--stateless", opts.stateless, "Omit stateful information (counters, quotas)");
  app.add_flag("-n,--numeric", opts.numeric, "Print fully numerical output");
  app.add_flag("-t,--terse", opts.terse, "Omit the contents of sets");
  app.add_flag("-y,--numeric-priority", opts.numeric_priority, "Print chain priorities as numbers");
  app.add_option("-I,--includepath", opts.include_paths, "Add a directory to the include path");
  app.add_option("-D,--define", defines, "Define variable NAME=VALUE");
  app.add_option("--format", format, "Diagnostics format: text, json, sarif, github")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  app.add_option("--engine", engine_path,
                 "Send list, -f and stop to the engine whose control socket is PATH");
  app.add_option("words", opts.words, "Command (e.g. list ruleset) or ruleset on the command line");

  const int ct_at = conntrack_args_at(argc, argv);
  std::vector<std::string> ct_args;
  if (ct_at > 0) {
    ct_args.assign(argv + ct_at, argv + argc);
    argc = ct_at;
  }
  CLI11_PARSE(app, argc, argv);
  for (const auto& d : debug) {
    if (d == "netlink" || d == "all") opts.debug_netlink = true;
    if (d == "mnl" || d == "all") opts.debug_mnl = true;
  }
  for (const auto& d : defines) {
    auto eq = d.find('=');
    if (eq == std::string::npos) {
      std::cerr << "Error: invalid define '" << d << "', use NAME=VALUE\n";
      return 1;
    }
    opts.defines.emplace_back(d.substr(0, eq), d.substr(eq + 1));
  }
  if (format == "json") opts.format = nftx::cli::DiagFormat::Json;
  if (format == "sarif") opts.format = nftx::cli::DiagFormat::Sarif;
  if (format == "github") opts.format = nftx::cli::DiagFormat::Github;
  if (!engine_path.empty()) {
    return nftx::cli::run_engine_client(engine_path, opts, ct_at > 0 ? &ct_args : nullptr);
  }
  if (opts.file.empty() && !opts.words.empty() && opts.words.front() == "list") {
    if (ct_at > 0) return nftx::cli::run_list_conntrack(ct_args, opts);
    return nftx::cli::run_list({opts.words.begin() + 1, opts.words.end()}, opts);
  }
  if (opts.file.empty() && opts.words.empty()) {
    std::cerr << app.help();
    return 1;
  }
  return nftx::cli::run(opts);
}
