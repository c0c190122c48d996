// SPDX-License-Identifier: GPL-2.0-or-later
// Packets the gateway itself sends: ICMP/ICMPv6 errors (no route, TTL, MTU) and `reject`
// replies. They are routed back to the offending packet's source directly, without the output
// and postrouting chains (a simplification); conntrack's NAT of RELATED errors is applied.
#include <netinet/in.h>

#include <cstring>

#include "backends/fastpath/conntrack/nat.h"
#include "backends/fastpath/conntrack/packet_info.h"
#include "backends/fastpath/engine/packet_state.h"
#include "backends/fastpath/packet/icmp_error.h"
#include "backends/fastpath/packet/parse.h"

namespace nftx::fastpath {
namespace {

// NFT_REJECT_ICMPX_* -> ICMP / ICMPv6 destination unreachable codes.
uint8_t icmpx_code(uint8_t code, bool v4) {
  switch (code) {
    case 0: return v4 ? kIcmpNetUnreach : kIcmp6NoRoute;
    case 1: return v4 ? kIcmpPortUnreach : kIcmp6PortUnreach;
    case 2: return v4 ? kIcmpHostUnreach : kIcmp6AddrUnreach;
    default: return v4 ? kIcmpAdminProhibited : kIcmp6AdminProhibited;
  }
}

// An ICMP error the gateway sends leaves, in the kernel, through LOCAL_OUT and POSTROUTING:
// conntrack finds it RELATED to the offending packet's connection (icmp_error_message) and NAT
// rewrites it (nf_nat_icmp_reply_translation). So an error about a de-NATed reply quotes the
// packet as the server sent it (the public address), and the server's PMTU discovery can match
// it. Errors about packets of no (NATed) connection are left as built.
void nat_related_error(Frame& g, ct::Table& conntrack, uint64_t now_ns) {
  if (!parse(g).ok()) return;
  const auto cp = ct::extract(g);
  if (!cp || !cp->icmp_error) return;
  const ct::Table::Result r = conntrack.process(*cp, now_ns);
  if (r.conn == nullptr) return;
  if (r.info != ct::CtInfo::kRelated && r.info != ct::CtInfo::kRelatedReply) {
    if (!r.conn->confirmed()) conntrack.discard(r.conn);
    return;
  }
  ct::manip_packet(g, *r.conn, r.dir, ct::ManipType::kDst);  // LOCAL_OUT
  ct::manip_packet(g, *r.conn, r.dir, ct::ManipType::kSrc);  // POSTROUTING
}

}  // namespace

void Engine::send_icmp_error(const Frame& f, uint8_t type, uint8_t code, uint32_t mtu) {
  const net::IpAddr to = frame_src(f);
  const auto back = setup_.route(to);
  if (!back || back->type != net::RouteType::Unicast) return;
  const auto src = setup_.interfaces.select_source(f.iif, to);
  if (!src) return;
  Frame* g = pool_.alloc();
  if (g == nullptr) return;
  IcmpErrorSpec spec;
  spec.type = type;
  spec.code = code;
  spec.mtu = mtu;
  spec.ip_id = ip_id_++;
  bool ok = false;
  if (f.hdr.nfproto == kNfprotoIpv4) {
    in_addr a;
    std::memcpy(&a, src->bytes.data(), 4);
    ok = make_icmp4_error(f, spec, a, *g);
  } else {
    in6_addr a;
    std::memcpy(&a, src->bytes.data(), 16);
    ok = make_icmp6_error(f, spec, a, *g);
  }
  if (!ok) {
    pool_.free(g);
    return;
  }
  g->rx_ns = f.rx_ns;
  nat_related_error(*g, conntrack_, now_ns_);
  send_generated(g);
}

void Engine::send_reject(const Frame& f, const classify::Result& r) {
  const bool v4 = f.hdr.nfproto == kNfprotoIpv4;
  if (r.reject.type == 1) {  // NFT_REJECT_TCP_RST
    if (f.hdr.l4proto != IPPROTO_TCP || f.hdr.l4_off == 0) return;
    Frame* g = pool_.alloc();
    if (g == nullptr) return;
    if (!make_tcp_reset(f, *g)) {
      pool_.free(g);
      return;
    }
    g->rx_ns = f.rx_ns;
    send_generated(g);
    return;
  }
  const uint8_t code = r.reject.type == 2 ? icmpx_code(r.reject.code, v4) : r.reject.code;
  send_icmp_error(f, v4 ? kIcmpDestUnreach : kIcmp6DestUnreach, code, 0);
}

// Routes a generated packet to its destination and hands it to the port.
void Engine::send_generated(Frame* g) {
  if (!parse(*g).ok()) {
    pool_.free(g);
    return;
  }
  net::IpAddr dst;
  if (g->hdr.nfproto == kNfprotoIpv4) {
    dst.family = net::Family::V4;
    std::memcpy(dst.bytes.data(), g->l3() + 16, 4);
  } else {
    dst.family = net::Family::V6;
    std::memcpy(dst.bytes.data(), g->l3() + 24, 16);
  }
  const auto route = setup_.route(dst);
  const net::Interface* out = route ? setup_.interfaces.find(route->oif) : nullptr;
  const auto mac = route ? setup_.neighbours.resolve(route->oif, route->next_hop) : std::nullopt;
  if (!route || out == nullptr || !mac) {
    ++stats_.drops[static_cast<size_t>(DropReason::NoNeighbour)];
    pool_.free(g);
    return;
  }
  std::memcpy(g->data, mac->bytes.data(), 6);
  std::memcpy(g->data + 6, out->mac.bytes.data(), 6);
  g->oif = route->oif;
  ++stats_.generated;
  transmit(g);
}

}  // namespace nftx::fastpath
