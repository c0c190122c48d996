// SPDX-License-Identifier: GPL-2.0-or-later
// Creating, tearing down and garbage-collecting flow entries: `flow add @f` (spec §3,
// nft_flow_offload_eval), flow_offload_teardown with the conntrack fix-up (§4.2) and the GC step
// that runs every second (§4.1).
#pragma once

#include <cstdint>
#include <optional>

#include "backends/fastpath/conntrack/conn.h"
#include "backends/fastpath/flowtable/flowtable.h"
#include "backends/fastpath/packet/frame.h"

namespace nftx::fastpath::net {
class InterfaceTable;
class Fib;
class NeighbourTable;
}  // namespace nftx::fastpath::net
namespace nftx::fastpath::ct {
class Table;
}

namespace nftx::fastpath::flow {

struct OffloadEnv {
  const net::InterfaceTable& ifaces;
  const net::Fib& fib;
  const net::NeighbourTable& neigh;
  ct::Table& conntrack;
  uint64_t now_ns = 0;
};

// What `flow add @f` saw: the packet in the forward hook and its conntrack entry.
struct OffloadPacket {
  const Frame& frame;
  ct::Conn* conn = nullptr;  // null: untracked or invalid
  ct::Dir dir = ct::Dir::kOriginal;
  bool secpath = false;      // decrypted by IPsec
};

// Creates an entry for the packet's connection when the kernel would. Returns the reason when it
// does not (also counted in ft's statistics).
std::optional<NotOffloaded> offload(Flowtable& ft, const OffloadPacket& pkt, OffloadEnv& env);

// flow_offload_teardown + removal: conntrack gets its fixed-up timeout and loses IPS_OFFLOAD.
// `expired`: the entry idled out (the fix-up then subtracts the offload timeout).
void teardown(Flowtable& ft, FlowEntry& entry, ct::Table& conntrack, uint64_t now_ns,
              bool expired);

// One GC pass (every second): expired entries, dying connections, stale routes and next hops
// without a neighbour are torn down; the others push their connection's timeout forward.
// Returns how many entries were removed.
uint32_t gc_step(Flowtable& ft, OffloadEnv& env);

// Tears down the entries that use `ifindex` in either direction (link down or removed).
uint32_t teardown_device(Flowtable& ft, uint32_t ifindex, ct::Table& conntrack, uint64_t now_ns);

// Tears down every entry (the flowtable is being removed from the ruleset).
void flush(Flowtable& ft, ct::Table& conntrack, uint64_t now_ns);

}  // namespace nftx::fastpath::flow
