// SPDX-License-Identifier: GPL-2.0-or-later
// Top level: defines, commands and table blocks, in input order.
#include <linux/netfilter/nf_tables.h>

#include "compiler/sema/hooks.h"
#include "compiler/sema/ruleset_checker.h"

namespace nftx::sema {

checked::Ruleset RulesetChecker::run(const ast::Ruleset& rs) {
  return consume(ast::Ruleset(rs));
}

checked::Ruleset RulesetChecker::consume(ast::Ruleset&& rs) {
  for (auto& item : rs.items) {
    top(item);
    item = ast::Undefine{};  // checked: its AST is no longer needed
  }
  check_jumps();
  return std::move(out_);
}

void RulesetChecker::top(ast::TopItem& item) {
  if (const auto* d = std::get_if<ast::Define>(&item)) {
    if (!ctx_.scopes.define(d->name, d->value, d->redefine)) {
      ctx_.diags.error(d->name_span, "redefine", "redefinition of symbol '" + d->name + "'");
    }
    return;
  }
  if (const auto* u = std::get_if<ast::Undefine>(&item)) {
    if (!ctx_.scopes.undefine(u->name)) {
      ctx_.diags.error(u->name_span, "unknown-variable", "undefined symbol '" + u->name + "'");
    }
    return;
  }
  if (std::get_if<ast::Include>(&item)) return;  // the loader has spliced includes in
  command(std::get<ast::Command>(item));
  ++index_;
}

std::optional<ir::Family> RulesetChecker::family_of(const std::optional<ast::Name>& family) {
  if (!family) return ir::Family::Ip;
  auto f = family_from_name(family->text);
  if (!f) ctx_.diags.error(family->span, "family", "unknown address family '" + family->text + "'");
  return f;
}

TableInfo* RulesetChecker::find_table(const std::optional<ast::Name>& family,
                                      const ast::Name& table) {
  auto f = family_of(family);
  if (!f) return nullptr;
  if (TableInfo* t = ctx_.table(*f, table.text)) return t;
  std::vector<std::string> names;
  for (const auto& [key, info] : ctx_.tables) {
    if (key.first == *f) names.push_back(key.second);
  }
  std::string hint = closest_name(table.text, names);
  ctx_.diags.error(table.span, "unknown-table",
                   "No such file or directory; table '" + table.text + "' does not exist in family " +
                       std::string(family_name(*f)) +
                       (hint.empty() ? "" : "; did you mean table '" + hint + "'?"));
  return nullptr;
}

void RulesetChecker::command(ast::Command& cmd) {
  ir::Verb verb = ir::Verb::Add;
  switch (cmd.verb) {
    case ast::Verb::Add: verb = ir::Verb::Add; break;
    case ast::Verb::Create: verb = ir::Verb::Create; break;
    case ast::Verb::Insert: verb = ir::Verb::Insert; break;
    case ast::Verb::Replace: verb = ir::Verb::Replace; break;
    case ast::Verb::Delete: verb = ir::Verb::Delete; break;
    case ast::Verb::Destroy: verb = ir::Verb::Destroy; break;
    case ast::Verb::Flush: verb = ir::Verb::Flush; break;
    case ast::Verb::Rename: verb = ir::Verb::Rename; break;
    case ast::Verb::List:
    case ast::Verb::Reset: {
      const auto& o = std::get<ast::ObjectCmd>(cmd.body);
      object_cmd(verb, o, cmd.span);
      return;
    }
  }
  if (auto* t = std::get_if<ast::TableDecl>(&cmd.body)) {
    table_decl(verb, *t, cmd.span);
    return;
  }
  if (const auto* r = std::get_if<ast::RuleCmd>(&cmd.body)) {
    TableInfo* table = find_table(r->family, r->table);
    if (!table) return;
    auto it = table->chains.find(r->chain.text);
    if (it == table->chains.end()) {
      std::vector<std::string> names;
      for (const auto& [n, c] : table->chains) names.push_back(n);
      std::string hint = closest_name(r->chain.text, names);
      ctx_.diags.error(r->chain.span, "unknown-chain",
                       "No such file or directory; chain '" + r->chain.text +
                           "' does not exist in table " + table->name +
                           (hint.empty() ? "" : "; did you mean chain '" + hint + "'?"));
      return;
    }
    std::optional<uint64_t> handle, position;
    if (r->locator) {
      auto n = parse_number(r->locator->second);
      if (r->locator->first == "handle") handle = n ? to_u64(*n) : 0;
      else position = n ? to_u64(*n) : 0;
    }
    rule(verb, *table, &it->second, r->rule, handle, position, cmd.span);
    return;
  }
  if (const auto* e = std::get_if<ast::ElementCmd>(&cmd.body)) {
    TableInfo* table = find_table(e->family, e->table);
    if (!table) return;
    auto it = table->sets.find(e->set.text);
    if (it == table->sets.end()) {
      ctx_.diags.error(e->set.span, "unknown-set",
                       "No such file or directory; set '" + e->set.text +
                           "' does not exist in table " + table->name);
      return;
    }
    elements(verb, *table, it->second, e->elements, cmd.span);
    return;
  }
  if (const auto* o = std::get_if<ast::ObjectCmd>(&cmd.body)) {
    object_cmd(verb, *o, cmd.span);
    return;
  }
  // Chain, set, flowtable or object declared by a command: its table must exist.
  TableInfo* table = cmd.table ? find_table(cmd.family, *cmd.table) : nullptr;
  if (!table) return;
  if (auto* c = std::get_if<ast::ChainDecl>(&cmd.body)) {
    if (chain_decl(verb, *table, *c)) chain_rules(*table, *c);
  } else if (auto* s = std::get_if<ast::SetDecl>(&cmd.body)) {
    set_decl(verb, *table, *s);
  } else if (const auto* f = std::get_if<ast::FlowtableDecl>(&cmd.body)) {
    flowtable_decl(verb, *table, *f);
  } else if (const auto* o = std::get_if<ast::ObjDecl>(&cmd.body)) {
    obj_decl(verb, *table, *o);
  }
}

void RulesetChecker::table_decl(ir::Verb verb, ast::TableDecl& t, const Span& at) {
  auto family = family_of(t.family);
  if (!family) return;
  if (t.name.text.size() >= NFT_TABLE_MAXNAMELEN) {
    ctx_.diags.error(t.name.span, "name", "Table name too long");
    return;
  }
  auto [it, fresh] = ctx_.tables.try_emplace({*family, t.name.text});
  TableInfo& table = it->second;
  if (fresh) {
    table.family = *family;
    table.name = t.name.text;
    table.span = t.name.span;
  }
  ir::Table out{*family, t.name.text, 0, t.comment, std::nullopt, at};
  for (const auto& f : t.flags) {
    if (f.text == "dormant") out.flags |= NFT_TABLE_F_DORMANT;
    else if (f.text == "owner") out.flags |= NFT_TABLE_F_OWNER;
    else ctx_.diags.error(f.span, "table-flag", "unknown table flag '" + f.text + "'");
  }
  push(verb, out, at);
  ctx_.scopes.push();
  table_items(table, t.items);
  ctx_.scopes.pop();
}

void RulesetChecker::table_items(TableInfo& table, std::vector<ast::TableItem>& items) {
  // nft sends a table block as: chains, objects, sets, flowtables, then every chain's rules.
  for (const auto& item : items) {
    if (const auto* d = std::get_if<ast::Define>(&item)) {
      if (!ctx_.scopes.define(d->name, d->value, d->redefine)) {
        ctx_.diags.error(d->name_span, "redefine", "redefinition of symbol '" + d->name + "'");
      }
    } else if (const auto* u = std::get_if<ast::Undefine>(&item)) {
      ctx_.scopes.undefine(u->name);
    }
  }
  std::vector<ast::ChainDecl*> chains;
  for (auto& item : items) {
    if (auto* c = std::get_if<ast::ChainDecl>(&item)) {
      if (chain_decl(ir::Verb::Add, table, *c)) chains.push_back(c);
    }
  }
  for (const auto& item : items) {
    if (const auto* o = std::get_if<ast::ObjDecl>(&item)) obj_decl(ir::Verb::Add, table, *o);
  }
  for (auto& item : items) {
    if (auto* s = std::get_if<ast::SetDecl>(&item)) set_decl(ir::Verb::Add, table, *s);
  }
  for (const auto& item : items) {
    if (const auto* f = std::get_if<ast::FlowtableDecl>(&item)) {
      flowtable_decl(ir::Verb::Add, table, *f);
    }
  }
  for (auto* c : chains) chain_rules(table, *c);
}

void RulesetChecker::object_cmd(ir::Verb verb, const ast::ObjectCmd& o, const Span& at) {
  // list/reset read state; offline they only need their objects to exist.
  auto family = family_of(o.family);
  if (!family) return;
  if (o.object == "ruleset" || o.object == "tables" || o.object == "chains" ||
      o.object == "sets" || o.object == "maps" || o.object == "flowtables" ||
      o.object == "counters" || o.object == "quotas" || o.object == "limits") {
    if (verb == ir::Verb::Flush && o.object == "ruleset") {
      ctx_.tables.clear();
      push(verb, ir::Table{*family, "", 0, std::nullopt, std::nullopt, at, !o.family}, at);
    }
    return;
  }
  if (!o.table) return;
  TableInfo* table = find_table(o.family, *o.table);
  if (!table) return;
  if (o.object == "table") {
    if (verb == ir::Verb::Delete || verb == ir::Verb::Destroy) {
      push(verb, ir::Table{table->family, table->name, 0, std::nullopt, std::nullopt, at}, at);
      ctx_.tables.erase({table->family, table->name});
    } else if (verb == ir::Verb::Flush) {
      push(verb, ir::Table{table->family, table->name, 0, std::nullopt, std::nullopt, at}, at);
    }
    return;
  }
  if (o.object == "chain") {
    if (o.name && !table->chains.count(o.name->text)) {
      ctx_.diags.error(o.name->span, "unknown-chain",
                       "No such file or directory; chain '" + o.name->text +
                           "' does not exist in table " + table->name);
      return;
    }
    ir::Chain c{table->family, table->name, o.name ? o.name->text : "", std::nullopt,
                std::nullopt, 0, std::nullopt, std::nullopt, std::nullopt, at};
    if (o.handle) c.handle = to_u64(parse_number(*o.handle).value_or(ir::Bytes{0}));
    if (o.new_name) c.new_name = o.new_name->text;
    push(verb, c, at);
    if (verb == ir::Verb::Delete || verb == ir::Verb::Destroy) {
      if (o.name) table->chains.erase(o.name->text);
    } else if (verb == ir::Verb::Rename && o.name && o.new_name) {
      auto node = table->chains.extract(o.name->text);
      node.key() = o.new_name->text;
      node.mapped().name = o.new_name->text;
      table->chains.insert(std::move(node));
    }
    return;
  }
  if (o.object == "set" || o.object == "map") {
    if (o.name && !table->sets.count(o.name->text)) {
      ctx_.diags.error(o.name->span, "unknown-set",
                       "No such file or directory; " + o.object + " '" + o.name->text +
                           "' does not exist in table " + table->name);
      return;
    }
    ir::Set s;
    s.family = table->family;
    s.table = table->name;
    s.name = o.name ? o.name->text : "";
    s.span = at;
    if (verb == ir::Verb::Flush) {
      push(verb, ir::SetElems{table->family, table->name, s.name, 0, {}, at}, at);
    } else if (verb == ir::Verb::Delete || verb == ir::Verb::Destroy) {
      push(verb, s, at);
      if (o.name) table->sets.erase(o.name->text);
    }
    return;
  }
  if (o.object == "flowtable") {
    if (o.name && !table->flowtables.count(o.name->text)) {
      ctx_.diags.error(o.name->span, "unknown-flowtable",
                       "No such file or directory; flowtable '" + o.name->text +
                           "' does not exist in table " + table->name);
      return;
    }
    ir::Flowtable f;
    f.family = table->family;
    f.table = table->name;
    f.name = o.name ? o.name->text : "";
    if (o.handle) f.handle = to_u64(parse_number(*o.handle).value_or(ir::Bytes{0}));
    f.span = at;
    if (verb == ir::Verb::Delete || verb == ir::Verb::Destroy) {
      push(verb, f, at);
      if (o.name) table->flowtables.erase(o.name->text);
    }
    return;
  }
  if (o.object == "rule") {
    ir::Rule r{table->family, table->name, o.name ? o.name->text : "", {}, std::nullopt,
               std::nullopt, std::nullopt, at};
    if (o.handle) r.handle = to_u64(parse_number(*o.handle).value_or(ir::Bytes{0}));
    checked::Rule cr;
    cr.family = r.family;
    cr.table = r.table;
    cr.chain = r.chain;
    cr.handle = r.handle;
    cr.span = at;
    push(verb, cr, at);
    return;
  }
  if (o.object == "counter" || o.object == "quota" || o.object == "limit") {
    if (o.name && !table->objects.count(o.name->text)) {
      ctx_.diags.error(o.name->span, "unknown-object",
                       "No such file or directory; " + o.object + " '" + o.name->text +
                           "' does not exist in table " + table->name);
      return;
    }
    if (verb == ir::Verb::Delete || verb == ir::Verb::Destroy) {
      ir::Object obj;
      obj.family = table->family;
      obj.table = table->name;
      obj.name = o.name ? o.name->text : "";
      obj.type = table->objects[obj.name];
      obj.span = at;
      push(verb, obj, at);
      table->objects.erase(obj.name);
    }
  }
}

}  // namespace nftx::sema
