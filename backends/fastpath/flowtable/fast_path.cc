// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/flowtable/fast_path.h"

#include <netinet/in.h>

#include <cstring>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/flowtable/lifecycle.h"
#include "backends/fastpath/net/fib.h"
#include "backends/fastpath/net/interfaces.h"
#include "backends/fastpath/net/neighbours.h"
#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/ttl.h"

namespace nftx::fastpath::flow {
namespace {

constexpr uint8_t kTcpFin = 0x01, kTcpSyn = 0x02, kTcpRst = 0x04;
constexpr uint64_t kHz = 1000000000ULL;  // refresh write granularity: one second

bool is_v4(const Frame& f) { return f.hdr.nfproto == kNfprotoIpv4; }

// nf_flow_nat_ip (nat_ipv4() in the header) / nf_flow_nat_ipv6: IPv6 has no header checksum
// and no zero-checksum exception for UDP.
void apply_nat(Frame& f, const FlowEntry& e, int x) {
  const FlowDir& d = e.dir[x];
  if (d.rewrite == 0) return;
  if (is_v4(f)) return nat_ipv4(f, d);
  uint8_t* ip = f.l3();
  uint8_t* l4 = f.l4();
  uint8_t* field = l4 + d.l4_csum_off;
  const uint16_t check = csum::load16(field);
  const bool udp = f.hdr.l4proto == IPPROTO_UDP;
  uint16_t next =
      static_cast<uint16_t>(~csum::fold(csum::add(static_cast<uint16_t>(~check), d.csum_l4)));
  if (udp && next == 0) next = 0xffff;
  csum::store16(field, next);
  if ((d.rewrite & kRewriteSrc) != 0) {
    const uint16_t port = e.new_sport(x);
    std::memcpy(l4, &port, 2);
    std::memcpy(ip + 8, e.new_src(x), 16);
  }
  if ((d.rewrite & kRewriteDst) != 0) {
    const uint16_t port = e.new_dport(x);
    std::memcpy(l4 + 2, &port, 2);
    std::memcpy(ip + 24, e.new_dst(x), 16);
  }
}

// Moves the MAC addresses 4 bytes up over the 802.1Q tag (nf_flow_encap_pop).
void pop_vlan(Frame& f) {
  std::memmove(f.data + 4, f.data, 12);
  f.data += 4;
  f.len -= 4;
  f.hdr.l3_off = static_cast<uint16_t>(f.hdr.l3_off - 4);
  f.hdr.l4_off = static_cast<uint16_t>(f.hdr.l4_off - 4);
  f.hdr.vlan = false;
  f.hdr.vlan_tci = 0;
}

uint64_t flow_timeout_ns(const ct::Table& t, uint8_t l4) {
  const auto& to = t.timeouts();
  return static_cast<uint64_t>(l4 == IPPROTO_TCP ? to.flow_tcp : to.flow_udp) * kHz;
}

}  // namespace

bool packet_key_slow(const Frame& f, FlowKey& key, Bypass& why) {
  const Headers& h = f.hdr;
  if (h.nfproto != kNfprotoIpv4 && h.nfproto != kNfprotoIpv6) {
    why = Bypass::NotIp;
    return false;
  }
  const uint8_t* ip = f.l3();
  if (h.nfproto == kNfprotoIpv4) {
    if (h.ip_options) {
      why = Bypass::IpOptions;
      return false;
    }
    if (h.fragment) {
      why = Bypass::Fragment;
      return false;
    }
    // IPv6: the kernel does not walk extension headers, so l4 must follow the fixed header.
  } else if (h.fragment || h.l4_off != h.l3_off + 40) {
    why = h.fragment ? Bypass::Fragment : Bypass::Protocol;
    return false;
  }
  if ((h.l4proto != IPPROTO_TCP && h.l4proto != IPPROTO_UDP) || h.l4_off == 0) {
    why = Bypass::Protocol;
    return false;
  }
  const uint8_t ttl = h.nfproto == kNfprotoIpv4 ? ip[8] : ip[7];
  if (ttl <= 1) {
    why = Bypass::TtlExpiring;
    return false;
  }
  key = FlowKey{};
  if (h.nfproto == kNfprotoIpv4) {
    std::memcpy(key.src, ip + 12, 4);
    std::memcpy(key.dst, ip + 16, 4);
    key.l3 = AF_INET;
  } else {
    std::memcpy(key.src, ip + 8, 16);
    std::memcpy(key.dst, ip + 24, 16);
    key.l3 = AF_INET6;
  }
  std::memcpy(&key.sport, f.l4(), 2);
  std::memcpy(&key.dport, f.l4() + 2, 2);
  key.l4 = h.l4proto;
  key.iif = f.iif;
  if (h.vlan) {
    key.encap_id = h.vlan_tci;  // the full TCI: tagged frames with PCP bits miss (kernel quirk)
    key.encap_proto = htons(0x8100);
  }
  return true;
}

FastResult fast_path(Flowtable& ft, Frame& f, FastPathEnv& env) {
  FlowKey key;
  Bypass why = Bypass::Miss;
  if (!packet_key(f, key, why)) {
    ft.count(why);
    return FastResult::SlowPath;
  }
  return fast_path_hit(ft, f, env, key, ft.lookup(key));
}

FastResult fast_path_hit_general(Flowtable& ft, Frame& f, FastPathEnv& env,
                                 const FlowKey& key, Flowtable::Hit hit) {
  if (hit.entry == nullptr || (hit.entry->flags & kFlowTeardown) != 0 ||
      hit.entry->conn->dying()) {
    ft.count(Bypass::Miss);
    return FastResult::SlowPath;
  }
  FlowEntry& e = *hit.entry;
  FlowDir& d = e.dir[hit.dir];
  if (f.hdr.l3_len > d.mtu) {
    ft.count(Bypass::Mtu);
    return FastResult::SlowPath;
  }
  if (f.hdr.l4proto == IPPROTO_TCP) {
    const uint8_t flags = f.l4()[13];
    if ((flags & kTcpSyn) != 0 && (e.flags & kFlowClosing) != 0) {
      teardown(ft, e, env.conntrack, env.now_ns, false);
      ft.count(Bypass::TcpReopen);
      return FastResult::SlowPath;
    }
    if ((flags & (kTcpFin | kTcpRst)) != 0) e.flags |= kFlowClosing;
  }
  if (e.fib_gen != env.fib.generation()) {
    teardown(ft, e, env.conntrack, env.now_ns, false);
    ft.count(Bypass::StaleRoute);
    return FastResult::SlowPath;
  }
  const net::Interface* out = env.ifaces.find(d.oif);
  if (out == nullptr || !out->up) {
    teardown(ft, e, env.conntrack, env.now_ns, false);
    ft.count(Bypass::DeviceDown);
    return FastResult::Dropped;
  }
  if (d.neigh_gen != env.neigh.generation()) {
    const net::IpAddr hop = net::IpAddr::from_nfproto(key.l3, d.nexthop);
    const auto mac = env.neigh.resolve(d.oif, hop);
    if (!mac) {
      ft.count(Bypass::NoNeighbour);
      return FastResult::SlowPath;
    }
    std::memcpy(d.h_dest, mac->bytes.data(), 6);
    d.neigh_gen = env.neigh.generation();
  }
  // flow_offload_refresh: write only when the timeout moves by more than a second.
  const uint64_t timeout = env.now_ns + flow_timeout_ns(env.conntrack, key.l4);
  if (static_cast<int64_t>(timeout - e.timeout_ns) > static_cast<int64_t>(kHz)) {
    e.timeout_ns = timeout;
  }
  if (f.hdr.vlan) pop_vlan(f);
  apply_nat(f, e, hit.dir);
  decrease_ttl(f);
  const uint32_t len = f.hdr.l3_len;
  if (ft.config().counter) {
    e.conn->packets[hit.dir] += 1;
    e.conn->bytes[hit.dir] += len;
  }
  e.packets[hit.dir] += 1;
  e.bytes[hit.dir] += len;
  e.last_used_ns = env.now_ns;
  std::memcpy(f.data, d.h_dest, 6);
  std::memcpy(f.data + 6, d.h_source, 6);
  f.oif = d.oif;
  ++ft.stats().hits;
  return FastResult::Forwarded;
}

}  // namespace nftx::fastpath::flow
