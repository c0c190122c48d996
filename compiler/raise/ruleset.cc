// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/ruleset.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <variant>

namespace nftx::raise {
namespace {

bool is_template_name(const std::string& name) { return name.find('%') != std::string::npos; }

template <typename T>
void erase_if_found(std::vector<T>& v, const auto& pred) {
  v.erase(std::remove_if(v.begin(), v.end(), pred), v.end());
}

// What identifies an element in its set: key, range end and the interval/catch-all flags.
std::string element_identity(const ir::SetElem& e) {
  std::string id(e.key.begin(), e.key.end());
  id.push_back('|');
  if (e.key_end) id.append(e.key_end->begin(), e.key_end->end());
  id.push_back(static_cast<char>(e.flags & (kElemIntervalEnd | kElemCatchall)));
  return id;
}

std::string set_key(ir::Family family, const std::string& table, const std::string& set) {
  return std::to_string(static_cast<int>(family)) + "/" + table + "/" + set;
}

// Applies the messages of a batch in order to the ruleset they leave behind.
class StateBuilder {
 public:
  explicit StateBuilder(bool dumped) : dumped_(dumped) {}

  RulesetState run(const ir::Batch& batch) {
    for (const ir::Message& m : batch.messages) {
      verb_ = m.verb;
      std::visit([&](const auto& o) { apply(o); }, m.object);
    }
    return std::move(state_);
  }

 private:
  // The handle of a new object: in a kernel dump the one the kernel reports, else the table's
  // next handle, as the kernel would assign it. (In compiled batches an added rule's `handle`
  // is nft's `add rule ... handle N` position, not the rule's own handle.)
  uint64_t take_handle(TableState& t, const std::optional<uint64_t>& given) const {
    if (!dumped_ || !given) return t.next_handle++;
    t.next_handle = std::max(t.next_handle, *given + 1);
    return *given;
  }

  TableState* table(ir::Family family, const std::string& name) {
    return state_.find_table(family, name);
  }

  void apply(const ir::Table& t) {
    TableState* existing = table(t.family, t.name);
    if (existing == nullptr && t.handle) {
      for (TableState& ts : state_.tables) {
        if (ts.decl.family == t.family && ts.handle == *t.handle) existing = &ts;
      }
    }
    switch (verb_) {
      case ir::Verb::Add:
      case ir::Verb::Create:
      case ir::Verb::Insert:
      case ir::Verb::Replace:
        if (existing != nullptr) {
          existing->decl.flags = t.flags;
          if (t.comment) existing->decl.comment = t.comment;
          return;
        }
        // A kernel dump carries the real handle; a compiled batch lets us number like the kernel.
        table_handle_ = dumped_ && t.handle ? *t.handle : table_handle_ + 1;
        state_.tables.push_back(TableState{t, table_handle_, 1, {}, {}, {}, {}});
        return;
      case ir::Verb::Delete:
      case ir::Verb::Destroy:
        if (existing != nullptr) {
          const TableState* target = existing;
          const std::string prefix = set_key(t.family, target->decl.name, "");
          std::erase_if(element_index_,
                        [&](const auto& kv) { return kv.first.starts_with(prefix); });
          erase_if_found(state_.tables, [&](const TableState& ts) { return &ts == target; });
        }
        return;
      case ir::Verb::Flush:
        if (existing != nullptr) {
          for (ChainState& c : existing->chains) c.rules.clear();
        }
        return;
      case ir::Verb::Rename:
        return;
    }
  }

