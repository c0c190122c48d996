// SPDX-License-Identifier: GPL-2.0-or-later
// snat / dnat / masquerade / redirect: address and port operands (constants, ranges or map
// lookups), the NAT family, and NF_NAT_RANGE_* flags.
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables.h>

#include "compiler/sema/rule_checker.h"

namespace nftx::sema {

using checked::make;
using proto::ByteOrder;
using proto::TypeId;

bool RuleChecker::nat(const ast::Nat& n, const Span& at) {
  checked::Nat out;
  switch (n.kind) {
    case ast::NatKind::Snat: out.nat.type = NFT_NAT_SNAT; break;
    case ast::NatKind::Dnat: out.nat.type = NFT_NAT_DNAT; break;
    case ast::NatKind::Masquerade: out.kind = checked::Nat::Kind::Masq; break;
    case ast::NatKind::Redirect: out.kind = checked::Nat::Kind::Redir; break;
  }
  const bool is_nat = out.kind == checked::Nat::Kind::Nat;
  if (chain_ && chain_->hooknum && chain_->type != "nat") {
    error(at, "nat-chain", "NAT is only valid in chains of type nat", {chain_->span});
    return false;
  }
  // Family of the addresses.
  uint32_t family = 0;
  if (table_.family == ir::Family::Ip) family = NFPROTO_IPV4;
  if (table_.family == ir::Family::Ip6) family = NFPROTO_IPV6;
  if (n.family == "ip") family = NFPROTO_IPV4;
  if (n.family == "ip6") family = NFPROTO_IPV6;
  if (!family && table_.family == ir::Family::Inet) {
    const proto::Protocol* nh = base_[static_cast<int>(ir::PayloadBase::Network)];
    if (nh && nh->name == "ip") family = NFPROTO_IPV4;
    if (nh && nh->name == "ip6") family = NFPROTO_IPV6;
  }
  if (is_nat && n.addr && !family) {
    error(at, "nat-family", "specify the address family: `" +
                                std::string(n.kind == ast::NatKind::Snat ? "snat" : "dnat") +
                                " ip to ...` or `... ip6 to ...` in an inet table");
    return false;
  }
  out.nat.family = family ? family : uint32_t{NFPROTO_IPV4};
  // Without an address an inet table's nat works for both families (`dnat to :80`).
  if (is_nat && !n.addr && table_.family == ir::Family::Inet && n.family.empty()) {
    out.nat.family = NFPROTO_INET;
  }
  const ValueType addr_type = family == NFPROTO_IPV6
                                  ? ValueType{TypeId::Ip6addr, ByteOrder::Big, 128}
                                  : ValueType{TypeId::Ipaddr, ByteOrder::Big, 32};
  const ValueType port_type{TypeId::InetService, ByteOrder::Big, 16};
  uint32_t flags = 0;
  for (const auto& f : n.flags) {
    if (f == "random") flags |= NF_NAT_RANGE_PROTO_RANDOM;
    else if (f == "fully-random") flags |= NF_NAT_RANGE_PROTO_RANDOM_FULLY;
    else if (f == "persistent") flags |= NF_NAT_RANGE_PERSISTENT;
    else if (f == "netmap") flags |= NF_NAT_RANGE_NETMAP;
  }
  if (n.prefix_flag) flags |= NF_NAT_RANGE_NETMAP;  // `snat prefix to ...`
  auto operand = [&](const ast::ExprPtr& raw, const ValueType& vt, checked::ExprPtr& lo,
                     checked::ExprPtr& hi) -> bool {
    ast::ExprPtr e = expand(raw);
    if (!e) return false;
    if (const auto* r = ast::as<ast::Range>(e)) {
      auto a = value_expr(r->lo, vt);
      auto b = value_expr(r->hi, vt);
      if (!a || !b) return false;
      lo = *a;
      hi = *b;
      return true;
    }
    if (ast::as<ast::Prefix>(e)) {
      // A prefix is the range of its addresses (mapped 1:1 only with `prefix to`).
      Lhs fake;
      fake.parts = {vt};
      fake.expr = make(checked::Const{}, vt.type, vt.byteorder, vt.len_bits, e->span);
      bool failed = false;
      auto iv = interval(e, fake, failed);
      if (!iv) return false;
      lo = make(checked::Const{iv->from}, vt.type, vt.byteorder, vt.len_bits, e->span);
      hi = make(checked::Const{iv->to}, vt.type, vt.byteorder, vt.len_bits, e->span);
      return true;
    }
    auto v = value_expr(e, vt);
    if (!v) return false;
    lo = *v;
    return true;
  };
  if (n.addr) {
    if (!is_nat) {
      // masquerade/redirect `to 123`: the operand is a port.
      if (!operand(n.addr, port_type, out.proto_min, out.proto_max)) return false;
    } else if (auto handled = nat_map(n.addr, addr_type, port_type, out)) {
      if (!*handled) return false;
    } else if (!operand(n.addr, addr_type, out.addr_min, out.addr_max)) {
      return false;
    }
  }
  if (n.port && !operand(n.port, port_type, out.proto_min, out.proto_max)) return false;
  if (out.map_proto_min && !base_[static_cast<int>(ir::PayloadBase::Transport)]) {
    error(n.addr->span, "nat-port",
          "transport protocol mapping is only valid after transport protocol match");
    return false;
  }
  if (out.proto_min) {
    if (!base_[static_cast<int>(ir::PayloadBase::Transport)]) {
      std::vector<Span> secondary;
      if (n.addr) secondary.push_back(n.addr->span);
      error(n.port ? n.port->span : at, "nat-port",
            "transport protocol mapping is only valid after transport protocol match");
      return false;
    }
    flags |= NF_NAT_RANGE_PROTO_SPECIFIED;
  }
  if (flags) out.nat.flags = flags;
  emit(std::move(out), at);
  return true;
}

}  // namespace nftx::sema
