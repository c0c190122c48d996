// SPDX-License-Identifier: GPL-2.0-or-later
// Payload matches (nft's payload_match_postprocess, binop_postprocess): merged loads split into
// fields, masks folded into the fields they select, flag tests into flag lists, address masks into
// prefixes, and protocol matches remembered as dependencies.
#include "compiler/raise/payload_raise.h"
#include "compiler/raise/postprocess_ctx.h"

namespace nftx::raise {
namespace {

using proto::ByteOrder;
using proto::TypeId;

bool is_prefix_type(TypeId t) { return t == TypeId::Ipaddr || t == TypeId::Ip6addr; }

// constant_expr_splice: the top `len` bits of `v`, which loses them.
ExprPtr splice(Expr& v, uint32_t len) {
  const uint32_t rest = v.len - len;
  ExprPtr slice = make_value(TypeId::Invalid, ByteOrder::Invalid, len, v.value >> rest);
  v.value = v.value & Num::bitmask(rest);
  v.len = rest;
  return slice;
}

// The binop's right hand side as a list of its OR'ed flags (binop_tree_to_list).
void binop_tree_to_list(const ExprPtr& e, std::vector<ExprPtr>& out) {
  if (e->kind == ExprKind::Binop && e->op == Op::Or) {
    binop_tree_to_list(e->left, out);
    binop_tree_to_list(e->right, out);
  } else {
    out.push_back(e);
  }
}

ExprPtr flag_list(const ExprPtr& e) {
  std::vector<ExprPtr> items;
  binop_tree_to_list(e, items);
  if (items.size() == 1) return items.front();
  return make_list(std::move(items));
}

uint32_t mask_to_prefix(const Expr& mask) {
  std::optional<uint32_t> n = mask.value.scan1(0);
  if (!n) return 0;
  return mask.value.scan0(*n + 1) - *n;
}

bool mask_is_prefix(const Expr& mask) {
  std::optional<uint32_t> n1 = mask.value.scan1(0);
  if (!n1) return true;
  return mask.value.scan0(*n1 + 1) >= mask.len;
}

void adjust_value(Expr& v, uint32_t shift, uint32_t len) {
  v.value >>= shift;
  v.len = len;
}

// binop_adjust: shifts the constants compared with a masked field down to the field.
void binop_adjust(const Expr& binop, Expr& right, uint32_t shift) {
  const uint32_t len = binop.left->len;
  if (right.kind == ExprKind::Value) {
    adjust_value(right, shift, len);
  } else if (right.kind == ExprKind::Range) {
    adjust_value(*right.left, shift, len);
    adjust_value(*right.right, shift, len);
  } else if (right.kind == ExprKind::SetRef) {
    if (right.set == nullptr || !right.set->anonymous() || !right.right) return;
    for (const ExprPtr& el : right.right->items) {
      Expr* k = el->left.get();
      if (k->kind == ExprKind::Mapping) k = k->left.get();
      if (k->kind == ExprKind::Value) {
        adjust_value(*k, shift, len);
      } else if (k->kind == ExprKind::Range) {
        adjust_value(*k->left, shift, len);
        adjust_value(*k->right, shift, len);
      }
    }
  }
}

void payload_icmp_check(RuleCtx& ctx, Expr& payload, const Expr& value) {
  if (payload.base != kBaseTransport) return;
  if (payload.len != 8 || value.len != 8 || ctx.pctx.icmp_type != 0) return;
  const proto::Protocol* desc = ctx.pctx.protocol[payload.base];
  if (desc == nullptr || (desc->name != "icmp" && desc->name != "icmpv6")) return;
  for (const proto::Field& f : desc->fields) {
    if (f.offset_bits != payload.offset || f.len_bits != payload.len) continue;
    if (!desc->key_field || *desc->key_field != f.name) return;
    payload.desc = desc;
    payload.tmpl = &f;
    ctx.pctx.icmp_type = static_cast<uint8_t>(value.value.low64());
    return;
  }
}

bool payload_is_stacked(const proto::Protocol* desc, const Expr& rel) {
  if (desc == nullptr || rel.left->kind != ExprKind::Payload ||
      (rel.left->flags & kExprProtocol) == 0 || rel.op != Op::Eq) {
    return false;
  }
  std::optional<uint64_t> v = small_value(*rel.right);
  if (!v) return false;
  const proto::Protocol* next = proto::upper_protocol(*desc, *v);
  return next != nullptr && next->base == desc->base;
}

// payload_match_expand: one match per field of a merged load.
void payload_match_expand(RuleCtx& ctx, ExprPtr& expr, const ExprPtr& payload) {
  Expr right = *expr->right;
  uint32_t base = payload->base;
  for (ExprPtr left : payload_expand(*payload, ctx.pctx)) {
    ExprPtr tmp = splice(right, left->len);
    set_type_like(tmp, *left);
    if (left->tmpl != nullptr && left->len < left->tmpl->len_bits) {
      tmp->value <<= left->tmpl->len_bits - left->len;
      tmp->len = left->tmpl->len_bits;
      tmp = make_prefix(tmp, left->len);
    }
    ExprPtr nexpr = make_relational(expr->op, left, tmp);
    if (expr->op == Op::Eq) pctx_update(ctx.pctx, *nexpr);
    auto nstmt = std::make_shared<Stmt>();
    nstmt->kind = StmtKind::Expr;
    nstmt->expr = nexpr;
    ctx.out.push_back(nstmt);
    if (payload_is_stacked(ctx.pctx.protocol[base], *nexpr)) --base;
    payload_dependency_kill(ctx, *nexpr->left);
    // The kill may have turned a `th` port back into a raw load.
    set_type(tmp, nexpr->left->type, proto::ByteOrder::Invalid, nexpr->left->flavor,
             nexpr->left->symbols);
    if (expr->op == Op::Eq && (left->flags & kExprProtocol) != 0) {
      ctx.pdctx.store(nstmt.get(), base);
    }
  }
  ctx.stmt = nullptr;
}

}  // namespace

// __binop_postprocess: a mask that selects whole fields becomes those fields.
bool binop_mask_postprocess(RuleCtx& ctx, ExprPtr& expr, ExprPtr& binop_ref) {
  ExprPtr binop = binop_ref;
  ExprPtr left = binop->left;
  const Expr& mask = *binop->right;
  std::optional<uint32_t> shift;
  if (left->kind == ExprKind::Payload) {
    shift = payload_trim(*left, mask, ctx.pctx);
  } else if (left->kind == ExprKind::Exthdr) {
    shift = exthdr_trim(*left, mask);
  }
  if (shift) {
    ExprPtr right;
    if (expr->kind == ExprKind::Binop || expr->kind == ExprKind::Relational ||
        expr->kind == ExprKind::Map) {
      right = expr->right;
      if (expr->kind == ExprKind::Map) ensure_elements(*right, binop.get(), expr.get());
      binop_adjust(*binop, *right, *shift);
    }
    binop_ref = left;
    if (left->kind == ExprKind::Payload) {
      payload_match_postprocess(ctx, expr, binop_ref);
    } else if (right) {
      set_type_like(right, *left);
    }
    return true;
  }
  if (left->kind == ExprKind::Payload && expr->right && expr->right->kind == ExprKind::Value) {
    if (auto s = payload_trim_force(*left, mask)) {
      expr->right->value >>= *s;
      binop_ref = left;
      return true;
    }
  }
  return false;
}

void relational_binop_postprocess(RuleCtx& ctx, ExprPtr& expr) {
  ExprPtr binop = expr->left;
  ExprPtr right = expr->right;
  if (binop->op == Op::And && (expr->op == Op::Neq || expr->op == Op::Eq) &&
      is_bitmask_type(right->type) && right->kind == ExprKind::Value && right->value.is_zero()) {
    // Flag test: `data & flags != 0` lists as `data flags`, `== 0` as `data ! flags`.
    expr->left = binop->left;
    expr->right = flag_list(binop->right);
    expr->op = expr->op == Op::Neq ? Op::Implicit : Op::Neg;
  } else if (is_prefix_type(binop->left->type) && binop->op == Op::And &&
             right->kind == ExprKind::Value && mask_is_prefix(*binop->right)) {
    expr->left = binop->left;
    expr->right = make_prefix(right, mask_to_prefix(*binop->right));
  } else if (binop->op == Op::And && binop->right->kind == ExprKind::Value) {
    binop_mask_postprocess(ctx, expr, expr->left);
  } else if (binop->op == Op::Rshift && binop->left->op == Op::And &&
             binop->right->kind == ExprKind::Value && binop->left->right->kind == ExprKind::Value) {
    binop_mask_postprocess(ctx, binop, binop->left);
    if (binop->right->value.is_zero()) expr->left = binop->left;
  }
}

void payload_match_postprocess(RuleCtx& ctx, ExprPtr& expr, ExprPtr& payload) {
  if (expr->op == Op::Eq || expr->op == Op::Neq) {
    if (expr->right->kind == ExprKind::Value && expr->kind == ExprKind::Relational && ctx.stmt &&
        ctx.stmt->expr == expr) {
      payload_match_expand(ctx, expr, payload);
      return;
    }
    if (expr->right->kind == ExprKind::SetRef) {
      ensure_elements(*expr->right, payload.get());
      const ExprPtr& init = expr->right->right;
      if (expr->right->set->anonymous() && init && !init->items.empty()) {
        const ExprPtr& first = init->items.front();
        if (first->kind == ExprKind::SetElem && first->left->kind == ExprKind::Value) {
          payload_icmp_check(ctx, *payload, *first->left);
        }
      }
    }
  }
  payload_complete(*payload, ctx.pctx);
  if (expr->right) set_type_like(expr->right, *payload);
  payload_dependency_kill(ctx, *payload);
}

}  // namespace nftx::raise
