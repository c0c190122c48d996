// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/conntrack_command.h"

#include <ctime>
#include <iostream>

#include "backends/netlink/conntrack/conntrack_args.h"
#include "backends/netlink/conntrack/conntrack_filter.h"
#include "backends/netlink/conntrack/conntrack_json.h"
#include "backends/netlink/conntrack/conntrack_text.h"
#include "backends/netlink/conntrack/ctnetlink_dump.h"

namespace nftx::cli {

int run_list_conntrack(const std::vector<std::string>& args, const RunOptions& opts) {
  namespace ct = nftx::conntrack;
  const ct::ArgsResult parsed = ct::parse_list_args(args);
  if (!parsed.request) {
    std::cerr << "Error: " << parsed.error << "\n" << ct::list_args_help();
    return 1;
  }
  const ct::ListRequest& req = *parsed.request;
  if (req.help) {
    std::cout << ct::list_args_help();
    return 0;
  }

  // The family filter also narrows the kernel's dump; the model filter below is authoritative.
  ct::DumpResult dump = ct::dump_kernel_conntrack(req.filter.family.value_or(0));
  for (const auto& w : dump.warnings)
    std::cerr << "Warning: skipped conntrack entry: " << w << "\n";
  if (!dump.error.empty()) {
    std::cerr << "Error: " << dump.error << "\n";
    return 1;
  }
  std::vector<ct::ConntrackEntry> shown;
  for (auto& e : dump.entries) {
    if (ct::filter_matches(req.filter, e)) shown.push_back(std::move(e));
  }

  if (opts.json || req.json) {
    std::cout << ct::table_to_json(shown).dump() << "\n";
  } else {
    ct::TextOptions text;
    text.show_layer3 = req.extended;
    text.show_id = req.show_id;
    text.now_sec = static_cast<int64_t>(std::time(nullptr));
    for (const auto& e : shown) std::cout << ct::format_conntrack_line(e, text) << "\n";
  }
  std::cout.flush();
  std::cerr << ct::conntrack_summary_line(shown.size()) << "\n";
  return 0;
}

}  // namespace nftx::cli
