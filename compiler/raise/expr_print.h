// SPDX-License-Identifier: GPL-2.0-or-later
// Expressions as nft prints them (the expr_ops print functions).
#pragma once

#include <string>

#include "compiler/raise/expr.h"
#include "compiler/raise/value_print.h"

namespace nftx::raise {

std::string print_expr(const Expr& e, const PrintCtx& ctx);
// nft's operator text (expr_op_symbols): "&", "==", "hton", ...; empty for Implicit/Invalid.
std::string op_symbol(Op op);
// A set's elements between braces, one line style (anonymous sets in rules).
std::string print_set_items(const Expr& set, const PrintCtx& ctx);

}  // namespace nftx::raise
