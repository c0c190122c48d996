// SPDX-License-Identifier: GPL-2.0-or-later
// Hooks, chain types and standard priorities per family, as data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.h"

namespace nftx::sema {

std::optional<uint32_t> hook_number(ir::Family family, std::string_view hook);
std::string_view hook_name(ir::Family family, uint32_t hooknum);
std::vector<std::string> hook_names(ir::Family family);
// Why `type` cannot hook at `hook` in `family`; empty when it can.
std::string chain_type_problem(ir::Family family, std::string_view type, std::string_view hook);
// `filter`, `raw`, `dstnat + 10` ... for chains of `family` at `hooknum`; nullopt if unknown.
std::optional<int32_t> standard_priority(ir::Family family, std::string_view name);
// Whether a named priority may be used at `hook` (dstnat: prerouting only, srcnat: postrouting).
bool priority_allowed_at(ir::Family family, std::string_view name, std::string_view hook);
std::optional<ir::Family> family_from_name(std::string_view name);
std::string_view family_name(ir::Family family);

}  // namespace nftx::sema
