// SPDX-License-Identifier: GPL-2.0-or-later
// Statements as nft prints them (the stmt_ops print functions of statement.c and friends).
#pragma once

#include <string>

#include "compiler/raise/stmt.h"
#include "compiler/raise/value_print.h"

namespace nftx::raise {

std::string print_stmt(const Stmt& s, const PrintCtx& ctx);
// "kbytes" etc. for byte counts that divide evenly (get_rate).
std::string rate_string(uint64_t bytes);
std::string time_unit_string(uint64_t seconds);
// Named object type names (objref_type_name): counter, quota, ct helper, limit ...
std::string object_type_name(uint32_t type);

}  // namespace nftx::raise
