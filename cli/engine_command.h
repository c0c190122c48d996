// SPDX-License-Identifier: GPL-2.0-or-later
// `nftx engine -f RULESET --net SETUP --rx IF=in.pcap --tx IF=out.pcap`: runs the userspace
// gateway over pcap traffic and reports what it did (docs/engine.md, docs/cli.md).
#pragma once

#include <string>
#include <vector>

namespace nftx::cli {

// args: everything after `engine` on the command line. Returns the exit status.
int run_engine(const std::vector<std::string>& args);

}  // namespace nftx::cli
