// SPDX-License-Identifier: GPL-2.0-or-later
// The statements with side effects read back from their operations: nat, masquerade, redirect,
// named object references, tproxy, queue, dup, fwd and dynamic set updates.
#include "compiler/raise/delinearize.h"
#include "compiler/raise/delinearize_regs.h"
#include "compiler/raise/set_elements.h"

namespace nftx::raise {
namespace {

using proto::ByteOrder;
using proto::TypeId;

constexpr uint32_t kNfprotoIpv4 = 2;

// is_nat_addr_map / is_nat_proto_map: one map lookup producing an address range, or address and
// port together.
uint32_t nat_map_flags(const ExprPtr& addr, uint32_t addr_bits) {
  if (!addr || addr->kind != ExprKind::Map || !addr->right || !addr->right->set) return 0;
  const ir::Set& set = addr->right->set->decl;
  const uint32_t data_len = set.data_len * 8;
  const bool concat = set.data_type && !proto::concat_members(*set.data_type).empty();
  if (concat && data_len == 2 * (addr_bits + 32)) return kNatInterval | kNatConcat;
  if (concat && data_len == addr_bits + 32) return kNatConcat;
  if (!concat && data_len == 2 * addr_bits) return kNatInterval;
  return 0;
}

}  // namespace

StmtPtr parse_nat(const ir::Nat& n, const RegisterFile& regs, const TableState& table) {
  StmtPtr s = make_stmt(StmtKind::Nat);
  s->raw = n;
  s->nat_type = n.type;
  s->flags = n.flags.value_or(0);
  if (table.decl.family == ir::Family::Inet) s->family = n.family;
  constexpr uint32_t kNetmap = 0x40;  // NF_NAT_RANGE_NETMAP
  if ((s->flags & kNetmap) != 0) s->nat_type_flags |= kNatPrefix;
  const uint32_t addr_bits = n.family == kNfprotoIpv4 ? 32 : 128;
  const TypeId addr_type = n.family == kNfprotoIpv4 ? TypeId::Ipaddr : TypeId::Ip6addr;
  ExprPtr addr;
  if (n.addr_min) {
    addr = regs.get(*n.addr_min);
    if (!addr) return nullptr;
    set_type(addr, addr_type, ByteOrder::Big);
    s->target = addr;
  }
  if (const uint32_t map_flags = nat_map_flags(addr, addr_bits); map_flags != 0) {
    s->family = n.family;
    s->nat_type_flags |= map_flags;
    return s;
  }
  if (n.addr_max && n.addr_max != n.addr_min) {
    ExprPtr high = regs.get(*n.addr_max);
    if (!high) return nullptr;
    set_type(high, addr_type, ByteOrder::Big);
    s->target = s->target ? range_to_prefix(make_range(s->target, high)) : high;
  }
  if (n.proto_min) {
    ExprPtr p = regs.get(*n.proto_min);
    if (!p) return nullptr;
    set_type(p, TypeId::InetService, ByteOrder::Big);
    s->data = p;
  }
  if (n.proto_max && n.proto_max != n.proto_min) {
    ExprPtr p = regs.get(*n.proto_max);
    if (!p) return nullptr;
    set_type(p, TypeId::InetService, ByteOrder::Big);
    s->data = s->data ? make_range(s->data, p) : p;
  }
  return s;
}

namespace {

template <typename T>
StmtPtr parse_masq_redir(const T& m, uint32_t type, const RegisterFile& regs) {
  StmtPtr s = make_stmt(StmtKind::Nat);
  s->raw = m;
  s->nat_type = type;
  s->flags = m.flags.value_or(0);
  if (m.proto_min) {
    ExprPtr p = regs.get(*m.proto_min);
    if (!p) return nullptr;
    set_type(p, TypeId::InetService, ByteOrder::Big);
    s->data = p;
  }
  if (m.proto_max && m.proto_max != m.proto_min) {
    ExprPtr p = regs.get(*m.proto_max);
    if (!p) return nullptr;
    set_type(p, TypeId::InetService, ByteOrder::Big);
    s->data = s->data ? make_range(s->data, p) : p;
  }
  return s;
}

}  // namespace

StmtPtr parse_masq(const ir::Masq& m, const RegisterFile& regs) {
  return parse_masq_redir(m, kNatMasq, regs);
}

StmtPtr parse_redir(const ir::Redir& r, const RegisterFile& regs) {
  return parse_masq_redir(r, kNatRedir, regs);
}

StmtPtr parse_objref(const ir::Objref& o, const RegisterFile& regs, const TableState& table) {
  StmtPtr s = make_stmt(StmtKind::Objref);
  s->raw = o;
  if (o.sreg) {
    const SetState* set = table.find_set(o.set);
    if (set == nullptr) return nullptr;
    ExprPtr left = regs.key(*o.sreg, set->decl.key_len * 8);
    if (!left) return nullptr;
    s->expr = make_map(left, make_set_ref(set));
    s->key = set->decl.obj_type.value_or(o.type);
  } else {
    ir::Bytes b(o.name.begin(), o.name.end());
    b.push_back(0);
    // Read like a register image; postprocessing turns it into host order.
    s->expr = make_value(TypeId::String, ByteOrder::Host, static_cast<uint32_t>(b.size() * 8),
                         Num::from_be(b));
    s->key = o.type;
  }
  return s;
}

StmtPtr parse_tproxy(const ir::Tproxy& t, const RegisterFile& regs) {
  StmtPtr s = make_stmt(StmtKind::Tproxy);
  s->raw = t;
  s->family = t.family;
  if (t.addr) {
    ExprPtr a = regs.get(*t.addr);
    if (!a) return nullptr;
    set_type(a, t.family == kNfprotoIpv4 ? TypeId::Ipaddr : TypeId::Ip6addr, ByteOrder::Big);
    s->target = a;
  }
  if (t.port) {
    ExprPtr p = regs.get(*t.port);
    if (!p) return nullptr;
    set_type(p, TypeId::InetService, ByteOrder::Big);
    s->data = p;
  }
  return s;
}

StmtPtr parse_queue(const ir::Queue& q, const RegisterFile& regs) {
  StmtPtr s = make_stmt(StmtKind::Queue);
  s->raw = q;
  s->flags = q.flags;
  if (q.sreg) {
    s->expr = regs.get(*q.sreg);
    if (!s->expr) return nullptr;
  } else {
    s->expr = make_value(TypeId::Integer, ByteOrder::Host, 16, Num::from_u64(q.num));
    if (q.total > 1) {
      s->expr = make_range(s->expr, make_value(TypeId::Integer, ByteOrder::Host, 16,
                                               Num::from_u64(q.num + q.total - 1u)));
    }
  }
  return s;
}

StmtPtr parse_dup(const ir::Dup& d, const RegisterFile& regs, const TableState& table) {
  StmtPtr s = make_stmt(StmtKind::Dup);
  if (d.addr) {
    ExprPtr a = regs.get(*d.addr);
    if (!a) return nullptr;
    if (table.decl.family == ir::Family::Ip) set_type(a, TypeId::Ipaddr, ByteOrder::Big);
    if (table.decl.family == ir::Family::Ip6) set_type(a, TypeId::Ip6addr, ByteOrder::Big);
    s->target = a;
  }
  if (d.dev) {
    ExprPtr dev = regs.get(*d.dev);
    if (!dev) return nullptr;
    set_type(dev, TypeId::Ifindex, ByteOrder::Host);
    if (!s->target) {
      s->target = dev;
    } else {
      s->data = dev;
    }
  }
  return s;
}

StmtPtr parse_fwd(const ir::Fwd& f, const RegisterFile& regs) {
  StmtPtr s = make_stmt(StmtKind::Fwd);
  s->raw = f;
  s->family = f.nfproto.value_or(0);
  if (f.dev) {
    ExprPtr dev = regs.get(*f.dev);
    if (!dev) return nullptr;
    set_type(dev, TypeId::Ifindex, ByteOrder::Host);
    s->target = dev;
  }
  if (f.addr) {
    ExprPtr a = regs.get(*f.addr);
    if (!a) return nullptr;
    set_type(a, s->family == kNfprotoIpv4 ? TypeId::Ipaddr : TypeId::Ip6addr, ByteOrder::Big);
    s->data = a;
  }
  return s;
}

StmtPtr parse_dynset(const ir::Dynset& d, const RegisterFile& regs, const TableState& table) {
  const SetState* set = table.find_set(d.set);
  if (set == nullptr) return nullptr;
  ExprPtr key = regs.key(d.sreg_key, set->decl.key_len * 8);
  if (!key) return nullptr;
  // The kernel only accepts stateful expressions on dynamic set elements.
  std::vector<StmtPtr> stmts;
  for (const ir::Instr& i : d.exprs) {
    if (StmtPtr s = stateful_stmt(i.op)) stmts.push_back(s);
  }
  ExprPtr data;
  if (d.sreg_data) data = regs.key(*d.sreg_data, set->decl.data_len * 8);
  StmtPtr s;
  if (data) {
    s = make_stmt(StmtKind::Map);
    s->data = data;
  } else if (!stmts.empty() && set->anonymous()) {
    s = make_stmt(StmtKind::Meter);
  } else {
    s = make_stmt(StmtKind::Set);
  }
  s->set = set;
  s->set_op = d.op;
  s->target = key;
  s->timeout = d.timeout.value_or(0);
  s->stmts = std::move(stmts);
  return s;
}

}  // namespace nftx::raise
