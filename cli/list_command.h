// SPDX-License-Identifier: GPL-2.0-or-later
// `nftx list ruleset|tables|table|chain|chains|sets|set|maps|map|flowtables|flowtable|counters|
// quotas ...`: dump the kernel's ruleset, decode it into IR and print it as `nft list` does.
#pragma once

#include <string>
#include <vector>

#include "cli/check_command.h"

namespace nftx::cli {

// words: the command words after `list` (e.g. {"table", "inet", "fw"}). Uses opts.handles,
// stateless, numeric, terse, numeric_priority, json. Returns the exit status (0 ok, 1 error).
int run_list(const std::vector<std::string>& words, const RunOptions& opts);

}  // namespace nftx::cli
