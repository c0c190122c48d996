// SPDX-License-Identifier: GPL-2.0-or-later
// Flowtables: hook (ingress, or nftx's early_ingress), priority (filter +/- N or a number),
// device sets (names, quoted names, wildcards, variables, and nftx's empty `devices = {}`),
// `flags offload` and `counter`; and the warnings for what is legal but likely wrong.
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <algorithm>
#include <functional>

#include "compiler/sema/ruleset_checker.h"

namespace nftx::sema {

std::optional<std::vector<std::string>> RulesetChecker::devices(const ast::ExprPtr& raw) {
  std::vector<std::string> out;
  bool ok = true;
  std::function<void(const ast::ExprPtr&, int)> walk = [&](const ast::ExprPtr& e, int depth) {
    if (!e || depth > 16) return;
    if (const auto* v = ast::as<ast::Variable>(e)) {
      const ast::ExprPtr* def = ctx_.scopes.lookup(v->name);
      if (!def) {
        std::string hint = closest_name(v->name, ctx_.scopes.names());
        ctx_.diags.error(e->span, "unknown-variable",
                         "unknown identifier '" + v->name + "'" +
                             (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
        ok = false;
        return;
      }
      walk(*def, depth + 1);
      return;
    }
    if (const auto* s = ast::as<ast::SetLiteral>(e)) {
      for (const auto& item : s->elems) walk(item, depth + 1);
      return;
    }
    if (const auto* el = ast::as<ast::SetElem>(e)) {
      walk(el->key, depth + 1);
      return;
    }
    if (const auto* sym = ast::as<ast::Symbol>(e)) {
      if (sym->text.empty() || sym->text.size() >= 16) {
        ctx_.diags.error(e->span, "device", "device name '" + sym->text +
                                                "' is invalid: 1 to 15 characters are allowed");
        ok = false;
        return;
      }
      if (std::find(out.begin(), out.end(), sym->text) != out.end()) {
        ctx_.diags.error(e->span, "device", "device '" + sym->text + "' is listed twice");
        ok = false;
        return;
      }
      out.push_back(sym->text);
      return;
    }
    ctx_.diags.error(e->span, "device", "a device name is expected");
    ok = false;
  };
  walk(raw, 0);
  if (!ok) return std::nullopt;
  return out;
}

void RulesetChecker::flowtable_decl(ir::Verb verb, TableInfo& table, const ast::FlowtableDecl& f) {
  const bool removing = verb == ir::Verb::Delete || verb == ir::Verb::Destroy;
  auto existing = table.flowtables.find(f.name.text);
  if (removing && existing == table.flowtables.end()) {
    ctx_.diags.error(f.name.span, "unknown-flowtable",
                     "No such file or directory; flowtable '" + f.name.text +
                         "' does not exist in table " + table.name);
    return;
  }
  if (f.name.text.size() >= NFT_NAME_MAXLEN) {
    ctx_.diags.error(f.name.span, "name", "Flowtable name too long");
    return;
  }
  if (table.family != ir::Family::Ip && table.family != ir::Family::Ip6 &&
      table.family != ir::Family::Inet) {
    ctx_.diags.error(f.span, "flowtable-family",
                     "flowtables are only valid in ip, ip6 and inet tables");
    return;
  }
  ir::Flowtable out;
  out.family = table.family;
  out.table = table.name;
  out.name = f.name.text;
  out.span = f.name.span;
  if (f.hook) {
    if (f.hook->text == "ingress") {
      out.hooknum = NF_NETDEV_INGRESS;
    } else if (f.hook->text == "early_ingress") {
      out.hooknum = NF_NETDEV_INGRESS;
      out.early_ingress = true;
    } else {
      ctx_.diags.error(f.hook->span, "flowtable-hook",
                       "unknown flowtable hook '" + f.hook->text +
                           "': a flowtable hooks at ingress (or nftx's early_ingress)");
      return;
    }
    if (!f.priority) {
      ctx_.diags.error(f.hook->span, "priority", "missing priority in flowtable declaration");
      return;
    }
    auto prio = priority(ir::Family::Netdev, *f.priority, true);
    if (!prio) return;
    out.priority = *prio;
  } else if (!removing && existing == table.flowtables.end()) {
    ctx_.diags.error(f.name.span, "flowtable-hook",
                     "missing hook and priority in flowtable declaration");
    return;
  }
  bool devices_given = false;
  if (f.devices) {
    auto devs = devices(*f.devices);
    if (!devs) return;
    out.devices = *devs;
    devices_given = true;
  }
  if (f.offload) out.flags |= NFT_FLOWTABLE_HW_OFFLOAD;
  if (f.counter) out.flags |= NFT_FLOWTABLE_COUNTER;
  if (!removing && existing == table.flowtables.end() && out.devices.empty()) {
    ctx_.diags.warning(devices_given ? f.devices_span : f.name.span, "flowtable-no-devices",
                       "flowtable '" + f.name.text +
                           "' has no devices: no packet can take its fast path until devices "
                           "are added");
  }
  if (f.offload && out.early_ingress) {
    ctx_.diags.warning(f.offload_span, "offload-early-ingress",
                       "flags offload with hook early_ingress: hardware-offloaded flows never "
                       "reach the early ingress hook");
  }
  FlowtableInfo info{f.name.text, out.devices, f.name.span};
  if (removing) {
    if (!devices_given) table.flowtables.erase(f.name.text);
  } else if (existing == table.flowtables.end()) {
    table.flowtables.emplace(f.name.text, info);
  } else {
    for (const auto& d : out.devices) existing->second.devices.push_back(d);
  }
  push(verb, out, f.span);
}

}  // namespace nftx::sema
