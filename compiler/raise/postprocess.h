// SPDX-License-Identifier: GPL-2.0-or-later
// Turns raw statements into the ones nft lists (rule_parse_postprocess): names payload loads after
// the protocols the rule established, splits merged loads, folds masks into fields, prefixes and
// flag lists, types constants, and removes the dependency matches nft adds itself.
#pragma once

#include <vector>

#include "compiler/raise/ruleset.h"
#include "compiler/raise/stmt.h"

namespace nftx::raise {

std::vector<StmtPtr> postprocess(const TableState& table, std::vector<StmtPtr> stmts);

}  // namespace nftx::raise
