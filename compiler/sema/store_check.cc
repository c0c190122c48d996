// SPDX-License-Identifier: GPL-2.0-or-later
// Statements that write: `meta mark set X`, `ct mark set X`, payload writes, and dynamic set
// updates (`add @s { ip saddr }`). Values are constants of the target's type or expressions.
#include <linux/netfilter/nf_tables.h>

#include "compiler/proto/value.h"
#include "compiler/sema/rule_checker.h"

namespace nftx::sema {

using checked::make;
using proto::ByteOrder;

std::optional<checked::ExprPtr> RuleChecker::value_expr(const ast::ExprPtr& raw,
                                                        const ValueType& want) {
  ast::ExprPtr e = expand(raw);
  if (!e) return std::nullopt;
  const uint32_t len = (want.len_bits + 7) / 8 * 8;
  if (const auto* ml = ast::as<ast::MapLookup>(e)) {
    auto key = lhs(ml->key);
    if (!key) return std::nullopt;
    ast::ExprPtr map = expand(ml->map);
    if (!map) return std::nullopt;
    std::optional<checked::SetRef> ref;
    if (const auto* lit = ast::as<ast::SetLiteral>(map)) {
      ref = anon_set(*lit, map->span, *key, want, false);
    } else if (const auto* sr = ast::as<ast::SetRef>(map)) {
      ref = named_set(sr->name, map->span, true);
    }
    if (!ref) return std::nullopt;
    return make(checked::MapLookup{key->expr, *ref}, want.type, want.byteorder, len, e->span);
  }
  const bool is_constant = ast::as<ast::Symbol>(e) || ast::as<ast::List>(e) ||
                           (ast::as<ast::Binop>(e) && ast::as<ast::Symbol>(ast::as<ast::Binop>(e)->left));
  if (is_constant) {
    auto c = constant(e, want);
    if (!c) return std::nullopt;
    if (!c->ok()) {
      error(e->span, "value", c->error);
      return std::nullopt;
    }
    return make(checked::Const{c->data}, want.type, want.byteorder, len, e->span);
  }
  auto l = lhs(e);
  if (!l) return std::nullopt;
  return l->expr;
}

bool RuleChecker::store(const ast::SetField& s, const Span& at) {
  auto target = lhs(s.target);
  if (!target) return false;
  if (target->parts.size() != 1) {
    error(s.target->span, "store", "cannot set a concatenation");
    return false;
  }
  auto value = value_expr(s.value, target->parts[0]);
  if (!value) return false;
  emit(checked::Store{target->expr, *value}, at);
  return true;
}

bool RuleChecker::dynset(const ast::Dynset& d, const Span& at) {
  auto it = table_.sets.find(d.set);
  if (it == table_.sets.end()) {
    error(d.set_span, "unknown-set", "set '" + d.set + "' does not exist in table " + table_.name);
    return false;
  }
  ast::ExprPtr k = expand(d.key);
  if (!k) return false;
  std::optional<uint64_t> timeout;
  if (const auto* se = ast::as<ast::SetElem>(k)) {
    if (se->timeout) timeout = proto::parse_time_ms(*se->timeout);
    k = se->key;
  }
  auto key = lhs(k);
  if (!key) return false;
  uint32_t op = NFT_DYNSET_OP_ADD;
  switch (d.op) {
    case ast::DynsetOp::Add: op = NFT_DYNSET_OP_ADD; break;
    case ast::DynsetOp::Update: op = NFT_DYNSET_OP_UPDATE; break;
    case ast::DynsetOp::Delete: op = NFT_DYNSET_OP_DELETE; break;
  }
  emit(checked::Dynset{op, checked::SetRef{d.set, 0}, key->expr, nullptr, timeout, {}}, at);
  return true;
}

}  // namespace nftx::sema