  void apply(const ir::Chain& c) {
    TableState* t = table(c.family, c.table);
    if (t == nullptr) return;
    ChainState* existing = t->find_chain(c.name);
    if (existing == nullptr && c.handle) {
      for (ChainState& cs : t->chains) {
        if (cs.handle == *c.handle) existing = &cs;
      }
    }
    switch (verb_) {
      case ir::Verb::Add:
      case ir::Verb::Create:
      case ir::Verb::Insert:
      case ir::Verb::Replace:
        if (existing != nullptr) {
          if (c.policy) existing->decl.policy = c.policy;
          if (c.comment) existing->decl.comment = c.comment;
          if (c.hook && !existing->decl.hook) existing->decl.hook = c.hook;
          return;
        }
        t->chains.push_back(ChainState{c, take_handle(*t, c.handle), {}});
        return;
      case ir::Verb::Delete:
      case ir::Verb::Destroy:
        if (existing != nullptr) {
          const ChainState* target = existing;
          erase_if_found(t->chains, [&](const ChainState& cs) { return &cs == target; });
        }
        return;
      case ir::Verb::Flush:
        if (existing != nullptr) existing->rules.clear();
        return;
      case ir::Verb::Rename:
        if (existing != nullptr && c.new_name) existing->decl.name = *c.new_name;
        return;
    }
  }

  // Rewrites references to sets created in this batch under a "%d" name to their real name.
  void bind_set_names(std::vector<ir::Instr>& exprs) {
    for (ir::Instr& i : exprs) {
      if (auto* l = std::get_if<ir::Lookup>(&i.op)) {
        rename(l->set, l->set_id);
      } else if (auto* o = std::get_if<ir::Objref>(&i.op)) {
        if (!o->set.empty()) rename(o->set, o->set_id);
      } else if (auto* d = std::get_if<ir::DynsetBox>(&i.op)) {
        if (!d->v.empty()) {
          rename(d->v.front().set, d->v.front().set_id);
          bind_set_names(d->v.front().exprs);
        }
      }
    }
  }
  void rename(std::string& name, uint32_t id) {
    if (!is_template_name(name)) return;
    auto it = set_ids_.find(id);
    if (it != set_ids_.end()) name = it->second;
  }

  // A set bound to a dynset expression without a size gets 65535 from the kernel
  // (nft_dynset_init), which `list` then shows.
  void bound_dynsets(TableState& t, const std::vector<ir::Instr>& exprs) {
    for (const ir::Instr& i : exprs) {
      const auto* d = std::get_if<ir::DynsetBox>(&i.op);
      if (d == nullptr) continue;
      for (SetState& s : t.sets) {
        if (s.decl.name == d->get().set && (!s.decl.size || *s.decl.size == 0)) {
          s.decl.size = 65535;
        }
      }
    }
  }

  void apply(const ir::Rule& r) {
    TableState* t = table(r.family, r.table);
    if (t == nullptr) return;
    ChainState* c = t->find_chain(r.chain);
    if (c == nullptr) return;
    auto by_handle = [&](uint64_t h) {
      return std::find_if(c->rules.begin(), c->rules.end(),
                          [&](const RuleState& rs) { return rs.handle == h; });
    };
    RuleState rs{r, 0};
    bind_set_names(rs.rule.exprs);
    if (verb_ != ir::Verb::Delete && verb_ != ir::Verb::Destroy) bound_dynsets(*t, rs.rule.exprs);
    switch (verb_) {
      case ir::Verb::Add:
      case ir::Verb::Create: {
        rs.handle = take_handle(*t, r.handle);
        auto it = r.position ? by_handle(*r.position) : c->rules.end();
        if (it != c->rules.end()) ++it;
        c->rules.insert(it, std::move(rs));
        return;
      }
      case ir::Verb::Insert: {
        rs.handle = take_handle(*t, r.handle);
        auto it = r.position ? by_handle(*r.position) : c->rules.begin();
        c->rules.insert(it, std::move(rs));
        return;
      }
      case ir::Verb::Replace: {
        auto it = r.handle ? by_handle(*r.handle) : c->rules.end();
        if (it == c->rules.end()) return;
        rs.handle = it->handle;
        *it = std::move(rs);
        return;
      }
      case ir::Verb::Delete:
      case ir::Verb::Destroy: {
        auto it = r.handle ? by_handle(*r.handle) : c->rules.end();
        if (it != c->rules.end()) c->rules.erase(it);
        return;
      }
      case ir::Verb::Flush:
        c->rules.clear();
        return;
      case ir::Verb::Rename:
        return;
    }
  }

