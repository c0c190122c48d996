// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/json/stmt_json.h"

#include <string>

#include "compiler/raise/json/value_json.h"
#include "compiler/raise/ruleset.h"
#include "compiler/raise/stmt_print.h"

namespace nftx::raise {
namespace {

using proto::TypeId;

constexpr uint32_t kLimitPkts = 0;
constexpr uint32_t kLimitInv = 1, kQuotaInv = 1, kConnlimitInv = 1;
constexpr uint32_t kRejectIcmpUnreach = 0, kRejectTcpRst = 1, kRejectIcmpxUnreach = 2;
constexpr uint32_t kNfprotoIpv4 = 2, kNfprotoIpv6 = 10;
constexpr uint32_t kNatRandom = 0x4, kNatPersistent = 0x8, kNatRandomFully = 0x10,
                   kNatNetmap = 0x40;
constexpr uint32_t kQueueBypass = 1, kQueueFanout = 2;
constexpr uint32_t kLogTcpSeq = 0x1, kLogTcpOpt = 0x2, kLogIpOpt = 0x4, kLogUid = 0x8,
                   kLogMacDecode = 0x20, kLogMask = 0x2f;
constexpr uint32_t kLogWarning = 4;
constexpr uint32_t kSynproxyTimestamp = 1, kSynproxySackPerm = 2;

// get_rate: the largest unit (bytes, kbytes, mbytes) the value is a whole multiple of.
std::pair<uint64_t, std::string> rate_unit(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"bytes", "kbytes", "mbytes"};
  size_t i = 0;
  if (bytes != 0) {
    while (i + 1 < 3 && bytes % 1024 == 0) {
      bytes /= 1024;
      ++i;
    }
  }
  return {bytes, kUnits[i]};
}

Json limit_json(const ir::Limit& l) {
  uint64_t rate = l.rate, burst = l.burst;
  std::string rate_u, burst_u;
  if (l.type != kLimitPkts) {
    std::tie(rate, rate_u) = rate_unit(l.rate);
    std::tie(burst, burst_u) = rate_unit(l.burst);
  }
  Json root{{"rate", rate}, {"burst", burst}, {"per", time_unit_string(l.unit)}};
  if ((l.flags & kLimitInv) != 0) root["inv"] = true;
  if (!rate_u.empty()) root["rate_unit"] = rate_u;
  if (!burst_u.empty()) root["burst_unit"] = burst_u;
  return Json{{"limit", root}};
}

Json quota_json(const ir::Quota& q, const JsonCtx& ctx) {
  auto [val, unit] = rate_unit(q.bytes);
  Json root{{"val", val}, {"val_unit", unit}};
  if ((q.flags & kQuotaInv) != 0) root["inv"] = true;
  if (!ctx.print.stateless && q.consumed != 0) {
    auto [used, used_unit] = rate_unit(q.consumed);
    root["used"] = used;
    root["used_unit"] = used_unit;
  }
  return Json{{"quota", root}};
}

std::string log_level_name(uint32_t level) {
  static constexpr const char* kNames[] = {"emerg",  "alert", "crit",  "err",  "warn",
                                           "notice", "info",  "debug", "audit"};
  return level < 9 ? kNames[level] : std::to_string(level);
}

Json log_json(const ir::Log& l, const JsonCtx& ctx) {
  Json root = Json::object();
  if (l.prefix) root["prefix"] = *l.prefix;
  if (l.group) root["group"] = *l.group;
  if (l.snaplen) root["snaplen"] = *l.snaplen;
  if (l.qthreshold && *l.qthreshold != 0) root["queue-threshold"] = *l.qthreshold;
  if (l.level && *l.level != kLogWarning) root["level"] = log_level_name(*l.level);
  const uint32_t f = l.flags.value_or(0);
  Json flags = Json::array();
  if ((f & kLogMask) == kLogMask) {
    flags.push_back("all");
  } else {
    if ((f & kLogTcpSeq) != 0) flags.push_back("tcp sequence");
    if ((f & kLogTcpOpt) != 0) flags.push_back("tcp options");
    if ((f & kLogIpOpt) != 0) flags.push_back("ip options");
    if ((f & kLogUid) != 0) flags.push_back("skuid");
    if ((f & kLogMacDecode) != 0) flags.push_back("ether");
  }
  if (!flags.empty()) root["flags"] = flag_list_json(flags, ctx);
  if (root.empty()) return Json{{"log", nullptr}};
  return Json{{"log", root}};
}

// The reject code: named in both flavours (the statement's own tables).
Json code_json(TypeId table, uint32_t code) {
  if (auto name = proto::symbol_name(table, code)) return Json(std::string(*name));
  return Json(code);
}

Json reject_json(const Stmt& s) {
  const auto& r = std::get<ir::Reject>(s.raw);
  Json root = Json::object();
  switch (r.type) {
    case kRejectTcpRst:
      root["type"] = "tcp reset";
      break;
    case kRejectIcmpxUnreach:
      root["type"] = "icmpx";
      root["expr"] = code_json(TypeId::IcmpxCode, r.code);
      break;
    case kRejectIcmpUnreach:
      if (s.family == kNfprotoIpv4) {
        root["type"] = "icmp";
        root["expr"] = code_json(TypeId::IcmpCode, r.code);
      } else if (s.family == kNfprotoIpv6) {
        root["type"] = "icmpv6";
        root["expr"] = code_json(TypeId::Icmpv6Code, r.code);
      }
      break;
    default:
      break;
  }
  if (root.empty()) return Json{{"reject", nullptr}};
  return Json{{"reject", root}};
}

std::string family_token(uint32_t nfproto) {
  switch (nfproto) {
    case kNfprotoIpv4:
      return "ip";
    case kNfprotoIpv6:
      return "ip6";
    case 1:
      return "inet";
    case 3:
      return "arp";
    case 5:
      return "netdev";
    case 7:
      return "bridge";
    default:
      return "unknown";
  }
}

Json nat_json(const Stmt& s, const JsonCtx& ctx) {
  static constexpr const char* kNames[] = {"snat", "dnat", "masquerade", "redirect"};
  const char* name = s.nat_type < 4 ? kNames[s.nat_type] : "nat";
  Json root = Json::object();
  if (s.family == kNfprotoIpv4 || s.family == kNfprotoIpv6) root["family"] = family_token(s.family);
  if (s.target) root["addr"] = expr_json(*s.target, ctx);
  if (s.data) root["port"] = expr_json(*s.data, ctx);
  Json flags = Json::array();
  if ((s.flags & kNatRandom) != 0) flags.push_back("random");
  if ((s.flags & kNatRandomFully) != 0) flags.push_back("fully-random");
  if ((s.flags & kNatPersistent) != 0) flags.push_back("persistent");
  if ((s.flags & kNatNetmap) != 0) flags.push_back("netmap");
  if (!flags.empty()) root["flags"] = flag_list_json(flags, ctx);
  if ((s.nat_type_flags & kNatPrefix) != 0) {
    root["type_flags"] = flag_list_json(Json::array({"prefix"}), ctx);
  }
  if (root.empty()) return Json{{name, nullptr}};
  return Json{{name, root}};
}

Json queue_json(const Stmt& s, const JsonCtx& ctx) {
  Json root = Json::object();
  if (s.expr) root["num"] = expr_json(*s.expr, ctx);
  Json flags = Json::array();
  if ((s.flags & kQueueBypass) != 0) flags.push_back("bypass");
  if ((s.flags & kQueueFanout) != 0) flags.push_back("fanout");
  if (!flags.empty()) root["flags"] = flag_list_json(flags, ctx);
  if (root.empty()) return Json{{"queue", nullptr}};
  return Json{{"queue", root}};
}

Json synproxy_json(const ir::Synproxy& p, const JsonCtx& ctx) {
  Json root = Json::object();
  if (p.mss != 0) root["mss"] = p.mss;
  if (p.wscale != 0) root["wscale"] = p.wscale;
  Json flags = Json::array();
  if ((p.flags & kSynproxyTimestamp) != 0) flags.push_back("timestamp");
  if ((p.flags & kSynproxySackPerm) != 0) flags.push_back("sack-perm");
  if (!flags.empty()) root["flags"] = flag_list_json(flags, ctx);
  if (root.empty()) return Json{{"synproxy", nullptr}};
  return Json{{"synproxy", root}};
}

const char* set_op_name(uint32_t op) {
  switch (op) {
    case 1:
      return "update";
    case 2:
      return "delete";
    default:
      return "add";
  }
}

// The key of a set/map statement: with a timeout it is a set element ({"elem": {...}}).
Json dynset_key_json(const Stmt& s, const JsonCtx& ctx) {
  Json key = expr_json(*s.target, ctx);
  if (s.timeout == 0) return key;
  return Json{{"elem", Json{{"val", key}, {"timeout", s.timeout / 1000}}}};
}

Json dynset_json(const Stmt& s, const JsonCtx& ctx) {
  const std::string name = s.set != nullptr ? s.set->decl.name : "?";
  if (s.kind == StmtKind::Meter) {
    JsonCtx stateless = ctx;
    stateless.print.stateless = true;
    Json root{{"key", dynset_key_json(s, ctx)}};
    root["stmt"] = s.stmts.empty() ? Json() : stmt_json(*s.stmts.front(), stateless);
    root["size"] = s.set != nullptr ? s.set->decl.size.value_or(0) : 0;
    root["name"] = name;
    return Json{{"meter", root}};
  }
  Json root{{"op", set_op_name(s.set_op)}, {"elem", dynset_key_json(s, ctx)}};
  if (s.kind == StmtKind::Map) root["data"] = expr_json(*s.data, ctx);
  root[s.kind == StmtKind::Map ? "map" : "set"] = "@" + name;
  if (!s.stmts.empty()) root["stmt"] = stateless_stmts_json(s.stmts, ctx);
  return Json{{s.kind == StmtKind::Map ? "map" : "set", root}};
}

Json mangle_json(Json key, Json value) {
  return Json{{"mangle", Json{{"key", std::move(key)}, {"value", std::move(value)}}}};
}

}  // namespace

