// SPDX-License-Identifier: GPL-2.0-or-later
// Which matches are redundant: a protocol match (`meta l4proto tcp`, `ether type vlan`) that a
// later higher layer match implies is dropped from the listing, as nft's payload_dependency_*
// functions do; some are kept because they restrict the family (inet, bridge, netdev).
#include "compiler/raise/postprocess_ctx.h"

namespace nftx::raise {
namespace {

constexpr uint8_t kIcmpEchoReply = 0, kIcmpEcho = 8;
constexpr uint8_t kIcmp6EchoRequest = 128, kIcmp6EchoReply = 129;
constexpr uint64_t kEthP8021q = 0x8100;

bool is_named(const proto::Protocol* p, std::string_view name) {
  return p != nullptr && p->name == name;
}

// payload_dependency_store_icmp_type: an icmp echo type match is never a dependency.
bool store_icmp_type(DepCtx& ctx, const Stmt& stmt) {
  const Expr& dep = *stmt.expr;
  if (dep.left->kind != ExprKind::Payload) return false;
  const Expr& right = *dep.right;
  if (right.kind != ExprKind::Value || right.len != 8) return false;
  uint8_t type = static_cast<uint8_t>(right.value.low64());
  if (is_named(dep.left->desc, "icmp")) {
    if (type == kIcmpEchoReply) type = kIcmpEcho;
    ctx.icmp_type = type;
    return type == kIcmpEcho;
  }
  if (is_named(dep.left->desc, "icmpv6")) {
    ctx.icmp_type = type;
    return type == kIcmp6EchoRequest || type == kIcmp6EchoReply;
  }
  return false;
}

bool may_kill_icmp(const DepCtx& ctx, const Expr& expr) {
  const Stmt* dep = ctx.get(expr.base);
  if (expr.tmpl == nullptr || expr.tmpl->icmp_dep == proto::IcmpDep::None) return false;
  if (dep->expr->left->desc != expr.desc) return false;
  // Dependencies on several types (echo request and reply, the address carrying types) are sets,
  // never killed.
  const proto::IcmpDep dep_kind = expr.tmpl->icmp_dep;
  if (dep_kind == proto::IcmpDep::Echo || dep_kind == proto::IcmpDep::Icmp6Echo ||
      dep_kind == proto::IcmpDep::Icmp6Address) {
    return false;
  }
  return ctx.icmp_type == proto::icmp_dep_type(expr.tmpl->icmp_dep).value_or(0);
}

bool may_kill_ll(const DepCtx& ctx, const Expr& expr) {
  const Expr& dep = *ctx.get(expr.base)->expr;
  // `vlan type` matches are never added implicitly.
  if (is_named(dep.left->desc, "vlan")) return false;
  if (is_named(dep.left->desc, "ether") && dep.right->kind == ExprKind::Value &&
      dep.right->len == 16) {
    return dep.right->value.low64() == kEthP8021q;
  }
  return true;
}

bool may_kill(const DepCtx& ctx, ir::Family family, Expr& expr) {
  const Expr& dep = *ctx.get(expr.base)->expr;
  switch (family) {
    case ir::Family::Bridge:
    case ir::Family::Netdev:
    case ir::Family::Inet:
      // `ip6 nexthdr tcp` restricts these families to IPv6: keep it.
      if (dep.left->kind == ExprKind::Payload && dep.left->base == kBaseNetwork &&
          (is_named(dep.left->desc, "ip") || is_named(dep.left->desc, "ip6")) &&
          expr.base == kBaseTransport) {
        return false;
      }
      if (dep.left->kind == ExprKind::Payload && dep.op == Op::Eq && expr.base == dep.left->base) {
        if ((expr.flags & kExprProtocol) != 0) return false;
        if (expr.base == kBaseLL) return may_kill_ll(ctx, expr);
      }
      break;
    case ir::Family::Ip:
    case ir::Family::Ip6:
    case ir::Family::Arp:
      break;
  }
  if (expr.base != kBaseTransport) return true;
  if (is_named(expr.desc, "th")) {
    // th could be any of udp, tcp, dccp, sctp: keep the dependency and print the raw form.
    expr.desc = &unknown_protocol();
    expr.tmpl = nullptr;
    expr.type = proto::TypeId::Integer;
    expr.flavor = Flavor::Hex;
    return false;
  }
  if (dep.left->kind != ExprKind::Payload || dep.left->base != kBaseTransport) return true;
  if (is_named(dep.left->desc, "icmp") || is_named(dep.left->desc, "icmpv6")) {
    return may_kill_icmp(ctx, expr);
  }
  return true;
}

}  // namespace

bool DepCtx::exists(uint32_t base) const {
  if (pdeps[base] != nullptr) return true;
  return base == kBaseTransport && pdeps[kBaseInner] != nullptr;
}

Stmt* DepCtx::get(uint32_t base) const {
  if (pdeps[base] != nullptr) return pdeps[base];
  if (base == kBaseTransport) return pdeps[kBaseInner];
  return nullptr;
}

void DepCtx::store(Stmt* stmt, uint32_t base) {
  if (store_icmp_type(*this, *stmt)) return;
  pdeps[base + 1] = stmt;
}

void DepCtx::release(uint32_t base) {
  uint32_t b = base;
  if (pdeps[b] == nullptr && base == kBaseTransport) b = kBaseInner;
  if (pdeps[b] == nullptr) return;
  pdeps[b]->dead = true;
  if (pdeps[b] == prev) prev = nullptr;
  pdeps[b] = nullptr;
}

void payload_dependency_kill(RuleCtx& ctx, Expr& expr) {
  if (expr.desc == nullptr || expr.desc == &unknown_protocol()) return;
  if (!ctx.pdctx.exists(expr.base)) return;
  if (may_kill(ctx.pdctx, ctx.pctx.family, expr)) ctx.pdctx.release(expr.base);
}

}  // namespace nftx::raise
