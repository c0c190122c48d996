// SPDX-License-Identifier: GPL-2.0-or-later
// Meta and ct matches as protocol facts and dependencies (nft's ct_meta_common_postprocess): `meta
// l4proto tcp` tells which transport header follows and may itself be redundant.
#include "compiler/raise/postprocess_ctx.h"

namespace nftx::raise {
namespace {

using proto::TypeId;

constexpr uint32_t kMetaNfproto = 15, kMetaL4proto = 16, kMetaProtocol = 1;
constexpr uint32_t kCtSrc = 8, kCtDst = 9, kCtProtoSrc = 11, kCtProtoDst = 12;
constexpr uint32_t kCtProtocol = 10, kCtL3proto = 7;
constexpr uint32_t kCtSrcIp = 19, kCtDstIp = 20, kCtSrcIp6 = 21, kCtDstIp6 = 22;
constexpr uint8_t kIpprotoIcmp = 1, kIpprotoIcmpv6 = 58;
constexpr uint64_t kNfprotoIpv4 = 2, kNfprotoIpv6 = 10;
constexpr uint64_t kEthPIp = 0x0800, kEthPIpv6 = 0x86dd;

uint32_t meta_base(uint32_t key) {
  switch (key) {
    case kMetaNfproto:
    case kMetaProtocol:
      return kBaseLL;
    case kMetaL4proto:
      return kBaseNetwork;
    default:
      return kBaseInvalid;
  }
}

uint32_t ct_base(uint32_t key) {
  switch (key) {
    case kCtSrc:
    case kCtDst:
    case kCtProtocol:
      return kBaseNetwork;
    case kCtProtoSrc:
    case kCtProtoDst:
      return kBaseTransport;
    case kCtL3proto:
      return kBaseLL;
    default:
      return kBaseInvalid;
  }
}

// nfproto a meta/payload dependency restricts to (__meta_dependency_may_kill), or nullopt when the
// dependency is something else.
std::optional<uint64_t> dependency_nfproto(const Expr& dep) {
  const Expr& left = *dep.left;
  auto from_ethertype = [](uint64_t v) -> uint64_t {
    if (v == kEthPIp) return kNfprotoIpv4;
    if (v == kEthPIpv6) return kNfprotoIpv6;
    return 0;
  };
  std::optional<uint64_t> v = small_value(*dep.right);
  if (!v) return std::nullopt;
  if (left.kind == ExprKind::Meta) {
    if (left.key == kMetaNfproto) return *v;
    if (left.key == kMetaProtocol) return from_ethertype(*v);
    return std::nullopt;
  }
  if (left.kind == ExprKind::Payload && left.base == kBaseLL && left.type == TypeId::Ethertype) {
    return from_ethertype(*v);
  }
  return std::nullopt;
}

// ct_meta_may_dependency_kill: may `expr` replace the network layer dependency?
bool ct_meta_may_kill(const RuleCtx& ctx, const Expr& expr) {
  const Stmt* dep = ctx.pdctx.get(kBaseNetwork);
  if (dep == nullptr) return true;
  std::optional<uint64_t> nfproto = dependency_nfproto(*dep->expr);
  if (!nfproto) return true;
  switch (ctx.pctx.family) {
    case ir::Family::Inet:
    case ir::Family::Netdev:
    case ir::Family::Bridge:
      break;
    case ir::Family::Ip:
    case ir::Family::Ip6:
      return static_cast<uint64_t>(ctx.pctx.family) == *nfproto;
    case ir::Family::Arp:
      return true;
  }
  const Expr& left = *expr.left;
  if (left.kind == ExprKind::Meta) {
    if (left.key != kMetaL4proto) return true;
    std::optional<uint64_t> l4 = small_value(*expr.right);
    if (!l4 || expr.right->len != 8) return false;
    if (*l4 == kIpprotoIcmp) return *nfproto == kNfprotoIpv4;
    if (*l4 == kIpprotoIcmpv6) return *nfproto == kNfprotoIpv6;
    return false;
  }
  if (left.kind == ExprKind::Ct) {
    switch (left.key) {
      case kCtSrc:
      case kCtDst:
        if (left.len == 32) return *nfproto == kNfprotoIpv4;
        if (left.len == 128) return *nfproto == kNfprotoIpv6;
        return false;
      case kCtSrcIp:
      case kCtDstIp:
        return *nfproto == kNfprotoIpv4;
      case kCtSrcIp6:
      case kCtDstIp6:
        return *nfproto == kNfprotoIpv6;
      default:
        return false;
    }
  }
  return true;
}

void ct_meta_common(RuleCtx& ctx, Expr& expr, uint32_t base) {
  const Expr& left = *expr.left;
  if (expr.right->kind == ExprKind::Set || expr.right->kind == ExprKind::SetRef) {
    set_type_like(expr.right, left);
  }
  if (expr.op != Op::Eq) return;
  const ExprKind rk = expr.right->kind;
  if (rk == ExprKind::Range || rk == ExprKind::Set || rk == ExprKind::SetRef) return;
  pctx_update(ctx.pctx, expr);
  if (base < kBaseTransport) {
    if (ctx.pdctx.exists(base) && ct_meta_may_kill(ctx, expr)) ctx.pdctx.release(base);
    if ((left.flags & kExprProtocol) != 0 && ctx.stmt) ctx.pdctx.store(ctx.stmt.get(), base);
  }
}

}  // namespace

void ct_meta_postprocess(RuleCtx& ctx, Expr& rel) {
  const Expr& left = *rel.left;
  ct_meta_common(ctx, rel, left.kind == ExprKind::Ct ? ct_base(left.key) : meta_base(left.key));
}

}  // namespace nftx::raise
