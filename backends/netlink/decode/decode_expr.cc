// SPDX-License-Identifier: GPL-2.0-or-later
// One decoder per kernel expression name; the IR operation is chosen from the name and, where
// one name stands for two operations (payload load/write, immediate data/verdict), from the
// registers present. Mirrors encode_expr.cc attribute for attribute.
#include "backends/netlink/decode/decode_expr.h"

#include <libnftnl/rule.h>
#include <linux/netfilter/nf_tables.h>

#include <array>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>

namespace nftx::netlink::decode {
namespace {

bool has(const nftnl_expr* e, uint16_t attr) { return nftnl_expr_is_set(e, attr); }
uint32_t u32(const nftnl_expr* e, uint16_t attr) { return nftnl_expr_get_u32(e, attr); }
uint64_t u64(const nftnl_expr* e, uint16_t attr) { return nftnl_expr_get_u64(e, attr); }
uint16_t u16(const nftnl_expr* e, uint16_t attr) { return nftnl_expr_get_u16(e, attr); }
uint8_t u8(const nftnl_expr* e, uint16_t attr) { return nftnl_expr_get_u8(e, attr); }

std::optional<uint32_t> opt_u32(const nftnl_expr* e, uint16_t attr) {
  if (!has(e, attr)) return std::nullopt;
  return u32(e, attr);
}
std::optional<ir::Reg> opt_reg(const nftnl_expr* e, uint16_t attr) { return opt_u32(e, attr); }

std::string str(const nftnl_expr* e, uint16_t attr) {
  const char* s = has(e, attr) ? nftnl_expr_get_str(e, attr) : nullptr;
  return s != nullptr ? s : "";
}

ir::Bytes bytes(const nftnl_expr* e, uint16_t attr) {
  uint32_t len = 0;
  const auto* p = static_cast<const uint8_t*>(nftnl_expr_get(e, attr, &len));
  if (p == nullptr) return {};
  return ir::Bytes(p, p + len);
}

ir::Op payload(const nftnl_expr* e) {
  const auto base = static_cast<ir::PayloadBase>(u32(e, NFTNL_EXPR_PAYLOAD_BASE));
  const uint32_t offset = u32(e, NFTNL_EXPR_PAYLOAD_OFFSET), len = u32(e, NFTNL_EXPR_PAYLOAD_LEN);
  if (has(e, NFTNL_EXPR_PAYLOAD_DREG)) {
    return ir::Payload{u32(e, NFTNL_EXPR_PAYLOAD_DREG), base, offset, len};
  }
  return ir::PayloadWrite{u32(e, NFTNL_EXPR_PAYLOAD_SREG),
                          base,
                          offset,
                          len,
                          u32(e, NFTNL_EXPR_PAYLOAD_CSUM_TYPE),
                          u32(e, NFTNL_EXPR_PAYLOAD_CSUM_OFFSET),
                          u32(e, NFTNL_EXPR_PAYLOAD_FLAGS)};
}

ir::Op cmp(const nftnl_expr* e) {
  return ir::Cmp{u32(e, NFTNL_EXPR_CMP_SREG), static_cast<ir::CmpOp>(u32(e, NFTNL_EXPR_CMP_OP)),
                 bytes(e, NFTNL_EXPR_CMP_DATA)};
}

ir::Op range(const nftnl_expr* e) {
  return ir::Range{u32(e, NFTNL_EXPR_RANGE_SREG),
                   static_cast<ir::CmpOp>(u32(e, NFTNL_EXPR_RANGE_OP)),
                   bytes(e, NFTNL_EXPR_RANGE_FROM_DATA), bytes(e, NFTNL_EXPR_RANGE_TO_DATA)};
}

ir::Op bitwise(const nftnl_expr* e) {
  ir::Bitwise b{u32(e, NFTNL_EXPR_BITWISE_SREG),
                u32(e, NFTNL_EXPR_BITWISE_DREG),
                u32(e, NFTNL_EXPR_BITWISE_LEN),
                static_cast<ir::BitwiseOp>(u32(e, NFTNL_EXPR_BITWISE_OP)),
                {},
                {},
                {},
                nftnl_expr_is_set(e, NFTNL_EXPR_BITWISE_OP)};
  switch (b.op) {
    case ir::BitwiseOp::Bool:
      b.mask = bytes(e, NFTNL_EXPR_BITWISE_MASK);
      b.xor_ = bytes(e, NFTNL_EXPR_BITWISE_XOR);
      break;
    case ir::BitwiseOp::Lshift:
    case ir::BitwiseOp::Rshift:
      b.data = bytes(e, NFTNL_EXPR_BITWISE_DATA);
      break;
  }
  return b;
}

ir::Op byteorder(const nftnl_expr* e) {
  return ir::Byteorder{u32(e, NFTNL_EXPR_BYTEORDER_SREG), u32(e, NFTNL_EXPR_BYTEORDER_DREG),
                       static_cast<ir::ByteorderOp>(u32(e, NFTNL_EXPR_BYTEORDER_OP)),
                       u32(e, NFTNL_EXPR_BYTEORDER_LEN), u32(e, NFTNL_EXPR_BYTEORDER_SIZE)};
}

ir::Op meta(const nftnl_expr* e) {
  return ir::Meta{opt_reg(e, NFTNL_EXPR_META_DREG), opt_reg(e, NFTNL_EXPR_META_SREG),
                  u32(e, NFTNL_EXPR_META_KEY)};
}

ir::Op ct(const nftnl_expr* e) {
  ir::Ct c{opt_reg(e, NFTNL_EXPR_CT_DREG), opt_reg(e, NFTNL_EXPR_CT_SREG),
           u32(e, NFTNL_EXPR_CT_KEY), std::nullopt};
  if (has(e, NFTNL_EXPR_CT_DIR)) c.dir = u8(e, NFTNL_EXPR_CT_DIR);
  return c;
}

ir::Op immediate(const nftnl_expr* e) {
  const ir::Reg dreg = u32(e, NFTNL_EXPR_IMM_DREG);
  if (dreg != NFT_REG_VERDICT) return ir::Immediate{dreg, bytes(e, NFTNL_EXPR_IMM_DATA)};
  ir::Verdict v;
  v.code = static_cast<ir::VerdictCode>(static_cast<int32_t>(u32(e, NFTNL_EXPR_IMM_VERDICT)));
  v.chain = str(e, NFTNL_EXPR_IMM_CHAIN);
  return ir::ImmediateVerdict{v};
}

ir::Op lookup(const nftnl_expr* e) {
  return ir::Lookup{u32(e, NFTNL_EXPR_LOOKUP_SREG), str(e, NFTNL_EXPR_LOOKUP_SET),
                    u32(e, NFTNL_EXPR_LOOKUP_SET_ID), opt_reg(e, NFTNL_EXPR_LOOKUP_DREG),
                    (u32(e, NFTNL_EXPR_LOOKUP_FLAGS) & NFT_LOOKUP_F_INV) != 0};
}

ir::Op counter(const nftnl_expr* e) {
  return ir::Counter{u64(e, NFTNL_EXPR_CTR_PACKETS), u64(e, NFTNL_EXPR_CTR_BYTES)};
}

ir::Op limit(const nftnl_expr* e) {
  return ir::Limit{u64(e, NFTNL_EXPR_LIMIT_RATE), u64(e, NFTNL_EXPR_LIMIT_UNIT),
                   u32(e, NFTNL_EXPR_LIMIT_BURST), u32(e, NFTNL_EXPR_LIMIT_TYPE),
                   u32(e, NFTNL_EXPR_LIMIT_FLAGS)};
}

ir::Op quota(const nftnl_expr* e) {
  return ir::Quota{u64(e, NFTNL_EXPR_QUOTA_BYTES), u64(e, NFTNL_EXPR_QUOTA_CONSUMED),
                   u32(e, NFTNL_EXPR_QUOTA_FLAGS)};
}

ir::Op last(const nftnl_expr* e) {
  return ir::Last{u64(e, NFTNL_EXPR_LAST_MSECS), u32(e, NFTNL_EXPR_LAST_SET)};
}

ir::Op log(const nftnl_expr* e) {
  ir::Log l;
  if (has(e, NFTNL_EXPR_LOG_PREFIX)) l.prefix = str(e, NFTNL_EXPR_LOG_PREFIX);
  if (has(e, NFTNL_EXPR_LOG_GROUP)) l.group = u16(e, NFTNL_EXPR_LOG_GROUP);
  l.snaplen = opt_u32(e, NFTNL_EXPR_LOG_SNAPLEN);
  if (has(e, NFTNL_EXPR_LOG_QTHRESHOLD)) l.qthreshold = u16(e, NFTNL_EXPR_LOG_QTHRESHOLD);
  l.level = opt_u32(e, NFTNL_EXPR_LOG_LEVEL);
  l.flags = opt_u32(e, NFTNL_EXPR_LOG_FLAGS);
  return l;
}

ir::Op reject(const nftnl_expr* e) {
  return ir::Reject{u32(e, NFTNL_EXPR_REJECT_TYPE), u8(e, NFTNL_EXPR_REJECT_CODE)};
}

ir::Op nat(const nftnl_expr* e) {
  return ir::Nat{u32(e, NFTNL_EXPR_NAT_TYPE),
                 u32(e, NFTNL_EXPR_NAT_FAMILY),
                 opt_reg(e, NFTNL_EXPR_NAT_REG_ADDR_MIN),
                 opt_reg(e, NFTNL_EXPR_NAT_REG_ADDR_MAX),
                 opt_reg(e, NFTNL_EXPR_NAT_REG_PROTO_MIN),
                 opt_reg(e, NFTNL_EXPR_NAT_REG_PROTO_MAX),
                 opt_u32(e, NFTNL_EXPR_NAT_FLAGS)};
}

ir::Op masq(const nftnl_expr* e) {
  return ir::Masq{opt_u32(e, NFTNL_EXPR_MASQ_FLAGS), opt_reg(e, NFTNL_EXPR_MASQ_REG_PROTO_MIN),
                  opt_reg(e, NFTNL_EXPR_MASQ_REG_PROTO_MAX)};
}

ir::Op redir(const nftnl_expr* e) {
  return ir::Redir{opt_u32(e, NFTNL_EXPR_REDIR_FLAGS), opt_reg(e, NFTNL_EXPR_REDIR_REG_PROTO_MIN),
                   opt_reg(e, NFTNL_EXPR_REDIR_REG_PROTO_MAX)};
}

ir::Op notrack(const nftnl_expr*) { return ir::Notrack{}; }

ir::Op flow_offload(const nftnl_expr* e) {
  return ir::FlowOffload{str(e, NFTNL_EXPR_FLOW_TABLE_NAME)};
}

ir::Op objref(const nftnl_expr* e) {
  ir::Objref o;
  if (has(e, NFTNL_EXPR_OBJREF_SET_SREG)) {
    o.sreg = u32(e, NFTNL_EXPR_OBJREF_SET_SREG);
    o.set = str(e, NFTNL_EXPR_OBJREF_SET_NAME);
    o.set_id = u32(e, NFTNL_EXPR_OBJREF_SET_ID);
  } else {
    o.name = str(e, NFTNL_EXPR_OBJREF_IMM_NAME);
    o.type = u32(e, NFTNL_EXPR_OBJREF_IMM_TYPE);
  }
  return o;
}

ir::Op exthdr(const nftnl_expr* e) {
  return ir::Exthdr{opt_reg(e, NFTNL_EXPR_EXTHDR_DREG), opt_reg(e, NFTNL_EXPR_EXTHDR_SREG),
                    u32(e, NFTNL_EXPR_EXTHDR_OP),       u8(e, NFTNL_EXPR_EXTHDR_TYPE),
                    u32(e, NFTNL_EXPR_EXTHDR_OFFSET),   u32(e, NFTNL_EXPR_EXTHDR_LEN),
                    u32(e, NFTNL_EXPR_EXTHDR_FLAGS)};
}

ir::Op fib(const nftnl_expr* e) {
  return ir::Fib{u32(e, NFTNL_EXPR_FIB_DREG), u32(e, NFTNL_EXPR_FIB_RESULT),
                 u32(e, NFTNL_EXPR_FIB_FLAGS)};
}

ir::Op rt(const nftnl_expr* e) {
  return ir::Rt{u32(e, NFTNL_EXPR_RT_DREG), u32(e, NFTNL_EXPR_RT_KEY)};
}

ir::Op numgen(const nftnl_expr* e) {
  return ir::Numgen{u32(e, NFTNL_EXPR_NG_DREG), u32(e, NFTNL_EXPR_NG_MODULUS),
                    u32(e, NFTNL_EXPR_NG_TYPE), u32(e, NFTNL_EXPR_NG_OFFSET)};
}

ir::Op hash(const nftnl_expr* e) {
  return ir::Hash{opt_reg(e, NFTNL_EXPR_HASH_SREG), u32(e, NFTNL_EXPR_HASH_DREG),
                  u32(e, NFTNL_EXPR_HASH_LEN),      u32(e, NFTNL_EXPR_HASH_MODULUS),
                  u32(e, NFTNL_EXPR_HASH_SEED),     u32(e, NFTNL_EXPR_HASH_OFFSET),
                  u32(e, NFTNL_EXPR_HASH_TYPE)};
}

ir::Op socket(const nftnl_expr* e) {
  return ir::Socket{u32(e, NFTNL_EXPR_SOCKET_DREG), u32(e, NFTNL_EXPR_SOCKET_KEY),
                    u32(e, NFTNL_EXPR_SOCKET_LEVEL)};
}

ir::Op osf(const nftnl_expr* e) {
  return ir::Osf{u32(e, NFTNL_EXPR_OSF_DREG), u8(e, NFTNL_EXPR_OSF_TTL),
                 u32(e, NFTNL_EXPR_OSF_FLAGS)};
}

ir::Op tproxy(const nftnl_expr* e) {
  return ir::Tproxy{u32(e, NFTNL_EXPR_TPROXY_FAMILY), opt_reg(e, NFTNL_EXPR_TPROXY_REG_ADDR),
                    opt_reg(e, NFTNL_EXPR_TPROXY_REG_PORT)};
}

ir::Op queue(const nftnl_expr* e) {
  return ir::Queue{u16(e, NFTNL_EXPR_QUEUE_NUM), u16(e, NFTNL_EXPR_QUEUE_TOTAL),
                   u16(e, NFTNL_EXPR_QUEUE_FLAGS), opt_reg(e, NFTNL_EXPR_QUEUE_SREG_QNUM)};
}

ir::Op dup(const nftnl_expr* e) {
  return ir::Dup{opt_reg(e, NFTNL_EXPR_DUP_SREG_ADDR), opt_reg(e, NFTNL_EXPR_DUP_SREG_DEV)};
}

ir::Op fwd(const nftnl_expr* e) {
  return ir::Fwd{opt_reg(e, NFTNL_EXPR_FWD_SREG_DEV), opt_reg(e, NFTNL_EXPR_FWD_SREG_ADDR),
                 opt_u32(e, NFTNL_EXPR_FWD_NFPROTO)};
}

ir::Op synproxy(const nftnl_expr* e) {
  return ir::Synproxy{u16(e, NFTNL_EXPR_SYNPROXY_MSS), u8(e, NFTNL_EXPR_SYNPROXY_WSCALE),
                      u32(e, NFTNL_EXPR_SYNPROXY_FLAGS)};
}

ir::Op connlimit(const nftnl_expr* e) {
  return ir::Connlimit{u32(e, NFTNL_EXPR_CONNLIMIT_COUNT), u32(e, NFTNL_EXPR_CONNLIMIT_FLAGS)};
}

ir::Op xfrm(const nftnl_expr* e) {
  return ir::Xfrm{u32(e, NFTNL_EXPR_XFRM_DREG), u32(e, NFTNL_EXPR_XFRM_KEY),
                  u8(e, NFTNL_EXPR_XFRM_DIR), u32(e, NFTNL_EXPR_XFRM_SPNUM)};
}

ir::Op dynset(const nftnl_expr* e) {
  ir::Dynset d;
  d.sreg_key = u32(e, NFTNL_EXPR_DYNSET_SREG_KEY);
  d.sreg_data = opt_reg(e, NFTNL_EXPR_DYNSET_SREG_DATA);
  d.op = u32(e, NFTNL_EXPR_DYNSET_OP);
  d.set = str(e, NFTNL_EXPR_DYNSET_SET_NAME);
  d.set_id = u32(e, NFTNL_EXPR_DYNSET_SET_ID);
  if (has(e, NFTNL_EXPR_DYNSET_TIMEOUT)) d.timeout = u64(e, NFTNL_EXPR_DYNSET_TIMEOUT);
  // libnftnl keeps NFTA_DYNSET_EXPR and NFTA_DYNSET_EXPRESSIONS in one list.
  ExprCollector nested;
  nftnl_expr_expr_foreach(e, ExprCollector::add, &nested);
  d.exprs = nested.take();
  return ir::DynsetBox{{std::move(d)}};
}

struct Decoder {
  std::string_view name;
  ir::Op (*decode)(const nftnl_expr*);
};

// Every expression name encode_expr.cc emits.
constexpr std::array kDecoders = {
    Decoder{"payload", payload},
    Decoder{"cmp", cmp},
    Decoder{"range", range},
    Decoder{"bitwise", bitwise},
    Decoder{"byteorder", byteorder},
    Decoder{"meta", meta},
    Decoder{"ct", ct},
    Decoder{"immediate", immediate},
    Decoder{"lookup", lookup},
    Decoder{"counter", counter},
    Decoder{"limit", limit},
    Decoder{"quota", quota},
    Decoder{"last", last},
    Decoder{"log", log},
    Decoder{"reject", reject},
    Decoder{"nat", nat},
    Decoder{"masq", masq},
    Decoder{"redir", redir},
    Decoder{"notrack", notrack},
    Decoder{"flow_offload", flow_offload},
    Decoder{"objref", objref},
    Decoder{"exthdr", exthdr},
    Decoder{"fib", fib},
    Decoder{"rt", rt},
    Decoder{"numgen", numgen},
    Decoder{"hash", hash},
    Decoder{"socket", socket},
    Decoder{"osf", osf},
    Decoder{"tproxy", tproxy},
    Decoder{"queue", queue},
    Decoder{"dup", dup},
    Decoder{"fwd", fwd},
    Decoder{"synproxy", synproxy},
    Decoder{"connlimit", connlimit},
    Decoder{"xfrm", xfrm},
    Decoder{"dynset", dynset},
};

}  // namespace

int ExprCollector::add(nftnl_expr* expr, void* collector) {
  auto* self = static_cast<ExprCollector*>(collector);
  try {
    self->exprs.push_back(ir::Instr{decode_expr(expr), {}});
  } catch (...) {
    self->error = std::current_exception();
    return -1;
  }
  return 0;
}

std::vector<ir::Instr> ExprCollector::take() {
  if (error) std::rethrow_exception(error);
  return std::move(exprs);
}

ir::Op decode_expr(const nftnl_expr* expr) {
  const char* raw = nftnl_expr_get_str(expr, NFTNL_EXPR_NAME);
  const std::string_view name = raw != nullptr ? raw : "";
  for (const Decoder& d : kDecoders) {
    if (d.name == name) return d.decode(expr);
  }
  throw DecodeError("the kernel reports a '" + std::string(name) +
                    "' expression, which nftx cannot represent");
}

std::vector<ir::Instr> decode_rule_exprs(const nftnl_rule* rule) {
  std::vector<ir::Instr> out;
  std::unique_ptr<nftnl_expr_iter, void (*)(nftnl_expr_iter*)> it(nftnl_expr_iter_create(rule),
                                                                  nftnl_expr_iter_destroy);
  if (!it) throw std::bad_alloc();
  for (nftnl_expr* e = nftnl_expr_iter_next(it.get()); e != nullptr;
       e = nftnl_expr_iter_next(it.get())) {
    out.push_back(ir::Instr{decode_expr(e), {}});
  }
  return out;
}

}  // namespace nftx::netlink::decode
