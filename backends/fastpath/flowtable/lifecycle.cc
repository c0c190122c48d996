// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/flowtable/lifecycle.h"

#include <netinet/in.h>

#include <cstring>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/conntrack/offload.h"
#include "backends/fastpath/flowtable/fast_path.h"
#include "backends/fastpath/net/fib.h"
#include "backends/fastpath/net/interfaces.h"
#include "backends/fastpath/net/neighbours.h"
#include "backends/fastpath/packet/checksum.h"

namespace nftx::fastpath::flow {
namespace {

constexpr uint64_t kHz = 1000000000ULL;

uint64_t offload_timeout_ns(const ct::Table& t, uint8_t l4) {
  const auto& to = t.timeouts();
  return static_cast<uint64_t>(l4 == IPPROTO_TCP ? to.flow_tcp : to.flow_udp) * kHz;
}


std::optional<net::FibResult> route_towards(const ct::Conn& c, int x, OffloadEnv& env) {
  const ct::Tuple& other = c.tuples[1 - x];
  auto r = env.fib.lookup(net::IpAddr::from_nfproto(other.l3, other.src), env.ifaces);
  if (!r || r->type != net::RouteType::Unicast || r->oif == 0) return std::nullopt;
  return r;
}

// Adds ~from + to over `len` bytes of 16-bit words (memory order) to an RFC 1624 sum.
uint32_t delta(uint32_t sum, const uint8_t* from, const uint8_t* to, uint32_t len) {
  for (uint32_t i = 0; i < len; i += 2) {
    sum = csum::add(sum, static_cast<uint16_t>(~csum::load16(from + i)));
    sum = csum::add(sum, csum::load16(to + i));
  }
  return sum;
}

void fill_dir(FlowDir& d, const ct::Conn& c, int x, const net::FibResult& out, uint32_t iif,
              OffloadEnv& env) {
  const ct::Tuple& t = c.tuples[x];
  const ct::Tuple& o = c.tuples[1 - x];
  d.key = FlowKey{};
  const uint32_t key_len = t.addr_len();
  std::memcpy(d.key.src, t.src, key_len);
  std::memcpy(d.key.dst, t.dst, key_len);
  d.key.sport = t.sport;
  d.key.dport = t.dport;
  d.key.iif = iif;
  d.key.l3 = t.l3 == kNfprotoIpv4 ? AF_INET : AF_INET6;
  d.key.l4 = t.l4;
  // Packets of this direction leave as the inverse of the other direction's tuple.
  const uint8_t* new_src = o.dst;
  const uint8_t* new_dst = o.src;
  const uint16_t new_sport = o.dport, new_dport = o.sport;
  const bool rewrite_src = std::memcmp(new_src, t.src, 16) != 0 || new_sport != t.sport;
  const bool rewrite_dst = std::memcmp(new_dst, t.dst, 16) != 0 || new_dport != t.dport;
  d.rewrite = static_cast<uint8_t>((rewrite_src ? kRewriteSrc : 0) |
                                   (rewrite_dst ? kRewriteDst : 0));
  d.l4_csum_off = t.l4 == IPPROTO_TCP ? 16 : 6;
  std::memcpy(d.out4, new_src, 4);
  std::memcpy(d.out4 + 4, new_dst, 4);
  std::memcpy(d.out4 + 8, &new_sport, 2);
  std::memcpy(d.out4 + 10, &new_dport, 2);
  const uint32_t alen = t.addr_len();
  d.csum_ip = 0;
  d.csum_l4 = 0;
  if (rewrite_src) {
    d.csum_ip = delta(d.csum_ip, d.key.src, new_src, alen);
    d.csum_l4 = delta(d.csum_l4, d.key.src, new_src, alen);
    d.csum_l4 = delta(d.csum_l4, reinterpret_cast<const uint8_t*>(&d.key.sport),
                      reinterpret_cast<const uint8_t*>(&new_sport), 2);
  }
  if (rewrite_dst) {
    d.csum_ip = delta(d.csum_ip, d.key.dst, new_dst, alen);
    d.csum_l4 = delta(d.csum_l4, d.key.dst, new_dst, alen);
    d.csum_l4 = delta(d.csum_l4, reinterpret_cast<const uint8_t*>(&d.key.dport),
                      reinterpret_cast<const uint8_t*>(&new_dport), 2);
  }
  if (t.l3 != kNfprotoIpv4) d.csum_ip = 0;  // IPv6 has no header checksum
  d.mtu = static_cast<uint16_t>(out.mtu > 0xffff ? 0xffff : out.mtu);
  d.oif = out.oif;
  std::memcpy(d.nexthop, out.next_hop.bytes.data(), 16);
  const net::Interface* dev = env.ifaces.find(out.oif);
  if (dev != nullptr) std::memcpy(d.h_source, dev->mac.bytes.data(), 6);
  const auto mac = env.neigh.resolve(out.oif, out.next_hop);
  if (mac) {
    std::memcpy(d.h_dest, mac->bytes.data(), 6);
    d.neigh_gen = env.neigh.generation();
  } else {
    d.neigh_gen = ~env.neigh.generation();  // resolved on first use
  }
}

std::optional<NotOffloaded> refuse(Flowtable& ft, NotOffloaded why) {
  ft.count(why);
  return why;
}

}  // namespace

std::optional<NotOffloaded> offload(Flowtable& ft, const OffloadPacket& pkt, OffloadEnv& env) {
  const Frame& f = pkt.frame;
  if (pkt.secpath) return refuse(ft, NotOffloaded::Secpath);
  if (f.hdr.nfproto == kNfprotoIpv4 && f.hdr.ip_options) {
    return refuse(ft, NotOffloaded::IpOptions);
  }
  ct::Conn* c = pkt.conn;
  if (c == nullptr || c->test(ct::ips::kUntracked)) return refuse(ft, NotOffloaded::Untracked);
  if (c->l4() == IPPROTO_TCP) {
    if (f.hdr.l4_off == 0) return refuse(ft, NotOffloaded::Protocol);
    const uint8_t flags = f.l4()[13];
    if ((flags & 0x05) != 0) return refuse(ft, NotOffloaded::TcpFinRst);
    if (!c->tcp_established()) return refuse(ft, NotOffloaded::NotEstablished);
  } else if (c->l4() != IPPROTO_UDP) {
    return refuse(ft, NotOffloaded::Protocol);
  }
  if (c->has_helper || (c->status & (ct::ips::kSeqAdjust | ct::ips::kNatClash)) != 0) {
    return refuse(ft, NotOffloaded::Helper);
  }
  if (!c->confirmed()) return refuse(ft, NotOffloaded::Unconfirmed);
  if (c->test(ct::ips::kOffload)) return refuse(ft, NotOffloaded::AlreadyOffloaded);

  // nft_flow_route: both directions must be routable.
  auto routes = std::array<std::optional<net::FibResult>, 2>{route_towards(*c, 0, env),
                                                            route_towards(*c, 1, env)};
  if (!routes[0] || !routes[1]) return refuse(ft, NotOffloaded::NoRoute);
  // Direction x arrives where direction !x leaves.
  const uint32_t iif[2] = {routes[1]->oif, routes[0]->oif};
  if (!ft.has_device(iif[0]) || !ft.has_device(iif[1])) {
    return refuse(ft, NotOffloaded::DeviceNotInFlowtable);
  }
  FlowEntry e;
  for (int x = 0; x < 2; ++x) fill_dir(e.dir[x], *c, x, *routes[x], iif[x], env);
  e.conn = c;
  e.flags = (c->status & ct::ips::kSrcNat ? kFlowSnat : 0) |
            (c->status & ct::ips::kDstNat ? kFlowDnat : 0);
  e.timeout_ns = env.now_ns + offload_timeout_ns(env.conntrack, c->l4());
  e.fib_gen = env.fib.generation();
  e.created_ns = env.now_ns;
  e.last_used_ns = env.now_ns;
  if (ft.insert(e) == nullptr) return refuse(ft, NotOffloaded::TableFull);
  c->status |= ct::ips::kOffload;
  if (c->l4() == IPPROTO_TCP) {  // flow_offload_ct_tcp: conntrack accepts what it did not see
    c->tcp.seen[0].flags |= ct::tcpf::kBeLiberal;
    c->tcp.seen[1].flags |= ct::tcpf::kBeLiberal;
  }
  ct::refresh_for_offload(*c, env.now_ns);
  env.conntrack.hold(c);
  ++ft.stats().created;
  return std::nullopt;
}

void teardown(Flowtable& ft, FlowEntry& entry, ct::Table& conntrack, uint64_t now_ns,
              bool expired) {
  ct::Conn* c = entry.conn;
  const bool closing = (entry.flags & kFlowClosing) != 0;
  if (!c->dying()) ct::fixup_after_offload(*c, closing, expired, conntrack.timeouts(), now_ns);
  c->status &= ~ct::ips::kOffload;
  if (expired) {
    ++ft.stats().expired;
  } else {
    ++ft.stats().torn_down;
  }
  ft.remove(&entry);
  conntrack.put(c);
}

uint32_t gc_step(Flowtable& ft, OffloadEnv& env) {
  uint32_t removed = 0;
  ft.for_each([&](FlowEntry& e) {
    const bool expired = static_cast<int64_t>(e.timeout_ns - env.now_ns) <= 0;
    bool stale = e.conn->dying() || e.fib_gen != env.fib.generation();
    for (const FlowDir& d : e.dir) {
      net::IpAddr hop;
      hop.family = d.key.l3 == AF_INET ? net::Family::V4 : net::Family::V6;
      std::memcpy(hop.bytes.data(), d.nexthop, 16);
      const net::Interface* dev = env.ifaces.find(d.oif);
      if (dev == nullptr || !dev->up || !env.neigh.resolve(d.oif, hop)) stale = true;
    }
    if (expired || stale) {
      teardown(ft, e, env.conntrack, env.now_ns, expired);
      ++removed;
    } else {
      ct::extend_offloaded(*e.conn, env.now_ns);
    }
  });
  return removed;
}

uint32_t teardown_device(Flowtable& ft, uint32_t ifindex, ct::Table& conntrack,
                         uint64_t now_ns) {
  uint32_t removed = 0;
  ft.for_each([&](FlowEntry& e) {
    if (e.dir[0].key.iif == ifindex || e.dir[1].key.iif == ifindex || e.dir[0].oif == ifindex ||
        e.dir[1].oif == ifindex) {
      teardown(ft, e, conntrack, now_ns, false);
      ++removed;
    }
  });
  return removed;
}

void flush(Flowtable& ft, ct::Table& conntrack, uint64_t now_ns) {
  ft.for_each([&](FlowEntry& e) { teardown(ft, e, conntrack, now_ns, false); });
}

}  // namespace nftx::fastpath::flow
