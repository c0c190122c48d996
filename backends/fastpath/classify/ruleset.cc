// SPDX-License-Identifier: GPL-2.0-or-later
// compile(): raise::RulesetState -> CompiledRuleset. Resolves names to indexes once, so that the
// packet path never searches by name, and reports what the engine cannot run.
#include "backends/fastpath/classify/ruleset.h"

#include <algorithm>
#include <utility>
#include <variant>

#include "backends/fastpath/classify/kernel_consts.h"
#include "backends/fastpath/classify/unsupported.h"

namespace nftx::fastpath::classify {

namespace {

template <typename T>
int32_t find_by_name(const std::vector<T>& v, const std::string& n) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i].name == n) return static_cast<int32_t>(i);
  }
  return -1;
}

ChainType chain_type(const std::string& t) {
  if (t == "nat") return ChainType::Nat;
  if (t == "route") return ChainType::Route;
  return ChainType::Filter;
}

// 0..4 for the families that have hook lists; -1 for Inet (it feeds Ip and Ip6).
int family_slot(ir::Family f) {
  switch (f) {
    case ir::Family::Ip: return 0;
    case ir::Family::Ip6: return 1;
    case ir::Family::Arp: return 2;
    case ir::Family::Bridge: return 3;
    case ir::Family::Netdev: return 4;
    case ir::Family::Inet: return -1;
  }
  return -1;
}

class Compiler {
 public:
  Compiler(uint64_t now_ns, std::vector<Unsupported>& errors) : now_(now_ns), errors_(errors) {}

  CompiledTable table(const raise::TableState& ts) {
    CompiledTable t;
    t.family = ts.decl.family;
    t.name = ts.decl.name;
    t.dormant = (ts.decl.flags & 1U) != 0;  // NFT_TABLE_F_DORMANT
    for (const raise::ChainState& cs : ts.chains) t.chains.push_back(chain_head(cs));
    for (const raise::FlowtableState& fs : ts.flowtables) t.flowtables.push_back(fs.decl.name);
    for (const raise::ObjectState& os : ts.objects) t.objects.push_back(object(os));
    for (const raise::SetState& ss : ts.sets) t.sets.push_back(set(t, ss));
    for (size_t c = 0; c < ts.chains.size(); ++c) {
      for (const raise::RuleState& rs : ts.chains[c].rules) {
        t.chains[c].rules.push_back(rule(t, rs));
      }
    }
    return t;
  }

 private:
  CompiledChain chain_head(const raise::ChainState& cs) {
    CompiledChain c;
    c.name = cs.decl.name;
    if (cs.decl.hook) {
      c.base = true;
      c.hooknum = cs.decl.hook->hooknum;
      c.priority = cs.decl.hook->priority;
      c.type = chain_type(cs.decl.hook->type);
      c.devices = cs.decl.hook->devices;
    }
    c.policy = cs.decl.policy.value_or(ir::VerdictCode::Accept);
    return c;
  }

  CompiledObject object(const raise::ObjectState& os) {
    CompiledObject o;
    o.name = os.decl.name;
    o.type = os.decl.type;
    if (!os.decl.body.empty()) {
      o.body = os.decl.body.front();
      o.state = initial_state(o.body.op);
    }
    if (o.type != k::kObjCounter && o.type != k::kObjQuota && o.type != k::kObjLimit) {
      errors_.push_back({os.decl.span, "the fastpath engine cannot run this kind of object"});
    }
    return o;
  }

  Set set(const CompiledTable& t, const raise::SetState& ss) {
    Set s(ss.decl);
    for (const ir::SetElem& se : ss.elements) {
      Element e;
      e.key = se.key;
      if (se.key_end) e.key_end = *se.key_end;
      if (se.data) e.data = *se.data;
      if (se.verdict) {
        e.verdict = se.verdict->code;
        if (!se.verdict->chain.empty()) e.chain = t.find_chain(se.verdict->chain);
      }
      if (se.objref) e.object = t.find_object(*se.objref);
      e.interval_end = (se.flags & raise::kElemIntervalEnd) != 0;
      e.catchall = (se.flags & raise::kElemCatchall) != 0;
      const bool timeouts = (ss.decl.flags & raise::kSetTimeout) != 0;
      e.timeout_ms = se.timeout.value_or(timeouts ? ss.decl.timeout.value_or(0) : 0);
      const uint64_t left_ms = se.expiration.value_or(e.timeout_ms);
      e.expires_ns = left_ms == 0 ? 0 : now_ + left_ms * 1000000ULL;
      // Elements of a set declared with expressions (`counter` in the set) get their own copy.
      e.exprs = se.exprs.empty() ? ss.decl.exprs : se.exprs;
      for (const ir::Instr& in : e.exprs) e.states.push_back(initial_state(in.op));
      s.load(std::move(e), now_);
    }
    s.finalize();
    return s;
  }

