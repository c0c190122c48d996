// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/expr_print.h"

#include "compiler/raise/payload_raise.h"
#include "compiler/raise/ruleset.h"
#include "compiler/raise/stmt_print.h"

namespace nftx::raise {
namespace {

using proto::TypeId;

constexpr uint32_t kMetaIif = 4, kMetaOif = 5, kMetaIifname = 6, kMetaOifname = 7;
constexpr uint32_t kMetaIifgroup = 21, kMetaOifgroup = 22;
constexpr uint32_t kCtSrc = 8, kCtDst = 9;
constexpr uint32_t kExthdrIpv6 = 0, kExthdrTcpopt = 1, kExthdrIpv4 = 2, kExthdrSctp = 3;
constexpr uint32_t kExthdrFlagPresent = 1;
constexpr uint32_t kNfprotoIpv4 = 2, kNfprotoIpv6 = 10;

int precedence(Op op) {
  switch (op) {
    case Op::Lshift:
    case Op::Rshift:
      return 1;
    case Op::And:
      return 2;
    case Op::Xor:
      return 3;
    case Op::Or:
      return 4;
    case Op::Invalid:
    case Op::Hton:
    case Op::Ntoh:
    case Op::Eq:
    case Op::Neq:
    case Op::Lt:
    case Op::Gt:
    case Op::Lte:
    case Op::Gte:
    case Op::Neg:
    case Op::Implicit:
      return 0;
  }
  return 0;
}

std::string base_token(uint32_t base) {
  switch (base) {
    case kBaseLL:
      return "ll";
    case kBaseNetwork:
      return "nh";
    case kBaseTransport:
      return "th";
    case kBaseInner:
      return "ih";
    default:
      return "invalid";
  }
}

std::string payload_string(const Expr& e) {
  if (payload_is_known(e)) {
    return std::string(e.desc->name) + " " + std::string(e.tmpl->name);
  }
  return "@" + base_token(e.base) + "," + std::to_string(e.offset) + "," + std::to_string(e.len);
}

std::string exthdr_string(const Expr& e) {
  const bool present = (e.ext_flags & kExthdrFlagPresent) != 0;
  const std::string name = e.ext != nullptr ? std::string(e.ext->name) : "unknown-exthdr";
  const std::string field = e.tmpl != nullptr ? std::string(e.tmpl->name) : "unknown";
  switch (e.ext_op) {
    case kExthdrTcpopt: {
      if (e.ext == nullptr) {
        return "tcp option @" + std::to_string(e.ext_type) + "," + std::to_string(e.offset) + "," +
               std::to_string(e.len);
      }
      if (present) return "tcp option " + name;
      return "tcp option " + name + " " + field;
    }
    case kExthdrIpv4:
      if (present) return "ip option " + name;
      return "ip option " + name + " " + field;
    case kExthdrSctp:
      if (present) return "sctp chunk " + name;
      return "sctp chunk " + name + " " + field;
    case kExthdrIpv6:
    default:
      if (present) return "exthdr " + name;
      return name + " " + field;
  }
}

std::string meta_string(const Expr& e) {
  const proto::Key* k = proto::meta_key(e.key);
  const std::string token = k != nullptr ? std::string(k->name) : "unknown";
  switch (e.key) {
    case kMetaIif:
    case kMetaOif:
    case kMetaIifname:
    case kMetaOifname:
    case kMetaIifgroup:
    case kMetaOifgroup:
      return token;
    default:
      return "meta " + token;
  }
}

std::string ct_string(const Expr& e) {
  std::string out = "ct ";
  if (e.dir == 0) out += "original ";
  if (e.dir == 1) out += "reply ";
  if (e.key == kCtSrc || e.key == kCtDst) {
    if (e.nfproto == kNfprotoIpv4) out += "ip ";
    if (e.nfproto == kNfprotoIpv6) out += "ip6 ";
  }
  const proto::Key* k = proto::ct_key(e.key);
  return out + (k != nullptr ? std::string(k->name) : "unknown");
}

const proto::Key* key_by_number(std::span<const proto::Key> keys, uint32_t key) {
  for (const proto::Key& k : keys) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

std::string fib_string(const Expr& e) {
  static constexpr const char* kFlags[] = {"saddr", "daddr", "mark", "iif", "oif"};
  std::string out = "fib ";
  std::string sep;
  for (uint32_t i = 0; i < 5; ++i) {
    if ((e.aux & (1u << i)) != 0) {
      out += sep + kFlags[i];
      sep = " . ";
    }
  }
  constexpr uint32_t kFibPresent = 1u << 5;
  if ((e.aux & kFibPresent) != 0) return out + " check";
  switch (e.key) {
    case 1:
      out += " oif";
      break;
    case 2:
      out += " oifname";
      break;
    case 3:
      out += " type";
      break;
    default:
      out += " unknown";
      break;
  }
  return out;
}

std::string hash_string(const Expr& e, const PrintCtx& ctx) {
  std::string out;
  if (e.aux == 1) {
    out = "symhash";
  } else {
    out = "jhash " + (e.left ? print_expr(*e.left, ctx) : std::string());
  }
  out += " mod " + std::to_string(e.modulus);
  if (e.seed_set && e.aux != 1) out += " seed 0x" + Num::from_u64(e.seed).hex();
  if (e.num_offset != 0) out += " offset " + std::to_string(e.num_offset);
  return out;
}

std::string xfrm_string(const Expr& e) {
  std::string out = "ipsec ";
  out += e.dir == 1 ? "out" : "in";
  if (e.aux != 0) out += " spnum " + std::to_string(e.aux);
  switch (e.key) {
    case 1:
      return out + (e.len == 128 ? " ip6 daddr" : " ip daddr");
    case 2:
      return out + (e.len == 128 ? " ip6 saddr" : " ip saddr");
    case 3:
      return out + " reqid";
    case 4:
      return out + " spi";
    default:
      return out + " unknown";
  }
}

bool must_print_eq_op(const Expr& e) {
  if (is_bitmask_type(e.right->type) && e.right->kind == ExprKind::Value) return true;
  return e.left->kind == ExprKind::Binop;
}

std::string binop_arg(const Expr& op, const Expr& arg, const PrintCtx& ctx) {
  const bool paren = arg.kind == ExprKind::Binop && precedence(op.op) != 0 &&
                     precedence(op.op) < precedence(arg.op);
  const std::string s = print_expr(arg, ctx);
  return paren ? "(" + s + ")" : s;
}

std::string binop_string(const Expr& e, const PrintCtx& ctx) {
  std::string out = binop_arg(e, *e.left, ctx);
  const std::string sym = op_symbol(e.op);
  if (!sym.empty() && (e.op != Op::Eq || must_print_eq_op(e))) {
    out += " " + sym + " ";
  } else {
    out += " ";
  }
  return out + binop_arg(e, *e.right, ctx);
}

std::string set_elem_string(const Expr& e, const PrintCtx& ctx) {
  const Expr& key = *e.left;
  std::string out = print_expr(key.kind == ExprKind::Mapping ? *key.left : key, ctx);
  for (const auto& s : e.stmts) out += " " + print_stmt(*s, ctx);
  if (e.timeout != 0) out += " timeout " + time_string(e.timeout);
  if (!ctx.stateless && e.expiration != 0) out += " expires " + time_string(e.expiration);
  if (e.comment) out += " comment \"" + *e.comment + "\"";
  if (key.kind == ExprKind::Mapping) out += " : " + print_expr(*key.right, ctx);
  return out;
}

bool is_vmap(const Expr& map) {
  const Expr& m = *map.right;
  if (m.kind == ExprKind::SetRef && m.set != nullptr && m.set->decl.data_type &&
      *m.set->decl.data_type == 0xffffff00) {
    return true;
  }
  return false;
}

std::string join(const std::vector<ExprPtr>& items, const std::string& sep, const PrintCtx& ctx) {
  std::string out, d;
  for (const ExprPtr& i : items) {
    out += d + print_expr(*i, ctx);
    d = sep;
  }
  return out;
}

}  // namespace

std::string op_symbol(Op op) {
  switch (op) {
    case Op::And:
      return "&";
    case Op::Or:
      return "|";
    case Op::Xor:
      return "^";
    case Op::Lshift:
      return "<<";
    case Op::Rshift:
      return ">>";
    case Op::Eq:
      return "==";
    case Op::Neq:
      return "!=";
    case Op::Lt:
      return "<";
    case Op::Gt:
      return ">";
    case Op::Lte:
      return "<=";
    case Op::Gte:
      return ">=";
    case Op::Neg:
      return "!";
    case Op::Hton:
      return "hton";
    case Op::Ntoh:
      return "ntoh";
    case Op::Invalid:
    case Op::Implicit:
      return "";
  }
  return "";
}

std::string print_set_items(const Expr& set, const PrintCtx& ctx) {
  return "{ " + join(set.items, ", ", ctx) + " }";
}

std::string print_expr(const Expr& e, const PrintCtx& ctx) {
  switch (e.kind) {
    case ExprKind::Value:
    case ExprKind::Verdict:
      return print_value(e, ctx);
    case ExprKind::Payload:
      return payload_string(e);
    case ExprKind::Exthdr:
      return exthdr_string(e);
    case ExprKind::Meta:
      return meta_string(e);
    case ExprKind::Ct:
      return ct_string(e);
    case ExprKind::Rt: {
      const proto::Key* k = key_by_number(proto::rt_keys(), e.key);
      return "rt " + (k != nullptr ? std::string(k->name) : std::string("unknown"));
    }
    case ExprKind::Fib:
      return fib_string(e);
    case ExprKind::Socket: {
      const proto::Key* k = key_by_number(proto::socket_keys(), e.key);
      std::string out = "socket " + (k != nullptr ? std::string(k->name) : "unknown");
      if (e.key == 3) out += " level " + std::to_string(e.aux);
      return out;
    }
    case ExprKind::Osf: {
      std::string out = "osf ";
      if (e.ttl == 1) out += "ttl loose ";
      if (e.ttl == 2) out += "ttl skip ";
      return out + ((e.aux & 1) != 0 ? "version" : "name");
    }
    case ExprKind::Numgen: {
      std::string out = std::string("numgen ") + (e.aux == 0 ? "inc" : "random") + " mod " +
                        std::to_string(e.modulus);
      if (e.num_offset != 0) out += " offset " + std::to_string(e.num_offset);
      return out;
    }
    case ExprKind::Hash:
      return hash_string(e, ctx);
    case ExprKind::Xfrm:
      return xfrm_string(e);
    case ExprKind::Unary:
      return print_expr(*e.left, ctx);
    case ExprKind::Binop:
    case ExprKind::Relational:
      return binop_string(e, ctx);
    case ExprKind::Concat:
      return join(e.items, " . ", ctx);
    case ExprKind::List:
      return join(e.items, ",", ctx);
    case ExprKind::Set:
      return print_set_items(e, ctx);
    case ExprKind::SetRef:
      if (e.set != nullptr && e.set->anonymous()) {
        if ((e.set->decl.flags & kSetEval) != 0) return e.set->decl.name;
        return e.right ? print_expr(*e.right, ctx) : std::string("{ }");
      }
      return "@" + (e.set != nullptr ? e.set->decl.name : std::string("?"));
    case ExprKind::SetElem:
      return set_elem_string(e, ctx);
    case ExprKind::Catchall:
      return "*";
    case ExprKind::Mapping:
      return print_expr(*e.left, ctx) + " : " + print_expr(*e.right, ctx);
    case ExprKind::Map:
      return print_expr(*e.left, ctx) + (is_vmap(e) ? " vmap " : " map ") +
             print_expr(*e.right, ctx);
    case ExprKind::Prefix:
      return print_expr(*e.left, ctx) + "/" + std::to_string(e.prefix_len);
    case ExprKind::Range: {
      PrintCtx numeric = ctx;
      numeric.numeric_proto = true;
      numeric.numeric_symbol = true;
      numeric.numeric_time = true;
      numeric.service = false;
      return print_expr(*e.left, numeric) + "-" + print_expr(*e.right, numeric);
    }
  }
  return "";
}

}  // namespace nftx::raise
