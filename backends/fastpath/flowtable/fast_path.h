// SPDX-License-Identifier: GPL-2.0-or-later
// The per-packet fast path at the flowtable hook (spec §2, mainline >= 6.14 semantics): lookup,
// MTU, TCP FIN/RST/SYN handling, route check, refresh, VLAN decap, NAT (ports, then addresses,
// RFC 1624 checksums), TTL / hop limit, counters, L2 rewrite. Any exception leaves the frame
// untouched and says why, so the classic path can take it.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/flowtable/flowtable.h"
#include "backends/fastpath/net/fib.h"
#include "backends/fastpath/net/interfaces.h"
#include "backends/fastpath/net/neighbours.h"
#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/ttl.h"
#include "backends/fastpath/packet/frame.h"


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
// eligible for the fast path at all. Inline for the common case (untagged IPv4 TCP/UDP without
// options or fragmentation, TTL > 1); packet_key_slow() decides everything else.
bool packet_key_slow(const Frame& frame, FlowKey& key, Bypass& why);
inline bool packet_key(const Frame& f, FlowKey& key, Bypass& why) {
  const Headers& h = f.hdr;
  if (h.nfproto == kNfprotoIpv4 && !h.ip_options && !h.fragment && !h.vlan && h.l4_off != 0 &&
      (h.l4proto == 6 || h.l4proto == 17)) {  // IPPROTO_TCP, IPPROTO_UDP
    const uint8_t* ip = f.l3();
    if (ip[8] > 1) {
      uint64_t w[6] = {0, 0, 0, 0, 0, 0};
      uint32_t a;
      std::memcpy(&a, ip + 12, 4);  // saddr
      w[0] = a;
      std::memcpy(&a, ip + 16, 4);  // daddr
      w[2] = a;
      std::memcpy(&a, f.l4(), 4);  // sport, dport
      static_assert(std::endian::native == std::endian::little, "words built little-endian");
      static_assert(offsetof(FlowKey, sport) == 32 && offsetof(FlowKey, iif) == 36 &&
                    offsetof(FlowKey, l3) == 40 && offsetof(FlowKey, l4) == 41);
      w[4] = a | static_cast<uint64_t>(f.iif) << 32;
      w[5] = 2U | static_cast<uint64_t>(h.l4proto) << 8;  // AF_INET, the protocol
      std::memcpy(&key, w, sizeof(w));
      return true;
    }
  }
  return packet_key_slow(f, key, why);
}

FastResult fast_path(Flowtable& ft, Frame& frame, FastPathEnv& env);

// nf_flow_nat_ip for a direction with `rewrite` set, on an IPv4 packet without options: the
// checksum updates are precomputed per direction (~HC' = ~HC + sum(~old + new), RFC 1624
// eqn. 3 over every rewritten word at once); UDP keeps a zero checksum and never writes 0
// (CSUM_MANGLED_0); addresses and ports are contiguous and written at once.
inline void nat_ipv4(Frame& f, const FlowDir& d) {
  uint8_t* ip = f.l3();
  uint8_t* field = f.l4() + d.l4_csum_off;
  const uint16_t check = csum::load16(field);
  const bool udp = f.hdr.l4proto == 17;  // IPPROTO_UDP
  csum::store16(ip + 10, static_cast<uint16_t>(~csum::fold(csum::add(
                             static_cast<uint16_t>(~csum::load16(ip + 10)), d.csum_ip))));
  if (!(udp && check == 0)) {
    uint16_t next =
        static_cast<uint16_t>(~csum::fold(csum::add(static_cast<uint16_t>(~check), d.csum_l4)));
    if (udp && next == 0) next = 0xffff;
    csum::store16(field, next);
  }
  std::memcpy(ip + 12, d.out4, sizeof(d.out4));
}

// The part after the lookup, for batched callers that looked `key` up themselves (`hit` may
// be a miss). `key` must be packet_key()'s for this frame. fast_path_hit() is the common case
// inline (an IPv4 hit with nothing to update but the timeout and counters); everything else,
// exceptions included, is fast_path_hit_general(), which decides from scratch (the inline part
// changes nothing before it hands over).
FastResult fast_path_hit_general(Flowtable& ft, Frame& frame, FastPathEnv& env,
                                 const FlowKey& key, Flowtable::Hit hit);

inline FastResult fast_path_hit(Flowtable& ft, Frame& f, FastPathEnv& env, const FlowKey& key,
                                Flowtable::Hit hit) {
  FlowEntry* e = hit.entry;
  if (e == nullptr) [[unlikely]] {
    return fast_path_hit_general(ft, f, env, key, hit);
  }
  FlowDir& d = e->dir[hit.dir];
  const Headers& h = f.hdr;
  // TCP SYN, FIN and RST change the entry's state: the general path handles them.
  const bool plain_l4 = h.l4proto == 17 || (f.l4()[13] & 0x07) == 0;  // IPPROTO_UDP
  if ((e->flags & kFlowTeardown) != 0 || e->conn->dying() || h.l3_len > d.mtu || !plain_l4 ||
      e->fib_gen != env.fib.generation() || d.neigh_gen != env.neigh.generation() ||
      h.nfproto != kNfprotoIpv4 || h.vlan) [[unlikely]] {
    return fast_path_hit_general(ft, f, env, key, hit);
  }
  const net::Interface* out = env.ifaces.find(d.oif);
  if (out == nullptr || !out->up) [[unlikely]] {
    return fast_path_hit_general(ft, f, env, key, hit);
  }
  // flow_offload_refresh: write only when the timeout moves by more than a second.
  constexpr uint64_t kHz = 1000000000ULL;
  const auto& to = env.conntrack.timeouts();
  const uint64_t timeout =
      env.now_ns + static_cast<uint64_t>(h.l4proto == 6 ? to.flow_tcp : to.flow_udp) * kHz;
  if (static_cast<int64_t>(timeout - e->timeout_ns) > static_cast<int64_t>(kHz)) {
    e->timeout_ns = timeout;
  }
  if (d.rewrite != 0) nat_ipv4(f, d);
  decrease_ttl(f);
  const uint32_t len = h.l3_len;
  if (ft.config().counter) {
    e->conn->packets[hit.dir] += 1;
    e->conn->bytes[hit.dir] += len;
  }
  e->packets[hit.dir] += 1;
  e->bytes[hit.dir] += len;
  e->last_used_ns = env.now_ns;
  std::memcpy(f.data, d.h_dest, 6);
  std::memcpy(f.data + 6, d.h_source, 6);
  f.oif = d.oif;
  ++ft.stats().hits;
  return FastResult::Forwarded;
}

}  // namespace nftx::fastpath::flow
