// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/object_print.h"

#include <algorithm>

#include "compiler/raise/delinearize.h"
#include "compiler/raise/expr_print.h"
#include "compiler/raise/postprocess.h"
#include "compiler/raise/set_elements.h"
#include "compiler/raise/stmt_print.h"

namespace nftx::raise {
namespace {

using proto::TypeId;

constexpr uint32_t kChainHwOffload = 2, kChainBinding = 4;
constexpr uint32_t kTableDormant = 1, kTableOwner = 2, kTablePersist = 4;
constexpr uint32_t kFlowtableHwOffload = 1, kFlowtableCounter = 2;
constexpr uint32_t kSetPolicyPerformance = 0;
constexpr uint32_t kDataVerdict = 0xffffff00;

std::string handle_comment(const PrintCtx& ctx, uint64_t handle) {
  return ctx.handles ? " # handle " + std::to_string(handle) : "";
}


std::string type_name(uint32_t id) {
  if (id == kDataVerdict) return "verdict";
  std::vector<TypeId> members = proto::concat_members(id);
  if (members.empty()) return std::string(proto::datatype(static_cast<TypeId>(id)).name);
  std::string out;
  for (size_t i = 0; i < members.size(); ++i) {
    if (i != 0) out += " . ";
    out += proto::datatype(members[i]).name;
  }
  return out;
}

// calculate_delim: how many elements of a type share a line in set declarations.
constexpr TypeId kFivePerLine[] = {
    TypeId::Nfproto, TypeId::Integer,     TypeId::Arpop, TypeId::InetProto, TypeId::InetService,
    TypeId::TcpFlag, TypeId::DccpPkttype, TypeId::Mark,  TypeId::Ifindex,   TypeId::Classid,
    TypeId::Uid,     TypeId::Gid,         TypeId::CtDir,
};
constexpr TypeId kTwoPerLine[] = {TypeId::Ipaddr, TypeId::CtState, TypeId::CtStatus,
                                  TypeId::Pkttype};

bool contains(std::span<const TypeId> types, TypeId t) {
  return std::find(types.begin(), types.end(), t) != types.end();
}

std::string element_delim(TypeId type, int& count, bool force_newline) {
  static const std::string kNewline = ",\n\t\t\t     ";
  if (force_newline) return kNewline;
  const int per_line = contains(kFivePerLine, type) ? 5 : contains(kTwoPerLine, type) ? 2 : 0;
  if (per_line == 0) return kNewline;
  if (count < per_line) return ", ";
  count = 0;
  return kNewline;
}

std::string set_elements_string(const SetState& set, const PrintCtx& ctx) {
  ExprPtr elems = decode_elements(set, set_key_type(set), set_data_type(set));
  if (elems->items.empty()) return "";
  const uint32_t f = set.decl.flags;
  bool has_comment = false;
  for (const ExprPtr& e : elems->items) has_comment = has_comment || e->comment.has_value();
  const bool force = set.decl.timeout || has_comment ||
                     (f & (kSetMap | kSetObject | kSetTimeout | kSetConcat)) != 0 ||
                     !set.decl.exprs.empty();
  const TypeId key_type = proto::concat_members(set.decl.key_type).empty()
                              ? static_cast<TypeId>(set.decl.key_type)
                              : TypeId::Invalid;
  std::string out = "\t\telements = { ";
  int count = 0;
  std::string delim;
  for (const ExprPtr& e : elems->items) {
    out += delim + print_expr(*e, ctx);
    ++count;
    delim = element_delim(key_type, count, force);
  }
  return out + " }\n";
}

}  // namespace

std::string hook_name(ir::Family family, uint32_t hook) {
  switch (family) {
    case ir::Family::Ip:
    case ir::Family::Ip6:
    case ir::Family::Inet:
    case ir::Family::Bridge: {
      static constexpr const char* kNames[] = {"prerouting", "input",       "forward",
                                               "output",     "postrouting", "ingress"};
      return hook < 6 ? kNames[hook] : "unknown";
    }
    case ir::Family::Arp: {
      static constexpr const char* kNames[] = {"input", "output", "forward", "ingress"};
      return hook < 4 ? kNames[hook] : "unknown";
    }
    case ir::Family::Netdev:
      return hook == 0 ? "ingress" : hook == 1 ? "egress" : "unknown";
  }
  return "unknown";
}

std::string print_rule(const TableState& table, const RuleState& rule, const PrintCtx& ctx) {
  std::vector<StmtPtr> stmts = postprocess(table, delinearize(table, rule.rule.exprs));
  std::string out;
  for (size_t i = 0; i < stmts.size(); ++i) {
    if (i != 0) out += " ";
    out += print_stmt(*stmts[i], ctx);
  }
  if (rule.rule.comment) out += " comment \"" + *rule.rule.comment + "\"";
  return out + handle_comment(ctx, rule.handle);
}

std::string print_chain_declaration(const ChainState& chain, const PrintCtx& ctx) {
  const ir::Chain& c = chain.decl;
  if ((c.flags & kChainBinding) != 0) return "";
  std::string out = "\tchain " + c.name + " {" + handle_comment(ctx, chain.handle);
  if (c.comment) out += "\n\t\tcomment \"" + *c.comment + "\"";
  out += "\n";
  if (c.hook) {
    const ir::ChainHook& h = *c.hook;
    out += "\t\ttype " + h.type + " hook " + hook_name(c.family, h.hooknum);
    if (h.devices.size() == 1) {
      out += " device \"" + h.devices.front() + "\"";
    } else if (h.devices.size() > 1) {
      out += " devices = { ";
      for (size_t i = 0; i < h.devices.size(); ++i) {
        if (i != 0) out += ", ";
        out += "\"" + h.devices[i] + "\"";
      }
      out += " }";
    }
    out +=
        " priority " + priority_string(c.family, h.hooknum, h.priority, ctx.numeric_priority) + ";";
    const bool drop = c.policy && *c.policy == ir::VerdictCode::Drop;
    out += std::string(" policy ") + (drop ? "drop" : "accept") + ";";
    if ((c.flags & kChainHwOffload) != 0) out += " flags offload;";
    out += "\n";
  }
  return out;
}

std::string print_chain(const TableState& table, const ChainState& chain, const PrintCtx& ctx) {
  if ((chain.decl.flags & kChainBinding) != 0) return "";
  std::string out = print_chain_declaration(chain, ctx);
  for (const RuleState& r : chain.rules) out += "\t\t" + print_rule(table, r, ctx) + "\n";
  return out + "\t}\n";
}

std::string print_set(const SetState& set, const PrintCtx& ctx) {
  const ir::Set& s = set.decl;
  const bool is_map = (s.flags & (kSetMap | kSetObject)) != 0;
  std::string out = std::string("\t") + (is_map ? "map" : "set") + " " + s.name + " {" +
                    handle_comment(ctx, set.handle) + "\n";
  out += "\t\ttype " + type_name(s.key_type);
  if ((s.flags & kSetMap) != 0 && s.data_type) {
    out += " : " + type_name(*s.data_type);
  } else if ((s.flags & kSetObject) != 0 && s.obj_type) {
    out += " : " + object_type_name(*s.obj_type);
  }
  out += "\n";
  if ((s.flags & kSetConstant) == 0) {
    if (s.policy && *s.policy != kSetPolicyPerformance) out += "\t\tpolicy memory\n";
    if (s.size && *s.size > 0) out += "\t\tsize " + std::to_string(*s.size) + "\n";
  }
  uint32_t flags = s.flags;
  if (s.timeout) flags &= ~kSetTimeout;
  if ((flags & (kSetConstant | kSetInterval | kSetTimeout | kSetEval)) != 0) {
    std::string list, delim;
    // nft tests the masked flags only to decide whether the line is printed; the names come
    // from all flags, so `timeout` still shows next to `dynamic` (set_print_declaration).
    auto add = [&](uint32_t bit, const char* name) {
      if ((s.flags & bit) == 0) return;
      list += delim + name;
      delim = ",";
    };
    add(kSetConstant, "constant");
    add(kSetEval, "dynamic");
    add(kSetInterval, "interval");
    add(kSetTimeout, "timeout");
    out += "\t\tflags " + list + "\n";
  }
  if (!s.exprs.empty()) {
    PrintCtx stateless = ctx;
    stateless.stateless = true;
    std::string line;
    for (const ir::Instr& i : s.exprs) {
      if (StmtPtr st = stateful_stmt(i.op)) {
        if (!line.empty()) line += " ";
        line += print_stmt(*st, stateless);
      }
    }
    out += "\t\t" + line + "\n";
  }
  if (set_auto_merge(set)) out += "\t\tauto-merge\n";
  if (s.timeout) out += "\t\ttimeout " + time_string(*s.timeout, ctx.numeric_time) + "\n";
  if (s.gc_interval) {
    out += "\t\tgc-interval " + time_string(*s.gc_interval, ctx.numeric_time) + "\n";
  }
  if (std::optional<std::string> c = set_comment(set)) out += "\t\tcomment \"" + *c + "\"\n";
  // do_set_print: terse listings, and meters in stateless ones, leave the elements out.
  const bool meter = set.anonymous() && (s.flags & kSetEval) != 0;
  if (ctx.terse || (meter && ctx.stateless)) return out + "\t}\n";
  return out + set_elements_string(set, ctx) + "\t}\n";
}

std::string print_flowtable(const FlowtableState& ft, const PrintCtx& ctx) {
  const ir::Flowtable& f = ft.decl;
  std::string out = "\tflowtable " + f.name + " {" + handle_comment(ctx, ft.handle) + "\n";
  if (f.priority) {
    const uint32_t hook = f.hooknum.value_or(0);
    const std::string name =
        f.early_ingress ? "early_ingress" : hook_name(ir::Family::Netdev, hook);
    out += "\t\thook " + name + " priority " +
           priority_string(ir::Family::Netdev, hook, *f.priority, ctx.numeric_priority) + "\n";
  }
  if (!f.devices.empty()) {
    out += "\t\tdevices = { ";
    for (size_t i = 0; i < f.devices.size(); ++i) {
      if (i != 0) out += ", ";
      out += "\"" + f.devices[i] + "\"";
    }
    out += " }\n";
  }
  if ((f.flags & kFlowtableHwOffload) != 0) out += "\t\tflags offload\n";
  if ((f.flags & kFlowtableCounter) != 0) out += "\t\tcounter\n";
  return out + "\t}\n";
}

std::string print_object(const ObjectState& obj, const PrintCtx& ctx) {
  const ir::Object& o = obj.decl;
  std::string out =
      "\t" + object_type_name(o.type) + " " + o.name + " {" + handle_comment(ctx, obj.handle);
  if (o.comment) out += "\n\t\tcomment \"" + *o.comment + "\"";
  const ir::Op* body = o.body.empty() ? nullptr : &o.body.front().op;
  if (const auto* c = body ? std::get_if<ir::Counter>(body) : nullptr) {
    if (ctx.stateless) {
      out += "\n";
    } else {
      out += "\n\t\tpackets " + std::to_string(c->packets) + " bytes " + std::to_string(c->bytes) +
             "\n";
    }
  } else if (const auto* q = body ? std::get_if<ir::Quota>(body) : nullptr) {
    out += "\n\t\t" + std::string((q->flags & 1) != 0 ? "over " : "") + rate_string(q->bytes);
    if (!ctx.stateless && q->consumed != 0) out += " used " + rate_string(q->consumed);
    out += "\n";
  } else if (const auto* l = body ? std::get_if<ir::Limit>(body) : nullptr) {
    const std::string over = (l->flags & 1) != 0 ? "over " : "";
    if (l->type == 0) {
      out += "\n\t\trate " + over + std::to_string(l->rate) + "/" + time_unit_string(l->unit);
      if (l->burst > 0 && l->burst != 5) out += " burst " + std::to_string(l->burst) + " packets";
    } else {
      out += "\n\t\trate " + over + rate_string(l->rate) + "/" + time_unit_string(l->unit);
      if (l->burst > 0) out += " burst " + rate_string(l->burst);
    }
    out += "\n";
  } else {
    out += "\n";
  }
  return out + "\t}\n";
}

std::string print_table(const TableState& table, const PrintCtx& ctx) {
  const ir::Table& t = table.decl;
  std::string out = "table " + family_name(t.family) + " " + t.name + " {";
  if (ctx.handles) out += " # handle " + std::to_string(table.handle);
  out += "\n";
  std::string delim;
  if (t.flags != 0) {
    std::string list, d;
    auto add = [&](uint32_t bit, const char* name) {
      if ((t.flags & bit) == 0) return;
      list += d + name;
      d = ",";
    };
    add(kTableDormant, "dormant");
    add(kTableOwner, "owner");
    add(kTablePersist, "persist");
    out += "\tflags " + list + "\n";
    delim = "\n";
  }
  if (t.comment) out += "\tcomment \"" + *t.comment + "\"\n";
  for (const ObjectState& o : table.objects) {
    out += delim + print_object(o, ctx);
    delim = "\n";
  }
  for (const SetState& s : table.sets) {
    if (s.anonymous()) continue;
    out += delim + print_set(s, ctx);
    delim = "\n";
  }
  for (const FlowtableState& f : table.flowtables) {
    out += delim + print_flowtable(f, ctx);
    delim = "\n";
  }
  for (const ChainState& c : table.chains) {
    if ((c.decl.flags & kChainBinding) != 0) continue;
    out += delim + print_chain(table, c, ctx);
    delim = "\n";
  }
  return out + "}\n";
}

}  // namespace nftx::raise
