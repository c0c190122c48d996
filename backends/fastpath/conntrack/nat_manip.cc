// SPDX-License-Identifier: GPL-2.0-or-later
// Rewriting packets from a conn's NAT binding (nf_nat_packet, nf_nat_proto.c).
#include <cstring>

#include "backends/fastpath/conntrack/nat.h"
#include "backends/fastpath/conntrack/packet_info.h"
#include "backends/fastpath/packet/checksum.h"

namespace nftx::fastpath::ct {

namespace {

struct L4Ref {
  uint8_t* p = nullptr;  // null: no transport header in this packet (later fragment)
  size_t avail = 0;      // bytes present from p
  uint8_t proto = 0;
};

uint16_t addr_replace(uint16_t check, const uint8_t* from, const uint8_t* to, uint8_t nfproto) {
  if (nfproto == kNfprotoIpv4) return csum::replace4(check, csum::load32(from), csum::load32(to));
  return csum::replace16(check, from, to);
}

bool icmp_query(uint8_t type) {
  return type == 0 || type == 8 || type == 13 || type == 14 || type == 15 || type == 16 ||
         type == 17 || type == 18;
}

// The transport part of a manip: ports / ICMP id, and the pseudo-header address change for the
// protocols whose checksum covers it. `old_addr`/`new_addr` are the address being replaced.
bool manip_l4(const L4Ref& l4, uint8_t nfproto, const uint8_t* old_addr,
              const uint8_t* new_addr, const Tuple& target, ManipType type) {
  if (l4.p == nullptr) return true;
  uint8_t* p = l4.p;
  const bool src = type == ManipType::kSrc;
  switch (l4.proto) {
    case kProtoTcp: {
      if (l4.avail < 8) return false;
      uint8_t* port = p + (src ? 0 : 2);
      uint16_t old_port = csum::load16(port);
      uint16_t new_port = src ? target.sport : target.dport;
      // A TCP header embedded in an ICMP error may stop after 8 bytes: then the checksum
      // field is not there to update.
      if (l4.avail >= 20) {
        uint16_t c = csum::load16(p + 16);
        c = addr_replace(c, old_addr, new_addr, nfproto);
        c = csum::replace2(c, old_port, new_port);
        csum::store16(p + 16, c);
      }
      csum::store16(port, new_port);
      return true;
    }
    case kProtoUdp: {
      if (l4.avail < 8) return false;
      uint8_t* port = p + (src ? 0 : 2);
      uint16_t old_port = csum::load16(port);
      uint16_t new_port = src ? target.sport : target.dport;
      uint16_t c = csum::load16(p + 6);
      // IPv4 UDP may go without checksum (0); it stays so. A computed 0 is sent as 0xffff.
      if (nfproto == kNfprotoIpv6 || c != 0) {
        c = addr_replace(c, old_addr, new_addr, nfproto);
        c = csum::replace2(c, old_port, new_port);
        if (c == 0) c = 0xffff;
        csum::store16(p + 6, c);
      }
      csum::store16(port, new_port);
      return true;
    }
    case kProtoIcmp: {
      if (l4.avail < 8) return false;
      if (!icmp_query(p[0])) return true;
      uint16_t old_id = csum::load16(p + 4);
      csum::store16(p + 2, csum::replace2(csum::load16(p + 2), old_id, target.sport));
      csum::store16(p + 4, target.sport);
      return true;
    }
    case kProtoIcmpv6: {
      if (l4.avail < 8) return false;
      uint16_t c = addr_replace(csum::load16(p + 2), old_addr, new_addr, nfproto);
      if (p[0] == 128 || p[0] == 129) {
        c = csum::replace2(c, csum::load16(p + 4), target.sport);
        csum::store16(p + 4, target.sport);
      }
      csum::store16(p + 2, c);
      return true;
    }
    default:
      return true;  // other protocols: addresses only
  }
}

// nf_nat_ipv{4,6}_manip_pkt(): transport first (it needs the old address), then the address
// and, for IPv4, the header checksum.
bool manip_ip(uint8_t* l3, uint8_t nfproto, const L4Ref& l4, const Tuple& target,
              ManipType type) {
  const bool v4 = nfproto == kNfprotoIpv4;
  const size_t alen = v4 ? 4 : 16;
  uint8_t* addr = l3 + (v4 ? (type == ManipType::kSrc ? 12 : 16)
                           : (type == ManipType::kSrc ? 8 : 24));
  const uint8_t* new_addr = type == ManipType::kSrc ? target.src : target.dst;
  uint8_t old_addr[16];
  std::memcpy(old_addr, addr, alen);
  if (!manip_l4(l4, nfproto, old_addr, new_addr, target, type)) return false;
  std::memcpy(addr, new_addr, alen);
  if (v4) {
    csum::store16(l3 + 10, csum::replace4(csum::load16(l3 + 10), csum::load32(old_addr),
                                          csum::load32(new_addr)));
  }
  return true;
}

// Full ICMP / ICMPv6 checksum of `len` bytes at `icmp` (IPv6 with its pseudo-header).
void recompute_icmp(uint8_t* l3, uint8_t nfproto, uint8_t* icmp, size_t len) {
  csum::store16(icmp + 2, 0);
  uint32_t sum = 0;
  if (nfproto == kNfprotoIpv6) {
    uint8_t pseudo[40] = {};
    std::memcpy(pseudo, l3 + 8, 32);
    pseudo[34] = static_cast<uint8_t>(len >> 8);
    pseudo[35] = static_cast<uint8_t>(len);
    pseudo[39] = kProtoIcmpv6;
    pseudo[32] = static_cast<uint8_t>(len >> 24);
    pseudo[33] = static_cast<uint8_t>(len >> 16);
    sum = csum::partial(pseudo, sizeof(pseudo));
  }
  sum = csum::partial(icmp, len, sum);
  csum::store16(icmp + 2, csum::finish(sum));
}

// nf_nat_icmp_reply_translation(): the embedded packet is one of this conn's packets going
// the other way, so it gets the reverse manip from the other direction's tuple; the outer
// header is then rewritten like any packet of this direction.
bool translate_icmp_error(Frame& f, const Conn& conn, Dir dir, ManipType type) {
  uint8_t* l3 = f.l3();
  uint8_t* icmp = f.l4();
  const uint8_t nfproto = f.hdr.nfproto;
  const size_t icmp_len = f.hdr.l3_len - (f.hdr.l4_off - f.hdr.l3_off);
  if (icmp_len < 8) return false;
  uint8_t* inner = icmp + 8;
  const size_t inner_avail = icmp_len - 8;
  EmbeddedIp e;
  if (!parse_embedded_ip(inner, inner_avail, nfproto, e)) return false;
  L4Ref inner_l4{inner + e.l4_off, inner_avail - e.l4_off, e.proto};
  const Tuple& other_tuple = conn.tuples[idx(other(dir))];
  const ManipType reverse = type == ManipType::kSrc ? ManipType::kDst : ManipType::kSrc;
  if (!manip_ip(inner, nfproto, inner_l4, other_tuple, reverse)) return false;

  Tuple target = other_tuple.inverse();
  L4Ref outer_l4{icmp, icmp_len, f.hdr.l4proto};
  if (!manip_ip(l3, nfproto, outer_l4, target, type)) return false;
  recompute_icmp(l3, nfproto, icmp, icmp_len);
  return true;
}

}  // namespace

bool manip_packet(Frame& f, const Conn& conn, Dir dir, ManipType type) {
  uint32_t bit = type == ManipType::kSrc ? ips::kSrcNat : ips::kDstNat;
  // In the reply direction the opposite manip undoes the original's.
  if (dir == Dir::kReply) bit ^= ips::kNatMask;
  if (!(conn.status & bit)) return true;
  const Headers& h = f.hdr;
  if (h.nfproto != kNfprotoIpv4 && h.nfproto != kNfprotoIpv6) return false;
  if (h.l3_off + static_cast<uint32_t>(h.l3_len) > f.len) return false;
  const bool has_l4 = h.l4_off != 0 && !h.later_fragment;
  const size_t l4_avail = has_l4 ? h.l3_len - (h.l4_off - h.l3_off) : 0;
  if (has_l4 && (h.l4proto == kProtoIcmp || h.l4proto == kProtoIcmpv6) && l4_avail >= 8 &&
      is_icmp_error(h.l4proto, f.l4()[0]))
    return translate_icmp_error(f, conn, dir, type);
  L4Ref l4;
  if (has_l4) l4 = L4Ref{f.l4(), l4_avail, h.l4proto};
  Tuple target = conn.tuples[idx(other(dir))].inverse();
  return manip_ip(f.l3(), h.nfproto, l4, target, type);
}

}  // namespace nftx::fastpath::ct
