// SPDX-License-Identifier: GPL-2.0-or-later
// Chains: hook, type, device and priority of base chains; policy; the rules inside.
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "compiler/sema/hooks.h"
#include "compiler/sema/rule_checker.h"
#include "compiler/sema/ruleset_checker.h"

namespace nftx::sema {

std::optional<int32_t> RulesetChecker::priority(ir::Family family, const ast::PrioSpec& p,
                                                bool flowtable) {
  ast::ExprPtr e = p.value;
  if (const auto* v = ast::as<ast::Variable>(e)) {
    const ast::ExprPtr* def = ctx_.scopes.lookup(v->name);
    if (!def) {
      ctx_.diags.error(p.span, "unknown-variable", "unknown identifier '" + v->name + "'");
      return std::nullopt;
    }
    e = *def;
  }
  const auto* sym = ast::as<ast::Symbol>(e);
  if (!sym) {
    ctx_.diags.error(p.span, "priority", "invalid priority expression");
    return std::nullopt;
  }
  const std::string& text = sym->text;
  auto parse_int = [](const std::string& s) -> std::optional<int64_t> {
    bool neg = !s.empty() && s[0] == '-';
    auto be = parse_number(neg ? s.substr(1) : s);
    if (!be || be->size() > 4) return std::nullopt;
    int64_t v = static_cast<int64_t>(to_u64(*be));
    return neg ? -v : v;
  };
  if (auto n = parse_int(text)) {
    if (*n < INT32_MIN || *n > INT32_MAX) {
      ctx_.diags.error(p.span, "priority", "priority value out of range");
      return std::nullopt;
    }
    return static_cast<int32_t>(*n);
  }
  // "name", "name + N", "name - N" (the parser joins them with single spaces).
  std::string name = text;
  int64_t offset = 0;
  auto sp = text.find(' ');
  if (sp != std::string::npos && sp + 3 <= text.size()) {
    name = text.substr(0, sp);
    auto n = parse_int(text.substr(sp + 3));
    if (!n) {
      ctx_.diags.error(p.span, "priority", "invalid priority expression value.");
      return std::nullopt;
    }
    offset = text[sp + 1] == '-' ? -*n : *n;
  }
  auto base = flowtable ? (name == "filter" ? std::optional<int32_t>(0) : std::nullopt)
                        : standard_priority(family, name);
  if (!base) {
    ctx_.diags.error(p.span, "priority",
                     flowtable ? "invalid priority expression value." +
                                     std::string(" A flowtable priority is filter, filter +/- N "
                                                 "or a number")
                               : "'" + name + "' is invalid priority in this context.");
    return std::nullopt;
  }
  return static_cast<int32_t>(*base + offset);
}

bool RulesetChecker::chain_decl(ir::Verb verb, TableInfo& table, const ast::ChainDecl& c) {
  if (c.name.text.size() >= NFT_CHAIN_MAXNAMELEN) {
    ctx_.diags.error(c.name.span, "name", "Chain name too long");
    return false;
  }
  ir::Chain out{table.family, table.name, c.name.text, std::nullopt, std::nullopt, 0,
                c.comment, std::nullopt, std::nullopt, c.span};
  ChainInfo info;
  info.name = c.name.text;
  info.span = c.name.span;
  auto existing = table.chains.find(c.name.text);
  if (existing != table.chains.end() && verb == ir::Verb::Create) {
    ctx_.diags.error(c.name.span, "duplicate", "Could not process rule: File exists; chain '" +
                                                   c.name.text + "' already exists");
    return false;
  }
  if (c.hook) {
    const auto& h = *c.hook;
    auto num = hook_number(table.family, h.hook.text);
    if (!num) {
      std::string hint = closest_name(h.hook.text, hook_names(table.family));
      ctx_.diags.error(h.hook.span, "unknown-hook",
                       "unknown chain hook" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
      return false;
    }
    std::string problem = chain_type_problem(table.family, h.type.text, h.hook.text);
    if (!problem.empty()) {
      ctx_.diags.error(h.type.span, "chain-type", problem, {h.hook.span});
      return false;
    }
    if (!h.priority) {
      ctx_.diags.error(h.span, "priority", "missing priority in base chain declaration");
      return false;
    }
    if (const auto* ps = ast::as<ast::Symbol>(h.priority->value)) {
      const std::string pname = ps->text.substr(0, ps->text.find(' '));
      if (!priority_allowed_at(table.family, pname, h.hook.text)) {
        ctx_.diags.error(h.priority->span, "priority",
                         "invalid priority expression value in this context: '" + pname +
                             "' is only valid at hook " +
                             (pname == "dstnat"   ? "prerouting or output"
                              : pname == "srcnat" ? "postrouting or input"
                                                  : "output"));
        return false;
      }
    }
    auto prio = priority(table.family, *h.priority, false);
    if (!prio) return false;
    ir::ChainHook hook{*num, *prio, h.type.text, {}};
    if (h.devices) {
      auto devs = devices(*h.devices);
      if (!devs) return false;
      hook.devices = *devs;
    }
    const bool needs_device = table.family == ir::Family::Netdev ||
                              (table.family == ir::Family::Inet && *num == NF_INET_INGRESS);
    if (needs_device && hook.devices.empty()) {
      ctx_.diags.error(h.span, "device", "Missing `device' in this chain definition");
      return false;
    }
    info.hooknum = *num;
    info.type = h.type.text;
    info.priority = *prio;
    out.hook = hook;
    out.flags |= NFT_CHAIN_BASE;
    if (c.policy) {
      std::string pol = c.policy->text;
      if (!pol.empty() && pol[0] == '$') {
        const ast::ExprPtr* def = ctx_.scopes.lookup(pol.substr(1));
        const auto* sym = def ? ast::as<ast::Symbol>(*def) : nullptr;
        pol = sym ? sym->text : "";
      }
      if (pol == "accept") out.policy = ir::VerdictCode::Accept;
      else if (pol == "drop") out.policy = ir::VerdictCode::Drop;
      else {
        ctx_.diags.error(c.policy->span, "policy", "invalid policy: use accept or drop");
        return false;
      }
    }
  } else if (c.policy) {
    ctx_.diags.error(c.policy->span, "policy", "policy is only valid in base chains");
    return false;
  }
  for (const auto& f : c.flags) {
    if (f.text == "offload") out.flags |= NFT_CHAIN_HW_OFFLOAD;
    else ctx_.diags.error(f.span, "chain-flag", "unknown chain flag '" + f.text + "'");
  }
  if (existing == table.chains.end()) table.chains.emplace(c.name.text, info);
  push(verb, out, c.span);
  return true;
}

namespace {
bool uses_flow_add(const ast::Rule& r) {
  for (const auto& s : r.stmts) {
    if (std::holds_alternative<ast::FlowOffload>(s.node)) return true;
  }
  return false;
}
}  // namespace

void RulesetChecker::chain_rules(TableInfo& table, ast::ChainDecl& c) {
  const ChainInfo* chain = &table.chains.at(c.name.text);
  Span unconditional;  // the first rule that ends evaluation for every packet
  ctx_.scopes.push();
  for (auto& item : c.items) {
    if (const auto* d = std::get_if<ast::Define>(&item)) {
      if (!ctx_.scopes.define(d->name, d->value, d->redefine)) {
        ctx_.diags.error(d->name_span, "redefine", "redefinition of symbol '" + d->name + "'");
      }
    } else if (const auto* u = std::get_if<ast::Undefine>(&item)) {
      ctx_.scopes.undefine(u->name);
    } else if (auto* r = std::get_if<ast::Rule>(&item)) {
      if (unconditional.valid() && uses_flow_add(*r)) {
        ctx_.diags.warning(r->span, "flow-after-verdict",
                           "flow add is never reached: an earlier rule of this chain ends every "
                           "packet's evaluation",
                           {unconditional});
      }
      rule(ir::Verb::Add, table, chain, *r, std::nullopt, std::nullopt, r->span);
      if (!unconditional.valid() && r->stmts.size() == 1) {
        if (const auto* v = std::get_if<ast::VerdictStmt>(&r->stmts[0].node)) {
          const auto* verdict = ast::as<ast::Verdict>(v->verdict);
          if (verdict && verdict->kind != ast::VerdictKind::Continue &&
              verdict->kind != ast::VerdictKind::Jump) {
            unconditional = r->span;
          }
        }
      }
      r->stmts = {};  // checked: release its AST (peak memory on large inputs)
    }
  }
  ctx_.scopes.pop();
}

void RulesetChecker::rule(ir::Verb verb, TableInfo& table, const ChainInfo* chain,
                          const ast::Rule& r, std::optional<uint64_t> handle,
                          std::optional<uint64_t> position, const Span& at) {
  RuleChecker rc(ctx_, table, chain);
  auto checked_rule = rc.check(r);
  if (!checked_rule) return;
  checked_rule->handle = handle;
  checked_rule->position = position;
  checked_rule->span = at;
  push(verb, std::move(*checked_rule), at);
}

}  // namespace nftx::sema