Json stateless_stmts_json(const std::vector<StmtPtr>& stmts, const JsonCtx& ctx) {
  JsonCtx stateless = ctx;
  stateless.print.stateless = true;
  Json out = Json::array();
  for (const StmtPtr& s : stmts) out.push_back(stmt_json(*s, stateless));
  return out;
}

Json stmt_json(const Stmt& s, const JsonCtx& ctx) {
  switch (s.kind) {
    case StmtKind::Expr:
    case StmtKind::Verdict:
      return expr_json(*s.expr, ctx);
    case StmtKind::Counter: {
      if (ctx.print.stateless) return Json{{"counter", nullptr}};
      const auto& c = std::get<ir::Counter>(s.raw);
      return Json{{"counter", Json{{"packets", c.packets}, {"bytes", c.bytes}}}};
    }
    case StmtKind::Limit:
      return limit_json(std::get<ir::Limit>(s.raw));
    case StmtKind::Quota:
      return quota_json(std::get<ir::Quota>(s.raw), ctx);
    case StmtKind::Last: {
      const auto& l = std::get<ir::Last>(s.raw);
      if (ctx.print.stateless || l.set == 0) return Json{{"last", nullptr}};
      return Json{{"last", Json{{"used", l.msecs}}}};
    }
    case StmtKind::Log:
      return log_json(std::get<ir::Log>(s.raw), ctx);
    case StmtKind::Reject:
      return reject_json(s);
    case StmtKind::Notrack:
      return Json{{"notrack", nullptr}};
    case StmtKind::FlowOffload:
      return Json{{"flow", Json{{"op", "add"},
                                {"flowtable", "@" + std::get<ir::FlowOffload>(s.raw).flowtable}}}};
    case StmtKind::Connlimit: {
      const auto& c = std::get<ir::Connlimit>(s.raw);
      Json root{{"val", c.count}};
      if ((c.flags & kConnlimitInv) != 0) root["inv"] = true;
      return Json{{"ct count", root}};
    }
    case StmtKind::Synproxy:
      return synproxy_json(std::get<ir::Synproxy>(s.raw), ctx);
    case StmtKind::Nat:
      return nat_json(s, ctx);
    case StmtKind::Meta: {
      const proto::Key* k = proto::meta_key(s.key);
      Json key{{"meta", Json{{"key", k != nullptr ? std::string(k->name) : "unknown"}}}};
      return mangle_json(std::move(key), expr_json(*s.expr, ctx));
    }
    case StmtKind::Ct: {
      const proto::Key* k = proto::ct_key(s.key);
      Json inner{{"key", k != nullptr ? std::string(k->name) : "unknown"}};
      if (s.dir == 0) inner["dir"] = "original";
      if (s.dir == 1) inner["dir"] = "reply";
      return mangle_json(Json{{"ct", inner}}, expr_json(*s.expr, ctx));
    }
    case StmtKind::Payload:
    case StmtKind::Exthdr:
      return mangle_json(expr_json(*s.target, ctx), expr_json(*s.expr, ctx));
    case StmtKind::Optstrip:
      return Json{{"reset", expr_json(*s.target, ctx)}};
    case StmtKind::Objref:
      return Json{{object_type_name(s.key), expr_json(*s.expr, ctx)}};
    case StmtKind::Queue:
      return queue_json(s, ctx);
    case StmtKind::Dup: {
      Json root{{"addr", expr_json(*s.target, ctx)}};
      if (s.data) root["dev"] = expr_json(*s.data, ctx);
      return Json{{"dup", root}};
    }
    case StmtKind::Fwd: {
      Json root{{"dev", expr_json(*s.target, ctx)}};
      if (s.data) {
        root["family"] = family_token(s.family);
        root["addr"] = expr_json(*s.data, ctx);
      }
      return Json{{"fwd", root}};
    }
    case StmtKind::Tproxy: {
      Json root = Json::object();
      if (ctx.family == ir::Family::Inet && s.family != 0) root["family"] = family_token(s.family);
      if (s.target) root["addr"] = expr_json(*s.target, ctx);
      if (s.data) root["port"] = expr_json(*s.data, ctx);
      return Json{{"tproxy", root}};
    }
    case StmtKind::Set:
    case StmtKind::Map:
    case StmtKind::Meter:
      return dynset_json(s, ctx);
  }
  return Json();
}

}  // namespace nftx::raise
