// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/raise.h"

#include "compiler/raise/object_print.h"
#include "compiler/raise/ruleset.h"

namespace nftx::raise {
namespace {

constexpr uint32_t kObjectCounter = 1, kObjectQuota = 2;  // NFT_OBJECT_*

PrintCtx print_ctx(const ListOptions& opts) {
  PrintCtx ctx;
  ctx.stateless = opts.stateless;
  ctx.numeric_proto = opts.numeric_protocol || opts.numeric;
  ctx.handles = opts.handles;
  ctx.numeric_priority = opts.numeric_priority || opts.numeric;
  ctx.terse = opts.terse;
  // nft -n is NFT_CTX_OUTPUT_NUMERIC_ALL: protocols, priorities, symbols and times.
  ctx.numeric_symbol = opts.numeric;
  ctx.numeric_time = opts.numeric;
  return ctx;
}

RulesetState state_of(const ir::Batch& batch, const ListOptions& opts) {
  return opts.kernel_dump ? build_dumped_state(batch) : build_state(batch);
}

std::string table_head(const TableState& t) {
  return "table " + family_name(t.decl.family) + " " + t.decl.name + " {\n";
}

// The plural forms filter by family and, with `list sets table FAMILY NAME`, by table.
bool selected(const ListSelection& sel, const TableState& t) {
  if (sel.family && *sel.family != t.decl.family) return false;
  return sel.table.empty() || sel.table == t.decl.name;
}

// set_is_literal / map_is_literal: named sets and maps; object maps count as maps.
bool is_map(const SetState& s) { return (s.decl.flags & (kSetMap | kSetObject)) != 0; }

std::string list_sets(const RulesetState& state, const ListSelection& sel, const PrintCtx& ctx) {
  const bool maps = sel.what == ListWhat::Maps;
  std::string out;
  for (const TableState& t : state.tables) {
    if (!selected(sel, t)) continue;
    out += table_head(t);
    for (const SetState& s : t.sets) {
      if (!s.anonymous() && is_map(s) == maps) out += print_set(s, ctx);
    }
    out += "}\n";
  }
  return out;
}

// do_list_obj: tables without any stateful object are left out entirely; the others print
// their header even when no object of the wanted type matches.
std::string list_objects(const RulesetState& state, const ListSelection& sel, uint32_t type,
                         const PrintCtx& ctx) {
  std::string out;
  for (const TableState& t : state.tables) {
    if (!selected(sel, t)) continue;
    if (t.objects.empty()) continue;
    out += table_head(t);
    for (const ObjectState& o : t.objects) {
      if (o.decl.type == type && (sel.name.empty() || sel.name == o.decl.name)) {
        out += print_object(o, ctx);
      }
    }
    out += "}\n";
  }
  return out;
}

std::optional<std::string> list_one(RulesetState& state, const ListSelection& sel,
                                    const PrintCtx& ctx) {
  TableState* t = sel.family ? state.find_table(*sel.family, sel.table) : nullptr;
  if (t == nullptr) return std::nullopt;
  switch (sel.what) {
    case ListWhat::Table:
      return print_table(*t, ctx);
    case ListWhat::Chain: {
      const ChainState* c = t->find_chain(sel.name);
      if (c == nullptr) return std::nullopt;
      return table_head(*t) + print_chain(*t, *c, ctx) + "}\n";
    }
    case ListWhat::Set:
    case ListWhat::Map: {
      const SetState* s = t->find_set(sel.name);
      if (s == nullptr || s->anonymous() || is_map(*s) != (sel.what == ListWhat::Map)) {
        return std::nullopt;
      }
      return table_head(*t) + print_set(*s, ctx) + "}\n";
    }
    case ListWhat::Flowtable:
      for (const FlowtableState& f : t->flowtables) {
        if (f.decl.name == sel.name) return table_head(*t) + print_flowtable(f, ctx) + "}\n";
      }
      return std::nullopt;
    case ListWhat::Ruleset:
    case ListWhat::Tables:
    case ListWhat::Chains:
    case ListWhat::Sets:
    case ListWhat::Maps:
    case ListWhat::Flowtables:
    case ListWhat::Counters:
    case ListWhat::Quotas:
      break;
  }
  return std::nullopt;
}

}  // namespace

std::string list_ruleset(const ir::Batch& batch, const ListOptions& opts) {
  const RulesetState state = state_of(batch, opts);
  const PrintCtx ctx = print_ctx(opts);
  std::string out;
  for (const TableState& t : state.tables) out += print_table(t, ctx);
  return out;
}

std::string list_state(const RulesetState& state, const ListOptions& opts) {
  const PrintCtx ctx = print_ctx(opts);
  std::string out;
  for (const TableState& t : state.tables) out += print_table(t, ctx);
  return out;
}

std::optional<std::string> list_selection(const ir::Batch& batch, const ListSelection& sel,
                                          const ListOptions& opts) {
  RulesetState state = state_of(batch, opts);
  const PrintCtx ctx = print_ctx(opts);
  std::string out;
  switch (sel.what) {
    case ListWhat::Ruleset:
      for (const TableState& t : state.tables) {
        if (selected(sel, t)) out += print_table(t, ctx);
      }
      return out;
    case ListWhat::Tables:
      for (const TableState& t : state.tables) {
        if (selected(sel, t)) {
          out += "table " + family_name(t.decl.family) + " " + t.decl.name + "\n";
        }
      }
      return out;
    case ListWhat::Chains:
      for (const TableState& t : state.tables) {
        if (!selected(sel, t)) continue;
        out += table_head(t);
        for (const ChainState& c : t.chains) {
          std::string head = print_chain_declaration(c, ctx);
          if (!head.empty()) out += head + "\t}\n";
        }
        out += "}\n";
      }
      return out;
    case ListWhat::Sets:
    case ListWhat::Maps:
      return list_sets(state, sel, ctx);
    case ListWhat::Flowtables:
      for (const TableState& t : state.tables) {
        if (!selected(sel, t)) continue;
        out += table_head(t);
        for (const FlowtableState& f : t.flowtables) out += print_flowtable(f, ctx);
        out += "}\n";
      }
      return out;
    case ListWhat::Counters:
      return list_objects(state, sel, kObjectCounter, ctx);
    case ListWhat::Quotas:
      return list_objects(state, sel, kObjectQuota, ctx);
    case ListWhat::Table:
    case ListWhat::Chain:
    case ListWhat::Set:
    case ListWhat::Map:
    case ListWhat::Flowtable:
      return list_one(state, sel, ctx);
  }
  return std::nullopt;
}

}  // namespace nftx::raise
