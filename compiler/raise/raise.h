// SPDX-License-Identifier: GPL-2.0-or-later
// The listing printer: what `nft list ruleset` (nft >= 1.1.4) prints once a batch is loaded. It
// reads only the IR, so the same code can print what a kernel dumps back.
#pragma once

#include <string>

#include "compiler/ir/ir.h"

namespace nftx::raise {

struct ListOptions {
  bool stateless = false;         // -s: no counter values, quota usage, ...
  bool numeric_protocol = false;  // -p: `ip protocol 6`, not `tcp`
  bool handles = false;           // -a: `# handle N`
  bool numeric_priority = false;  // -y: `priority 0`, not `priority filter`
};

std::string list_ruleset(const ir::Batch& batch, const ListOptions& opts);

}  // namespace nftx::raise
