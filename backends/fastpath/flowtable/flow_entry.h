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

struct FlowDir {
  FlowKey key;               // what packets of this direction look like on arrival
  uint16_t mtu = 0;          // egress MTU (route MTU or the output device's)
  uint32_t oif = 0;          // output ifindex
  uint8_t nexthop[16] = {};  // gateway, or the final (post-NAT) destination when on-link
  uint8_t h_source[6] = {};  // the output device's MAC
  uint8_t h_dest[6] = {};    // the next hop's MAC, cached at neigh_gen
  uint64_t neigh_gen = 0;
  // NAT for packets of this direction: the addresses and ports they leave with. Only the fields
  // flagged in `rewrite_*` differ from the key.
  uint8_t new_src[16] = {};
  uint8_t new_dst[16] = {};
  uint16_t new_sport = 0, new_dport = 0;
  bool rewrite_src = false, rewrite_dst = false;
  // RFC 1624 sums (of ~old + new over the rewritten 16-bit words), precomputed because a
  // packet of this direction always carries the key's values: the IPv4 header checksum
  // (addresses) and the transport checksum (pseudo-header addresses and ports).
  uint32_t csum_ip = 0, csum_l4 = 0;
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
};

}  // namespace nftx::fastpath::flow
