// SPDX-License-Identifier: GPL-2.0-or-later
// Expression-level simplification (nft's expr_postprocess and its helpers).
#include "compiler/raise/payload_raise.h"
#include "compiler/raise/postprocess_ctx.h"
#include "compiler/raise/set_elements.h"

namespace nftx::raise {
namespace {

using proto::ByteOrder;
using proto::TypeId;

constexpr uint32_t kMetaHour = 32;
constexpr uint32_t kExthdrIpv6 = 0, kExthdrTcpopt = 1, kExthdrIpv4 = 2;

bool payload_binop_postprocess(RuleCtx& ctx, ExprPtr& expr) {
  if (expr->op != Op::Rshift) return false;
  if (expr->left->kind == ExprKind::Unary) expr->left = expr->left->left;
  if (expr->left->kind != ExprKind::Binop || expr->left->op != Op::And) return false;
  const ExprKind k = expr->left->left->kind;
  if (k != ExprKind::Payload && k != ExprKind::Exthdr) return false;
  expr_postprocess(ctx, expr->left->left);
  set_type(expr->right, TypeId::Integer, ByteOrder::Host);
  expr_postprocess(ctx, expr->right);
  binop_mask_postprocess(ctx, expr, expr->left);
  expr = expr->left;
  return true;
}

void exthdr_dependency_kill(RuleCtx& ctx, const Expr& e) {
  switch (e.ext_op) {
    case kExthdrTcpopt:
      if (ctx.pdctx.exists(kBaseTransport)) ctx.pdctx.release(kBaseTransport);
      return;
    case kExthdrIpv6:
    case kExthdrIpv4:
      if (ctx.pdctx.exists(kBaseNetwork)) ctx.pdctx.release(kBaseNetwork);
      return;
    default:
      return;
  }
}

// expr_postprocess_string: unterminated strings are `name*` wildcards; a literal `*` at the end is
// escaped.
void postprocess_string(Expr& e) {
  const uint32_t len = (e.len + 7) / 8;
  std::vector<uint8_t> data = e.value.to_le(len);
  if (len == 0) return;
  if (data[len - 1] != 0) {
    data.push_back('*');
    data.push_back(0);
    e.value = Num::from_le(data);
    e.len += 8;
    return;
  }
  size_t n = 0;
  while (n < data.size() && data[n] != 0) ++n;
  if (n > 0 && data[n - 1] == '*') {
    data.resize(n - 1);
    data.push_back('\\');
    data.push_back('*');
    data.push_back(0);
    e.value = Num::from_le(data);
    e.len = static_cast<uint32_t>(data.size() * 8);
  }
}

void value_postprocess(RuleCtx& ctx, ExprPtr& e) {
  const bool interval = ctx.set != nullptr && (ctx.set->decl.flags & kSetInterval) != 0;
  if (e->byteorder == ByteOrder::Host && !interval) e->value = e->value.switch_bytes(e->len / 8);
  if (basetype(*e) == TypeId::String) postprocess_string(*e);
  if (is_bitmask_type(e->type)) e = bitmask_to_binops(e);
}

void concat_postprocess(RuleCtx& ctx, ExprPtr& e) {
  ctx.flags |= kInConcat;
  for (ExprPtr& i : e->items) expr_postprocess(ctx, i);
  ctx.flags &= ~kInConcat;
}

// Concatenated set keys give the members of the lookup their types.
void type_concat_from_set(Expr& concat, const SetState& set) {
  ElemType key = set_key_type(set);
  for (size_t i = 0; i < concat.items.size() && i < key.members.size(); ++i) {
    const ElemType& m = key.members[i];
    if (m.type != TypeId::Invalid && m.type != TypeId::Integer) {
      set_type(concat.items[i], m.type, m.byteorder);
    }
  }
}

void relational_postprocess(RuleCtx& ctx, ExprPtr& expr) {
  switch (expr->left->kind) {
    case ExprKind::Payload:
      payload_match_postprocess(ctx, expr, expr->left);
      return;
    case ExprKind::Concat:
      if (expr->right->kind == ExprKind::SetRef && expr->right->set != nullptr) {
        type_concat_from_set(*expr->left, *expr->right->set);
        ctx.set = expr->right->set;
      }
      expr_postprocess(ctx, expr->left);
      ctx.set = nullptr;
      break;
    case ExprKind::Unary:
      if (expr->left->left->kind == ExprKind::Meta && expr->left->left->key == kMetaHour &&
          expr->right->kind == ExprKind::Range && expr->op == Op::Neq &&
          compare(expr->right->left->value, expr->right->right->value) <= 0) {
        // A cross-day hour range is stored reversed and negated.
        std::swap(expr->right->left, expr->right->right);
        expr->op = Op::Implicit;
      }
      expr_postprocess(ctx, expr->left);
      break;
    case ExprKind::Value:
    case ExprKind::Verdict:
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
    case ExprKind::Binop:
    case ExprKind::Relational:
    case ExprKind::List:
    case ExprKind::Set:
    case ExprKind::SetRef:
    case ExprKind::SetElem:
    case ExprKind::Catchall:
    case ExprKind::Mapping:
    case ExprKind::Map:
    case ExprKind::Prefix:
    case ExprKind::Range:
      expr_postprocess(ctx, expr->left);
      break;
  }
  if (expr->right->kind == ExprKind::SetRef) ensure_elements(*expr->right, expr->left.get());
  set_type_like(expr->right, *expr->left);
  if (expr->left->kind == ExprKind::Concat && expr->right->kind == ExprKind::Concat) {
    // A constant compared with a concatenation takes its members' types.
    const auto& l = expr->left->items;
    auto& r = expr->right->items;
    for (size_t i = 0; i < l.size() && i < r.size(); ++i) set_type_like(r[i], *l[i]);
  }
  expr_postprocess(ctx, expr->right);
  const ExprKind left = expr->left->kind;
  if (left == ExprKind::Ct || left == ExprKind::Meta) {
    ct_meta_postprocess(ctx, *expr);
  } else if (left == ExprKind::Binop) {
    relational_binop_postprocess(ctx, expr);
  }
}

void binop_postprocess(RuleCtx& ctx, ExprPtr& e) {
  if (payload_binop_postprocess(ctx, e)) return;
  expr_postprocess(ctx, e->left);
  const Expr& left = *e->left;
  if (e->op == Op::Lshift || e->op == Op::Rshift) {
    set_type(e->right, TypeId::Integer, ByteOrder::Host);
  } else {
    set_type(e->right, left.type, e->right->len > left.len ? ByteOrder::Host : left.byteorder,
             left.flavor, left.symbols);
    // Inside concatenations and set elements there is no relational to adjust: a mask naming a
    // field goes right away.
    if (e->op == Op::And && (ctx.flags & (kInConcat | kInSetElem)) != 0 &&
        left.kind == ExprKind::Payload && e->right->kind == ExprKind::Value) {
      ExprPtr self = e;
      binop_mask_postprocess(ctx, self, e);
      return;
    }
  }
  expr_postprocess(ctx, e->right);
  if (e->op == Op::Lshift || e->op == Op::Rshift) {
    e->type = TypeId::Integer;
    e->flavor = Flavor::Hex;
    e->byteorder = ByteOrder::Host;
  } else {
    e->type = e->left->type;
    e->flavor = e->left->flavor;
    e->byteorder = e->left->byteorder;
    e->symbols = e->left->symbols;
  }
}

}  // namespace

void ensure_elements(Expr& ref, const Expr* lhs, const Expr* data_hint) {
  if (ref.kind != ExprKind::SetRef || ref.set == nullptr || ref.right) return;
  if (!ref.set->anonymous()) return;
  ElemType key = set_key_type(*ref.set);
  if (lhs != nullptr) {
    ElemType from_lhs = elem_type_of(*lhs);
    if (key.members.empty()) {
      if (key.byteorder == ByteOrder::Invalid) key.byteorder = from_lhs.byteorder;
      if (key.type == TypeId::Integer) {
        key.flavor = from_lhs.flavor;
        key.symbols = from_lhs.symbols;
      }
    } else {
      for (size_t i = 0; i < key.members.size() && i < from_lhs.members.size(); ++i) {
        ElemType& m = key.members[i];
        const ElemType& l = from_lhs.members[i];
        if (m.byteorder == ByteOrder::Invalid) m.byteorder = l.byteorder;
        if (m.len == 0) m.len = l.len;
        if (m.type == TypeId::Integer) {
          m.flavor = l.flavor;
          m.symbols = l.symbols;
        }
      }
    }
  }
  std::optional<ElemType> data = set_data_type(*ref.set);
  if (data && data_hint != nullptr && data->members.empty()) {
    if (data->byteorder == ByteOrder::Invalid) data->byteorder = data_hint->byteorder;
  }
  ref.right = decode_elements(*ref.set, key, data);
}

void expr_postprocess(RuleCtx& ctx, ExprPtr& e) {
  if (!e) return;
  switch (e->kind) {
    case ExprKind::Map:
      if (e->left->kind == ExprKind::Binop && e->left->op == Op::And &&
          e->left->left->kind == ExprKind::Payload && e->left->right->kind == ExprKind::Value) {
        // The mask's shift applies to the keys: decode them (typed by the map) first.
        ensure_elements(*e->right, nullptr, e.get());
        binop_mask_postprocess(ctx, e, e->left);
        expr_postprocess(ctx, e->left);
      } else {
        expr_postprocess(ctx, e->left);
        ensure_elements(*e->right, e->left.get(), e.get());
      }
      break;
    case ExprKind::Mapping:
      expr_postprocess(ctx, e->left);
      expr_postprocess(ctx, e->right);
      break;
    case ExprKind::Set:
    case ExprKind::List:
      for (ExprPtr& i : e->items) expr_postprocess(ctx, i);
      break;
    case ExprKind::Concat:
      concat_postprocess(ctx, e);
      break;
    case ExprKind::Unary: {
      expr_postprocess(ctx, e->left);
      const ByteOrder arg = e->left->byteorder;
      e->type = e->left->type;
      e->flavor = e->left->flavor;
      // nft sets `!arg->byteorder`: both real byte orders become "invalid".
      e->byteorder = arg == ByteOrder::Invalid ? ByteOrder::Host : ByteOrder::Invalid;
      break;
    }
    case ExprKind::Binop:
      binop_postprocess(ctx, e);
      break;
    case ExprKind::Relational:
      relational_postprocess(ctx, e);
      break;
    case ExprKind::Payload:
      payload_complete(*e, ctx.pctx);
      payload_dependency_kill(ctx, *e);
      break;
    case ExprKind::Value:
      value_postprocess(ctx, e);
      break;
    case ExprKind::Range:
      expr_postprocess(ctx, e->left);
      expr_postprocess(ctx, e->right);
      break;
    case ExprKind::Prefix:
      expr_postprocess(ctx, e->left);
      break;
    case ExprKind::SetElem:
      ctx.flags |= kInSetElem;
      expr_postprocess(ctx, e->left);
      ctx.flags &= ~kInSetElem;
      break;
    case ExprKind::Exthdr:
      exthdr_dependency_kill(ctx, *e);
      break;
    case ExprKind::Hash:
      if (e->left) expr_postprocess(ctx, e->left);
      break;
    case ExprKind::Ct:
      ct_update_type(ctx.pctx, *e);
      break;
    case ExprKind::SetRef:
    case ExprKind::Meta:
    case ExprKind::Rt:
    case ExprKind::Verdict:
    case ExprKind::Numgen:
    case ExprKind::Fib:
    case ExprKind::Socket:
    case ExprKind::Osf:
    case ExprKind::Xfrm:
    case ExprKind::Catchall:
      break;
  }
}

}  // namespace nftx::raise
