// SPDX-License-Identifier: GPL-2.0-or-later
// Raised expressions in libnftables JSON (the expr_ops json callbacks of json.c), over the same
// tree the text listing prints, so that `-j` and the text agree.
#pragma once

#include "compiler/ir/ir.h"
#include "compiler/raise/expr.h"
#include "compiler/raise/json/json_dump.h"
#include "compiler/raise/value_print.h"

namespace nftx::raise {

struct JsonCtx {
  PrintCtx print;
  ir::Family family = ir::Family::Ip;  // the table's family (tproxy prints its own only in inet)
  bool relational = false;             // inside a match: fib prints its result, not "check"
  bool nft106 = false;                 // nft 1.0.6 flavour (json.h)
};

// A flag list: nft 1.0.6 prints a single item on its own.
Json flag_list_json(Json items, const JsonCtx& ctx);

Json expr_json(const Expr& e, const JsonCtx& ctx);
// A set's elements as the "elem" array of a set declaration.
Json set_items_json(const Expr& set, const JsonCtx& ctx);

}  // namespace nftx::raise
