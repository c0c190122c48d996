// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/delinearize.h"

#include <array>

#include "compiler/raise/payload_raise.h"
#include "compiler/raise/proto_ctx.h"

namespace nftx::raise {
namespace {

using proto::ByteOrder;
using proto::TypeId;

constexpr uint32_t kMaxRegs = 17;  // verdict + 16 32-bit registers
constexpr uint32_t kMetaIiftype = 8, kMetaNfproto = 15, kMetaL4proto = 16, kMetaProtocol = 1;
constexpr uint32_t kCtL3proto = 7, kCtProtocol = 10;
constexpr uint32_t kFibResultOif = 1, kFibResultOifname = 2, kFibResultAddrtype = 3;
constexpr uint32_t kFibFlagPresent = 1u << 5;
constexpr uint32_t kExthdrFlagPresent = 1;
constexpr uint32_t kXfrmDaddr = 1, kXfrmSaddr = 2, kXfrmReqid = 3, kXfrmSpi = 4;
constexpr uint32_t kNfprotoIpv4 = 2;

// nft's netlink_parse_register: 128-bit registers map onto their first 32-bit register.
uint32_t slot(ir::Reg reg) {
  if (reg >= 1 && reg <= 4) return 1 + (reg - 1) * 4;
  if (reg >= 8) return 1 + reg - 8;
  return 0;
}

ExprPtr make_keyed(ExprKind kind, const proto::Key* k, uint32_t key) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->key = key;
  if (k != nullptr) {
    e->type = k->type;
    e->len = k->len_bits;
    e->byteorder = k->byteorder;
  } else {
    e->type = TypeId::Integer;
    e->len = 32;
    e->byteorder = ByteOrder::Host;
  }
  return e;
}

const proto::Key* find_key(std::span<const proto::Key> keys, uint32_t key) {
  for (const proto::Key& k : keys) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

class Parser {
 public:
  explicit Parser(const TableState& table) : table_(table) {}

  std::vector<StmtPtr> run(const std::vector<ir::Instr>& exprs) {
    for (const ir::Instr& i : exprs) {
      std::visit([&](const auto& op) { parse(op); }, i.op);
    }
    return std::move(out_);
  }

  // Parses a single operation and returns the statement it produced (dynset expressions).
  StmtPtr parse_one(const ir::Op& op) {
    const size_t before = out_.size();
    std::visit([&](const auto& o) { parse(o); }, op);
    if (out_.size() == before) return nullptr;
    StmtPtr s = out_.back();
    out_.pop_back();
    return s;
  }

 private:
  void set_reg(ir::Reg reg, ExprPtr e) {
    const uint32_t s = slot(reg);
    if (s == 0 || s >= kMaxRegs) return;
    regs_[s] = std::move(e);
  }
  ExprPtr get_reg(uint32_t s) const {
    if (s == 0 || s >= kMaxRegs || !regs_[s]) return nullptr;
    return clone(regs_[s]);
  }
  ExprPtr get(ir::Reg reg) const { return get_reg(slot(reg)); }

  void emit(StmtPtr s) { out_.push_back(std::move(s)); }
  StmtPtr stmt(StmtKind kind) {
    auto s = std::make_shared<Stmt>();
    s->kind = kind;
    return s;
  }
  void emit_raw(StmtKind kind, const ir::Op& op) {
    StmtPtr s = stmt(kind);
    s->raw = op;
    emit(s);
  }

  // netlink_parse_concat_expr: the expressions in consecutive registers covering `len` bits.
  ExprPtr concat_from(uint32_t s, uint32_t len) const {
    std::vector<ExprPtr> items;
    int64_t left = len;
    while (left > 0) {
      ExprPtr e = get_reg(s);
      if (!e || e->len == 0) return nullptr;
      left -= padded_len(e->len);
      s += register_space(e->len);
      items.push_back(std::move(e));
    }
    return make_concat(std::move(items));
  }

  // netlink_parse_concat_data: a constant split like the registers it is compared with.
  ExprPtr concat_data(uint32_t s, uint32_t len, const ir::Bytes& data) const {
    std::vector<ExprPtr> items;
    size_t pos = 0;
    int64_t left = len;
    while (left > 0) {
      ExprPtr e = get_reg(s);
      if (!e || e->len == 0) return nullptr;
      const size_t bytes = (e->len + 7) / 8;
      if (pos + bytes > data.size()) return nullptr;
      ir::Bytes part(data.begin() + static_cast<ptrdiff_t>(pos),
                     data.begin() + static_cast<ptrdiff_t>(pos + bytes));
      ExprPtr v = make_raw_value(part);
      v->len = e->len;
      items.push_back(v);
      pos += register_space(e->len) * 4;
      left -= padded_len(e->len);
      s += register_space(e->len);
    }
    return make_concat(std::move(items));
  }

  const SetState* find_set(const std::string& name) const { return table_.find_set(name); }

  uint32_t set_key_len(const SetState& set) const {
    // Concatenated keys occupy whole registers per member.
    return set.decl.key_len * 8;
  }

  void parse(const ir::Payload& p) {
    set_reg(p.dreg, make_raw_payload(static_cast<uint32_t>(p.base) + 1, p.offset * 8, p.len * 8));
  }
  void parse(const ir::PayloadWrite& p) {
    ExprPtr val = get(p.sreg);
    if (!val) return;
    StmtPtr s = stmt(StmtKind::Payload);
    s->target = make_raw_payload(static_cast<uint32_t>(p.base) + 1, p.offset * 8, p.len * 8);
    s->expr = val;
    emit(s);
  }
  void parse(const ir::Cmp& c) {
    ExprPtr left = get(c.sreg);
    if (!left) return;
    ExprPtr right = make_raw_value(c.data);
    if (left->len > right->len && basetype(*left) != TypeId::String) {
      const uint32_t plen = right->len;
      right->value <<= left->len - right->len;
      right->len = left->len;
      right = make_prefix(right, plen);
    } else if (left->len > 0 && left->len < right->len) {
      ExprPtr l = concat_from(slot(c.sreg), right->len);
      ExprPtr r = concat_data(slot(c.sreg), right->len, c.data);
      if (l && r) {
        left = l;
        right = r;
      }
    }
    StmtPtr s = stmt(StmtKind::Expr);
    s->expr = make_relational(cmp_op(c.op), left, right);
    emit(s);
  }
  static Op cmp_op(ir::CmpOp op) {
    switch (op) {
      case ir::CmpOp::Eq:
        return Op::Eq;
      case ir::CmpOp::Neq:
        return Op::Neq;
      case ir::CmpOp::Lt:
        return Op::Lt;
      case ir::CmpOp::Lte:
        return Op::Lte;
      case ir::CmpOp::Gt:
        return Op::Gt;
      case ir::CmpOp::Gte:
        return Op::Gte;
    }
    return Op::Invalid;
  }
  void parse(const ir::Range& r) {
    ExprPtr left = get(r.sreg);
    if (!left) return;
    StmtPtr s = stmt(StmtKind::Expr);
    s->expr = make_relational(r.op == ir::CmpOp::Neq ? Op::Neq : Op::Eq, left,
                              make_range(make_raw_value(r.from), make_raw_value(r.to)));
    emit(s);
  }
  ExprPtr set_ref(const SetState* set) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::SetRef;
    e->set = set;
    return e;
  }
  void parse(const ir::Lookup& l) {
    const SetState* set = find_set(l.set);
    ExprPtr left = get(l.sreg);
    if (set == nullptr || !left) return;
    if (left->len < set_key_len(*set)) {
      ExprPtr c = concat_from(slot(l.sreg), set_key_len(*set));
      if (c) left = c;
    }
    ExprPtr right = set_ref(set);
    if (l.dreg) {
      ExprPtr map = make_map(left, right);
      if (*l.dreg != 0) {
        set_reg(*l.dreg, map);
        return;
      }
      StmtPtr s = stmt(StmtKind::Expr);
      s->expr = map;
      emit(s);
      return;
    }
    StmtPtr s = stmt(StmtKind::Expr);
    s->expr = make_relational(l.invert ? Op::Neq : Op::Eq, left, right);
    emit(s);
  }
  void parse(const ir::Bitwise& b) {
    ExprPtr left = get(b.sreg);
    if (!left) return;
    ExprPtr e;
    switch (b.op) {
      case ir::BitwiseOp::Bool:
        e = bitwise_bool(b, left);
        break;
      case ir::BitwiseOp::Lshift:
      case ir::BitwiseOp::Rshift: {
        ExprPtr amount = make_raw_value(b.data);
        amount->byteorder = ByteOrder::Host;
        e = make_binop(b.op == ir::BitwiseOp::Lshift ? Op::Lshift : Op::Rshift, left, amount);
        e->len = b.len * 8;
        break;
      }
    }
    set_reg(b.dreg, e);
  }
  // netlink_parse_bitwise_bool: (x & mask) ^ xor as &, ^ and | over the left expression.
  ExprPtr bitwise_bool(const ir::Bitwise& b, ExprPtr left) {
    ExprPtr mask = make_raw_value(b.mask);
    ExprPtr xr = make_raw_value(b.xor_);
    Num m = mask->value, x = xr->value, o;
    if (m.scan0(0) != mask->len || !x.is_zero()) {
      o = (m & x) ^ x;
      x = x & m;
      m = m | o;
    }
    ExprPtr e = left;
    const uint32_t len = left->len;
    if (!(left->len > 0 && m.scan0(0) >= left->len)) {
      mask->value = m;
      e = make_binop(Op::And, e, mask);
      e->len = len;
    }
    if (!x.is_zero()) {
      xr->value = x;
      e = make_binop(Op::Xor, e, xr);
      e->len = len;
    }
    if (!o.is_zero()) {
      ExprPtr orv = make_raw_value(b.xor_);
      orv->value = o;
      e = make_binop(Op::Or, e, orv);
      e->len = len;
    }
    return e;
  }
  void parse(const ir::Byteorder& b) {
    ExprPtr arg = get(b.sreg);
    if (!arg) return;
    set_reg(b.dreg, make_unary(b.op == ir::ByteorderOp::Ntoh ? Op::Ntoh : Op::Hton, arg));
  }
  void parse(const ir::Meta& m) {
    if (m.dreg) {
      set_reg(*m.dreg, make_meta(m.key));
      return;
    }
    if (!m.sreg) return;
    ExprPtr val = get(*m.sreg);
    if (!val) return;
    StmtPtr s = stmt(StmtKind::Meta);
    s->key = m.key;
    if (const proto::Key* k = proto::meta_key(m.key)) set_type(val, k->type, k->byteorder);
    s->expr = val;
    emit(s);
  }
  void parse(const ir::Ct& c) {
    const int32_t dir = c.dir ? static_cast<int32_t>(*c.dir) : -1;
    if (c.dreg) {
      set_reg(*c.dreg, make_ct(c.key, dir));
      return;
    }
    if (!c.sreg) return;
    ExprPtr val = get(*c.sreg);
    if (!val) return;
    StmtPtr s = stmt(StmtKind::Ct);
    s->key = c.key;
    s->dir = dir;
    if (const proto::Key* k = proto::ct_key(c.key)) set_type(val, k->type, k->byteorder);
    s->expr = val;
    emit(s);
  }
  void parse(const ir::Immediate& i) { set_reg(i.dreg, make_raw_value(i.data)); }
  void parse(const ir::ImmediateVerdict& v) {
    StmtPtr s = stmt(StmtKind::Verdict);
    s->expr = make_verdict(v.verdict);
    emit(s);
  }
  void parse(const ir::Counter& c) { emit_raw(StmtKind::Counter, c); }
  void parse(const ir::Limit& l) { emit_raw(StmtKind::Limit, l); }
  void parse(const ir::Quota& q) { emit_raw(StmtKind::Quota, q); }
  void parse(const ir::Last& l) { emit_raw(StmtKind::Last, l); }
  void parse(const ir::Log& l) { emit_raw(StmtKind::Log, l); }
  void parse(const ir::Reject& r) { emit_raw(StmtKind::Reject, r); }
  void parse(const ir::Notrack& n) { emit_raw(StmtKind::Notrack, n); }
  void parse(const ir::FlowOffload& f) { emit_raw(StmtKind::FlowOffload, f); }
  void parse(const ir::Connlimit& c) { emit_raw(StmtKind::Connlimit, c); }
  void parse(const ir::Synproxy& s) { emit_raw(StmtKind::Synproxy, s); }

  // is_nat_addr_map / is_nat_proto_map: one map lookup producing an address range, or
  // address and port together.
  static uint32_t nat_map_flags(const ExprPtr& addr, uint32_t addr_bits) {
    if (!addr || addr->kind != ExprKind::Map || !addr->right || !addr->right->set) return 0;
    const ir::Set& set = addr->right->set->decl;
    const uint32_t data_len = set.data_len * 8;
    const bool concat = set.data_type && !proto::concat_members(*set.data_type).empty();
    if (concat && data_len == 2 * (addr_bits + 32)) return kNatInterval | kNatConcat;
    if (concat && data_len == addr_bits + 32) return kNatConcat;
    if (!concat && data_len == 2 * addr_bits) return kNatInterval;
    return 0;
  }
  void parse(const ir::Nat& n) {
    StmtPtr s = stmt(StmtKind::Nat);
    s->raw = n;
    s->nat_type = n.type;
    s->flags = n.flags.value_or(0);
    if (table_.decl.family == ir::Family::Inet) s->family = n.family;
    constexpr uint32_t kNetmap = 0x40;  // NF_NAT_RANGE_NETMAP
    if ((s->flags & kNetmap) != 0) s->nat_type_flags |= kNatPrefix;
    const uint32_t addr_bits = n.family == kNfprotoIpv4 ? 32 : 128;
    const TypeId addr_type = n.family == kNfprotoIpv4 ? TypeId::Ipaddr : TypeId::Ip6addr;
    ExprPtr addr;
    if (n.addr_min) {
      addr = get(*n.addr_min);
      if (!addr) return;
      set_type(addr, addr_type, ByteOrder::Big);
      s->target = addr;
    }
    if (const uint32_t map_flags = nat_map_flags(addr, addr_bits); map_flags != 0) {
      s->family = n.family;
      s->nat_type_flags |= map_flags;
      emit(s);
      return;
    }
    if (n.addr_max && n.addr_max != n.addr_min) {
      ExprPtr high = get(*n.addr_max);
      if (!high) return;
      set_type(high, addr_type, ByteOrder::Big);
      s->target = s->target ? range_to_prefix(make_range(s->target, high)) : high;
    }
    if (n.proto_min) {
      ExprPtr p = get(*n.proto_min);
      if (!p) return;
      set_type(p, TypeId::InetService, ByteOrder::Big);
      s->data = p;
    }
    if (n.proto_max && n.proto_max != n.proto_min) {
      ExprPtr p = get(*n.proto_max);
      if (!p) return;
      set_type(p, TypeId::InetService, ByteOrder::Big);
      s->data = s->data ? make_range(s->data, p) : p;
    }
    emit(s);
  }
  template <typename T>
  void parse_masq_redir(const T& m, uint32_t type) {
    StmtPtr s = stmt(StmtKind::Nat);
    s->raw = m;
    s->nat_type = type;
    s->flags = m.flags.value_or(0);
    if (m.proto_min) {
      ExprPtr p = get(*m.proto_min);
      if (!p) return;
      set_type(p, TypeId::InetService, ByteOrder::Big);
      s->data = p;
    }
    if (m.proto_max && m.proto_max != m.proto_min) {
      ExprPtr p = get(*m.proto_max);
      if (!p) return;
      set_type(p, TypeId::InetService, ByteOrder::Big);
      s->data = s->data ? make_range(s->data, p) : p;
    }
    emit(s);
  }
  void parse(const ir::Masq& m) { parse_masq_redir(m, kNatMasq); }
  void parse(const ir::Redir& r) { parse_masq_redir(r, kNatRedir); }
  void parse(const ir::Objref& o) {
    StmtPtr s = stmt(StmtKind::Objref);
    s->raw = o;
    if (o.sreg) {
      const SetState* set = find_set(o.set);
      ExprPtr left = get(*o.sreg);
      if (set == nullptr || !left) return;
      if (left->len < set_key_len(*set)) {
        ExprPtr c = concat_from(slot(*o.sreg), set_key_len(*set));
        if (c) left = c;
      }
      s->expr = make_map(left, set_ref(set));
      s->key = set->decl.obj_type.value_or(o.type);
    } else {
      ir::Bytes b(o.name.begin(), o.name.end());
      b.push_back(0);
      s->expr = make_value(TypeId::String, ByteOrder::Host, static_cast<uint32_t>(b.size() * 8),
                           Num::from_le(b));
      s->key = o.type;
    }
    emit(s);
  }
  void parse(const ir::Exthdr& x) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Exthdr;
    e->ext_op = x.op;
    e->ext_type = x.type;
    e->offset = x.offset * 8;
    e->len = x.len * 8;
    e->ext_flags = x.flags;
    e->type = TypeId::Integer;
    e->flavor = Flavor::Hex;
    e->byteorder = ByteOrder::Big;
    exthdr_complete(*e);
    if ((x.flags & kExthdrFlagPresent) != 0) {
      e->type = TypeId::Boolean;
      e->flavor = Flavor::Plain;
    }
    if (x.dreg) {
      set_reg(*x.dreg, e);
      return;
    }
    if (x.sreg) {
      ExprPtr val = get(*x.sreg);
      if (!val) return;
      set_type(val, e->type, e->byteorder, e->flavor);
      StmtPtr s = stmt(StmtKind::Exthdr);
      s->target = e;
      s->expr = val;
      emit(s);
      return;
    }
    StmtPtr s = stmt(StmtKind::Optstrip);
    s->target = e;
    emit(s);
  }
  void parse(const ir::Fib& f) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Fib;
    e->key = f.result;
    e->aux = f.flags;
    switch (f.result) {
      case kFibResultOif:
        e->type = TypeId::Ifindex;
        e->byteorder = ByteOrder::Host;
        e->len = 32;
        break;
      case kFibResultOifname:
        e->type = TypeId::Ifname;
        e->byteorder = ByteOrder::Host;
        e->len = 128;
        break;
      case kFibResultAddrtype:
        e->type = TypeId::FibAddr;
        e->byteorder = ByteOrder::Host;
        e->len = 32;
        break;
      default:
        e->type = TypeId::Integer;
        e->len = 32;
        break;
    }
    if ((f.flags & kFibFlagPresent) != 0) {
      e->type = TypeId::Boolean;
      e->len = 1;
      e->byteorder = ByteOrder::Host;
    }
    set_reg(f.dreg, e);
  }
  void parse(const ir::Rt& r) {
    ExprPtr e = make_keyed(ExprKind::Rt, find_key(proto::rt_keys(), r.key), r.key);
    set_reg(r.dreg, e);
  }
  void parse(const ir::Numgen& n) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Numgen;
    e->aux = n.type;
    e->modulus = n.modulus;
    e->num_offset = n.offset;
    e->type = TypeId::Integer;
    e->byteorder = ByteOrder::Host;
    e->len = 32;
    set_reg(n.dreg, e);
  }
  void parse(const ir::Hash& h) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Hash;
    e->aux = h.type;
    e->modulus = h.modulus;
    e->seed = h.seed;
    e->seed_set = h.sreg.has_value();
    e->num_offset = h.offset;
    e->type = TypeId::Integer;
    e->byteorder = ByteOrder::Host;
    e->len = 32;
    if (h.sreg) {
      ExprPtr src = get(*h.sreg);
      if (src && src->len < h.len * 8) {
        ExprPtr c = concat_from(slot(*h.sreg), h.len * 8);
        if (c) src = c;
      }
      e->left = src;
    }
    set_reg(h.dreg, e);
  }
  void parse(const ir::Socket& s) {
    ExprPtr e = make_keyed(ExprKind::Socket, find_key(proto::socket_keys(), s.key), s.key);
    e->aux = s.level;
    set_reg(s.dreg, e);
  }
  void parse(const ir::Osf& o) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Osf;
    e->ttl = o.ttl;
    e->aux = o.flags;
    e->type = TypeId::String;
    e->byteorder = ByteOrder::Host;
    e->len = 16 * 8;
    set_reg(o.dreg, e);
  }
  void parse(const ir::Xfrm& x) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Xfrm;
    e->key = x.key;
    e->dir = x.dir;
    e->aux = x.spnum;
    switch (x.key) {
      case kXfrmDaddr:
      case kXfrmSaddr:
        e->type = TypeId::Ipaddr;
        e->byteorder = ByteOrder::Big;
        e->len = 32;
        break;
      case kXfrmReqid:
        e->type = TypeId::Integer;
        e->byteorder = ByteOrder::Host;
        e->len = 32;
        break;
      case kXfrmSpi:
      default:
        e->type = TypeId::Integer;
        e->byteorder = ByteOrder::Big;
        e->len = 32;
        break;
    }
    set_reg(x.dreg, e);
  }
  void parse(const ir::Tproxy& t) {
    StmtPtr s = stmt(StmtKind::Tproxy);
    s->raw = t;
    s->family = t.family;
    if (t.addr) {
      ExprPtr a = get(*t.addr);
      if (!a) return;
      set_type(a, t.family == kNfprotoIpv4 ? TypeId::Ipaddr : TypeId::Ip6addr, ByteOrder::Big);
      s->target = a;
    }
    if (t.port) {
      ExprPtr p = get(*t.port);
      if (!p) return;
      set_type(p, TypeId::InetService, ByteOrder::Big);
      s->data = p;
    }
    emit(s);
  }
  void parse(const ir::Queue& q) {
    StmtPtr s = stmt(StmtKind::Queue);
    s->raw = q;
    s->flags = q.flags;
    if (q.sreg) {
      s->expr = get(*q.sreg);
      if (!s->expr) return;
    } else {
      s->expr = make_value(TypeId::Integer, ByteOrder::Host, 16, Num::from_u64(q.num));
      if (q.total > 1) {
        s->expr = make_range(s->expr, make_value(TypeId::Integer, ByteOrder::Host, 16,
                                                 Num::from_u64(q.num + q.total - 1u)));
      }
    }
    emit(s);
  }
  void parse(const ir::Dup& d) {
    StmtPtr s = stmt(StmtKind::Dup);
    if (d.addr) {
      ExprPtr a = get(*d.addr);
      if (!a) return;
      if (table_.decl.family == ir::Family::Ip) set_type(a, TypeId::Ipaddr, ByteOrder::Big);
      if (table_.decl.family == ir::Family::Ip6) set_type(a, TypeId::Ip6addr, ByteOrder::Big);
      s->target = a;
    }
    if (d.dev) {
      ExprPtr dev = get(*d.dev);
      if (!dev) return;
      set_type(dev, TypeId::Ifindex, ByteOrder::Host);
      if (!s->target) {
        s->target = dev;
      } else {
        s->data = dev;
      }
    }
    emit(s);
  }
  void parse(const ir::Fwd& f) {
    StmtPtr s = stmt(StmtKind::Fwd);
    s->raw = f;
    s->family = f.nfproto.value_or(0);
    if (f.dev) {
      ExprPtr dev = get(*f.dev);
      if (!dev) return;
      set_type(dev, TypeId::Ifindex, ByteOrder::Host);
      s->target = dev;
    }
    if (f.addr) {
      ExprPtr a = get(*f.addr);
      if (!a) return;
      set_type(a, s->family == kNfprotoIpv4 ? TypeId::Ipaddr : TypeId::Ip6addr, ByteOrder::Big);
      s->data = a;
    }
    emit(s);
  }
  void parse(const ir::DynsetBox& box) {
    if (box.v.empty()) return;
    const ir::Dynset& d = box.get();
    const SetState* set = find_set(d.set);
    ExprPtr key = get(d.sreg_key);
    if (set == nullptr || !key) return;
    if (key->len < set_key_len(*set)) {
      ExprPtr c = concat_from(slot(d.sreg_key), set_key_len(*set));
      if (c) key = c;
    }
    std::vector<StmtPtr> stmts;
    for (const ir::Instr& i : d.exprs) {
      Parser inner(table_);
      if (StmtPtr s = inner.parse_one(i.op)) stmts.push_back(s);
    }
    ExprPtr data;
    if (d.sreg_data) {
      data = get(*d.sreg_data);
      if (data && data->len < set->decl.data_len * 8) {
        ExprPtr c = concat_from(slot(*d.sreg_data), set->decl.data_len * 8);
        if (c) data = c;
      }
    }
    StmtPtr s;
    if (data) {
      s = stmt(StmtKind::Map);
      s->data = data;
    } else if (!stmts.empty() && set->anonymous()) {
      s = stmt(StmtKind::Meter);
    } else {
      s = stmt(StmtKind::Set);
    }
    s->set = set;
    s->set_op = d.op;
    s->target = key;
    s->timeout = d.timeout.value_or(0);
    s->stmts = std::move(stmts);
    emit(s);
  }

  const TableState& table_;
  std::array<ExprPtr, kMaxRegs> regs_{};
  std::vector<StmtPtr> out_;
};

}  // namespace

