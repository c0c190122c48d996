// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/conntrack/packet_info.h"

#include <cstring>

namespace nftx::fastpath::ct {

namespace {

uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t be32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
         static_cast<uint32_t>(p[2]) << 8 | p[3];
}
uint16_t raw16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}

// Where the transport header of an IP datagram (possibly truncated) starts.
struct L3View {
  const uint8_t* l4 = nullptr;
  size_t l4_avail = 0;  // bytes present from l4
  uint8_t proto = 0;
};

constexpr uint8_t kIpv6Hop = 0, kIpv6Route = 43, kIpv6Frag = 44, kIpv6Dst = 60, kIpv6Ah = 51;

// Fills addresses and protocol of `t` from the header embedded in an ICMP error.
bool parse_inner_l3(const uint8_t* p, size_t avail, uint8_t nfproto, Tuple& t, L3View& v) {
  EmbeddedIp e;
  if (!parse_embedded_ip(p, avail, nfproto, e)) return false;
  t.l3 = nfproto;
  if (nfproto == kNfprotoIpv4) {
    std::memcpy(t.src, p + 12, 4);
    std::memcpy(t.dst, p + 16, 4);
  } else {
    std::memcpy(t.src, p + 8, 16);
    std::memcpy(t.dst, p + 24, 16);
  }
  v.proto = e.proto;
  v.l4 = p + e.l4_off;
  v.l4_avail = avail - e.l4_off;
  return true;
}

// Ports / ICMP fields of the tuple from the first 8 bytes of the transport header
// (the kernel's pkt_to_tuple needs no more, which suits truncated embedded headers).
bool fill_l4(Tuple& t, uint8_t proto, const uint8_t* l4, size_t avail) {
  t.l4 = proto;
  switch (proto) {
    case kProtoTcp:
    case kProtoUdp:
      if (avail < 8) return false;
      t.sport = raw16(l4);
      t.dport = raw16(l4 + 2);
      return true;
    case kProtoIcmp:
    case kProtoIcmpv6:
      if (avail < 8) return false;
      t.set_icmp(l4[0], l4[1], raw16(l4 + 4));
      return true;
    default:
      return true;  // generic: addresses and protocol only
  }
}

void parse_tcp_options(const uint8_t* opt, size_t length, CtPacket& pkt) {
  constexpr uint8_t kEol = 0, kNop = 1, kWindow = 3, kSackPerm = 4, kSack = 5;
  bool sack_done = false;
  while (length > 0) {
    uint8_t kind = *opt;
    if (kind == kEol) return;
    if (kind == kNop) {
      ++opt;
      --length;
      continue;
    }
    if (length < 2) return;
    uint8_t size = opt[1];
    if (size < 2 || size > length) return;  // silly or partial option: stop as the kernel
    if (kind == kSackPerm && size == 2) {
      pkt.opt_sack_perm = true;
    } else if (kind == kWindow && size == 3) {
      pkt.opt_wscale = true;
      pkt.wscale = opt[2] > 14 ? 14 : opt[2];
    } else if (kind == kSack && !sack_done && size >= 10 && (size - 2) % 8 == 0) {
      // Only the first SACK option counts (tcp_sack() returns after it).
      sack_done = true;
      for (size_t i = 2; i + 8 <= size && pkt.sack_count < 4; i += 8)
        pkt.sack_right[pkt.sack_count++] = be32(opt + i + 4);
    }
    opt += size;
    length -= size;
  }
}

bool parse_tcp(const uint8_t* l4, size_t l4_len, CtPacket& pkt) {
  if (l4_len < 20) return false;
  size_t doff = (l4[12] >> 4) * 4U;
  if (doff < 20 || l4_len < doff) return false;  // tcp_error: truncated / malformed
  pkt.seq = be32(l4 + 4);
  pkt.ack = be32(l4 + 8);
  pkt.tcp_flags = l4[13];
  pkt.win = be16(l4 + 14);
  pkt.tcp_hdr_len = static_cast<uint8_t>(doff);
  parse_tcp_options(l4 + 20, doff - 20, pkt);
  return true;
}

// ICMPv6 neighbour discovery and MLD: the kernel attaches the untracked conntrack to them.
bool icmpv6_untracked(uint8_t type) {
  return type == 130 || type == 131 || type == 132 || type == 133 || type == 134 ||
         type == 135 || type == 136 || type == 143;
}

}  // namespace

