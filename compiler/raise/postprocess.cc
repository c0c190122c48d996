// SPDX-License-Identifier: GPL-2.0-or-later
// Statement-level simplification (nft's rule_parse_postprocess): the walk over a rule's statements
// with the protocol and dependency state, range merging, payload set statements and the reject
// statement's family.
#include "compiler/raise/postprocess.h"

#include "compiler/raise/payload_raise.h"
#include "compiler/raise/postprocess_ctx.h"
#include "compiler/raise/set_elements.h"

namespace nftx::raise {
namespace {

using proto::ByteOrder;
using proto::TypeId;

constexpr uint32_t kRejectTcpRst = 1, kRejectIcmpxUnreach = 2;
constexpr uint32_t kCtEventmask = 18;
constexpr uint32_t kNfprotoIpv4 = 2, kNfprotoIpv6 = 10;

Expr* unwrap_unary(Expr* e) { return e->kind == ExprKind::Unary ? e->left.get() : e; }

// expr_may_merge_range: `x >= a` followed by `x <= b` is the range `x a-b`.
bool may_merge_range(const Expr& expr, const Expr& prev, Op& op) {
  if (prev.kind != ExprKind::Relational || expr.kind != ExprKind::Relational) return false;
  if (unwrap_unary(expr.left.get())->kind != unwrap_unary(prev.left.get())->kind) return false;
  if (expr.op == Op::Lte && prev.op == Op::Gte) {
    op = Op::Eq;
    return true;
  }
  if (expr.op == Op::Gt && prev.op == Op::Lt) {
    op = Op::Neq;
    return true;
  }
  return false;
}

void stmt_expr_postprocess(RuleCtx& ctx) {
  expr_postprocess(ctx, ctx.stmt->expr);
  Op op = Op::Invalid;
  Stmt* prev = ctx.pdctx.prev;
  if (prev != nullptr && !prev->dead && ctx.stmt && prev->kind == ctx.stmt->kind &&
      may_merge_range(*ctx.stmt->expr, *prev->expr, op)) {
    ExprPtr range = make_range(clone(prev->expr->right), clone(ctx.stmt->expr->right));
    set_type_like(range, *ctx.stmt->expr->right);
    prev->dead = true;
    auto nstmt = std::make_shared<Stmt>();
    nstmt->kind = StmtKind::Expr;
    nstmt->expr = make_relational(op, clone(ctx.stmt->expr->left), range);
    ctx.stmt = nstmt;
  }
}

bool payload_same(const Expr& a, const Expr& b) {
  return a.desc == b.desc && a.tmpl == b.tmpl && a.base == b.base && a.offset == b.offset;
}

// stmt_payload_binop_pp: the mask of a read-modify-write names the field written.
void payload_binop_pp(RuleCtx& ctx, Expr& binop) {
  Expr& payload = *binop.left;
  Expr& mask = *binop.right;
  if (auto shift = payload_trim(payload, mask, ctx.pctx)) {
    mask.value >>= *shift;
    mask.len = payload.len;
    payload_complete(payload, ctx.pctx);
    set_type_like(binop.right, payload);
  }
}

// stmt_payload_expr_trim: a read-modify-write of a 16-bit word whose mask stays inside one field
// writes that field.
bool payload_stmt_trim(RuleCtx& ctx, Stmt& stmt) {
  ExprPtr expr = stmt.expr;
  ExprPtr payload = expr->left;
  ExprPtr mask = expr->right;
  if (payload->kind != ExprKind::Payload || mask->kind != ExprKind::Value) return false;
  const proto::Protocol* desc = ctx.pctx.protocol[payload->base];
  if (payload_is_known(*payload) || desc == nullptr || payload->len % 16 != 0) return false;
  // The bit the write starts at: the first kept bit of an AND mask, the first set bit otherwise.
  uint32_t n = 0;
  if (expr->op == Op::And) {
    n = mask->value.scan0(0);
  } else if (expr->op == Op::Or || expr->op == Op::Xor) {
    std::optional<uint32_t> one = mask->value.scan1(0);
    if (!one) return false;
    n = *one;
  } else {
    return false;
  }
  const uint32_t offset = payload->offset + payload->len - n;
  for (const proto::Field& f : desc->fields) {
    if (f.offset_bits + f.len_bits < offset) continue;
    const int64_t shift = f.offset_bits % 16 < 8
                              ? 16 - static_cast<int64_t>(f.offset_bits % 8 + f.len_bits)
                              : 16 - static_cast<int64_t>(f.offset_bits % 16 + f.len_bits);
    if (shift < 0) return false;
    const Num bitmask = Num::bitmask(f.len_bits) << static_cast<uint32_t>(shift);
    if (expr->op == Op::And) {
      const Num outside = Num::bitmask(payload->len) ^ bitmask;
      if (!((mask->value & outside) == outside)) return false;
    } else if (!((mask->value & bitmask) == mask->value)) {
      return false;
    }
    mask->value = (bitmask & mask->value) >> static_cast<uint32_t>(shift);
    mask->len -= f.offset_bits - payload->offset + static_cast<uint32_t>(shift);
    payload->offset = f.offset_bits;
    payload->len = f.len_bits;
    stmt.target = payload;
    if (expr->op == Op::And && mask->value.is_zero()) stmt.expr = mask;
    return true;
  }
  return false;
}

// stmt_payload_binop_postprocess: `payload set` of a sub-byte field is written as (payload &
// ~field_mask) | value; recover the field and the value.
void payload_stmt_binop(RuleCtx& ctx, Stmt& stmt) {
  ExprPtr expr = stmt.expr;
  if (expr->kind != ExprKind::Binop) return;
  if (expr->left->kind == ExprKind::Binop) {
    if (expr->op != Op::Or || expr->right->kind != ExprKind::Value) return;
    ExprPtr binop = expr->left;
    if (binop->op != Op::And || binop->left->kind != ExprKind::Payload) return;
    ExprPtr payload = binop->left;
    if (!payload_same(*stmt.target, *payload)) return;
    if (binop->right->kind != ExprKind::Value) return;
    const Num saved = binop->right->value;
    binop->right->value = Num::bitmask(payload->len) ^ binop->right->value ^ expr->right->value;
    std::optional<uint32_t> shift = 0;
    if (!binop_mask_postprocess(ctx, expr, expr->left)) {
      shift =
          payload_is_known(*payload) ? std::nullopt : payload_trim_force(*payload, *binop->right);
      if (!shift) {
        binop->right->value = saved;
        return;
      }
    }
    if (*shift != 0) expr->right->value >>= *shift;
    stmt.target = payload;
    stmt.expr = expr->right;
    return;
  }
  if (expr->left->kind != ExprKind::Payload || expr->right->kind != ExprKind::Value) return;
  if (!payload_same(*stmt.target, *expr->left)) return;
  if (expr->op == Op::And) {
    // Only clearing bits: the value written is zero.
    if (payload_stmt_trim(ctx, stmt)) return;
    const Num saved = expr->right->value;
    expr->right->value = Num::bitmask(expr->left->len) ^ expr->right->value;
    payload_binop_pp(ctx, *expr);
    if (!payload_is_known(*expr->left) && !payload_trim_force(*expr->left, *expr->right)) {
      expr->right->value = saved;
      return;
    }
    expr->right->value = Num();
  } else if (expr->op == Op::Or) {
    // Only setting bits.
    payload_binop_pp(ctx, *expr);
    if (payload_stmt_trim(ctx, stmt)) return;
    if (!payload_is_known(*expr->left)) return;
  } else {
    if (expr->op == Op::Xor) payload_stmt_trim(ctx, stmt);
    return;
  }
  stmt.target = expr->left;
  stmt.expr = expr->right;
}

void payload_stmt_postprocess(RuleCtx& ctx, Stmt& stmt) {
  payload_complete(*stmt.target, ctx.pctx);
  if (!payload_is_known(*stmt.target)) payload_stmt_binop(ctx, stmt);
  expr_postprocess(ctx, stmt.target);
  set_type_like(stmt.expr, *stmt.target);
  expr_postprocess(ctx, stmt.expr);
}

void reject_postprocess(RuleCtx& ctx, Stmt& stmt) {
  const auto& r = std::get<ir::Reject>(stmt.raw);
  switch (ctx.pctx.family) {
    case ir::Family::Ip:
    case ir::Family::Ip6:
      stmt.family = ctx.pctx.family == ir::Family::Ip ? kNfprotoIpv4 : kNfprotoIpv6;
      if (r.type == kRejectTcpRst && ctx.pdctx.exists(kBaseTransport)) {
        ctx.pdctx.release(kBaseTransport);
      }
      return;
    case ir::Family::Inet:
    case ir::Family::Bridge:
    case ir::Family::Netdev: {
      if (r.type == kRejectIcmpxUnreach) return;
      stmt.verbose = true;
      const proto::Protocol* base = ctx.pctx.protocol[kBaseLL];
      const proto::Protocol* desc = ctx.pctx.protocol[kBaseNetwork];
      if (base != nullptr && desc != nullptr) {
        std::optional<uint64_t> num = proto::upper_value(*base, desc->name);
        if (num == kNfprotoIpv4 || num == 0x0800) stmt.family = kNfprotoIpv4;
        if (num == kNfprotoIpv6 || num == 0x86dd) stmt.family = kNfprotoIpv6;
      }
      if (ctx.pdctx.exists(kBaseNetwork)) ctx.pdctx.release(kBaseNetwork);
      return;
    }
    case ir::Family::Arp:
      return;
  }
}

void stmt_postprocess(RuleCtx& ctx) {
  Stmt& s = *ctx.stmt;
  switch (s.kind) {
    case StmtKind::Expr:
      stmt_expr_postprocess(ctx);
      return;
    case StmtKind::Payload:
      payload_stmt_postprocess(ctx, s);
      return;
    case StmtKind::Meter:
    case StmtKind::Set:
      expr_postprocess(ctx, s.target);
      return;
    case StmtKind::Map:
      expr_postprocess(ctx, s.target);
      if (s.set != nullptr) {
        if (auto d = set_data_type(*s.set)) set_type(s.data, d->type, d->byteorder);
      }
      expr_postprocess(ctx, s.data);
      return;
    case StmtKind::Meta:
      expr_postprocess(ctx, s.expr);
      return;
    case StmtKind::Ct:
      expr_postprocess(ctx, s.expr);
      if (s.expr->kind == ExprKind::Binop && s.key == kCtEventmask) {
        std::vector<ExprPtr> items;
        std::vector<ExprPtr> stack{s.expr};
        while (!stack.empty()) {
          ExprPtr e = stack.back();
          stack.pop_back();
          if (e->kind == ExprKind::Binop && e->op == Op::Or) {
            stack.push_back(e->right);
            stack.push_back(e->left);
          } else {
            items.push_back(e);
          }
        }
        s.expr = make_list(std::move(items));
      }
      return;
    case StmtKind::Nat:
      if (s.target) expr_postprocess(ctx, s.target);
      if (s.data) expr_postprocess(ctx, s.data);
      return;
    case StmtKind::Tproxy:
      if (s.target) expr_postprocess(ctx, s.target);
      if (s.data) {
        ctx.pdctx.reset();
        expr_postprocess(ctx, s.data);
      }
      return;
    case StmtKind::Reject:
      reject_postprocess(ctx, s);
      return;
    case StmtKind::Dup:
    case StmtKind::Fwd:
      if (s.target) expr_postprocess(ctx, s.target);
      if (s.data) expr_postprocess(ctx, s.data);
      return;
    case StmtKind::Objref:
      expr_postprocess(ctx, s.expr);
      return;
    case StmtKind::Queue:
      if (s.expr && s.expr->kind != ExprKind::Value && s.expr->kind != ExprKind::Range) {
        expr_postprocess(ctx, s.expr);
      }
      return;
    case StmtKind::Verdict:
    case StmtKind::Counter:
    case StmtKind::Limit:
    case StmtKind::Quota:
    case StmtKind::Last:
    case StmtKind::Log:
    case StmtKind::Notrack:
    case StmtKind::FlowOffload:
    case StmtKind::Connlimit:
    case StmtKind::Synproxy:
    case StmtKind::Exthdr:
    case StmtKind::Optstrip:
      return;
  }
}

}  // namespace

std::vector<StmtPtr> postprocess(const TableState& table, std::vector<StmtPtr> stmts) {
  RuleCtx ctx(table, table.decl.family);
  for (StmtPtr& s : stmts) {
    const StmtKind kind = s->kind;
    ctx.stmt = s;
    stmt_postprocess(ctx);
    if (ctx.stmt) ctx.out.push_back(ctx.stmt);
    ctx.pdctx.prev = ctx.stmt.get();
    // A statement with side effects in between keeps earlier protocol matches meaningful.
    if (kind != StmtKind::Expr) ctx.pdctx.reset();
  }
  std::vector<StmtPtr> out;
  for (StmtPtr& s : ctx.out) {
    if (!s->dead) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace nftx::raise
