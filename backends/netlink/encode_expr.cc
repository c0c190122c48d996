// SPDX-License-Identifier: GPL-2.0-or-later
// One encoder per IR operation (exhaustive std::visit). Each sets exactly the attributes that
// nft 1.0.6 sets for the statement/expression the operation comes from.
#include "backends/netlink/encode_expr.h"

#include <libnftnl/rule.h>
#include <linux/netfilter/nf_tables.h>

#include <string>

namespace nftx::netlink {
namespace {

ExprPtr alloc_expr(const char* name) {
  ExprPtr e(nftnl_expr_alloc(name));
  // libnftnl returns null for an expression it does not know (or when out of memory).
  if (!e) throw EncodeError(std::string("libnftnl cannot build a '") + name + "' expression");
  return e;
}

// Registers in the IR are already wire numbers (1..4, 8..23; 0 is the verdict register).
void set_reg(nftnl_expr* e, uint16_t attr, ir::Reg reg) { nftnl_expr_set_u32(e, attr, reg); }

void set_opt_reg(nftnl_expr* e, uint16_t attr, const std::optional<ir::Reg>& reg) {
  if (reg) set_reg(e, attr, *reg);
}

// libnftnl copies data into a fixed nf_tables data register; longer data would overflow it.
void set_bytes(nftnl_expr* e, uint16_t attr, const ir::Bytes& data) {
  if (data.size() > NFT_DATA_VALUE_MAXLEN) {
    throw EncodeError("data of " + std::to_string(data.size()) +
                      " bytes exceeds an nf_tables data register");
  }
  nftnl_expr_set(e, attr, data.data(), static_cast<uint32_t>(data.size()));
}

uint32_t verdict_code(ir::VerdictCode code) { return static_cast<uint32_t>(code); }

struct ExprEncoder {
  ExprPtr operator()(const ir::Payload& p) const {
    auto e = alloc_expr("payload");
    set_reg(e.get(), NFTNL_EXPR_PAYLOAD_DREG, p.dreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_BASE, static_cast<uint32_t>(p.base));
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_OFFSET, p.offset);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_LEN, p.len);
    return e;
  }
  ExprPtr operator()(const ir::PayloadWrite& p) const {
    auto e = alloc_expr("payload");
    set_reg(e.get(), NFTNL_EXPR_PAYLOAD_SREG, p.sreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_BASE, static_cast<uint32_t>(p.base));
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_OFFSET, p.offset);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_LEN, p.len);
    // nft sends the checksum pair only for headers that have a checksum field.
    if (p.csum_type != 0 || p.csum_offset != 0) {
      nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_CSUM_TYPE, p.csum_type);
      nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_CSUM_OFFSET, p.csum_offset);
    }
    if (p.csum_flags != 0) nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_FLAGS, p.csum_flags);
    return e;
  }
  ExprPtr operator()(const ir::Cmp& c) const {
    auto e = alloc_expr("cmp");
    set_reg(e.get(), NFTNL_EXPR_CMP_SREG, c.sreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_CMP_OP, static_cast<uint32_t>(c.op));
    set_bytes(e.get(), NFTNL_EXPR_CMP_DATA, c.data);
    return e;
  }
  ExprPtr operator()(const ir::Range& r) const {
    auto e = alloc_expr("range");
    set_reg(e.get(), NFTNL_EXPR_RANGE_SREG, r.sreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_RANGE_OP, static_cast<uint32_t>(r.op));
    set_bytes(e.get(), NFTNL_EXPR_RANGE_FROM_DATA, r.from);
    set_bytes(e.get(), NFTNL_EXPR_RANGE_TO_DATA, r.to);
    return e;
  }
  ExprPtr operator()(const ir::Bitwise& b) const {
    auto e = alloc_expr("bitwise");
    set_reg(e.get(), NFTNL_EXPR_BITWISE_SREG, b.sreg);
    set_reg(e.get(), NFTNL_EXPR_BITWISE_DREG, b.dreg);
    // nft leaves the op out of the masks of flag tests and prefixes (the kernel's default).
    if (b.op != ir::BitwiseOp::Bool || b.with_op) {
      nftnl_expr_set_u32(e.get(), NFTNL_EXPR_BITWISE_OP, static_cast<uint32_t>(b.op));
    }
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_BITWISE_LEN, b.len);
    switch (b.op) {
      case ir::BitwiseOp::Bool:
        set_bytes(e.get(), NFTNL_EXPR_BITWISE_MASK, b.mask);
        set_bytes(e.get(), NFTNL_EXPR_BITWISE_XOR, b.xor_);
        break;
      case ir::BitwiseOp::Lshift:
      case ir::BitwiseOp::Rshift:
        set_bytes(e.get(), NFTNL_EXPR_BITWISE_DATA, b.data);
        break;
    }
    return e;
  }
  ExprPtr operator()(const ir::Byteorder& b) const {
    auto e = alloc_expr("byteorder");
    set_reg(e.get(), NFTNL_EXPR_BYTEORDER_SREG, b.sreg);
    set_reg(e.get(), NFTNL_EXPR_BYTEORDER_DREG, b.dreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_BYTEORDER_LEN, b.len);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_BYTEORDER_SIZE, b.size);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_BYTEORDER_OP, static_cast<uint32_t>(b.op));
    return e;
  }
  ExprPtr operator()(const ir::Meta& m) const {
    auto e = alloc_expr("meta");
    set_opt_reg(e.get(), NFTNL_EXPR_META_DREG, m.dreg);
    set_opt_reg(e.get(), NFTNL_EXPR_META_SREG, m.sreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_META_KEY, m.key);
    return e;
  }
  ExprPtr operator()(const ir::Ct& c) const {
    auto e = alloc_expr("ct");
    set_opt_reg(e.get(), NFTNL_EXPR_CT_DREG, c.dreg);
    set_opt_reg(e.get(), NFTNL_EXPR_CT_SREG, c.sreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_CT_KEY, c.key);
    if (c.dir) nftnl_expr_set_u8(e.get(), NFTNL_EXPR_CT_DIR, *c.dir);
    return e;
  }
  ExprPtr operator()(const ir::Immediate& i) const {
    auto e = alloc_expr("immediate");
    set_reg(e.get(), NFTNL_EXPR_IMM_DREG, i.dreg);
    set_bytes(e.get(), NFTNL_EXPR_IMM_DATA, i.data);
    return e;
  }
  ExprPtr operator()(const ir::ImmediateVerdict& v) const {
    auto e = alloc_expr("immediate");
    set_reg(e.get(), NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
    if (!v.verdict.chain.empty()) {
      nftnl_expr_set_str(e.get(), NFTNL_EXPR_IMM_CHAIN, v.verdict.chain.c_str());
    }
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_IMM_VERDICT, verdict_code(v.verdict.code));
    return e;
  }
  ExprPtr operator()(const ir::Lookup& l) const {
    auto e = alloc_expr("lookup");
    set_reg(e.get(), NFTNL_EXPR_LOOKUP_SREG, l.sreg);
    set_opt_reg(e.get(), NFTNL_EXPR_LOOKUP_DREG, l.dreg);
    nftnl_expr_set_str(e.get(), NFTNL_EXPR_LOOKUP_SET, l.set.c_str());
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_LOOKUP_SET_ID, l.set_id);
    if (l.invert) nftnl_expr_set_u32(e.get(), NFTNL_EXPR_LOOKUP_FLAGS, NFT_LOOKUP_F_INV);
    return e;
  }
  ExprPtr operator()(const ir::Counter& c) const {
    auto e = alloc_expr("counter");
    if (c.packets != 0) nftnl_expr_set_u64(e.get(), NFTNL_EXPR_CTR_PACKETS, c.packets);
    if (c.bytes != 0) nftnl_expr_set_u64(e.get(), NFTNL_EXPR_CTR_BYTES, c.bytes);
    return e;
  }
  ExprPtr operator()(const ir::Limit& l) const {
    auto e = alloc_expr("limit");
    nftnl_expr_set_u64(e.get(), NFTNL_EXPR_LIMIT_RATE, l.rate);
    nftnl_expr_set_u64(e.get(), NFTNL_EXPR_LIMIT_UNIT, l.unit);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_LIMIT_TYPE, l.type);
    if (l.burst > 0) nftnl_expr_set_u32(e.get(), NFTNL_EXPR_LIMIT_BURST, l.burst);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_LIMIT_FLAGS, l.flags);
    return e;
  }
  ExprPtr operator()(const ir::Quota& q) const {
    auto e = alloc_expr("quota");
    nftnl_expr_set_u64(e.get(), NFTNL_EXPR_QUOTA_BYTES, q.bytes);
    nftnl_expr_set_u64(e.get(), NFTNL_EXPR_QUOTA_CONSUMED, q.consumed);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_QUOTA_FLAGS, q.flags);
    return e;
  }
  ExprPtr operator()(const ir::Last& l) const {
    auto e = alloc_expr("last");
    // An unused `last` carries no attributes; the kernel then starts it as "never".
    if (l.set != 0) {
      nftnl_expr_set_u64(e.get(), NFTNL_EXPR_LAST_MSECS, l.msecs);
      nftnl_expr_set_u32(e.get(), NFTNL_EXPR_LAST_SET, l.set);
    }
    return e;
  }
  ExprPtr operator()(const ir::Log& l) const {
    auto e = alloc_expr("log");
    if (l.prefix) nftnl_expr_set_str(e.get(), NFTNL_EXPR_LOG_PREFIX, l.prefix->c_str());
    if (l.group) nftnl_expr_set_u16(e.get(), NFTNL_EXPR_LOG_GROUP, *l.group);
    if (l.snaplen) nftnl_expr_set_u32(e.get(), NFTNL_EXPR_LOG_SNAPLEN, *l.snaplen);
    if (l.qthreshold) nftnl_expr_set_u16(e.get(), NFTNL_EXPR_LOG_QTHRESHOLD, *l.qthreshold);
    if (l.level) nftnl_expr_set_u32(e.get(), NFTNL_EXPR_LOG_LEVEL, *l.level);
    if (l.flags) nftnl_expr_set_u32(e.get(), NFTNL_EXPR_LOG_FLAGS, *l.flags);
    return e;
  }
  ExprPtr operator()(const ir::Reject& r) const {
    auto e = alloc_expr("reject");
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_REJECT_TYPE, r.type);
    nftnl_expr_set_u8(e.get(), NFTNL_EXPR_REJECT_CODE, r.code);
    return e;
  }
  ExprPtr operator()(const ir::Nat& n) const {
    auto e = alloc_expr("nat");
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_NAT_TYPE, n.type);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_NAT_FAMILY, n.family);
    if (n.flags) nftnl_expr_set_u32(e.get(), NFTNL_EXPR_NAT_FLAGS, *n.flags);
    set_opt_reg(e.get(), NFTNL_EXPR_NAT_REG_ADDR_MIN, n.addr_min);
    set_opt_reg(e.get(), NFTNL_EXPR_NAT_REG_ADDR_MAX, n.addr_max);
    set_opt_reg(e.get(), NFTNL_EXPR_NAT_REG_PROTO_MIN, n.proto_min);
    set_opt_reg(e.get(), NFTNL_EXPR_NAT_REG_PROTO_MAX, n.proto_max);
    return e;
  }
  ExprPtr operator()(const ir::Masq& m) const {
    auto e = alloc_expr("masq");
    if (m.flags) nftnl_expr_set_u32(e.get(), NFTNL_EXPR_MASQ_FLAGS, *m.flags);
    set_opt_reg(e.get(), NFTNL_EXPR_MASQ_REG_PROTO_MIN, m.proto_min);
    set_opt_reg(e.get(), NFTNL_EXPR_MASQ_REG_PROTO_MAX, m.proto_max);
    return e;
  }
  ExprPtr operator()(const ir::Redir& r) const {
    auto e = alloc_expr("redir");
    if (r.flags) nftnl_expr_set_u32(e.get(), NFTNL_EXPR_REDIR_FLAGS, *r.flags);
    set_opt_reg(e.get(), NFTNL_EXPR_REDIR_REG_PROTO_MIN, r.proto_min);
    set_opt_reg(e.get(), NFTNL_EXPR_REDIR_REG_PROTO_MAX, r.proto_max);
    return e;
  }
  ExprPtr operator()(const ir::Notrack&) const { return alloc_expr("notrack"); }
  ExprPtr operator()(const ir::FlowOffload& f) const {
    auto e = alloc_expr("flow_offload");
    nftnl_expr_set_str(e.get(), NFTNL_EXPR_FLOW_TABLE_NAME, f.flowtable.c_str());
    return e;
  }
  ExprPtr operator()(const ir::Objref& o) const {
    auto e = alloc_expr("objref");
    if (o.sreg) {  // object chosen by a map lookup
      set_reg(e.get(), NFTNL_EXPR_OBJREF_SET_SREG, *o.sreg);
      nftnl_expr_set_str(e.get(), NFTNL_EXPR_OBJREF_SET_NAME, o.set.c_str());
      nftnl_expr_set_u32(e.get(), NFTNL_EXPR_OBJREF_SET_ID, o.set_id);
    } else {
      nftnl_expr_set_str(e.get(), NFTNL_EXPR_OBJREF_IMM_NAME, o.name.c_str());
      nftnl_expr_set_u32(e.get(), NFTNL_EXPR_OBJREF_IMM_TYPE, o.type);
    }
    return e;
  }
  ExprPtr operator()(const ir::Exthdr& x) const {
    auto e = alloc_expr("exthdr");
    nftnl_expr_set_u8(e.get(), NFTNL_EXPR_EXTHDR_TYPE, x.type);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_EXTHDR_OP, x.op);
    // Neither register: option strip ("reset"), which nft sends with type and op only.
    if (!x.dreg && !x.sreg) return e;
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_EXTHDR_OFFSET, x.offset);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_EXTHDR_LEN, x.len);
    if (x.dreg) {
      set_reg(e.get(), NFTNL_EXPR_EXTHDR_DREG, *x.dreg);
      nftnl_expr_set_u32(e.get(), NFTNL_EXPR_EXTHDR_FLAGS, x.flags);  // loads only
    } else {
      set_reg(e.get(), NFTNL_EXPR_EXTHDR_SREG, *x.sreg);
    }
    return e;
  }
  ExprPtr operator()(const ir::Fib& f) const {
    auto e = alloc_expr("fib");
    set_reg(e.get(), NFTNL_EXPR_FIB_DREG, f.dreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_FIB_RESULT, f.result);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_FIB_FLAGS, f.flags);
    return e;
  }
  ExprPtr operator()(const ir::Rt& r) const {
    auto e = alloc_expr("rt");
    set_reg(e.get(), NFTNL_EXPR_RT_DREG, r.dreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_RT_KEY, r.key);
    return e;
  }
  ExprPtr operator()(const ir::Numgen& n) const {
    auto e = alloc_expr("numgen");
    set_reg(e.get(), NFTNL_EXPR_NG_DREG, n.dreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_NG_TYPE, n.type);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_NG_MODULUS, n.modulus);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_NG_OFFSET, n.offset);
    return e;
  }
  ExprPtr operator()(const ir::Hash& h) const {
    auto e = alloc_expr("hash");
    if (h.sreg) {
      set_reg(e.get(), NFTNL_EXPR_HASH_SREG, *h.sreg);
      nftnl_expr_set_u32(e.get(), NFTNL_EXPR_HASH_LEN, h.len);
    }
    set_reg(e.get(), NFTNL_EXPR_HASH_DREG, h.dreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_HASH_MODULUS, h.modulus);
    // nft sends a seed only when one was written; without it the kernel picks a random one.
    // The IR has no "seed given" bit, so 0 stands for "not given".
    if (h.seed != 0) nftnl_expr_set_u32(e.get(), NFTNL_EXPR_HASH_SEED, h.seed);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_HASH_OFFSET, h.offset);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_HASH_TYPE, h.type);
    return e;
  }
  ExprPtr operator()(const ir::Socket& s) const {
    auto e = alloc_expr("socket");
    set_reg(e.get(), NFTNL_EXPR_SOCKET_DREG, s.dreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_SOCKET_KEY, s.key);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_SOCKET_LEVEL, s.level);
    return e;
  }
  ExprPtr operator()(const ir::Osf& o) const {
    auto e = alloc_expr("osf");
    set_reg(e.get(), NFTNL_EXPR_OSF_DREG, o.dreg);
    nftnl_expr_set_u8(e.get(), NFTNL_EXPR_OSF_TTL, o.ttl);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_OSF_FLAGS, o.flags);
    return e;
  }
  ExprPtr operator()(const ir::Tproxy& t) const {
    auto e = alloc_expr("tproxy");
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_TPROXY_FAMILY, t.family);
    set_opt_reg(e.get(), NFTNL_EXPR_TPROXY_REG_ADDR, t.addr);
    set_opt_reg(e.get(), NFTNL_EXPR_TPROXY_REG_PORT, t.port);
    return e;
  }
  ExprPtr operator()(const ir::Queue& q) const {
    auto e = alloc_expr("queue");
    if (q.sreg) {
      set_reg(e.get(), NFTNL_EXPR_QUEUE_SREG_QNUM, *q.sreg);
    } else {
      nftnl_expr_set_u16(e.get(), NFTNL_EXPR_QUEUE_NUM, q.num);
      nftnl_expr_set_u16(e.get(), NFTNL_EXPR_QUEUE_TOTAL, q.total);
    }
    if (q.flags != 0) nftnl_expr_set_u16(e.get(), NFTNL_EXPR_QUEUE_FLAGS, q.flags);
    return e;
  }
  ExprPtr operator()(const ir::Dup& d) const {
    auto e = alloc_expr("dup");
    set_opt_reg(e.get(), NFTNL_EXPR_DUP_SREG_ADDR, d.addr);
    set_opt_reg(e.get(), NFTNL_EXPR_DUP_SREG_DEV, d.dev);
    return e;
  }
  ExprPtr operator()(const ir::Fwd& f) const {
    auto e = alloc_expr("fwd");
    set_opt_reg(e.get(), NFTNL_EXPR_FWD_SREG_DEV, f.dev);
    set_opt_reg(e.get(), NFTNL_EXPR_FWD_SREG_ADDR, f.addr);
    if (f.nfproto) nftnl_expr_set_u32(e.get(), NFTNL_EXPR_FWD_NFPROTO, *f.nfproto);
    return e;
  }
  ExprPtr operator()(const ir::Synproxy& s) const {
    auto e = alloc_expr("synproxy");
    nftnl_expr_set_u16(e.get(), NFTNL_EXPR_SYNPROXY_MSS, s.mss);
    nftnl_expr_set_u8(e.get(), NFTNL_EXPR_SYNPROXY_WSCALE, s.wscale);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_SYNPROXY_FLAGS, s.flags);
    return e;
  }
  ExprPtr operator()(const ir::Connlimit& c) const {
    auto e = alloc_expr("connlimit");
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_CONNLIMIT_COUNT, c.count);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_CONNLIMIT_FLAGS, c.flags);
    return e;
  }
  ExprPtr operator()(const ir::Xfrm& x) const {
    auto e = alloc_expr("xfrm");
    set_reg(e.get(), NFTNL_EXPR_XFRM_DREG, x.dreg);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_XFRM_KEY, x.key);
    nftnl_expr_set_u8(e.get(), NFTNL_EXPR_XFRM_DIR, x.dir);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_XFRM_SPNUM, x.spnum);
    return e;
  }
  ExprPtr operator()(const ir::DynsetBox& box) const {
    const ir::Dynset& d = box.get();
    auto e = alloc_expr("dynset");
    set_reg(e.get(), NFTNL_EXPR_DYNSET_SREG_KEY, d.sreg_key);
    set_opt_reg(e.get(), NFTNL_EXPR_DYNSET_SREG_DATA, d.sreg_data);
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_DYNSET_OP, d.op);
    if (d.timeout) nftnl_expr_set_u64(e.get(), NFTNL_EXPR_DYNSET_TIMEOUT, *d.timeout);
    nftnl_expr_set_str(e.get(), NFTNL_EXPR_DYNSET_SET_NAME, d.set.c_str());
    nftnl_expr_set_u32(e.get(), NFTNL_EXPR_DYNSET_SET_ID, d.set_id);
    if (d.exprs.size() == 1) {
      // libnftnl takes ownership of the nested expression.
      nftnl_expr_set(e.get(), NFTNL_EXPR_DYNSET_EXPR, encode_expr(d.exprs.front().op).release(), 0);
    } else if (d.exprs.size() > 1) {
      for (const ir::Instr& instr : d.exprs) {
        nftnl_expr_add_expr(e.get(), NFTNL_EXPR_DYNSET_EXPRESSIONS,
                            encode_expr(instr.op).release());
      }
      // nft 1.0.6 flags the expression list for `add/update @set` but not for `@map`.
      if (!d.sreg_data) nftnl_expr_set_u32(e.get(), NFTNL_EXPR_DYNSET_FLAGS, NFT_DYNSET_F_EXPR);
    }
    return e;
  }
};

}  // namespace

ExprPtr encode_expr(const ir::Op& op) { return std::visit(ExprEncoder{}, op); }

void add_exprs(nftnl_rule* rule, const std::vector<ir::Instr>& instrs) {
  for (const ir::Instr& instr : instrs) nftnl_rule_add_expr(rule, encode_expr(instr.op).release());
}

}  // namespace nftx::netlink
