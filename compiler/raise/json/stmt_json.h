// SPDX-License-Identifier: GPL-2.0-or-later
// Raised statements in libnftables JSON (the stmt_ops json callbacks of json.c).
#pragma once

#include "compiler/raise/json/expr_json.h"
#include "compiler/raise/stmt.h"

namespace nftx::raise {

Json stmt_json(const Stmt& s, const JsonCtx& ctx);
// Statements attached to sets and dynamic set updates: always printed without their state.
Json stateless_stmts_json(const std::vector<StmtPtr>& stmts, const JsonCtx& ctx);

}  // namespace nftx::raise
