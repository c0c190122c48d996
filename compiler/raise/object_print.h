// SPDX-License-Identifier: GPL-2.0-or-later
// Tables and what they hold as `nft list ruleset` prints them (rule.c): objects, named sets,
// flowtables, then chains with their rules, tab-indented, blank lines between blocks.
#pragma once

#include <string>

#include "compiler/raise/ruleset.h"
#include "compiler/raise/value_print.h"

namespace nftx::raise {

std::string print_table(const TableState& table, const PrintCtx& ctx);
std::string print_chain(const TableState& table, const ChainState& chain, const PrintCtx& ctx);
// The chain's head (`\tchain NAME {`, comment, hook line) without rules or closing brace, as
// `nft list chains` prints it (chain_print_declaration); empty for binding chains.
std::string print_chain_declaration(const ChainState& chain, const PrintCtx& ctx);
std::string print_set(const SetState& set, const PrintCtx& ctx);
std::string print_flowtable(const FlowtableState& ft, const PrintCtx& ctx);
std::string print_object(const ObjectState& obj, const PrintCtx& ctx);
// One rule's statements as the chain listing shows them (without indentation).
std::string print_rule(const TableState& table, const RuleState& rule, const PrintCtx& ctx);

// prio2str: `filter + 5` within 10 of a standard priority the family and hook allow.
std::string priority_string(ir::Family family, uint32_t hook, int32_t prio, bool numeric);
std::string family_name(ir::Family family);
// The hook's name for the family ("prerouting", "ingress", ...), "unknown" past the table.
std::string hook_name(ir::Family family, uint32_t hook);

}  // namespace nftx::raise
