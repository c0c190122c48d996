// SPDX-License-Identifier: GPL-2.0-or-later
// Register operations back to statements (nft's netlink_parse_* in netlink_delinearize.c): every
// load puts an expression in its destination register, every consumer (cmp, lookup, set statements,
// nat ...) takes the expressions out of its source registers. The result is still raw (payload
// offsets, masks, dependencies); postprocess.h finishes it.
#pragma once

#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/raise/ruleset.h"
#include "compiler/raise/stmt.h"

namespace nftx::raise {

std::vector<StmtPtr> delinearize(const TableState& table, const std::vector<ir::Instr>& exprs);

// The statement for a stateful operation (counter, quota, limit, last, connlimit) as it appears in
// sets and elements; null for anything else.
StmtPtr stateful_stmt(const ir::Op& op);

// Keyed load expressions with the types nft's templates give them.
ExprPtr make_meta(uint32_t key);
ExprPtr make_ct(uint32_t key, int32_t dir);

}  // namespace nftx::raise