  // The kernel's nf_tables_set_alloc_name: the lowest number no set of that pattern uses.
  std::string allocate_name(const TableState& t, const std::string& pattern) {
    const size_t pos = pattern.find("%d");
    if (pos == std::string::npos) return pattern;
    const std::string head = pattern.substr(0, pos), tail = pattern.substr(pos + 2);
    std::set<unsigned long> used;
    for (const SetState& s : t.sets) {
      const std::string& n = s.decl.name;
      if (n.size() <= head.size() + tail.size() || n.compare(0, head.size(), head) != 0) continue;
      const std::string mid = n.substr(head.size(), n.size() - head.size() - tail.size());
      if (mid.empty() || mid.find_first_not_of("0123456789") != std::string::npos) continue;
      used.insert(std::stoul(mid));
    }
    unsigned long n = 0;
    while (used.count(n) != 0) ++n;
    return head + std::to_string(n) + tail;
  }

  void apply(const ir::Set& s) {
    TableState* t = table(s.family, s.table);
    if (t == nullptr) return;
    std::string name = s.name;
    if (!is_template_name(name) && s.id != 0) set_ids_[s.id] = name;
    auto existing = std::find_if(t->sets.begin(), t->sets.end(), [&](const SetState& ss) {
      return ss.decl.name == name || (s.handle && ss.handle == *s.handle);
    });
    switch (verb_) {
      case ir::Verb::Add:
      case ir::Verb::Create:
      case ir::Verb::Insert:
      case ir::Verb::Replace: {
        if (!is_template_name(name) && existing != t->sets.end()) return;
        SetState ss{s, take_handle(*t, s.handle), {}};
        if (is_template_name(name)) {
          ss.decl.name = allocate_name(*t, name);
          set_ids_[s.id] = ss.decl.name;
        }
        t->sets.push_back(std::move(ss));
        return;
      }
      case ir::Verb::Delete:
      case ir::Verb::Destroy:
        if (existing != t->sets.end()) {
          element_index_.erase(set_key(s.family, s.table, existing->decl.name));
          t->sets.erase(existing);
        }
        return;
      case ir::Verb::Flush:
        if (existing != t->sets.end()) {
          existing->elements.clear();
          element_index_.erase(set_key(s.family, s.table, existing->decl.name));
        }
        return;
      case ir::Verb::Rename:
        return;
    }
  }

  void apply(const ir::SetElems& e) {
    TableState* t = table(e.family, e.table);
    if (t == nullptr) return;
    std::string name = e.set;
    rename(name, e.set_id);
    auto it = std::find_if(t->sets.begin(), t->sets.end(),
                           [&](const SetState& ss) { return ss.decl.name == name; });
    if (it == t->sets.end()) return;
    std::vector<ir::SetElem>& elems = it->elements;
    std::unordered_set<std::string>& present =
        element_index_[std::to_string(static_cast<int>(e.family)) + "/" + e.table + "/" + name];
    switch (verb_) {
      case ir::Verb::Add:
      case ir::Verb::Create:
      case ir::Verb::Insert:
      case ir::Verb::Replace:
        for (const ir::SetElem& el : e.elements) {
          if (!present.insert(element_identity(el)).second) continue;
          elems.push_back(el);
          // The set's own expressions (`counter;`) are given to elements that bring none.
          if (elems.back().exprs.empty() && (el.flags & kElemIntervalEnd) == 0) {
            elems.back().exprs = it->decl.exprs;
          }
        }
        return;
      case ir::Verb::Delete:
      case ir::Verb::Destroy: {
        std::unordered_set<std::string> gone;
        for (const ir::SetElem& el : e.elements) {
          gone.insert(element_identity(el));
          present.erase(element_identity(el));
        }
        erase_if_found(elems,
                       [&](const ir::SetElem& x) { return gone.count(element_identity(x)) != 0; });
        return;
      }
      case ir::Verb::Flush:
        elems.clear();
        present.clear();
        return;
      case ir::Verb::Rename:
        return;
    }
  }

