// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/expr.h"

#include "compiler/raise/stmt.h"

namespace nftx::raise {

using proto::ByteOrder;
using proto::TypeId;

ExprPtr clone(const ExprPtr& e) {
  if (!e) return nullptr;
  auto c = std::make_shared<Expr>(*e);
  c->left = clone(e->left);
  c->right = clone(e->right);
  for (auto& i : c->items) i = clone(i);
  return c;
}

ExprPtr make_value(TypeId type, ByteOrder order, uint32_t len, Num value) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Value;
  e->type = type;
  e->byteorder = order;
  e->len = len;
  e->value = std::move(value);
  return e;
}

ExprPtr make_raw_value(const ir::Bytes& data) {
  return make_value(TypeId::Invalid, ByteOrder::Invalid, static_cast<uint32_t>(data.size() * 8),
                    Num::from_be(data));
}

ExprPtr make_verdict(const ir::Verdict& v) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Verdict;
  e->type = TypeId::Verdict;
  e->verdict = v;
  return e;
}

ExprPtr make_unary(Op op, ExprPtr arg) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Unary;
  e->op = op;
  e->len = arg->len;
  e->left = std::move(arg);
  return e;
}

ExprPtr make_binop(Op op, ExprPtr left, ExprPtr right) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Binop;
  e->op = op;
  e->type = left->type;
  e->flavor = left->flavor;
  e->byteorder = left->byteorder;
  e->left = std::move(left);
  e->right = std::move(right);
  return e;
}

ExprPtr make_relational(Op op, ExprPtr left, ExprPtr right) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Relational;
  e->op = op;
  e->type = TypeId::Verdict;
  e->left = std::move(left);
  e->right = std::move(right);
  return e;
}

ExprPtr make_range(ExprPtr low, ExprPtr high) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Range;
  e->len = low->len;
  e->left = std::move(low);
  e->right = std::move(high);
  return e;
}

ExprPtr make_prefix(ExprPtr value, uint32_t prefix_len) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Prefix;
  e->len = value->len;
  e->type = value->type;
  e->left = std::move(value);
  e->prefix_len = prefix_len;
  return e;
}

namespace {
ExprPtr make_compound(ExprKind kind, std::vector<ExprPtr> items) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->items = std::move(items);
  return e;
}
}  // namespace

ExprPtr make_concat(std::vector<ExprPtr> items) {
  auto e = make_compound(ExprKind::Concat, std::move(items));
  for (const auto& i : e->items) e->len += padded_len(i->len);
  return e;
}
ExprPtr make_list(std::vector<ExprPtr> items) {
  return make_compound(ExprKind::List, std::move(items));
}
ExprPtr make_set(std::vector<ExprPtr> elems) {
  return make_compound(ExprKind::Set, std::move(elems));
}

ExprPtr make_set_elem(ExprPtr key) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::SetElem;
  e->type = key->type;
  e->byteorder = key->byteorder;
  e->len = key->len;
  e->left = std::move(key);
  return e;
}

ExprPtr make_mapping(ExprPtr key, ExprPtr data) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Mapping;
  e->type = key->type;
  e->byteorder = key->byteorder;
  e->left = std::move(key);
  e->right = std::move(data);
  return e;
}

ExprPtr make_map(ExprPtr key, ExprPtr mappings) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Map;
  e->left = std::move(key);
  e->right = std::move(mappings);
  return e;
}

ExprPtr make_set_ref(const SetState* set) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::SetRef;
  e->set = set;
  return e;
}

void set_type(const ExprPtr& e, TypeId type, ByteOrder order, Flavor flavor,
              std::span<const proto::Symbol> symbols) {
  if (!e) return;
  switch (e->kind) {
    case ExprKind::Prefix:
      set_type(e->left, type, order, flavor, symbols);
      return;
    case ExprKind::Range:
      set_type(e->left, type, order, flavor, symbols);
      set_type(e->right, type, order, flavor, symbols);
      return;
    case ExprKind::Set:
      for (const auto& i : e->items) set_type(i, type, order, flavor, symbols);
      return;
    case ExprKind::SetElem:
    case ExprKind::Mapping:
      set_type(e->left, type, order, flavor, symbols);
      return;
    case ExprKind::SetRef:
      // Anonymous sets take the type of the expression they are matched against.
      if (e->right) set_type(e->right, type, order, flavor, symbols);
      return;
    case ExprKind::Concat:
      // Concatenations keep their members' types.
      return;
    case ExprKind::Value:
    case ExprKind::Verdict:
    case ExprKind::Payload:
    case ExprKind::Exthdr:
    case ExprKind::Meta:
    case ExprKind::Ct:
    case ExprKind::Rt:
    case ExprKind::Fib:
    case ExprKind::Socket:
    case ExprKind::Osf:
    case ExprKind::Numgen:
    case ExprKind::Hash:
    case ExprKind::Xfrm:
    case ExprKind::Unary:
    case ExprKind::Binop:
    case ExprKind::Relational:
    case ExprKind::List:
    case ExprKind::Catchall:
    case ExprKind::Map:
      break;
  }
  e->type = type;
  e->byteorder = order;
  e->flavor = flavor;
  e->symbols = symbols;
}

void set_type_like(const ExprPtr& e, const Expr& from) {
  set_type(e, from.type, from.byteorder, from.flavor, from.symbols);
}

TypeId basetype(const Expr& e) { return proto::root_basetype(e.type); }

bool is_bitmask_type(TypeId type) {
  const auto& d = proto::datatype(type);
  return d.basetype == TypeId::Bitmask;
}

}  // namespace nftx::raise
