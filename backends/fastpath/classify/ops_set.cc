// SPDX-License-Identifier: GPL-2.0-or-later
// Set operations: lookup (nft_lookup_eval, maps and verdict maps), dynset (add/update/delete
// with timeouts and per-element expressions), objref (named objects, object maps).
#include <algorithm>
#include <cstring>

#include "backends/fastpath/classify/kernel_consts.h"
#include "backends/fastpath/classify/vm.h"
#include "compiler/raise/ruleset.h"

namespace nftx::fastpath::classify {

namespace {

// nft_set_elem_update_expr: the element's own counters/limits/quotas see the packet.
bool element_exprs(Vm& vm, Element& e) {
  bool pass = true;
  for (size_t i = 0; i < e.exprs.size() && i < e.states.size(); ++i) {
    if (!eval_stateful(e.exprs[i].op, e.states[i], vm.pkt_len, vm.pkt.now_ns)) pass = false;
  }
  return pass;
}

bool eval_object(Vm& vm, CompiledObject& o) {
  return eval_stateful(o.body.op, o.state, vm.pkt_len, vm.pkt.now_ns);
}

}  // namespace

bool op_lookup(Vm& vm, const ir::Lookup& l, int32_t set_index) {
  if (set_index < 0) return false;
  Set& set = vm.table.sets[static_cast<size_t>(set_index)];
  const uint8_t* key = vm.regs.at(l.sreg, set.key_len());
  if (key == nullptr) return false;
  Element* e = set.find(key, vm.pkt.now_ns);
  if ((e != nullptr) == l.invert) return false;
  if (e == nullptr) return true;  // inverted lookup of an absent key
  if (l.dreg && set.is_map()) {
    if (*l.dreg == 0) {
      vm.regs.code = e->verdict;
      vm.regs.chain = e->chain;
    } else {
      uint8_t* d = vm.regs.at(*l.dreg, set.data_len());
      if (d == nullptr) return false;
      std::memcpy(d, e->data.data(), std::min<size_t>(e->data.size(), set.data_len()));
    }
  }
  return element_exprs(vm, *e);
}

bool op_dynset(Vm& vm, const ir::Dynset& dyn, int32_t set_index) {
  if (set_index < 0) return false;
  Set& set = vm.table.sets[static_cast<size_t>(set_index)];
  const uint8_t* key = vm.regs.at(dyn.sreg_key, set.key_len());
  if (key == nullptr) return false;
  if (dyn.op == k::kDynsetDelete) {
    set.remove(key);
    return true;
  }
  const uint8_t* data = nullptr;
  if (dyn.sreg_data) {
    data = vm.regs.at(*dyn.sreg_data, set.data_len());
    if (data == nullptr) return false;
  }
  const ir::Set& decl = set.decl();
  // nft_dynset: the statement's timeout, else the set's default; only sets with timeouts.
  uint64_t timeout_ms = 0;
  if ((decl.flags & raise::kSetTimeout) != 0) {
    timeout_ms = dyn.timeout.value_or(0);
    if (timeout_ms == 0) timeout_ms = decl.timeout.value_or(0);
  }
  const std::vector<ir::Instr>& tmpl = dyn.exprs.empty() ? decl.exprs : dyn.exprs;
  bool created = false;
  Element* e = set.add(key, data, timeout_ms, tmpl, vm.pkt.now_ns, created);
  if (e == nullptr) return false;  // full
  if (!created && dyn.op == k::kDynsetUpdate && e->expires_ns != 0 && timeout_ms != 0) {
    e->timeout_ms = timeout_ms;
    e->expires_ns = vm.pkt.now_ns + timeout_ms * 1000000ULL;
  }
  return element_exprs(vm, *e);
}

bool op_objref(Vm& vm, const ir::Objref& o, int32_t ref) {
  if (ref < 0) return false;
  if (!o.sreg) return eval_object(vm, vm.table.objects[static_cast<size_t>(ref)]);
  Set& set = vm.table.sets[static_cast<size_t>(ref)];
  const uint8_t* key = vm.regs.at(*o.sreg, set.key_len());
  if (key == nullptr) return false;
  Element* e = set.find(key, vm.pkt.now_ns);
  if (e == nullptr || e->object < 0) return false;
  return eval_object(vm, vm.table.objects[static_cast<size_t>(e->object)]);
}

}  // namespace nftx::fastpath::classify
