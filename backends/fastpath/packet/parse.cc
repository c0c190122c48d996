// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/parse.h"

#include <netinet/in.h>

#include "backends/fastpath/packet/wire.h"

namespace nftx::fastpath {

namespace {

uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

ParseResult fail(DropReason r) { return ParseResult{r}; }

// The transport header at `off` with `avail` bytes of the datagram after it in this packet.
// `fragmented`: the datagram is split, so UDP's length field cannot be checked against `avail`.
ParseResult parse_l4(Frame& f, uint32_t off, uint32_t avail, bool fragmented) {
  const uint8_t* p = f.data + off;
  switch (f.hdr.l4proto) {
    case IPPROTO_TCP: {
      if (avail < kTcpHdrLen) return fail(DropReason::TruncatedTcp);
      uint32_t doff = p[12] >> 4;
      if (doff < 5) return fail(DropReason::BadTcpHeader);
      if (doff * 4 > avail) return fail(DropReason::TruncatedTcp);
      break;
    }
    case IPPROTO_UDP: {
      if (avail < kUdpHdrLen) return fail(DropReason::TruncatedUdp);
      if (!fragmented) {
        uint32_t ulen = be16(p + 4);
        // Shorter than the IP payload is fine (udp_rcv trims); longer is truncation.
        if (ulen < kUdpHdrLen) return fail(DropReason::BadUdpLength);
        if (ulen > avail) return fail(DropReason::TruncatedUdp);
      }
      break;
    }
    case IPPROTO_ICMP:
    case IPPROTO_ICMPV6:
      // Every ICMP and ICMPv6 message has at least type, code, checksum and 4 more bytes, and
      // conntrack reads all 8 (struct icmphdr / icmp6hdr).
      if (avail < kIcmpHdrLen) return fail(DropReason::TruncatedIcmp);
      break;
    default:
      break;
  }
  f.hdr.l4_off = static_cast<uint16_t>(off);
  return {};
}

ParseResult parse_ipv4(Frame& f) {
  uint32_t off = f.hdr.l3_off;
  uint32_t avail = f.len - off;
  if (avail < kIpv4HdrLen) return fail(DropReason::TruncatedIpv4);
  const uint8_t* ip = f.data + off;
  uint32_t ihl = ip[0] & 0x0f;
  if ((ip[0] >> 4) != 4 || ihl < 5) return fail(DropReason::BadIpv4Header);
  uint32_t hlen = ihl * 4;
  if (avail < hlen) return fail(DropReason::TruncatedIpv4);
  uint32_t tot = be16(ip + 2);
  if (tot < hlen || tot > avail) return fail(DropReason::Ipv4Length);

  Headers& h = f.hdr;
  h.nfproto = kNfprotoIpv4;
  h.l3_len = static_cast<uint16_t>(tot);
  f.len = off + tot;  // drop Ethernet padding
  h.ip_options = ihl > 5;
  uint16_t frag = be16(ip + 6);
  h.later_fragment = (frag & kIpv4OffsetMask) != 0;
  h.fragment = h.later_fragment || (frag & kIpv4Mf) != 0;
  h.l4proto = ip[9];
  if (h.later_fragment) return {};
  return parse_l4(f, off + hlen, tot - hlen, h.fragment);
}

ParseResult parse_ipv6(Frame& f) {
  uint32_t off = f.hdr.l3_off;
  uint32_t avail = f.len - off;
  if (avail < kIpv6HdrLen) return fail(DropReason::TruncatedIpv6);
  const uint8_t* ip = f.data + off;
  if ((ip[0] >> 4) != 6) return fail(DropReason::BadIpv6Header);
  // A payload length of 0 is only valid with nothing (or a jumbo option) after the header;
  // jumbograms cannot fit in a frame, so the walk below rejects them as truncated.
  uint32_t tot = kIpv6HdrLen + be16(ip + 4);
  if (tot > avail) return fail(DropReason::Ipv6Length);

  Headers& h = f.hdr;
  h.nfproto = kNfprotoIpv6;
  h.l3_len = static_cast<uint16_t>(tot);
  f.len = off + tot;

  uint8_t nh = ip[6];
  uint32_t pos = kIpv6HdrLen;
  // Each extension header is at least 8 bytes, so the walk ends within tot / 8 steps.
  for (;;) {
    const uint8_t* p = ip + pos;
    switch (nh) {
      case IPPROTO_HOPOPTS:
      case IPPROTO_ROUTING:
      case IPPROTO_DSTOPTS:
      case IPPROTO_AH: {
        // RFC 8200 4.1: hop-by-hop options may only follow the fixed header.
        if (nh == IPPROTO_HOPOPTS && pos != kIpv6HdrLen) return fail(DropReason::BadIpv6Exthdr);
        if (pos + 8 > tot) return fail(DropReason::BadIpv6Exthdr);
        uint32_t hlen = nh == IPPROTO_AH ? (p[1] + 2u) * 4 : (p[1] + 1u) * 8;
        if (pos + hlen > tot) return fail(DropReason::BadIpv6Exthdr);
        nh = p[0];
        pos += hlen;
        break;
      }
      case IPPROTO_FRAGMENT: {
        if (pos + 8 > tot) return fail(DropReason::BadIpv6Exthdr);
        h.fragment = true;
        h.later_fragment = h.later_fragment || (be16(p + 2) & 0xfff8) != 0;
        nh = p[0];
        pos += 8;
        if (h.later_fragment) {
          // Like ipv6_find_hdr with IP6_FH_F_FRAG: the protocol is known, its header is not here.
          h.l4proto = nh;
          return {};
        }
        break;
      }
      default:
        h.l4proto = nh;
        return parse_l4(f, off + pos, tot - pos, h.fragment);
    }
  }
}

}  // namespace

ParseResult parse(Frame& f) {
  f.hdr = Headers{};
  if (f.len < kEthHdrLen) return fail(DropReason::TruncatedEthernet);
  uint16_t type = be16(f.data + 12);
  uint16_t off = kEthHdrLen;
  if (type == kEthP8021Q) {
    if (f.len < kEthHdrLen + kVlanHdrLen) return fail(DropReason::TruncatedVlan);
    f.hdr.vlan = true;
    f.hdr.vlan_tci = be16(f.data + 14);
    type = be16(f.data + 16);
    off += kVlanHdrLen;
  }
  f.hdr.ethertype = type;
  f.hdr.l3_off = off;
  if (type == kEthPIpv4) return parse_ipv4(f);
  if (type == kEthPIpv6) return parse_ipv6(f);
  // ARP, 802.1ad, a second 802.1Q tag, ...: L2-only, the engine decides by policy.
  return {};
}

}  // namespace nftx::fastpath
