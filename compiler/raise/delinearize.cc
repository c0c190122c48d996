// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/delinearize.h"

#include <array>

#include "compiler/raise/delinearize_regs.h"
#include "compiler/raise/payload_raise.h"
#include "compiler/raise/proto_ctx.h"
#include "compiler/raise/set_elements.h"

namespace nftx::raise {
namespace {

using proto::ByteOrder;
using proto::TypeId;

constexpr uint32_t kMetaIiftype = 8, kMetaNfproto = 15, kMetaL4proto = 16, kMetaProtocol = 1;
constexpr uint32_t kCtL3proto = 7, kCtProtocol = 10;
constexpr uint32_t kFibResultOif = 1, kFibResultOifname = 2, kFibResultAddrtype = 3;
constexpr uint32_t kFibFlagPresent = 1u << 5;
constexpr uint32_t kExthdrFlagPresent = 1;
constexpr uint32_t kXfrmDaddr = 1, kXfrmSaddr = 2, kXfrmReqid = 3, kXfrmSpi = 4;

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

  // std::visit in run() reaches these from inside the class.
 private:
  void set_reg(ir::Reg reg, ExprPtr e) { regs_.set(reg, std::move(e)); }
  ExprPtr get(ir::Reg reg) const { return regs_.get(reg); }

  void emit(StmtPtr s) {
    if (s) out_.push_back(std::move(s));
  }
  static StmtPtr stmt(StmtKind kind) { return make_stmt(kind); }
  void emit_raw(StmtKind kind, const ir::Op& op) {
    StmtPtr s = stmt(kind);
    s->raw = op;
    emit(s);
  }

  const SetState* find_set(const std::string& name) const { return table_.find_set(name); }

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
      ExprPtr l = regs_.concat(RegisterFile::slot(c.sreg), right->len);
      ExprPtr r = regs_.concat_data(RegisterFile::slot(c.sreg), right->len, c.data);
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

  void parse(const ir::Lookup& l) {
    const SetState* set = find_set(l.set);
    if (set == nullptr) return;
    ExprPtr left = regs_.key(l.sreg, set->decl.key_len * 8);
    if (!left) return;
    ExprPtr right = make_set_ref(set);
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
    s->dir = c.key == 17 ? dir : -1;  // nft_ct_set_dump: zone only
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

  void parse(const ir::Nat& n) { emit(parse_nat(n, regs_, table_)); }
  void parse(const ir::Masq& m) { emit(parse_masq(m, regs_)); }
  void parse(const ir::Redir& r) { emit(parse_redir(r, regs_)); }
  void parse(const ir::Objref& o) { emit(parse_objref(o, regs_, table_)); }
  void parse(const ir::Tproxy& t) { emit(parse_tproxy(t, regs_)); }
  void parse(const ir::Queue& q) { emit(parse_queue(q, regs_)); }
  void parse(const ir::Dup& d) { emit(parse_dup(d, regs_, table_)); }
  void parse(const ir::Fwd& f) { emit(parse_fwd(f, regs_)); }
  void parse(const ir::DynsetBox& box) {
    if (!box.v.empty()) emit(parse_dynset(box.get(), regs_, table_));
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
      set_type_like(val, *e);
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
      e->len = 8;
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
        ExprPtr c = regs_.concat(RegisterFile::slot(*h.sreg), h.len * 8);
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

  const TableState& table_;
  RegisterFile regs_;
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

namespace {

// The kernel dumps the direction only for these keys (nft_ct_get_dump).
int32_t dumped_ct_dir(uint32_t key, int32_t dir) {
  switch (key) {
    case 8:   // NFT_CT_SRC
    case 9:   // NFT_CT_DST
    case 11:  // NFT_CT_PROTO_SRC
    case 12:  // NFT_CT_PROTO_DST
    case 19:  // NFT_CT_SRC_IP
    case 20:  // NFT_CT_DST_IP
    case 21:  // NFT_CT_SRC_IP6
    case 22:  // NFT_CT_DST_IP6
    case 14:  // NFT_CT_PKTS
    case 15:  // NFT_CT_BYTES
    case 16:  // NFT_CT_AVGPKT
    case 17:  // NFT_CT_ZONE
      return dir;
    default:
      return -1;
  }
}

}  // namespace

ExprPtr make_ct(uint32_t key, int32_t dir) {
  ExprPtr e = make_keyed(ExprKind::Ct, proto::ct_key(key), key);
  e->dir = dumped_ct_dir(key, dir);
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
