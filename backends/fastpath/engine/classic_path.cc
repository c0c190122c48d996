// SPDX-License-Identifier: GPL-2.0-or-later
// One packet through the hooks in the kernel's order (docs/engine.md): netdev ingress with the
// flowtables at their priorities, prerouting split around conntrack (-200) and DNAT (-100), the
// routing decision, forward (TTL, MTU, `flow add`), postrouting around SNAT (100) and conntrack
// confirmation, then fragmentation, the neighbour, L2 and netdev egress.
#include <netinet/in.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "backends/fastpath/classify/eval.h"
#include "backends/fastpath/classify/kernel_consts.h"
#include "backends/fastpath/conntrack/nat.h"
#include "backends/fastpath/conntrack/packet_info.h"
#include "backends/fastpath/engine/packet_state.h"
#include "backends/fastpath/flowtable/fast_path.h"
#include "backends/fastpath/flowtable/lifecycle.h"
#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/fragment.h"
#include "backends/fastpath/packet/icmp_error.h"
#include "backends/fastpath/packet/parse.h"
#include "backends/fastpath/packet/ttl.h"

namespace nftx::fastpath {
namespace {

namespace k = classify::k;
constexpr int32_t kPrioConntrack = -200, kPrioNatDst = -100, kPrioNatSrc = 100;

bool is_v4(const Frame& f) { return f.hdr.nfproto == kNfprotoIpv4; }

uint8_t ttl_of(const Frame& f) { return is_v4(f) ? f.l3()[8] : f.l3()[7]; }

// The chains of one priority range of a hook: nat chains only, or all the others.
classify::HookFilter priority_range(int32_t lo, int32_t hi, bool nat) {
  classify::HookFilter filter;
  filter.min_priority = lo;
  filter.max_priority = hi;
  filter.nat_chains = nat;
  filter.other_chains = !nat;
  return filter;
}

bool is_drop(const classify::Result& r) {
  return r.code != classify::Code::Accept;
}

ct::NatRange range_of(const classify::NatRequest& n) {
  ct::NatRange r;
  r.flags = n.flags;
  std::memcpy(r.min_addr, n.addr_min, 16);
  std::memcpy(r.max_addr, n.addr_max, 16);
  r.min_proto = ntohs(n.proto_min);
  r.max_proto = ntohs(n.proto_max);
  return r;
}

}  // namespace

// Runs the hook's chains with the packet's current conntrack view (NAT may have changed it).
classify::Result Engine::run_chains(classify::Packet& pkt, PacketState& st,
                                    const classify::HookFilter& filter) {
  fill_ct_view(st, now_ns_, st.view);
  pkt.ct = (st.conn != nullptr || st.notrack) ? &st.view : nullptr;
  EngineEnv env(*this, st);
  return classify::run_hook(*rules_, pkt, env, filter);
}

// Everything after the batched flowtable lookup: the rest of netdev ingress, then the classic
// path. `leading_done`: the device's leading flowtable was already tried (and missed).
void Engine::slow(Frame* f, bool leading_done) {
  PacketState st;
  st.in = ifinfo(f->iif);
  if (!ingress(f, st, leading_done)) return;
  classic(f, st);
}

// Netdev ingress: chains and flowtables hooked on this device, by priority; early_ingress
// flowtables come before everything.
bool Engine::ingress(Frame* f, PacketState& st, bool leading_done) {
  const IngressPlan& plan = ingress_plan_[f->iif];
  flow::FastPathEnv fenv{setup_.interfaces, setup_.fib, setup_.neighbours, conntrack_, now_ns_};
  int32_t done_below = INT_MIN;  // netdev chains with a lower priority already ran
  auto run_netdev = [&](int32_t max_prio) {
    if (!plan.chains || max_prio < done_below) return true;
    classify::Packet pkt;
    pkt.frame = f;
    pkt.pf = ir::Family::Netdev;
    pkt.hooknum = k::kNetdevIngress;
    pkt.in = st.in;
    pkt.now_ns = now_ns_;
    EngineEnv env(*this, st);
    classify::HookFilter filter;
    filter.min_priority = done_below;
    filter.max_priority = max_prio;
    const classify::Result r = classify::run_hook(*rules_, pkt, env, filter);
    done_below = max_prio == INT_MAX ? INT_MAX : max_prio + 1;
    if (is_drop(r)) {
      drop(f, st, DropReason::RuleDrop);
      return false;
    }
    return true;
  };
  auto try_fast = [&](flow::Flowtable* ft) {
    if (leading_done && ft == plan.leading) return true;
    switch (flow::fast_path(*ft, *f, fenv)) {
      case flow::FastResult::Forwarded:
        ++stats_.fast_path;
        output_l2_done(f, st.in, &st);
        return false;
      case flow::FastResult::Dropped:
        drop(f, st, DropReason::FlowDeviceDown);
        return false;
      case flow::FastResult::SlowPath:
        return true;
    }
    return true;
  };
  for (flow::Flowtable* ft : plan.early) {
    if (!try_fast(ft)) return false;
  }
  for (flow::Flowtable* ft : plan.ingress) {
    const int32_t p = ft->config().priority;
    if (p != INT_MIN && !run_netdev(p - 1)) return false;
    if (!try_fast(ft)) return false;
  }
  return run_netdev(INT_MAX);
}

void Engine::classic(Frame* f, PacketState& st) {
  if (f->hdr.nfproto == 0) return drop(f, st, DropReason::NotIp);
  st.pf = is_v4(*f) ? ir::Family::Ip : ir::Family::Ip6;
  if (is_v4(*f) && f->hdr.fragment) {  // nf_defrag_ipv4, prerouting -400
    const Defrag::Result r = defrag_.add(f, pool_, now_ns_);
    if (r.outcome == Defrag::Outcome::Drop) return drop(f, st, DropReason::Reassembly);
    if (r.outcome == Defrag::Outcome::Held) return;
    f = r.frame;
  }
  if (!prerouting(f, st)) return;
  const net::IpAddr dst = frame_dst(*f);
  const auto route = setup_.route(dst);
  if (!route) {
    send_icmp_error(*f, is_v4(*f) ? kIcmpDestUnreach : kIcmp6DestUnreach,
                    is_v4(*f) ? kIcmpNetUnreach : kIcmp6NoRoute, 0);
    return drop(f, st, DropReason::NoRoute);
  }
  st.route = *route;
  switch (route->type) {
    case net::RouteType::Local:
    case net::RouteType::Broadcast:
      return local_in(f, st);
    case net::RouteType::Blackhole:
      return drop(f, st, DropReason::Blackhole);
    case net::RouteType::Unreachable:
    case net::RouteType::Throw:
      send_icmp_error(*f, is_v4(*f) ? kIcmpDestUnreach : kIcmp6DestUnreach,
                      is_v4(*f) ? kIcmpHostUnreach : kIcmp6AddrUnreach, 0);
      return drop(f, st, DropReason::Unreachable);
    case net::RouteType::Prohibit:
      send_icmp_error(*f, is_v4(*f) ? kIcmpDestUnreach : kIcmp6DestUnreach,
                      is_v4(*f) ? kIcmpAdminProhibited : kIcmp6AdminProhibited, 0);
      return drop(f, st, DropReason::Prohibited);
    case net::RouteType::Unicast:
      return forward(f, st);
  }
}

bool Engine::prerouting(Frame* f, PacketState& st) {
  classify::Packet pkt;
  pkt.frame = f;
  pkt.pf = st.pf;
  pkt.hooknum = k::kHookPrerouting;
  pkt.in = st.in;
  pkt.now_ns = now_ns_;
  auto run = [&](int32_t lo, int32_t hi, bool nat) {
    return run_chains(pkt, st, priority_range(lo, hi, nat));
  };
  // raw: before conntrack.
  classify::Result r = run(INT_MIN, kPrioConntrack - 1, false);
  if (is_drop(r)) return drop(f, st, DropReason::RuleDrop), false;
  st.notrack = r.notrack;
  if (!st.notrack) {
    if (const auto cp = ct::extract(*f)) {
      const ct::Table::Result res = conntrack_.process(*cp, now_ns_);
      st.conn = res.conn;
      st.dir = res.dir;
      st.info = res.info;
    }
  } else {
    st.info = ct::CtInfo::kUntracked;
  }
  r = run(kPrioConntrack, kPrioNatDst - 1, false);
  if (is_drop(r)) return drop(f, st, DropReason::RuleDrop), false;
  if (st.conn != nullptr && !ct::nat_initialized(*st.conn, ct::ManipType::kDst)) {
    r = run(INT_MIN, INT_MAX, true);
    if (is_drop(r)) return drop(f, st, DropReason::RuleDrop), false;
    if (r.has_nat && r.nat.kind == classify::NatKind::Redirect && st.in != nullptr) {
      const net::Interface* in = setup_.interfaces.find(st.in->ifindex);
      net::IpAddr local;
      bool found = false;
      for (const net::Prefix& p : in->addresses) {
        if ((p.addr.is_v4()) == is_v4(*f)) {
          local = p.addr;
          found = true;
          break;
        }
      }
      if (!found) return drop(f, st, DropReason::NatFailed), false;
      ct::redirect(conntrack_, *st.conn, local.bytes.data(), range_of(r.nat));
    } else if (r.has_nat && r.nat.kind == classify::NatKind::Dnat) {
      ct::setup_info(conntrack_, *st.conn, range_of(r.nat), ct::ManipType::kDst);
    } else {
      ct::null_binding(conntrack_, *st.conn, ct::ManipType::kDst);
    }
  }
  if (st.conn != nullptr && !ct::manip_packet(*f, *st.conn, st.dir, ct::ManipType::kDst)) {
    return drop(f, st, DropReason::NatFailed), false;
  }
  r = run(kPrioNatDst, INT_MAX, false);
  if (is_drop(r)) return drop(f, st, DropReason::RuleDrop), false;
  return true;
}

void Engine::forward(Frame* f, PacketState& st) {
  if (!(is_v4(*f) ? forwarding_v4_ : forwarding_v6_)) {
    return drop(f, st, DropReason::ForwardingDisabled);
  }
  if (ttl_of(*f) <= 1) {
    send_icmp_error(*f, is_v4(*f) ? kIcmpTimeExceeded : kIcmp6TimeExceeded, 0, 0);
    return drop(f, st, DropReason::TtlExceeded);
  }
  const uint32_t mtu = st.route.mtu;
  // A reassembled datagram is judged by its largest fragment (ip_exceeds_mtu).
  if ((f->frag_max_size != 0 ? f->frag_max_size : f->hdr.l3_len) > mtu) {
    const bool df = !is_v4(*f) || (ntohs(csum::load16(f->l3() + 6)) & 0x4000) != 0;
    if (df) {
      send_icmp_error(*f, is_v4(*f) ? kIcmpDestUnreach : kIcmp6PacketTooBig,
                      is_v4(*f) ? kIcmpFragNeeded : 0, mtu);
      return drop(f, st, DropReason::MtuExceeded);
    }
  }
  decrease_ttl(*f);
  f->oif = st.route.oif;
  st.out = ifinfo(st.route.oif);
  classify::Packet pkt;
  pkt.frame = f;
  pkt.pf = st.pf;
  pkt.hooknum = k::kHookForward;
  pkt.in = st.in;
  pkt.out = st.out;
  pkt.now_ns = now_ns_;
  const classify::Result r = run_chains(pkt, st, {});
  if (r.flowtable != nullptr) {
    if (flow::Flowtable* ft = find_flowtable(*r.flowtable)) {
      flow::OffloadEnv oenv{setup_.interfaces, setup_.fib, setup_.neighbours, conntrack_,
                            now_ns_};
      flow::offload(*ft, flow::OffloadPacket{*f, st.conn, st.dir, false}, oenv);
    }
  }
  if (is_drop(r)) {
    if (r.has_reject) send_reject(*f, r);
    return drop(f, st, r.has_reject ? DropReason::Reject : DropReason::RuleDrop);
  }
  if (!postrouting(f, st)) return;
  ++stats_.classic;
  output(f, st);
}

void Engine::local_in(Frame* f, PacketState& st) {
  classify::Packet pkt;
  pkt.frame = f;
  pkt.pf = st.pf;
  pkt.hooknum = k::kHookInput;
  pkt.in = st.in;
  pkt.now_ns = now_ns_;
  const classify::Result r = run_chains(pkt, st, {});
  if (is_drop(r)) {
    if (r.has_reject) send_reject(*f, r);
    return drop(f, st, r.has_reject ? DropReason::Reject : DropReason::RuleDrop);
  }
  if (st.conn != nullptr && !st.conn->confirmed()) {
    if (conntrack_.confirm(st.conn, now_ns_).conn == nullptr) {
      st.conn = nullptr;
      return drop(f, st, DropReason::CtInsertFailed);
    }
  }
  ++stats_.local;
  pool_.free(f);
}

bool Engine::postrouting(Frame* f, PacketState& st) {
  classify::Packet pkt;
  pkt.frame = f;
  pkt.pf = st.pf;
  pkt.hooknum = k::kHookPostrouting;
  pkt.out = st.out;
  pkt.now_ns = now_ns_;
  auto run = [&](int32_t lo, int32_t hi, bool nat) {
    return run_chains(pkt, st, priority_range(lo, hi, nat));
  };
  classify::Result r = run(INT_MIN, kPrioNatSrc - 1, false);
  if (is_drop(r)) return drop(f, st, DropReason::RuleDrop), false;
  if (st.conn != nullptr && !ct::nat_initialized(*st.conn, ct::ManipType::kSrc)) {
    r = run(INT_MIN, INT_MAX, true);
    if (is_drop(r)) return drop(f, st, DropReason::RuleDrop), false;
    if (r.has_nat && r.nat.kind == classify::NatKind::Masquerade) {
      const auto src = setup_.interfaces.select_source(st.route.oif, st.route.next_hop);
      if (!src) return drop(f, st, DropReason::NatFailed), false;
      ct::masquerade(conntrack_, *st.conn, src->bytes.data(), st.route.oif, range_of(r.nat));
    } else if (r.has_nat && r.nat.kind == classify::NatKind::Snat) {
      ct::setup_info(conntrack_, *st.conn, range_of(r.nat), ct::ManipType::kSrc);
    } else {
      ct::null_binding(conntrack_, *st.conn, ct::ManipType::kSrc);
    }
  }
  if (st.conn != nullptr && !ct::manip_packet(*f, *st.conn, st.dir, ct::ManipType::kSrc)) {
    return drop(f, st, DropReason::NatFailed), false;
  }
  r = run(kPrioNatSrc, INT_MAX, false);
  if (is_drop(r)) return drop(f, st, DropReason::RuleDrop), false;
  if (st.conn != nullptr && !st.conn->confirmed()) {
    const ct::Table::Confirm c = conntrack_.confirm(st.conn, now_ns_);
    st.conn = c.conn;
    if (c.conn == nullptr) return drop(f, st, DropReason::CtInsertFailed), false;
  }
  return true;
}

// After postrouting: fragmentation, the neighbour, the Ethernet header, then output_l2_done.
void Engine::output(Frame* f, PacketState& st) {
  const auto mac = setup_.neighbours.resolve(st.route.oif, st.route.next_hop);
  if (!mac) return drop(f, st, DropReason::NoNeighbour);
  const net::Interface* out = setup_.interfaces.find(st.route.oif);
  if (out == nullptr || !out->up) return drop(f, st, DropReason::LinkDown);
  if (f->hdr.vlan) {  // output devices are untagged: drop the ingress tag
    std::memmove(f->data + 4, f->data, 12);
    f->data += 4;
    f->len -= 4;
    f->hdr.vlan = false;
    f->hdr.l3_off = static_cast<uint16_t>(f->hdr.l3_off - 4);
    if (f->hdr.l4_off != 0) f->hdr.l4_off = static_cast<uint16_t>(f->hdr.l4_off - 4);
  }
  std::memcpy(f->data, mac->bytes.data(), 6);
  std::memcpy(f->data + 6, out->mac.bytes.data(), 6);
  f->oif = st.route.oif;
  // A reassembled datagram leaves in fragments no larger than its largest one (ip_do_fragment).
  const uint32_t out_mtu = f->frag_max_size != 0
                               ? std::min<uint32_t>(st.route.mtu, f->frag_max_size)
                               : st.route.mtu;
  if (f->hdr.l3_len > out_mtu && is_v4(*f)) {
    if (f->frag_max_size != 0) {
      // Reassembled here (skb->ignore_df): refragmented even with DF, which forward() already
      // checked against the route's MTU; the fragments leave without DF.
      uint8_t* ip = f->l3();
      const uint16_t before = csum::load16(ip + 6);
      const uint16_t after = static_cast<uint16_t>(before & htons(0xbfff));
      csum::store16(ip + 10, csum::replace2(csum::load16(ip + 10), before, after));
      csum::store16(ip + 6, after);
    }
    const FragmentStatus fs = fragment_ipv4(*f, out_mtu, [&](const uint8_t* p, size_t n) {
      Frame* g = pool_.copy_in(p, n);
      if (g == nullptr) {
        ++stats_.drops[static_cast<size_t>(DropReason::NoBuffer)];
        return;
      }
      g->oif = f->oif;
      g->rx_ns = f->rx_ns;
      if (parse(*g).ok()) {
        ++stats_.fragments_out;
        output_l2_done(g, st.in, &st);
      } else {
        pool_.free(g);
      }
    });
    if (fs == FragmentStatus::Done) {
      pool_.free(f);
      return;
    }
    if (fs != FragmentStatus::Fits) return drop(f, st, DropReason::MtuExceeded);
  }
  output_l2_done(f, st.in, &st);
}

// Netdev egress chains of the output device (when it has any), then the port. `st` may be
// null for fast-path packets (no conntrack view is needed at egress).
void Engine::output_l2_done(Frame* f, const classify::IfInfo* in, PacketState* st) {
  if (f->oif < egress_chains_.size() && egress_chains_[f->oif] != 0) {
    PacketState local;
    PacketState& s = st != nullptr ? *st : local;
    s.in = in;
    classify::Packet pkt;
    pkt.frame = f;
    pkt.pf = ir::Family::Netdev;
    pkt.hooknum = k::kNetdevEgress;
    pkt.out = ifinfo(f->oif);
    pkt.in = in;
    pkt.now_ns = now_ns_;
    EngineEnv env(*this, s);
    const classify::Result r = classify::run_hook(*rules_, pkt, env);
    if (is_drop(r)) return drop(f, s, DropReason::RuleDrop);
  }
  transmit(f);
}

void Engine::drop_frame(Frame* f, DropReason why) {
  ++stats_.drops[static_cast<size_t>(why)];
  pool_.free(f);
}

void Engine::drop(Frame* f, PacketState& st, DropReason why) {
  ++stats_.drops[static_cast<size_t>(why)];
  if (st.conn != nullptr && !st.conn->confirmed()) conntrack_.discard(st.conn);
  st.conn = nullptr;
  pool_.free(f);
}

}  // namespace nftx::fastpath