bool parse_embedded_ip(const uint8_t* p, size_t avail, uint8_t nfproto, EmbeddedIp& out) {
  if (nfproto == kNfprotoIpv4) {
    if (avail < 20) return false;
    size_t ihl = (p[0] & 0x0f) * 4U;
    if (ihl < 20 || avail < ihl) return false;
    if ((be16(p + 6) & 0x1fff) != 0) return false;  // later fragment: no transport header
    out.proto = p[9];
    out.l4_off = ihl;
    return true;
  }
  if (avail < 40) return false;
  uint8_t next = p[6];
  size_t off = 40;
  // Skip extension headers as ipv6_skip_exthdr() does.
  for (;;) {
    if (next != kIpv6Hop && next != kIpv6Route && next != kIpv6Frag && next != kIpv6Dst &&
        next != kIpv6Ah)
      break;
    if (avail < off + 8) return false;
    size_t len;
    if (next == kIpv6Frag) {
      if ((be16(p + off + 2) & 0xfff8) != 0) return false;
      len = 8;
    } else if (next == kIpv6Ah) {
      len = (p[off + 1] + 2U) * 4U;
    } else {
      len = (p[off + 1] + 1U) * 8U;
    }
    next = p[off];
    off += len;
  }
  if (avail < off) return false;
  out.proto = next;
  out.l4_off = off;
  return true;
}

bool is_icmp_error(uint8_t l4, uint8_t type) {
  if (l4 == kProtoIcmp) return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
  if (l4 == kProtoIcmpv6) return type < 128;
  return false;
}

uint32_t CtPacket::seq_end() const {
  uint32_t payload = l4_len - tcp_hdr_len;
  return seq + payload + ((tcp_flags & tcph::kSyn) ? 1U : 0U) +
         ((tcp_flags & tcph::kFin) ? 1U : 0U);
}

std::optional<CtPacket> extract(const Frame& frame) {
  const Headers& h = frame.hdr;
  if (h.nfproto != kNfprotoIpv4 && h.nfproto != kNfprotoIpv6) return std::nullopt;
  if (h.later_fragment || h.l4_off == 0) return std::nullopt;
  if (h.l4_off < h.l3_off || h.l3_off + static_cast<uint32_t>(h.l3_len) > frame.len)
    return std::nullopt;
  CtPacket pkt;
  const uint8_t* l3 = frame.l3();
  pkt.tuple.l3 = h.nfproto;
  if (h.nfproto == kNfprotoIpv4) {
    std::memcpy(pkt.tuple.src, l3 + 12, 4);
    std::memcpy(pkt.tuple.dst, l3 + 16, 4);
  } else {
    std::memcpy(pkt.tuple.src, l3 + 8, 16);
    std::memcpy(pkt.tuple.dst, l3 + 24, 16);
  }
  pkt.len = h.l3_len;
  uint32_t l4_rel = static_cast<uint32_t>(h.l4_off - h.l3_off);
  if (l4_rel > pkt.len) return std::nullopt;
  pkt.l4_len = pkt.len - l4_rel;
  pkt.fragment = h.fragment;
  const uint8_t* l4 = frame.l4();
  if (!fill_l4(pkt.tuple, h.l4proto, l4, pkt.l4_len)) return std::nullopt;

  if (h.l4proto == kProtoTcp) {
    if (!parse_tcp(l4, pkt.l4_len, pkt)) return std::nullopt;
  } else if (pkt.tuple.is_icmp()) {
    if ((h.l4proto == kProtoIcmp) != (h.nfproto == kNfprotoIpv4)) return std::nullopt;
    pkt.icmp_type = l4[0];
    pkt.icmp_code = l4[1];
    if (h.l4proto == kProtoIcmpv6 && icmpv6_untracked(pkt.icmp_type)) pkt.untracked = true;
    if (is_icmp_error(h.l4proto, pkt.icmp_type)) {
      pkt.icmp_error = true;
      L3View v;
      if (!parse_inner_l3(l4 + 8, pkt.l4_len - 8, h.nfproto, pkt.inner, v)) return std::nullopt;
      if (!fill_l4(pkt.inner, v.proto, v.l4, v.l4_avail)) return std::nullopt;
    }
  }
  return pkt;
}

}  // namespace nftx::fastpath::ct
