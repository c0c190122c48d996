// SPDX-License-Identifier: GPL-2.0-or-later
// Constants in libnftables JSON (datatype_json and the types' json callbacks): numbers for
// integers, ports, marks and times, strings for addresses and symbolic names, booleans for the
// boolean type.
#pragma once

#include "compiler/raise/expr.h"
#include "compiler/raise/json/json_dump.h"
#include "compiler/raise/value_print.h"

namespace nftx::raise {

// `icmp_code_names`: nft 1.0.6 names icmp codes (`port-unreachable`), 1.1 prints numbers.
Json value_json(const Expr& value, const PrintCtx& ctx, bool icmp_code_names = false);
Json verdict_json(const ir::Verdict& v);

}  // namespace nftx::raise
