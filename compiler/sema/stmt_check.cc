// SPDX-License-Identifier: GPL-2.0-or-later
// Statements other than matches: verdicts and verdict maps, stateful statements (counter,
// limit, quota, log), reject, notrack, flow offload, stores (`meta mark set`), dynamic sets.
#include <linux/netfilter.h>
#include <linux/netfilter/nf_log.h>
#include <linux/netfilter/nf_tables.h>

#include <algorithm>
#include <map>

#include "compiler/sema/rule_checker.h"

namespace nftx::sema {

using checked::make;
using proto::ByteOrder;
using proto::TypeId;

namespace {

std::optional<uint64_t> number(const std::string& text) {
  auto be = parse_number(text);
  if (!be || be->size() > 8) return std::nullopt;
  return to_u64(*be);
}

std::optional<uint64_t> unit_seconds(const std::string& per) {
  static const std::map<std::string, uint64_t> kUnits = {
      {"second", 1}, {"minute", 60}, {"hour", 3600}, {"day", 86400}, {"week", 604800}};
  auto it = kUnits.find(per);
  if (it == kUnits.end()) return std::nullopt;
  return it->second;
}

std::optional<uint64_t> byte_unit(const std::string& unit) {
  if (unit == "bytes") return 1;
  if (unit == "kbytes") return 1024;
  if (unit == "mbytes") return 1024 * 1024;
  if (unit == "gbytes") return uint64_t{1024} * 1024 * 1024;
  return std::nullopt;
}

std::optional<uint32_t> log_level(const std::string& s) {
  static const std::map<std::string, uint32_t> kLevels = {
      {"emerg", 0}, {"alert", 1}, {"crit", 2}, {"err", 3}, {"warn", 4},
      {"notice", 5}, {"info", 6}, {"debug", 7}, {"audit", 8}};
  auto it = kLevels.find(s);
  if (it == kLevels.end()) return std::nullopt;
  return it->second;
}

bool terminal(const checked::StmtNode& n) {
  if (const auto* v = std::get_if<checked::Verdict>(&n)) {
    return v->verdict.code != ir::VerdictCode::Continue;
  }
  return false;
}

// NAT and reject end the rule too: nothing may follow them, not even a verdict.
bool ends_rule(const checked::StmtNode& n) {
  if (std::holds_alternative<checked::Nat>(n)) return true;
  if (const auto* e = std::get_if<checked::Emit>(&n)) {
    return std::holds_alternative<ir::Reject>(e->op);
  }
  return false;
}

}  // namespace

std::optional<checked::Rule> RuleChecker::check(const ast::Rule& rule) {
  out_.family = table_.family;
  out_.table = table_.name;
  out_.chain = chain_ ? chain_->name : "";
  out_.comment = rule.comment;
  out_.span = rule.span;
  for (const auto& stmt : rule.stmts) {
    const size_t before = out_.stmts.size();
    if (terminal_seen_ || nat_seen_) {
      error(stmt.span, "after-terminal", "Statement after terminal statement has no effect",
            {terminal_span_});
      break;
    }
    statement(stmt);
    for (size_t i = before; i < out_.stmts.size(); ++i) {
      if (terminal(out_.stmts[i].node)) {
        terminal_seen_ = true;
        terminal_span_ = stmt.span;
      } else if (ends_rule(out_.stmts[i].node)) {
        nat_seen_ = true;
        terminal_span_ = stmt.span;
      }
    }
  }
  if (failed_) return std::nullopt;
  merge_payloads();
  return std::move(out_);
}

bool RuleChecker::statement(const ast::Stmt& s) {
  const Span& at = s.span;
  if (const auto* m = std::get_if<ast::Match>(&s.node)) return match(*m, at);
  if (const auto* v = std::get_if<ast::VerdictStmt>(&s.node)) {
    ast::ExprPtr e = expand(v->verdict);
    if (!e) return false;
    if (const auto* ml = ast::as<ast::MapLookup>(e)) {
      if (ambiguous_ct_addr(ml->key)) return false;
      auto key = lhs(ml->key);
      if (!key) return false;
      ast::ExprPtr map = expand(ml->map);
      if (!map) return false;
      std::optional<checked::SetRef> ref;
      if (const auto* lit = ast::as<ast::SetLiteral>(map)) {
        ref = anon_set(*lit, map->span, *key, std::nullopt, true);
      } else if (const auto* sr = ast::as<ast::SetRef>(map)) {
        ref = named_set(sr->name, map->span, true);
        key = normalized(*key);
      }
      if (!ref) return false;
      emit(checked::Vmap{key->expr, *ref}, at);
      return true;
    }
    auto verdict_value = verdict(e);
    if (!verdict_value) return false;
    emit(checked::Verdict{*verdict_value}, at);
    return true;
  }
  if (const auto* c = std::get_if<ast::Counter>(&s.node)) {
    if (flow_span_.valid()) {
      ctx_.diags.warning(at, "counter-after-flow",
                         "this counter only counts packets on the slow path: once a flow is "
                         "offloaded its packets bypass the rule (use the flowtable's `counter`)",
                         {flow_span_});
    }
    ir::Counter op;
    if (c->packets) op.packets = number(*c->packets).value_or(0);
    if (c->bytes) op.bytes = number(*c->bytes).value_or(0);
    emit(checked::Emit{op}, at);
    return true;
  }
  if (const auto* l = std::get_if<ast::Limit>(&s.node)) {
    auto rate = number(l->rate);
    ir::Limit op{0, 0, 0, NFT_LIMIT_PKTS, l->over ? uint32_t{NFT_LIMIT_F_INV} : 0};
    if (!rate) {
      error(at, "limit", "limit rate must be a number");
      return false;
    }
    std::string per = l->per;
    uint64_t mult = 1;
    if (!l->rate_unit.empty()) {
      // `10 mbytes/second`: the unit and the period come as one word.
      auto slash = l->rate_unit.find('/');
      auto unit = byte_unit(l->rate_unit.substr(0, slash));
      if (l->rate_unit.substr(0, slash) == "gbytes") unit.reset();  // nft: up to mbytes
      if (slash == std::string::npos || !unit) {
        error(at, "limit", "Wrong rate format: expected BYTES/PERIOD (e.g. 10 mbytes/second)");
        return false;
      }
      mult = *unit;
      per = l->rate_unit.substr(slash + 1);
      op.type = NFT_LIMIT_PKT_BYTES;
    }
    auto secs = unit_seconds(per);
    if (!secs) {
      error(at, "limit", "Wrong rate format: unknown period '" + per + "'");
      return false;
    }
    op.rate = *rate * mult;
    op.unit = *secs;
    if (l->burst) {
      auto b = number(*l->burst);
      uint64_t bmult = 1;
      if (op.type == NFT_LIMIT_PKT_BYTES) bmult = byte_unit(l->burst_unit).value_or(1);
      op.burst = static_cast<uint32_t>(b.value_or(0) * bmult);
    } else {
      op.burst = op.type == NFT_LIMIT_PKTS ? 5 : 0;
    }
    if (op.rate == 0) {
      error(at, "limit", "limit rate must be greater than 0");
      return false;
    }
    emit(checked::Emit{op}, at);
    return true;
  }
  if (const auto* q = std::get_if<ast::Quota>(&s.node)) {
    auto amount = number(q->amount);
    auto unit = byte_unit(q->unit);
    if (!amount || !unit) {
      error(at, "quota", "Wrong quota format: expected a number and bytes, kbytes, mbytes or gbytes");
      return false;
    }
    ir::Quota op{*amount * *unit, 0, q->over ? uint32_t{NFT_QUOTA_F_INV} : 0};
    if (q->used) {
      auto used = number(*q->used);
      auto uunit = byte_unit(q->used_unit);
      if (!used || !uunit) {
        error(at, "quota", "Wrong quota format for 'used'");
        return false;
      }
      op.consumed = *used * *uunit;
    }
    emit(checked::Emit{op}, at);
    return true;
  }
  if (const auto* l = std::get_if<ast::Log>(&s.node)) {
    ir::Log op;
    if (l->prefix) {
      ast::ExprPtr p = expand(*l->prefix);
      const auto* sym = p ? ast::as<ast::Symbol>(p) : nullptr;
      if (!sym) return false;
      op.prefix = sym->text;
    }
    if (l->level) {
      op.level = log_level(*l->level);
      if (!op.level) {
        error(at, "log", "invalid log level '" + *l->level + "'");
        return false;
      }
    }
    if (l->group) op.group = static_cast<uint16_t>(number(*l->group).value_or(0));
    if (l->snaplen) op.snaplen = static_cast<uint32_t>(number(*l->snaplen).value_or(0));
    if (l->qthreshold) op.qthreshold = static_cast<uint16_t>(number(*l->qthreshold).value_or(0));
    if (op.group && !op.qthreshold) op.qthreshold = 0;
    if (!l->flags.empty()) {
      uint32_t f = 0;
      bool in_tcp = false;  // `flags tcp sequence,options`: the tcp list goes on after a comma
      for (const auto& raw_flag : l->flags) {
        const std::string w = in_tcp && (raw_flag == "sequence" || raw_flag == "options")
                                  ? "tcp " + raw_flag
                                  : raw_flag;
        in_tcp = w.rfind("tcp ", 0) == 0;
        if (w == "tcp sequence") f |= NF_LOG_TCPSEQ;
        else if (w == "tcp options") f |= NF_LOG_TCPOPT;
        else if (w == "ip options") f |= NF_LOG_IPOPT;
        else if (w == "skuid") f |= NF_LOG_UID;
        else if (w == "ether") f |= NF_LOG_MACDECODE;
        else if (w == "all") f |= NF_LOG_MASK;
        else {
          error(at, "log", "unknown log flag '" + w + "'");
          return false;
        }
      }
      op.flags = f;
    }
    if (op.level && *op.level == 8 && (op.prefix || op.group || op.snaplen || op.qthreshold || op.flags)) {
      error(at, "log", "log level audit doesn't support any further options");
      return false;
    }
    if (op.group && (op.level || op.flags)) {
      error(at, "log", "log group and log level/flags are mutually exclusive");
      return false;
    }
    emit(checked::Emit{op}, at);
    return true;
  }
  if (std::get_if<ast::Notrack>(&s.node)) {
    emit(checked::Emit{ir::Notrack{}}, at);
    return true;
  }
  if (const auto* f = std::get_if<ast::FlowOffload>(&s.node)) {
    if (!table_.flowtables.count(f->flowtable)) {
      std::vector<std::string> names;
      for (const auto& [n, ft] : table_.flowtables) names.push_back(n);
      std::string hint = closest_name(f->flowtable, names);
      error(f->name_span, "unknown-flowtable",
            "flowtable '" + f->flowtable + "' does not exist in table " + table_.name +
                (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
      return false;
    }
    if (table_.family != ir::Family::Ip && table_.family != ir::Family::Ip6 &&
        table_.family != ir::Family::Inet) {
      error(at, "flow-family", "flow add is only valid in ip, ip6 and inet tables");
      return false;
    }
    if (chain_ && chain_->hooknum && *chain_->hooknum != NF_INET_FORWARD) {
      error(at, "flow-hook", "flow add is only valid in a chain hooked at forward",
            {chain_->span});
      return false;
    }
    if (terminal_seen_) {
      ctx_.diags.warning(at, "flow-after-verdict",
                         "flow add after a terminal verdict is never reached", {terminal_span_});
    }
    emit(checked::Emit{ir::FlowOffload{f->flowtable}}, at);
    flow_span_ = at;
    if (chain_ && !chain_->hooknum) {
      ctx_.flow_uses.push_back({table_.family, table_.name, chain_->name, at});
    }
    return true;
  }
  if (const auto* r = std::get_if<ast::Reject>(&s.node)) return reject(*r, at);
  if (const auto* n = std::get_if<ast::Nat>(&s.node)) return nat(*n, at);
  if (const auto* sf = std::get_if<ast::SetField>(&s.node)) return store(*sf, at);
  if (const auto* d = std::get_if<ast::Dynset>(&s.node)) return dynset(*d, at);
  if (const auto* o = std::get_if<ast::Objref>(&s.node)) {
    ast::ExprPtr name = expand(o->name);
    const uint32_t obj_type = o->type == "counter" ? NFT_OBJECT_COUNTER
                              : o->type == "quota" ? NFT_OBJECT_QUOTA
                                                   : NFT_OBJECT_LIMIT;
    if (const auto* ml = name ? ast::as<ast::MapLookup>(name) : nullptr) {
      // `counter name tcp dport map { 443 : "cnt1" }`: an object map.
      if (ambiguous_ct_addr(ml->key)) return false;
      auto key = lhs(ml->key);
      if (!key) return false;
      ast::ExprPtr map = expand(ml->map);
      if (!map) return false;
      std::optional<checked::SetRef> ref;
      if (const auto* lit = ast::as<ast::SetLiteral>(map)) {
        ref = anon_set(*lit, map->span, *key, std::nullopt, false, false, obj_type);
      } else if (const auto* sr = ast::as<ast::SetRef>(map)) {
        ref = named_set(sr->name, map->span, true);
      }
      if (!ref) return false;
      emit(checked::ObjrefMap{key->expr, *ref, obj_type}, at);
      return true;
    }
    const auto* sym = name ? ast::as<ast::Symbol>(name) : nullptr;
    if (!sym) {
      if (name) error(name->span, "objref", "an object name or a map is expected here");
      return false;
    }
    if (!table_.objects.count(sym->text)) {
      error(name->span, "unknown-object", o->type + " '" + sym->text +
                                              "' does not exist in table " + table_.name);
      return false;
    }
    const uint32_t type = o->type == "counter" ? NFT_OBJECT_COUNTER
                          : o->type == "quota" ? NFT_OBJECT_QUOTA
                                               : NFT_OBJECT_LIMIT;
    emit(checked::Emit{ir::Objref{type, sym->text, std::nullopt, {}, 0}}, at);
    return true;
  }
  if (const auto* g = std::get_if<ast::Generic>(&s.node); g && g->kind == "ct over") {
    if (g->words[0] != "count") {
      error(at, "syntax", "`over` only goes with `ct count`");
      return false;
    }
    return connlimit(ast::make_expr(ast::Symbol{g->words[1], ast::SymbolKind::Number}, at), true,
                     at);
  }
  if (const auto* u = std::get_if<ast::MapUpdate>(&s.node)) return map_update(*u, at);
  if (std::get_if<ast::Generic>(&s.node)) {
    error(at, "unsupported", "this statement is not supported yet");
    return false;
  }
  return false;
}

}  // namespace nftx::sema
