// SPDX-License-Identifier: GPL-2.0-or-later
// The nf_tables VM: runs base chains over a packet as nft_do_chain does (16-byte/4-byte
// register file, NFT_BREAK to the next rule, jump/goto/return with a stack of 16, the chain's
// policy at the end) and collects the requests (NAT, reject, flow offload) for the engine.
#pragma once

#include <cstdint>
#include <limits>

#include "backends/fastpath/classify/env.h"
#include "backends/fastpath/classify/ruleset.h"

namespace nftx::fastpath::classify {

// One base chain (and the chains it jumps to). `pkt.pf` must be the family the chain sees
// (Ip/Ip6 for inet chains). Returns Accept/Drop/Queue/Stolen plus requests.
Result run_chain(CompiledRuleset& rs, const ChainRef& chain, Packet& pkt, Env& env);

// Which base chains of a hook run_hook() visits: the engine splits a hook around conntrack
// (priority -200) and runs nat chains only for packets that start a connection.
struct HookFilter {
  int32_t min_priority = std::numeric_limits<int32_t>::min();  // inclusive
  int32_t max_priority = std::numeric_limits<int32_t>::max();  // inclusive
  bool nat_chains = true;
  bool other_chains = true;
};

// Every base chain at (pkt.pf, pkt.hooknum) in order, as the kernel's hook list: stops at the
// first Drop/Stolen/Queue; Accept goes on to the next chain. Netdev and inet ingress chains run
// only for their devices (pkt.in, or pkt.out at egress); inet chains see pf Ip/Ip6 from the
// frame. After a nat chain set up a NAT request, later nat chains are skipped (as
// nf_nat_inet_fn). `pkt.pf` is restored on return.
Result run_hook(CompiledRuleset& rs, Packet& pkt, Env& env, const HookFilter& filter = {});

}  // namespace nftx::fastpath::classify