ExprPtr make_meta(uint32_t key) {
  ExprPtr e = make_keyed(ExprKind::Meta, proto::meta_key(key), key);
  if (key == kMetaIiftype || key == kMetaNfproto || key == kMetaL4proto || key == kMetaProtocol) {
    e->flags |= kExprProtocol;
  }
  return e;
}

ExprPtr make_ct(uint32_t key, int32_t dir) {
  ExprPtr e = make_keyed(ExprKind::Ct, proto::ct_key(key), key);
  e->dir = dir;
  if (key == kCtProtocol || key == kCtL3proto) e->flags |= kExprProtocol;
  return e;
}

std::vector<StmtPtr> delinearize(const TableState& table, const std::vector<ir::Instr>& exprs) {
  return Parser(table).run(exprs);
}

StmtPtr stateful_stmt(const ir::Op& op) {
  auto s = std::make_shared<Stmt>();
  s->raw = op;
  if (std::holds_alternative<ir::Counter>(op)) {
    s->kind = StmtKind::Counter;
  } else if (std::holds_alternative<ir::Quota>(op)) {
    s->kind = StmtKind::Quota;
  } else if (std::holds_alternative<ir::Limit>(op)) {
    s->kind = StmtKind::Limit;
  } else if (std::holds_alternative<ir::Last>(op)) {
    s->kind = StmtKind::Last;
  } else if (std::holds_alternative<ir::Connlimit>(op)) {
    s->kind = StmtKind::Connlimit;
  } else {
    return nullptr;
  }
  return s;
}

}  // namespace nftx::raise
