// SPDX-License-Identifier: GPL-2.0-or-later
// The objects of `nft -j list ruleset` (json.c's *_print_json): tables, chains, rules, named
// sets and maps, flowtables and stateful objects, each as a one-key JSON object.
#pragma once

#include "compiler/raise/json/expr_json.h"
#include "compiler/raise/ruleset.h"

namespace nftx::raise {

Json table_json(const TableState& table, const JsonCtx& ctx);
Json chain_json(const ChainState& chain, const JsonCtx& ctx);
Json set_json(const SetState& set, const JsonCtx& ctx);
// nftx extensions beyond nft's JSON: "flags": ["offload"] and "counter": true.
Json flowtable_json(const FlowtableState& ft);
Json object_json(const ObjectState& obj, const JsonCtx& ctx);
Json rule_json(const TableState& table, const ChainState& chain, const RuleState& rule,
               const JsonCtx& ctx);
// The "expr" array of one rule: its statements as the listing raises them.
Json rule_exprs_json(const TableState& table, const RuleState& rule, const JsonCtx& ctx);

}  // namespace nftx::raise
