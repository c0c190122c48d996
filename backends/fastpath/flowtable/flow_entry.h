// SPDX-License-Identifier: GPL-2.0-or-later
// One offloaded connection (the kernel's struct flow_offload): both directions with their keys,
// the cached route (egress MTU, output device, link-layer addresses) and the NAT rewrite that
// packets of that direction get, plus the connection it belongs to.
#pragma once

#include <cstdint>

#include "backends/fastpath/flowtable/flow_key.h"

namespace nftx::fastpath::ct {
struct Conn;
}

namespace nftx::fastpath::flow {

// enum nf_flow_flags bits the engine uses.
inline constexpr uint32_t kFlowSnat = 1U << 0, kFlowDnat = 1U << 1, kFlowClosing = 1U << 2,
                          kFlowTeardown = 1U << 3;

// FlowDir::rewrite bits: NAT changes the packet's source / destination (address or port).
inline constexpr uint8_t kRewriteSrc = 1U << 0, kRewriteDst = 1U << 1;

// One direction. Packets of a direction leave as the inverse of the other direction's key (the
// kernel's nf_flow_snat_ip / nf_flow_dnat_ip read it there too), so the NAT target is not
// stored again: new_src(), new_dst(), new_sport() and new_dport() below derive it. The fields
// the fast path reads for every packet follow the key; the neighbour cache comes last.
struct FlowDir {
  FlowKey key;               // what packets of this direction look like on arrival
  uint32_t oif = 0;          // output ifindex
  uint16_t mtu = 0;          // egress MTU (route MTU or the output device's)
  uint8_t rewrite = 0;       // kRewrite*
  uint8_t l4_csum_off = 0;   // the transport checksum's offset in its header: TCP 16, UDP 6
  uint8_t h_dest[6] = {};    // the next hop's MAC, cached at neigh_gen
  uint8_t h_source[6] = {};  // the output device's MAC
  // RFC 1624 sums (of ~old + new over the rewritten 16-bit words), precomputed because a
  // packet of this direction always carries the key's values: the IPv4 header checksum
  // (addresses) and the transport checksum (pseudo-header addresses and ports).
  uint32_t csum_ip = 0, csum_l4 = 0;
  // IPv4 (never options on the fast path): saddr, daddr, sport, dport as the packet leaves,
  // i.e. the 12 bytes from offset 12 of its IP header, written at once.
  uint8_t out4[12] = {};
  uint64_t neigh_gen = 0;
  uint8_t nexthop[16] = {};  // gateway, or the final (post-NAT) destination when on-link
};

struct FlowEntry {
  FlowDir dir[2];            // FLOW_OFFLOAD_DIR_ORIGINAL 0, REPLY 1
  ct::Conn* conn = nullptr;  // owned by the conntrack table; IPS_OFFLOAD is set while we hold it
  uint32_t flags = 0;        // kFlow*
  uint64_t timeout_ns = 0;   // absolute; refreshed with 1 s write granularity
  uint64_t fib_gen = 0;      // FIB generation the routes were resolved at (dst_check)
  uint64_t created_ns = 0;
  uint64_t last_used_ns = 0;
  uint64_t packets[2] = {}, bytes[2] = {};  // fast-path traffic per direction (engine statistics)
  bool live = false;         // slot in use

  // The NAT target of direction x (network order; IPv4 in the first 4 bytes).
  const uint8_t* new_src(int x) const { return dir[x ^ 1].key.dst; }
  const uint8_t* new_dst(int x) const { return dir[x ^ 1].key.src; }
  uint16_t new_sport(int x) const { return dir[x ^ 1].key.dport; }
  uint16_t new_dport(int x) const { return dir[x ^ 1].key.sport; }
};

}  // namespace nftx::fastpath::flow