  void apply(const ir::Flowtable& f) {
    TableState* t = table(f.family, f.table);
    if (t == nullptr) return;
    auto existing =
        std::find_if(t->flowtables.begin(), t->flowtables.end(), [&](const FlowtableState& fs) {
          return fs.decl.name == f.name || (f.handle && fs.handle == *f.handle);
        });
    switch (verb_) {
      case ir::Verb::Add:
      case ir::Verb::Create:
      case ir::Verb::Insert:
      case ir::Verb::Replace:
        if (existing == t->flowtables.end()) {
          t->flowtables.push_back(FlowtableState{f, take_handle(*t, f.handle)});
          return;
        }
        for (const std::string& d : f.devices) {
          auto& devs = existing->decl.devices;
          if (std::find(devs.begin(), devs.end(), d) == devs.end()) devs.push_back(d);
        }
        return;
      case ir::Verb::Delete:
      case ir::Verb::Destroy:
        if (existing == t->flowtables.end()) return;
        if (f.devices.empty()) {
          t->flowtables.erase(existing);
          return;
        }
        for (const std::string& d : f.devices) {
          erase_if_found(existing->decl.devices, [&](const std::string& x) { return x == d; });
        }
        return;
      case ir::Verb::Flush:
      case ir::Verb::Rename:
        return;
    }
  }

  void apply(const ir::Object& o) {
    TableState* t = table(o.family, o.table);
    if (t == nullptr) return;
    auto existing = std::find_if(t->objects.begin(), t->objects.end(), [&](const ObjectState& os) {
      return (os.decl.name == o.name && os.decl.type == o.type) ||
             (o.handle && os.handle == *o.handle);
    });
    switch (verb_) {
      case ir::Verb::Add:
      case ir::Verb::Create:
      case ir::Verb::Insert:
        if (existing == t->objects.end()) {
          t->objects.push_back(ObjectState{o, take_handle(*t, o.handle)});
        }
        return;
      case ir::Verb::Replace:
        if (existing != t->objects.end()) existing->decl.body = o.body;
        return;
      case ir::Verb::Delete:
      case ir::Verb::Destroy:
        if (existing != t->objects.end()) t->objects.erase(existing);
        return;
      case ir::Verb::Flush:
      case ir::Verb::Rename:
        return;
    }
  }

  const bool dumped_;
  RulesetState state_;
  ir::Verb verb_ = ir::Verb::Add;
  uint64_t table_handle_ = 0;
  std::map<uint32_t, std::string> set_ids_;  // NFTA_SET_ID -> name, for this batch
  // Element identities per set, so that adding many elements stays linear.
  std::unordered_map<std::string, std::unordered_set<std::string>> element_index_;
};

}  // namespace

const SetState* TableState::find_set(const std::string& name) const {
  for (const SetState& s : sets) {
    if (s.decl.name == name) return &s;
  }
  return nullptr;
}

ChainState* TableState::find_chain(const std::string& name) {
  for (ChainState& c : chains) {
    if (c.decl.name == name) return &c;
  }
  return nullptr;
}

TableState* RulesetState::find_table(ir::Family family, const std::string& name) {
  for (TableState& t : tables) {
    if (t.decl.family == family && t.decl.name == name) return &t;
  }
  return nullptr;
}

RulesetState build_state(const ir::Batch& batch) { return StateBuilder(false).run(batch); }

RulesetState build_dumped_state(const ir::Batch& batch) { return StateBuilder(true).run(batch); }

}  // namespace nftx::raise
