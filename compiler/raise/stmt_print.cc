// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/stmt_print.h"

#include "compiler/raise/expr_print.h"
#include "compiler/raise/ruleset.h"

namespace nftx::raise {
namespace {

using proto::TypeId;

constexpr uint32_t kLimitPkts = 0;
constexpr uint32_t kLimitInv = 1, kQuotaInv = 1, kConnlimitInv = 1;
constexpr uint32_t kRejectIcmpUnreach = 0, kRejectTcpRst = 1, kRejectIcmpxUnreach = 2;
constexpr uint32_t kIcmpPortUnreach = 3, kIcmp6PortUnreach = 4, kIcmpxPortUnreach = 1;
constexpr uint32_t kNfprotoIpv4 = 2, kNfprotoIpv6 = 10;
constexpr uint32_t kNatRandom = 0x4, kNatPersistent = 0x8, kNatRandomFully = 0x10;
constexpr uint32_t kQueueBypass = 1, kQueueFanout = 2;
constexpr uint32_t kLogTcpSeq = 0x1, kLogTcpOpt = 0x2, kLogIpOpt = 0x4, kLogUid = 0x8,
                   kLogMacDecode = 0x20, kLogMask = 0x2f;
constexpr uint32_t kLogWarning = 4;
constexpr uint32_t kSynproxyTimestamp = 1, kSynproxySackPerm = 2;

std::string limit_string(const ir::Limit& l) {
  const std::string over = (l.flags & kLimitInv) != 0 ? "over " : "";
  if (l.type == kLimitPkts) {
    std::string out =
        "limit rate " + over + std::to_string(l.rate) + "/" + time_unit_string(l.unit);
    if (l.burst != 0) out += " burst " + std::to_string(l.burst) + " packets";
    return out;
  }
  std::string out = "limit rate " + over + rate_string(l.rate) + "/" + time_unit_string(l.unit);
  if (l.burst != 0) out += " burst " + rate_string(l.burst);
  return out;
}

std::string quota_string(const ir::Quota& q, const PrintCtx& ctx) {
  std::string out =
      "quota " + std::string((q.flags & kQuotaInv) != 0 ? "over " : "") + rate_string(q.bytes);
  if (!ctx.stateless && q.consumed != 0) out += " used " + rate_string(q.consumed);
  return out;
}

std::string log_level_name(uint32_t level) {
  static constexpr const char* kNames[] = {"emerg",  "alert", "crit",  "err",  "warn",
                                           "notice", "info",  "debug", "audit"};
  return level < 9 ? kNames[level] : std::to_string(level);
}

std::string log_string(const ir::Log& l) {
  std::string out = "log";
  if (l.prefix) out += " prefix \"" + *l.prefix + "\"";
  if (l.group) out += " group " + std::to_string(*l.group);
  if (l.snaplen) out += " snaplen " + std::to_string(*l.snaplen);
  if (l.qthreshold && *l.qthreshold != 0)
    out += " queue-threshold " + std::to_string(*l.qthreshold);
  if (l.level && *l.level != kLogWarning) out += " level " + log_level_name(*l.level);
  const uint32_t f = l.flags.value_or(0);
  if ((f & kLogMask) == kLogMask) {
    out += " flags all";
  } else {
    if ((f & (kLogTcpSeq | kLogTcpOpt)) != 0) {
      std::string delim = " ";
      out += " flags tcp";
      if ((f & kLogTcpSeq) != 0) {
        out += " sequence";
        delim = ",";
      }
      if ((f & kLogTcpOpt) != 0) out += delim + "options";
    }
    if ((f & kLogIpOpt) != 0) out += " flags ip options";
    if ((f & kLogUid) != 0) out += " flags skuid";
    if ((f & kLogMacDecode) != 0) out += " flags ether";
  }
  return out;
}

// -n (numeric symbols) prints the code as a number, as nft's symbolic_constant_print does.
std::string reject_code(TypeId table, uint32_t code, const PrintCtx& ctx) {
  if (ctx.numeric_symbol) return std::to_string(code);
  if (auto name = proto::symbol_name(table, code)) return std::string(*name);
  return std::to_string(code);
}

std::string reject_string(const Stmt& s, const PrintCtx& ctx) {
  const auto& r = std::get<ir::Reject>(s.raw);
  std::string out = "reject";
  switch (r.type) {
    case kRejectTcpRst:
      return out + " with tcp reset";
    case kRejectIcmpxUnreach:
      if (r.code == kIcmpxPortUnreach) return out;
      return out + " with icmpx " + reject_code(TypeId::IcmpxCode, r.code, ctx);
    case kRejectIcmpUnreach:
      if (s.family == kNfprotoIpv4) {
        if (!s.verbose && r.code == kIcmpPortUnreach) return out;
        return out + " with icmp " + reject_code(TypeId::IcmpCode, r.code, ctx);
      }
      if (s.family == kNfprotoIpv6) {
        if (!s.verbose && r.code == kIcmp6PortUnreach) return out;
        return out + " with icmpv6 " + reject_code(TypeId::Icmpv6Code, r.code, ctx);
      }
      return out;
    default:
      return out;
  }
}

std::string nat_flags_string(uint32_t flags) {
  std::string out, delim = " ";
  if ((flags & kNatRandom) != 0) {
    out += delim + "random";
    delim = ",";
  }
  if ((flags & kNatRandomFully) != 0) {
    out += delim + "fully-random";
    delim = ",";
  }
  if ((flags & kNatPersistent) != 0) out += delim + "persistent";
  return out;
}

std::string nat_string(const Stmt& s, const PrintCtx& ctx) {
  static constexpr const char* kNames[] = {"snat", "dnat", "masquerade", "redirect"};
  std::string out = s.nat_type < 4 ? kNames[s.nat_type] : "nat";
  if (s.target || s.data) {
    if (s.family == kNfprotoIpv4) out += " ip";
    if (s.family == kNfprotoIpv6) out += " ip6";
    if ((s.nat_type_flags & kNatPrefix) != 0) {
      out += " prefix";
    } else if ((s.nat_type_flags & kNatConcat) != 0) {
      out += " addr . port";
    } else if ((s.nat_type_flags & kNatInterval) != 0) {
      out += " addr";
    }
    out += " to";
  }
  if (s.target) {
    out += " ";
    const Expr& a = *s.target;
    if (s.data && a.kind == ExprKind::Value && a.type == TypeId::Ip6addr) {
      out += "[" + print_expr(a, ctx) + "]";
    } else if (s.data && a.kind == ExprKind::Range && a.left->type == TypeId::Ip6addr) {
      out += "[" + print_expr(*a.left, ctx) + "]-[" + print_expr(*a.right, ctx) + "]";
    } else {
      out += print_expr(a, ctx);
    }
  }
  if (s.data) {
    if (!s.target) out += " ";
    out += ":" + print_expr(*s.data, ctx);
  }
  return out + nat_flags_string(s.flags);
}

std::string queue_string(const Stmt& s, const PrintCtx& ctx) {
  std::string out = "queue";
  std::string delim = " flags ";
  if ((s.flags & kQueueBypass) != 0) {
    out += delim + "bypass";
    delim = ",";
  }
  if ((s.flags & kQueueFanout) != 0) out += delim + "fanout";
  if (s.expr) out += " to " + print_expr(*s.expr, ctx);
  return out;
}

std::string set_op_name(uint32_t op) {
  switch (op) {
    case 0:
      return "add";
    case 1:
      return "update";
    case 2:
      return "delete";
    default:
      return "add";
  }
}

std::string dynset_string(const Stmt& s, const PrintCtx& ctx) {
  std::string key = print_expr(*s.target, ctx);
  if (s.timeout != 0) key += " timeout " + time_string(s.timeout);
  // The statements are a template for new elements: nft prints them without values.
  PrintCtx stateless = ctx;
  stateless.stateless = true;
  for (const auto& st : s.stmts) key += " " + print_stmt(*st, stateless);
  const std::string name = s.set != nullptr ? s.set->decl.name : "?";
  if (s.kind == StmtKind::Meter) {
    std::string out = "meter " + name;
    if (s.set != nullptr && s.set->decl.size) out += " size " + std::to_string(*s.set->decl.size);
    return out + " { " + key + " }";
  }
  if (s.kind == StmtKind::Map) key += " : " + print_expr(*s.data, ctx);
  return set_op_name(s.set_op) + " @" + name + " { " + key + " }";
}

std::string synproxy_string(const ir::Synproxy& s) {
  std::string out = "synproxy";
  if (s.mss != 0) out += " mss " + std::to_string(s.mss);
  if (s.wscale != 0) out += " wscale " + std::to_string(s.wscale);
  if ((s.flags & kSynproxyTimestamp) != 0) out += " timestamp";
  if ((s.flags & kSynproxySackPerm) != 0) out += " sack-perm";
  return out;
}

std::string ct_key_prefix(const Stmt& s) {
  std::string out = "ct ";
  if (s.dir == 0) out += "original ";
  if (s.dir == 1) out += "reply ";
  const proto::Key* k = proto::ct_key(s.key);
  return out + (k != nullptr ? std::string(k->name) : "unknown");
}

std::string meta_key_prefix(uint32_t key) {
  const proto::Key* k = proto::meta_key(key);
  const std::string token = k != nullptr ? std::string(k->name) : "unknown";
  switch (key) {
    case 4:
    case 5:
    case 6:
    case 7:
    case 21:
    case 22:
      return token;
    default:
      return "meta " + token;
  }
}

}  // namespace

std::string rate_string(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"bytes", "kbytes", "mbytes"};
  size_t i = 0;
  if (bytes != 0) {
    while (i + 1 < 3 && bytes % 1024 == 0) {
      bytes /= 1024;
      ++i;
    }
  }
  return std::to_string(bytes) + " " + kUnits[i];
}

