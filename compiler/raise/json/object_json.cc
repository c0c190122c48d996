// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/json/object_json.h"

#include <string>

#include "compiler/raise/delinearize.h"
#include "compiler/raise/json/stmt_json.h"
#include "compiler/raise/object_print.h"
#include "compiler/raise/postprocess.h"
#include "compiler/raise/set_elements.h"
#include "compiler/raise/stmt_print.h"

namespace nftx::raise {
namespace {

using proto::TypeId;

constexpr uint32_t kTableDormant = 1, kTableOwner = 2, kTablePersist = 4;
constexpr uint32_t kFlowtableHwOffload = 1, kFlowtableCounter = 2;
constexpr uint32_t kSetPolicyPerformance = 0;
constexpr uint32_t kDataVerdict = 0xffffff00;

// set_dtype_json: a type name, or the list of a concatenation's member names.
Json type_json(uint32_t id) {
  if (id == kDataVerdict) return Json("verdict");
  std::vector<TypeId> members = proto::concat_members(id);
  if (members.empty()) return Json(std::string(proto::datatype(static_cast<TypeId>(id)).name));
  Json out = Json::array();
  for (TypeId m : members) out.push_back(std::string(proto::datatype(m).name));
  return out;
}

// A device list: one name as a string, several as an array.
Json devices_json(const std::vector<std::string>& devices) {
  if (devices.size() == 1) return Json(devices.front());
  Json out = Json::array();
  for (const std::string& d : devices) out.push_back(d);
  return out;
}

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

void add_object_body(const ir::Object& o, Json& root) {
  const ir::Op* body = o.body.empty() ? nullptr : &o.body.front().op;
  if (body == nullptr) return;
  if (const auto* c = std::get_if<ir::Counter>(body)) {
    root["packets"] = c->packets;
    root["bytes"] = c->bytes;
  } else if (const auto* q = std::get_if<ir::Quota>(body)) {
    root["bytes"] = q->bytes;
    root["used"] = q->consumed;
    root["inv"] = (q->flags & 1) != 0;
  } else if (const auto* l = std::get_if<ir::Limit>(body)) {
    uint64_t rate = l->rate, burst = l->burst;
    std::string rate_u, burst_u;
    if (l->type != 0) {
      std::tie(rate, rate_u) = rate_unit(l->rate);
      std::tie(burst, burst_u) = rate_unit(l->burst);
    }
    root["rate"] = rate;
    root["per"] = time_unit_string(l->unit);
    if ((l->flags & 1) != 0) root["inv"] = true;
    if (!rate_u.empty()) root["rate_unit"] = rate_u;
    if (burst != 0) {
      root["burst"] = burst;
      if (!burst_u.empty()) root["burst_unit"] = burst_u;
    }
  }
}

}  // namespace

Json table_json(const TableState& table, const JsonCtx& ctx) {
  const ir::Table& t = table.decl;
  Json root{{"family", family_name(t.family)}, {"name", t.name}, {"handle", table.handle}};
  Json flags = Json::array();
  if ((t.flags & kTableDormant) != 0) flags.push_back("dormant");
  if ((t.flags & kTableOwner) != 0) flags.push_back("owner");
  if ((t.flags & kTablePersist) != 0) flags.push_back("persist");
  if (!flags.empty()) root["flags"] = flag_list_json(flags, ctx);
  if (t.comment && !ctx.nft106) root["comment"] = *t.comment;
  return Json{{"table", root}};
}

Json chain_json(const ChainState& chain, const JsonCtx& ctx) {
  const ir::Chain& c = chain.decl;
  Json root{{"family", family_name(c.family)},
            {"table", c.table},
            {"name", c.name},
            {"handle", chain.handle}};
  if (c.comment && !ctx.nft106) root["comment"] = *c.comment;
  if (c.hook) {
    const ir::ChainHook& h = *c.hook;
    if (!h.devices.empty() && !ctx.nft106) root["dev"] = devices_json(h.devices);
    root["type"] = h.type;
    root["hook"] = hook_name(c.family, h.hooknum);
    root["prio"] = h.priority;
    const bool drop = c.policy && *c.policy == ir::VerdictCode::Drop;
    root["policy"] = drop ? "drop" : "accept";
  }
  return Json{{"chain", root}};
}

Json set_json(const SetState& set, const JsonCtx& ctx) {
  const ir::Set& s = set.decl;
  const char* kind = "set";
  Json data;
  if ((s.flags & kSetMap) != 0 && s.data_type) {
    kind = "map";
    data = type_json(*s.data_type);
  } else if ((s.flags & kSetObject) != 0 && s.obj_type) {
    kind = "map";
    data = object_type_name(*s.obj_type);
  }
  Json root{{"family", family_name(s.family)},
            {"name", s.name},
            {"table", s.table},
            {"type", type_json(s.key_type)},
            {"handle", set.handle}};
  if (std::optional<std::string> c = set_comment(set)) root["comment"] = *c;
  if (!data.is_null()) root["map"] = data;
  if ((s.flags & kSetConstant) == 0) {
    if (s.policy && *s.policy != kSetPolicyPerformance) root["policy"] = "memory";
    if (s.size && *s.size > 0) root["size"] = *s.size;
  }
  Json flags = Json::array();
  if ((s.flags & kSetConstant) != 0) flags.push_back("constant");
  if ((s.flags & kSetInterval) != 0) flags.push_back("interval");
  // nft sets the timeout flag itself when a set has a default timeout.
  if ((s.flags & kSetTimeout) != 0 || s.timeout) flags.push_back("timeout");
  if ((s.flags & kSetEval) != 0) flags.push_back("dynamic");
  if (!flags.empty()) root["flags"] = flags;
  if (s.timeout) root["timeout"] = *s.timeout / 1000;
  if (s.gc_interval) root["gc-interval"] = *s.gc_interval / 1000;
  if (set_auto_merge(set)) root["auto-merge"] = true;
  ExprPtr elems = decode_elements(set, set_key_type(set), set_data_type(set));
  if (!elems->items.empty()) root["elem"] = set_items_json(*elems, ctx);
  if (!s.exprs.empty()) {
    std::vector<StmtPtr> stmts;
    for (const ir::Instr& i : s.exprs) {
      if (StmtPtr st = stateful_stmt(i.op)) stmts.push_back(st);
    }
    root["stmt"] = stateless_stmts_json(stmts, ctx);
  }
  return Json{{kind, root}};
}

Json flowtable_json(const FlowtableState& ft) {
  const ir::Flowtable& f = ft.decl;
  Json root{{"family", family_name(f.family)},
            {"name", f.name},
            {"table", f.table},
            {"handle", ft.handle}};
  if (f.priority) {
    root["hook"] =
        f.early_ingress ? "early_ingress" : hook_name(ir::Family::Netdev, f.hooknum.value_or(0));
    root["prio"] = *f.priority;
  }
  if (!f.devices.empty()) root["dev"] = devices_json(f.devices);
  if ((f.flags & kFlowtableHwOffload) != 0) root["flags"] = Json::array({"offload"});
  if ((f.flags & kFlowtableCounter) != 0) root["counter"] = true;
  return Json{{"flowtable", root}};
}

Json object_json(const ObjectState& obj, const JsonCtx& ctx) {
  (void)ctx;
  const ir::Object& o = obj.decl;
  Json root{{"family", family_name(o.family)},
            {"name", o.name},
            {"table", o.table},
            {"handle", obj.handle}};
  if (o.comment) root["comment"] = *o.comment;
  add_object_body(o, root);
  return Json{{object_type_name(o.type), root}};
}

Json rule_exprs_json(const TableState& table, const RuleState& rule, const JsonCtx& ctx) {
  std::vector<StmtPtr> stmts = postprocess(table, delinearize(table, rule.rule.exprs));
  Json out = Json::array();
  for (const StmtPtr& s : stmts) out.push_back(stmt_json(*s, ctx));
  return out;
}

Json rule_json(const TableState& table, const ChainState& chain, const RuleState& rule,
               const JsonCtx& ctx) {
  Json root{{"family", family_name(table.decl.family)},
            {"table", table.decl.name},
            {"chain", chain.decl.name},
            {"handle", rule.handle}};
  if (rule.rule.comment) root["comment"] = *rule.rule.comment;
  Json exprs = rule_exprs_json(table, rule, ctx);
  if (!exprs.empty()) root["expr"] = std::move(exprs);
  return Json{{"rule", root}};
}

}  // namespace nftx::raise
