// SPDX-License-Identifier: GPL-2.0-or-later
// Header parsing: fills Frame::hdr with the offsets of the Ethernet, optional 802.1Q, IPv4/IPv6
// and transport headers, after the length checks the kernel does on receive (ip_rcv, ipv6_rcv)
// and the ones nft expressions and conntrack rely on.
//
// Guarantees after a successful parse():
//  - IP packets: l3_off + l3_len <= len, and len was trimmed to l3_off + l3_len (Ethernet padding
//    is removed as ip_rcv's pskb_trim_rcsum does).
//  - l4_off != 0 only when the transport header is in the frame: TCP has doff >= 5 and all of
//    it; UDP has 8 bytes and (unfragmented) 8 <= uh->len <= the L4 bytes; ICMP/ICMPv6 have 8.
//    Other protocols (ESP, GRE, SCTP, ...) get l4_off without checks beyond "inside the datagram".
//  - non-IP ethertypes (ARP, 802.1ad outer tags, a second 802.1Q tag, ...) are L2-only:
//    nfproto 0, ok. They are not errors: the engine bridges or drops them by policy.
// The IPv4 header checksum is not verified here (see ipv4_header_ok() in checksum.h).
#pragma once

#include <netinet/in.h>

#include "backends/fastpath/packet/drop_reason.h"
#include "backends/fastpath/packet/frame.h"
#include "backends/fastpath/packet/wire.h"

namespace nftx::fastpath {

struct ParseResult {
  DropReason reason = DropReason::None;
  bool ok() const { return reason == DropReason::None; }
};

// Parses f.data[0, f.len); resets f.hdr first. On failure f.hdr holds what was found so far.
ParseResult parse(Frame& f);

// parse() with its most common case inline: an untagged IPv4 datagram without options or
// fragmentation carrying a complete TCP or UDP header. That case gets exactly the Headers and
// trimmed length parse() gives it (parse_test checks the two against each other on every
// input); everything else, well-formed or not, is left to parse().
inline ParseResult parse_fast(Frame& f) {
  constexpr uint32_t kL4 = kEthHdrLen + kIpv4HdrLen;
  const uint8_t* d = f.data;
  if (f.len >= kL4 + kUdpHdrLen && d[12] == 0x08 && d[13] == 0x00 && d[14] == 0x45) {
    const uint8_t* ip = d + kEthHdrLen;
    const uint32_t tot = static_cast<uint32_t>(ip[2] << 8 | ip[3]);
    const uint8_t proto = ip[9];
    // No MF flag, offset 0 (DF may be set); the datagram fits in the frame.
    if ((ip[6] & 0x3f) == 0 && ip[7] == 0 && tot >= kIpv4HdrLen + kUdpHdrLen &&
        tot <= f.len - kEthHdrLen) {
      const uint8_t* l4 = d + kL4;
      const uint32_t avail = tot - kIpv4HdrLen;
      bool ok = false;
      if (proto == IPPROTO_UDP) {
        const uint32_t ulen = static_cast<uint32_t>(l4[4] << 8 | l4[5]);
        ok = ulen >= kUdpHdrLen && ulen <= avail;
      } else if (proto == IPPROTO_TCP) {
        const uint32_t doff = static_cast<uint32_t>(l4[12] >> 4);
        ok = avail >= kTcpHdrLen && doff >= 5 && doff * 4 <= avail;
      }
      if (ok) {
        Headers h;
        h.ethertype = kEthPIpv4;
        h.nfproto = kNfprotoIpv4;
        h.l3_off = kEthHdrLen;
        h.l4_off = kL4;
        h.l4proto = proto;
        h.l3_len = static_cast<uint16_t>(tot);
        f.hdr = h;
        f.len = kEthHdrLen + tot;
        return {};
      }
    }
  }
  return parse(f);
}

}  // namespace nftx::fastpath
