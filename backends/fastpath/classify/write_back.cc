// SPDX-License-Identifier: GPL-2.0-or-later
// CompiledRuleset::write_back: the runtime values of counters, quotas and `last` go back into the
// IR so that raise lists them (`nftx list ruleset` against the engine) and so that a recompiled
// ruleset starts from them. Set contents are rewritten from the runtime sets (dynset adds,
// deletes and expired elements show as the kernel would list them).
#include <cstring>
#include <utility>

#include "backends/fastpath/classify/ruleset.h"

namespace nftx::fastpath::classify {

namespace {

void store_exprs(const std::vector<StatefulState>& states, std::vector<ir::Instr>& exprs,
                 uint64_t now_ns) {
  for (size_t i = 0; i < exprs.size() && i < states.size(); ++i) {
    store_state(states[i], exprs[i].op, now_ns);
  }
}

const ir::SetElem* find_original(const std::vector<ir::SetElem>& elems, const Element& e) {
  for (const ir::SetElem& o : elems) {
    const bool end = (o.flags & raise::kElemIntervalEnd) != 0;
    const bool any = (o.flags & raise::kElemCatchall) != 0;
    if (end != e.interval_end || any != e.catchall) continue;
    if (e.catchall || o.key == e.key) return &o;
  }
  return nullptr;
}

ir::SetElem to_ir(const CompiledTable& t, const Set& s, const Element& e,
                  const std::vector<ir::SetElem>& old, uint64_t now_ns) {
  ir::SetElem out;
  if (const ir::SetElem* o = find_original(old, e)) {
    out.comment = o->comment;
    out.span = o->span;
    if (o->key_end) out.key_end = e.key_end;
  }
  out.key = e.key;
  if (!e.key_end.empty() && !out.key_end) out.key_end = e.key_end;
  if (s.is_map() && !s.is_vmap() && !e.data.empty()) out.data = e.data;
  if (s.is_vmap() && !e.interval_end) {
    ir::Verdict v;
    v.code = e.verdict;
    if (e.chain >= 0) v.chain = t.chains[static_cast<size_t>(e.chain)].name;
    out.verdict = v;
  }
  if (e.object >= 0) out.objref = t.objects[static_cast<size_t>(e.object)].name;
  out.flags = (e.interval_end ? raise::kElemIntervalEnd : 0U) |
              (e.catchall ? raise::kElemCatchall : 0U);
  if (e.timeout_ms != 0) out.timeout = e.timeout_ms;
  if (e.expires_ns != 0) out.expiration = (e.expires_ns - now_ns) / 1000000ULL;
  out.exprs = e.exprs;
  store_exprs(e.states, out.exprs, now_ns);
  return out;
}

}  // namespace

void CompiledRuleset::write_back(raise::RulesetState& state, uint64_t now_ns) const {
  for (const CompiledTable& t : tables) {
    raise::TableState* ts = state.find_table(t.family, t.name);
    if (ts == nullptr) continue;
    for (const CompiledChain& c : t.chains) {
      raise::ChainState* cs = ts->find_chain(c.name);
      if (cs == nullptr) continue;
      for (const CompiledRule& r : c.rules) {
        for (raise::RuleState& rs : cs->rules) {
          if (rs.handle != r.handle) continue;
          for (size_t i = 0; i < r.ops.size() && i < rs.rule.exprs.size(); ++i) {
            const int32_t st = r.ops[i].state;
            if (st < 0) continue;
            store_state(r.states[static_cast<size_t>(st)], rs.rule.exprs[i].op, now_ns);
          }
        }
      }
    }
    for (const CompiledObject& o : t.objects) {
      for (raise::ObjectState& os : ts->objects) {
        if (os.decl.name == o.name && !os.decl.body.empty()) {
          store_state(o.state, os.decl.body.front().op, now_ns);
        }
      }
    }
    for (const Set& s : t.sets) {
      for (raise::SetState& ss : ts->sets) {
        if (ss.decl.name != s.name()) continue;
        std::vector<ir::SetElem> fresh;
        for (const Element& e : s.elements()) {
          if (e.expired(now_ns)) continue;
          fresh.push_back(to_ir(t, s, e, ss.elements, now_ns));
        }
        ss.elements = std::move(fresh);
      }
    }
  }
}

}  // namespace nftx::fastpath::classify
