// SPDX-License-Identifier: GPL-2.0-or-later
// Packets the gateway sends itself: ICMP/ICMPv6 errors (TTL expiry, no route, frag-needed /
// packet too big, `reject with icmp(x) type ...`) and the TCP RST of `reject with tcp reset`.
//
// The output is a complete Ethernet frame with zero MAC addresses and the right ethertype and no
// VLAN tag: the engine routes it, fills the MACs from the neighbour table and pushes a tag if the
// egress port needs one. All checksums are correct; out.hdr is parsed.
//
// Like the kernel, nothing is sent (the functions return false / an empty vector) for:
//  - ICMP errors (and unknown ICMP types) or ICMPv6 errors (types < 128) as the offending packet,
//  - link-layer broadcast/multicast frames (destination MAC with the group bit) and IPv4
//    multicast / limited broadcast destinations (icmp_send checks pkt_type and the route type;
//    directed broadcasts need the routing table, so the engine checks those itself),
//  - IPv4 non-first fragments; IPv6 non-first fragments do get ICMPv6 errors (icmp6_send only
//    skips ICMPv6 errors) but not TCP resets,
//  - sources that cannot identify one node: 0.0.0.0, IPv4 multicast/broadcast, ::, ff00::/8.
//  - IPv6 multicast destinations, except for Packet Too Big (RFC 4443 2.4 (e.3)).
// TCP resets are also not sent in answer to a RST, or when the TCP checksum is wrong
// (nf_reject_ip_tcphdr_get / nf_reject_ip6_tcphdr_get).
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <vector>

#include "backends/fastpath/packet/frame.h"

namespace nftx::fastpath {

// ICMPv4 types/codes (RFC 792, 1812) the engine uses.
inline constexpr uint8_t kIcmpDestUnreach = 3, kIcmpTimeExceeded = 11, kIcmpParamProblem = 12;
inline constexpr uint8_t kIcmpNetUnreach = 0, kIcmpHostUnreach = 1, kIcmpProtUnreach = 2,
                         kIcmpPortUnreach = 3, kIcmpFragNeeded = 4, kIcmpNetProhibited = 9,
                         kIcmpHostProhibited = 10, kIcmpAdminProhibited = 13;
inline constexpr uint8_t kIcmpExcTtl = 0;
// ICMPv6 types/codes (RFC 4443).
inline constexpr uint8_t kIcmp6DestUnreach = 1, kIcmp6PacketTooBig = 2, kIcmp6TimeExceeded = 3,
                         kIcmp6ParamProblem = 4;
inline constexpr uint8_t kIcmp6NoRoute = 0, kIcmp6AdminProhibited = 1, kIcmp6BeyondScope = 2,
                         kIcmp6AddrUnreach = 3, kIcmp6PortUnreach = 4, kIcmp6PolicyFail = 5,
                         kIcmp6RejectRoute = 6;
inline constexpr uint8_t kIcmp6ExcHoplimit = 0;

// Most bytes of an ICMP error datagram (RFC 1812 4.3.2.3, as Linux: 576) and of an ICMPv6 one
// (the IPv6 minimum MTU, RFC 4443 2.4 (c)).
inline constexpr uint32_t kIcmpErrorMaxLen = 576;
inline constexpr uint32_t kIcmp6ErrorMaxLen = 1280;
inline constexpr uint8_t kReplyTtl = 64;  // net.ipv4.ip_default_ttl / IPv6 hop limit default

struct IcmpErrorSpec {
  uint8_t type = 0;
  uint8_t code = 0;
  // Frag-needed (v4: next-hop MTU, 16 bits) and Packet Too Big (v6: 32-bit MTU); parameter
  // problem: the pointer (v4: 8 bits, v6: 32 bits). Ignored for the other types.
  uint32_t mtu = 0;
  uint16_t ip_id = 0;  // IPv4 id of the error datagram (the engine may pass a counter)
};

// ICMPv4 error quoting the offending datagram (IP header, options and as much data as fits in
// kIcmpErrorMaxLen), sent from `src` to the offending source. TOS is the offending TOS's
// precedence-free bits with precedence 6 (internetwork control), as icmp_send does.
// `orig` must be a parsed IPv4 frame. `out` must be an empty pool frame (data at headroom).
bool make_icmp4_error(const Frame& orig, const IcmpErrorSpec& spec, const in_addr& src, Frame& out);
std::vector<uint8_t> make_icmp4_error(const Frame& orig, const IcmpErrorSpec& spec,
                                      const in_addr& src);

// ICMPv6 error quoting the offending packet up to kIcmp6ErrorMaxLen in total.
bool make_icmp6_error(const Frame& orig, const IcmpErrorSpec& spec, const in6_addr& src,
                      Frame& out);
std::vector<uint8_t> make_icmp6_error(const Frame& orig, const IcmpErrorSpec& spec,
                                      const in6_addr& src);

// TCP RST answering a parsed IPv4 or IPv6 TCP frame, from its destination to its source
// (RFC 793 "Reset Generation": seq = the segment's ACK if it has one, else seq 0 with
// ACK = SEG.SEQ + SEG.LEN (+1 for SYN, +1 for FIN)). IPv4 gets DF, id 0, TTL 64 like
// nf_send_reset; window 0, no options.
bool make_tcp_reset(const Frame& orig, Frame& out);
std::vector<uint8_t> make_tcp_reset(const Frame& orig);

}  // namespace nftx::fastpath
