// SPDX-License-Identifier: GPL-2.0-or-later
// nft_do_chain: rules in order, NFT_BREAK to the next rule, jump/goto/return through a stack of
// NFT_JUMP_STACK_SIZE, then the base chain's policy. And the hook loop over base chains.
#include "backends/fastpath/classify/eval.h"

#include <algorithm>
#include <variant>

#include "backends/fastpath/classify/kernel_consts.h"
#include "backends/fastpath/classify/vm.h"

namespace nftx::fastpath::classify {

namespace {

// One case per IR operation; returns false for NFT_BREAK.
struct Exec {
  Vm& vm;
  CompiledRule& rule;
  const CompiledOp& op;

  StatefulState& state() const { return rule.states[static_cast<size_t>(op.state)]; }
  bool stateful(const ir::Op& o) const {
    return eval_stateful(o, state(), vm.pkt_len, vm.pkt.now_ns);
  }

  bool operator()(const ir::Payload& p) const { return op_payload(vm, p); }
  bool operator()(const ir::PayloadWrite& p) const { return op_payload_write(vm, p); }
  bool operator()(const ir::Cmp& c) const { return op_cmp(vm, c); }
  bool operator()(const ir::Range& r) const { return op_range(vm, r); }
  bool operator()(const ir::Bitwise& b) const { return op_bitwise(vm, b); }
  bool operator()(const ir::Byteorder& b) const { return op_byteorder(vm, b); }
  bool operator()(const ir::Meta& m) const { return op_meta(vm, m); }
  bool operator()(const ir::Ct& c) const { return op_ct(vm, c); }
  bool operator()(const ir::Immediate& i) const {
    uint8_t* d = vm.regs.at(i.dreg, static_cast<uint32_t>(i.data.size()));
    if (d == nullptr) return false;
    std::copy(i.data.begin(), i.data.end(), d);
    return true;
  }
  bool operator()(const ir::ImmediateVerdict& v) const {
    vm.regs.code = v.verdict.code;
    vm.regs.chain = op.ref;
    return true;
  }
  bool operator()(const ir::Lookup& l) const { return op_lookup(vm, l, op.ref); }
  bool operator()(const ir::Counter&) const { return stateful(op.instr.op); }
  bool operator()(const ir::Limit&) const { return stateful(op.instr.op); }
  bool operator()(const ir::Quota&) const { return stateful(op.instr.op); }
  bool operator()(const ir::Last&) const { return stateful(op.instr.op); }
  bool operator()(const ir::Log& l) const { return op_log(vm, l); }
  bool operator()(const ir::Reject& r) const {
    vm.result.has_reject = true;
    vm.result.reject = RejectRequest{r.type, r.code};
    vm.regs.code = ir::VerdictCode::Drop;
    return true;
  }
  bool operator()(const ir::Nat& n) const { return op_nat(vm, n); }
  bool operator()(const ir::Masq& m) const {
    return op_masq_redir(vm, NatKind::Masquerade, m.flags, m.proto_min, m.proto_max);
  }
  bool operator()(const ir::Redir& r) const {
    return op_masq_redir(vm, NatKind::Redirect, r.flags, r.proto_min, r.proto_max);
  }
  bool operator()(const ir::Notrack&) const {
    // nft_notrack: only a packet without an entry yet can be marked untracked.
    if (vm.pkt.ct == nullptr || !vm.pkt.ct->attached) {
      vm.result.notrack = true;
      vm.notracked = true;
    }
    return true;
  }
  bool operator()(const ir::FlowOffload&) const {
    if (op.ref >= 0) vm.result.flowtable = &vm.table.flowtables[static_cast<size_t>(op.ref)];
    return true;
  }
  bool operator()(const ir::Objref& o) const { return op_objref(vm, o, op.ref); }
  bool operator()(const ir::Exthdr& e) const { return op_exthdr(vm, e); }
  bool operator()(const ir::Fib& f) const { return op_fib(vm, f); }
  bool operator()(const ir::Rt& r) const { return op_rt(vm, r); }
  bool operator()(const ir::Numgen& n) const { return op_numgen(vm, n, state()); }
  bool operator()(const ir::Hash& h) const { return op_hash(vm, h); }
  // compile() reported these; a rule holding one never matches.
  bool operator()(const ir::Socket&) const { return false; }
  bool operator()(const ir::Osf&) const { return false; }
  bool operator()(const ir::Tproxy&) const { return false; }
  bool operator()(const ir::Queue&) const { return false; }
  bool operator()(const ir::Dup&) const { return false; }
  bool operator()(const ir::Fwd&) const { return false; }
  bool operator()(const ir::Synproxy&) const { return false; }
  bool operator()(const ir::Connlimit&) const { return false; }
  bool operator()(const ir::Xfrm&) const { return false; }
  bool operator()(const ir::DynsetBox& d) const { return op_dynset(vm, d.get(), op.ref); }
};

// skb->len in ip hooks: the datagram from the network header (the stack trimmed the frame).
uint32_t skb_len(const Frame& f) {
  const uint32_t l3 = f.hdr.l3_off != 0 ? f.hdr.l3_off : 14;
  const uint32_t avail = f.len > l3 ? f.len - l3 : 0;
  if (f.hdr.nfproto != 0 && f.hdr.l3_len != 0) return std::min<uint32_t>(f.hdr.l3_len, avail);
  return avail;
}

Code to_code(ir::VerdictCode v) {
  switch (v) {
    case ir::VerdictCode::Drop: return Code::Drop;
    case ir::VerdictCode::Queue: return Code::Queue;
    case ir::VerdictCode::Accept:
    case ir::VerdictCode::Continue:
    case ir::VerdictCode::Break:
    case ir::VerdictCode::Jump:
    case ir::VerdictCode::Goto:
    case ir::VerdictCode::Return: return Code::Accept;
  }
  return Code::Accept;
}

bool on_device(const CompiledChain& c, const IfInfo* dev) {
  if (dev == nullptr) return false;
  return std::any_of(c.devices.begin(), c.devices.end(),
                     [dev](const std::string& d) { return d == dev->name; });
}

}  // namespace

bool has_transport(const Vm& vm) {
  const Headers& h = vm.pkt.frame->hdr;
  return h.nfproto != 0 && !h.later_fragment && h.l4_off != 0;
}

uint32_t packet_end(const Vm& vm) {
  const Frame& f = *vm.pkt.frame;
  if (f.hdr.nfproto != 0 && f.hdr.l3_len != 0) {
    return std::min<uint32_t>(f.len, f.hdr.l3_off + static_cast<uint32_t>(f.hdr.l3_len));
  }
  return f.len;
}

Result run_chain(CompiledRuleset& rs, const ChainRef& ref, Packet& pkt, Env& env) {
  Result result;
  CompiledTable& table = rs.tables[ref.table];
  Vm vm{rs, table, pkt, env, result, {}, skb_len(*pkt.frame), false};

  struct Return {
    int32_t chain;
    size_t rule;
  };
  Return stack[k::kJumpStackSize];
  uint32_t sp = 0;
  int32_t chain = static_cast<int32_t>(ref.chain);
  size_t next = 0;
  for (;;) {
    std::vector<CompiledRule>& rules = table.chains[static_cast<size_t>(chain)].rules;
    Regs& regs = vm.regs;
    regs.code = ir::VerdictCode::Continue;
    size_t r = next;
    for (; r < rules.size(); ++r) {
      CompiledRule& rule = rules[r];
      regs.code = ir::VerdictCode::Continue;
      for (const CompiledOp& op : rule.ops) {
        if (!op.supported || !std::visit(Exec{vm, rule, op}, op.instr.op)) {
          regs.code = ir::VerdictCode::Break;
        }
        if (regs.code != ir::VerdictCode::Continue) break;
      }
      if (regs.code == ir::VerdictCode::Break || regs.code == ir::VerdictCode::Continue) {
        regs.code = ir::VerdictCode::Continue;
        continue;
      }
      break;
    }
    switch (regs.code) {
      case ir::VerdictCode::Accept:
      case ir::VerdictCode::Drop:
      case ir::VerdictCode::Queue:
        result.code = to_code(regs.code);
        return result;
      case ir::VerdictCode::Jump:
        if (sp >= k::kJumpStackSize || regs.chain < 0) {
          result.code = Code::Drop;  // the kernel's WARN_ON_ONCE path
          return result;
        }
        stack[sp++] = Return{chain, r + 1};
        chain = regs.chain;
        next = 0;
        continue;
      case ir::VerdictCode::Goto:
        if (regs.chain < 0) {
          result.code = Code::Drop;
          return result;
        }
        chain = regs.chain;
        next = 0;
        continue;
      case ir::VerdictCode::Continue:
      case ir::VerdictCode::Break:
      case ir::VerdictCode::Return:
        break;
    }
    if (sp > 0) {
      --sp;
      chain = stack[sp].chain;
      next = stack[sp].rule;
      continue;
    }
    result.code = to_code(table.chains[ref.chain].policy);
    return result;
  }
}

Result run_hook(CompiledRuleset& rs, Packet& pkt, Env& env, const HookFilter& filter) {
  Result total;
  const ir::Family saved = pkt.pf;
  bool nat_done = false;
  const std::vector<ChainRef>& list = rs.hooks(pkt.pf, pkt.hooknum);
  for (const ChainRef& ref : list) {
    if (ref.priority < filter.min_priority || ref.priority > filter.max_priority) continue;
    const bool nat = ref.type == ChainType::Nat;
    if ((nat && (!filter.nat_chains || nat_done)) || (!nat && !filter.other_chains)) continue;
    const CompiledChain& c = rs.chain(ref);
    const bool netdev_hook = saved == ir::Family::Netdev;
    if (netdev_hook) {
      const IfInfo* dev = pkt.hooknum == k::kNetdevEgress ? pkt.out : pkt.in;
      if (!on_device(c, dev)) continue;
    }
    pkt.pf = saved;
    if (ref.family == ir::Family::Inet && netdev_hook) {
      // inet ingress chains see the packet as IPv4 or IPv6, and only such packets.
      const uint8_t np = pkt.frame->hdr.nfproto;
      if (np != kNfprotoIpv4 && np != kNfprotoIpv6) continue;
      pkt.pf = np == kNfprotoIpv4 ? ir::Family::Ip : ir::Family::Ip6;
    }
    Result r = run_chain(rs, ref, pkt, env);
    if (r.has_nat) {
      total.has_nat = true;
      total.nat = r.nat;
      nat_done = true;
    }
    if (r.flowtable != nullptr) total.flowtable = r.flowtable;
    total.notrack = total.notrack || r.notrack;
    total.trace = total.trace || r.trace;
    if (r.code != Code::Accept) {
      total.code = r.code;
      total.queue_num = r.queue_num;
      total.has_reject = r.has_reject;
      total.reject = r.reject;
      break;
    }
  }
  pkt.pf = saved;
  return total;
}

}  // namespace nftx::fastpath::classify
