// SPDX-License-Identifier: GPL-2.0-or-later
// `nftx --engine PATH ...`: the usual commands (list, -f, stop) sent to a running engine's
// control socket instead of the kernel; the engine's reply is printed as the command's own output.
#pragma once

#include <string>
#include <vector>

#include "cli/check_command.h"

namespace nftx::cli {

// `conntrack_args` holds the words after `list conntrack` (nullptr for other commands).
// Returns the exit status: the engine's, or 1 when no engine answers.
int run_engine_client(const std::string& path, const RunOptions& opts,
                      const std::vector<std::string>* conntrack_args);

}  // namespace nftx::cli
