// SPDX-License-Identifier: GPL-2.0-or-later
// Command-line options only; the work is done in cli/*_command.cc.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/check_command.h"

int main(int argc, char** argv) {
  CLI::App app{"nftx: nftables-compatible ruleset compiler with a flowtable fast path"};
  nftx::cli::RunOptions opts;
  std::vector<std::string> debug;
  std::vector<std::string> defines;
  std::string format = "text";
  app.add_option("-f,--file", opts.file, "Read the ruleset from FILE ('-' for stdin)");
  app.add_flag("-c,--check", opts.check, "Check the ruleset without applying it (offline)");
  app.add_option("-d,--debug", debug, "Debug output: netlink")->delimiter(',');
  app.add_flag("--list", opts.list, "Print the resulting ruleset as `nft list ruleset` would");
  app.add_flag("-j,--json", opts.json, "JSON output");
  app.add_option("-I,--includepath", opts.include_paths, "Add a directory to the include path");
  app.add_option("-D,--define", defines, "Define variable NAME=VALUE");
  app.add_option("--format", format, "Diagnostics format: text, json, sarif, github")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  app.add_option("words", opts.words, "Ruleset given on the command line");
  CLI11_PARSE(app, argc, argv);
  for (const auto& d : debug) {
    if (d == "netlink" || d == "all") opts.debug_netlink = true;
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
  if (opts.file.empty() && opts.words.empty()) {
    std::cerr << app.help();
    return 1;
  }
  return nftx::cli::run(opts);
}
