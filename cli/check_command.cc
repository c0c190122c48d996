// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/check_command.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "backends/netlink/debug_text.h"
#include "backends/netlink/decode/kernel_dump.h"
#include "cli/apply_command.h"
#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"
#include "compiler/raise/json/json.h"

namespace nftx::cli {
namespace {

bool read_input(const RunOptions& opts, SourceManager& sm, uint32_t& file) {
  if (!opts.file.empty()) {
    const bool stdin_input = opts.file == "-";
    std::ifstream in;
    if (!stdin_input) {
      in.open(opts.file, std::ios::binary);
      if (!in) {
        std::cerr << "Error: Could not process rule: No such file or directory\n"
                  << opts.file << "\n";
        return false;
      }
    }
    std::ostringstream ss;
    ss << (stdin_input ? std::cin.rdbuf() : in.rdbuf());
    file = sm.add(stdin_input ? "/dev/stdin" : opts.file, ss.str());
    return true;
  }
  std::string text;
  for (const auto& w : opts.words) text += (text.empty() ? "" : " ") + w;
  file = sm.add("<cmdline>", text + "\n", SourceKind::Buffer);
  return true;
}

void print_diagnostics(const RunOptions& opts, const SourceManager& sm, const Diagnostics& d) {
  switch (opts.format) {
    case DiagFormat::Text: std::cerr << render_text(sm, d); break;
    case DiagFormat::Json: std::cout << render_json(sm, d); break;
    case DiagFormat::Sarif: std::cout << render_sarif(sm, d); break;
    case DiagFormat::Github: std::cout << render_github(sm, d); break;
  }
}

}  // namespace

int run(const RunOptions& opts) {
  SourceManager sm;
  uint32_t file = 0;
  if (!read_input(opts, sm, file)) return 1;
  CompileOptions copts;
  // -I adds directories; the default (/etc) stays searched last, as nft does.
  copts.include_paths.insert(copts.include_paths.begin(), opts.include_paths.begin(),
                             opts.include_paths.end());
  copts.defines = opts.defines;
  if (opts.list) copts.listing = raise::ListOptions{};
  // An offline check that prints nothing but diagnostics needs no IR (lowering reports nothing).
  copts.want_batch = !opts.check || opts.kernel || opts.debug_netlink || opts.debug_mnl ||
                     opts.list || opts.json;
  // Applying (or validating in the kernel) starts from what the kernel holds, as nft's cache
  // does, so that commands may refer to tables, chains and sets the input does not declare.
  // Offline checks start from nothing. Without permission the dump fails; the apply then
  // reports the missing privileges.
  ir::Batch existing;
  if (!opts.check || opts.kernel) {
    try {
      netlink::decode::DumpRequest req;
      req.rules = false;
      req.named_set_elements = false;
      existing = netlink::decode::dump_ruleset(req);
      copts.existing = &existing;
    } catch (const std::exception&) {
    }
  }
  Diagnostics diags;
  CompileResult result = compile(sm, file, copts, diags);
  if (!diags.has_errors() && opts.debug_netlink) {
    std::cout << netlink::debug_text(result.batch);
  }
  if (!diags.has_errors() && opts.list) {
    if (opts.json) {
      std::cout << raise::list_ruleset_json(result.batch, raise::ListOptions{});
    } else {
      std::cout << result.listing;
    }
  }
  // Offline check (-c without --kernel) ends here; otherwise the kernel gets the batch.
  if (!diags.has_errors() && (!opts.check || opts.kernel)) apply_batch(result.batch, opts, diags);
  if (!diags.empty() || opts.format != DiagFormat::Text) print_diagnostics(opts, sm, diags);
  return diags.has_errors() ? 1 : 0;
}

}  // namespace nftx::cli
