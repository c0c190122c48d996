// SPDX-License-Identifier: GPL-2.0-or-later
// The per-packet fast path at the flowtable hook (spec §2, mainline >= 6.14 semantics): lookup,
// MTU, TCP FIN/RST/SYN handling, route check, refresh, VLAN decap, NAT (ports, then addresses,
// RFC 1624 checksums), TTL / hop limit, counters, L2 rewrite. Any exception leaves the frame
// untouched and says why, so the classic path can take it.
#pragma once

#include <cstdint>

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

// What the fast path reads and the state teardown touches.
struct FastPathEnv {
  const net::InterfaceTable& ifaces;
  const net::Fib& fib;
  const net::NeighbourTable& neigh;
  ct::Table& conntrack;
  uint64_t now_ns = 0;
};

enum class FastResult : uint8_t {
  Forwarded,  // rewritten for transmission on frame.oif
  SlowPath,   // untouched: continue with the classic path (the reason is counted)
  Dropped,    // the output device is gone (DIRECT xmit): dropped, entry torn down
};

// The key a packet would be looked up with. False (and the reason) when the packet is not
// eligible for the fast path at all.
bool packet_key(const Frame& frame, FlowKey& key, Bypass& why);

FastResult fast_path(Flowtable& ft, Frame& frame, FastPathEnv& env);

// The part after the lookup, for batched callers that looked `key` up themselves (`hit` may
// be a miss). `key` must be packet_key()'s for this frame.
FastResult fast_path_hit(Flowtable& ft, Frame& frame, FastPathEnv& env, const FlowKey& key,
                         Flowtable::Hit hit);

}  // namespace nftx::fastpath::flow
