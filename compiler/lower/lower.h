// SPDX-License-Identifier: GPL-2.0-or-later
// lower: checked model -> IR batch. Allocates registers the way nft's linearizer does (32-bit
// units from NFT_REG_1 per statement, 128-bit registers for NAT operands), expands
// expressions into load/bitwise/byteorder/lookup operations, and orders the messages
// (anonymous sets before the rule that uses them).
#pragma once

#include "compiler/ir/ir.h"
#include "compiler/sema/model.h"

namespace nftx::lower {

ir::Batch lower(const checked::Ruleset& rs);
ir::Rule lower_rule(const checked::Rule& rule);
// Appends the messages of one checked command to `batch`, taking its objects (large element
// lists are moved, not copied). lower(rs) is this for every command in order.
void lower_command(checked::Command&& cmd, ir::Batch& batch);

}  // namespace nftx::lower