std::string time_unit_string(uint64_t seconds) {
  switch (seconds) {
    case 1:
      return "second";
    case 60:
      return "minute";
    case 3600:
      return "hour";
    case 86400:
      return "day";
    case 604800:
      return "week";
    default:
      return "error";
  }
}

std::string object_type_name(uint32_t type) {
  switch (type) {
    case 1:
      return "counter";
    case 2:
      return "quota";
    case 3:
      return "ct helper";
    case 4:
      return "limit";
    case 7:
      return "ct timeout";
    case 8:
      return "secmark";
    case 9:
      return "ct expectation";
    case 10:
      return "synproxy";
    case 6:
      return "tunnel";
    default:
      return "unknown";
  }
}

std::string print_stmt(const Stmt& s, const PrintCtx& ctx) {
  switch (s.kind) {
    case StmtKind::Expr:
    case StmtKind::Verdict:
      return print_expr(*s.expr, ctx);
    case StmtKind::Counter: {
      const auto& c = std::get<ir::Counter>(s.raw);
      if (ctx.stateless) return "counter";
      return "counter packets " + std::to_string(c.packets) + " bytes " + std::to_string(c.bytes);
    }
    case StmtKind::Limit:
      return limit_string(std::get<ir::Limit>(s.raw));
    case StmtKind::Quota:
      return quota_string(std::get<ir::Quota>(s.raw), ctx);
    case StmtKind::Last: {
      const auto& l = std::get<ir::Last>(s.raw);
      if (ctx.stateless) return "last";
      return "last used " + (l.set != 0 ? time_string(l.msecs) : std::string("never"));
    }
    case StmtKind::Log:
      return log_string(std::get<ir::Log>(s.raw));
    case StmtKind::Reject:
      return reject_string(s, ctx);
    case StmtKind::Notrack:
      return "notrack";
    case StmtKind::FlowOffload:
      return "flow add @" + std::get<ir::FlowOffload>(s.raw).flowtable;
    case StmtKind::Connlimit: {
      const auto& c = std::get<ir::Connlimit>(s.raw);
      return std::string("ct count ") + ((c.flags & kConnlimitInv) != 0 ? "over " : "") +
             std::to_string(c.count);
    }
    case StmtKind::Synproxy:
      return synproxy_string(std::get<ir::Synproxy>(s.raw));
    case StmtKind::Nat:
      return nat_string(s, ctx);
    case StmtKind::Meta:
      return meta_key_prefix(s.key) + " set " + print_expr(*s.expr, ctx);
    case StmtKind::Ct:
      return ct_key_prefix(s) + " set " + print_expr(*s.expr, ctx);
    case StmtKind::Payload:
    case StmtKind::Exthdr:
      return print_expr(*s.target, ctx) + " set " + print_expr(*s.expr, ctx);
    case StmtKind::Optstrip:
      return "reset " + print_expr(*s.target, ctx);
    case StmtKind::Objref:
      return object_type_name(s.key) + " name " + print_expr(*s.expr, ctx);
    case StmtKind::Queue:
      return queue_string(s, ctx);
    case StmtKind::Dup: {
      std::string out = "dup to " + print_expr(*s.target, ctx);
      if (s.data) out += " device " + print_expr(*s.data, ctx);
      return out;
    }
    case StmtKind::Fwd: {
      if (!s.data) return "fwd to " + print_expr(*s.target, ctx);
      return std::string("fwd ") + (s.family == kNfprotoIpv4 ? "ip" : "ip6") + " to " +
             print_expr(*s.data, ctx) + " device " + print_expr(*s.target, ctx);
    }
    case StmtKind::Tproxy: {
      std::string out = "tproxy";
      if (s.target) {
        if (s.family == kNfprotoIpv4) out += " ip";
        if (s.family == kNfprotoIpv6) out += " ip6";
        out += " to " + print_expr(*s.target, ctx);
        if (s.data) out += ":" + print_expr(*s.data, ctx);
      } else if (s.data) {
        out += " to :" + print_expr(*s.data, ctx);
      }
      return out;
    }
    case StmtKind::Set:
    case StmtKind::Map:
    case StmtKind::Meter:
      return dynset_string(s, ctx);
  }
  return "";
}

}  // namespace nftx::raise
