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

#include "backends/fastpath/packet/drop_reason.h"
#include "backends/fastpath/packet/frame.h"

namespace nftx::fastpath {

struct ParseResult {
  DropReason reason = DropReason::None;
  bool ok() const { return reason == DropReason::None; }
};

// Parses f.data[0, f.len); resets f.hdr first. On failure f.hdr holds what was found so far.
ParseResult parse(Frame& f);

}  // namespace nftx::fastpath