  CompiledRule rule(const CompiledTable& t, const raise::RuleState& rs) {
    CompiledRule r;
    r.handle = rs.handle;
    for (const ir::Instr& in : rs.rule.exprs) {
      CompiledOp op;
      op.instr = in;
      op.ref = resolve(t, in.op);
      if (is_stateful(in.op)) {
        op.state = static_cast<int32_t>(r.states.size());
        r.states.push_back(initial_state(in.op));
      }
      if (op.ref < 0 && needs_ref(in.op)) {
        op.supported = false;
        errors_.push_back({in.span, "reference to an unknown chain, set, object or flowtable"});
      } else if (auto why = unsupported_reason(in.op, t)) {
        op.supported = false;
        errors_.push_back({in.span, *why});
      }
      r.ops.push_back(std::move(op));
    }
    return r;
  }

  static int32_t resolve(const CompiledTable& t, const ir::Op& op) {
    if (const auto* v = std::get_if<ir::ImmediateVerdict>(&op)) {
      if (v->verdict.code == ir::VerdictCode::Jump || v->verdict.code == ir::VerdictCode::Goto) {
        return t.find_chain(v->verdict.chain);
      }
    } else if (const auto* l = std::get_if<ir::Lookup>(&op)) {
      return t.find_set(l->set);
    } else if (const auto* d = std::get_if<ir::DynsetBox>(&op)) {
      return t.find_set(d->get().set);
    } else if (const auto* o = std::get_if<ir::Objref>(&op)) {
      return o->sreg ? t.find_set(o->set) : t.find_object(o->name);
    } else if (const auto* f = std::get_if<ir::FlowOffload>(&op)) {
      return find_by_name_str(t.flowtables, f->flowtable);
    }
    return -1;
  }

  static bool needs_ref(const ir::Op& op) {
    if (const auto* v = std::get_if<ir::ImmediateVerdict>(&op)) {
      return v->verdict.code == ir::VerdictCode::Jump || v->verdict.code == ir::VerdictCode::Goto;
    }
    return std::holds_alternative<ir::Lookup>(op) || std::holds_alternative<ir::DynsetBox>(op) ||
           std::holds_alternative<ir::Objref>(op) || std::holds_alternative<ir::FlowOffload>(op);
  }

  static int32_t find_by_name_str(const std::vector<std::string>& v, const std::string& n) {
    auto it = std::find(v.begin(), v.end(), n);
    return it == v.end() ? -1 : static_cast<int32_t>(it - v.begin());
  }

  uint64_t now_;
  std::vector<Unsupported>& errors_;
};

}  // namespace

int32_t CompiledTable::find_chain(const std::string& n) const { return find_by_name(chains, n); }
int32_t CompiledTable::find_object(const std::string& n) const {
  return find_by_name(objects, n);
}
int32_t CompiledTable::find_set(const std::string& n) const {
  for (size_t i = 0; i < sets.size(); ++i) {
    if (sets[i].name() == n) return static_cast<int32_t>(i);
  }
  return -1;
}

const std::vector<ChainRef>& CompiledRuleset::hooks(ir::Family pf, uint32_t hooknum) const {
  const int slot = family_slot(pf);
  if (slot < 0 || hooknum >= k::kHookCount) return none_;
  return hooks_[slot][hooknum];
}

void CompiledRuleset::build_hooks() {
  for (auto& fam : hooks_) {
    for (auto& list : fam) list.clear();
  }
  for (uint32_t ti = 0; ti < tables.size(); ++ti) {
    const CompiledTable& t = tables[ti];
    if (t.dormant) continue;
    for (uint32_t ci = 0; ci < t.chains.size(); ++ci) {
      const CompiledChain& c = t.chains[ci];
      if (!c.base || c.hooknum >= k::kHookCount) continue;
      const ChainRef ref{ti, ci, c.priority, t.family, c.type};
      const int slot = family_slot(t.family);
      if (slot >= 0) {
        hooks_[slot][c.hooknum].push_back(ref);
      } else if (c.hooknum == k::kHookIngress) {
        hooks_[family_slot(ir::Family::Netdev)][k::kNetdevIngress].push_back(ref);
      } else {
        hooks_[family_slot(ir::Family::Ip)][c.hooknum].push_back(ref);
        hooks_[family_slot(ir::Family::Ip6)][c.hooknum].push_back(ref);
      }
    }
  }
  // nf_hook_entries keeps registration order among equal priorities.
  for (auto& fam : hooks_) {
    for (auto& list : fam) {
      std::stable_sort(list.begin(), list.end(), [](const ChainRef& a, const ChainRef& b) {
        return a.priority < b.priority;
      });
    }
  }
}

CompileOutput compile(const raise::RulesetState& state, uint64_t now_ns) {
  CompileOutput out;
  Compiler c(now_ns, out.errors);
  for (const raise::TableState& ts : state.tables) out.ruleset.tables.push_back(c.table(ts));
  out.ruleset.build_hooks();
  return out;
}

}  // namespace nftx::fastpath::classify
