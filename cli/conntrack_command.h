// SPDX-License-Identifier: GPL-2.0-or-later
// `nftx list conntrack [--offloaded] [-j] [filters]`: the conntrack table in `conntrack -L` form.
#pragma once

#include <string>
#include <vector>

#include "cli/check_command.h"

namespace nftx::cli {

// args: everything after `list conntrack` on the command line (its own options: --offloaded,
// filters, ...). opts carries the global options given before (e.g. -j). Returns the exit status.
int run_list_conntrack(const std::vector<std::string>& args, const RunOptions& opts);

}  // namespace nftx::cli
