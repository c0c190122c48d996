// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/json/json.h"
#include "compiler/raise/json/object_json.h"
#include "compiler/raise/ruleset.h"

namespace nftx::raise {
namespace {

constexpr uint32_t kChainBinding = 4;
constexpr int kJsonSchemaVersion = 1;

JsonCtx make_ctx(const ListOptions& opts, JsonCompat compat, ir::Family family) {
  JsonCtx ctx;
  ctx.print.stateless = opts.stateless;
  ctx.print.numeric_proto = opts.numeric_protocol;
  ctx.family = family;
  ctx.nft106 = compat == JsonCompat::Nft1_0_6;
  return ctx;
}

// table_print_json_full: the table, its objects, named sets, flowtables and chains (nft >= 1.1:
// chains first, so that loading the dump back finds the chains maps refer to), then the rules.
void add_table(const TableState& t, const JsonOptions& opts, Json& out) {
  const JsonCtx ctx = make_ctx(opts.list, opts.compat, t.decl.family);
  out.push_back(table_json(t, ctx));
  auto add_chains = [&] {
    for (const ChainState& c : t.chains) {
      if ((c.decl.flags & kChainBinding) == 0) out.push_back(chain_json(c, ctx));
    }
  };
  const bool chains_first = opts.compat != JsonCompat::Nft1_0_6;
  if (chains_first) add_chains();
  for (const ObjectState& o : t.objects) out.push_back(object_json(o, ctx));
  for (const SetState& s : t.sets) {
    if (!s.anonymous()) out.push_back(set_json(s, ctx));
  }
  for (const FlowtableState& f : t.flowtables) out.push_back(flowtable_json(f));
  if (!chains_first) add_chains();
  for (const ChainState& c : t.chains) {
    if ((c.decl.flags & kChainBinding) != 0) continue;
    for (const RuleState& r : c.rules) out.push_back(rule_json(t, c, r, ctx));
  }
}

}  // namespace

Json ruleset_json(const ir::Batch& batch, const JsonOptions& opts) {
  return ruleset_json(build_state(batch), opts);
}

Json ruleset_json(const RulesetState& state, const JsonOptions& opts) {
  const bool old = opts.compat == JsonCompat::Nft1_0_6;
  const std::string version = !opts.version.empty() ? opts.version : old ? "1.0.6" : "1.1.4";
  const std::string release = !opts.release_name.empty() ? opts.release_name
                              : old                      ? "Lester Gooch #5"
                                                         : "Commodore Bullmoose #5";
  Json items = Json::array();
  items.push_back(Json{{"metainfo", Json{{"version", version},
                                         {"release_name", release},
                                         {"json_schema_version", kJsonSchemaVersion}}}});
  for (const TableState& t : state.tables) add_table(t, opts, items);
  return Json{{"nftables", items}};
}

std::string list_ruleset_json(const ir::Batch& batch, const JsonOptions& opts) {
  return dump_json(ruleset_json(batch, opts)) + "\n";
}

std::string list_state_json(const RulesetState& state, const ListOptions& opts) {
  JsonOptions json_opts;
  json_opts.list = opts;
  return dump_json(ruleset_json(state, json_opts)) + "\n";
}

std::string list_ruleset_json(const ir::Batch& batch, const ListOptions& opts) {
  JsonOptions json_opts;
  json_opts.list = opts;
  return list_ruleset_json(batch, json_opts);
}

std::vector<Json> chain_rule_exprs_json(const ir::Batch& batch, ir::Family family,
                                        const std::string& table, const std::string& chain,
                                        const ListOptions& opts, JsonCompat compat) {
  RulesetState state = build_state(batch);
  std::vector<Json> out;
  TableState* t = state.find_table(family, table);
  if (t == nullptr) return out;
  const ChainState* c = t->find_chain(chain);
  if (c == nullptr) return out;
  const JsonCtx ctx = make_ctx(opts, compat, family);
  for (const RuleState& r : c->rules) out.push_back(rule_exprs_json(*t, r, ctx));
  return out;
}

}  // namespace nftx::raise
