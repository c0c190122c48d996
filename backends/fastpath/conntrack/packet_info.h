// SPDX-License-Identifier: GPL-2.0-or-later
// What connection tracking needs from one parsed frame (Frame::hdr filled by the parser):
// the tuple, the TCP header fields and options, the ICMP fields, and for ICMP/ICMPv6 error
// messages the tuple of the embedded packet (so the error is RELATED to its connection).
//
// extract() returns nullopt when the packet cannot be tracked:
//   * not IPv4/IPv6, or a truncated transport header (the kernel's tcp_error "truncated");
//   * a non-first fragment (hdr.later_fragment). The kernel reassembles before conntrack;
//     without reassembly the caller must treat such packets as UNTRACKED (or INVALID).
//   * an ICMP error whose embedded header is too short to give a tuple.
// A first fragment is tracked by its ports (CtPacket::fragment is set); TCP lengths then
// cover only this fragment.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "backends/fastpath/conntrack/tuple.h"
#include "backends/fastpath/packet/frame.h"

namespace nftx::fastpath::ct {

// TCP header flag bits (byte 13).
namespace tcph {
inline constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10,
                         kUrg = 0x20, kEce = 0x40, kCwr = 0x80;
}

struct CtPacket {
  Tuple tuple;
  uint32_t len = 0;     // bytes of the datagram from the network header (kernel skb->len)
  uint32_t l4_len = 0;  // bytes from the transport header to the end of the datagram
  bool fragment = false;

  // TCP (host order).
  uint32_t seq = 0;
  uint32_t ack = 0;
  uint16_t win = 0;
  uint8_t tcp_flags = 0;    // tcph::*
  uint8_t tcp_hdr_len = 0;  // doff * 4
  bool opt_wscale = false;  // window scale option seen (value clamped to 14 in wscale)
  uint8_t wscale = 0;
  bool opt_sack_perm = false;
  uint8_t sack_count = 0;   // right edges of the SACK blocks of the first SACK option
  uint32_t sack_right[4] = {0, 0, 0, 0};

  // ICMP / ICMPv6.
  uint8_t icmp_type = 0;
  uint8_t icmp_code = 0;
  bool icmp_error = false;  // destination unreachable, time exceeded, ... (RELATED candidates)
  bool untracked = false;   // ICMPv6 neighbour discovery / MLD: the kernel leaves it UNTRACKED
  Tuple inner;              // tuple of the embedded packet, as it was sent

  bool is_tcp() const { return tuple.l4 == kProtoTcp; }
  // seq + payload + SYN + FIN (segment_seq_plus_len).
  uint32_t seq_end() const;
};

std::optional<CtPacket> extract(const Frame& frame);

// The IP header embedded in an ICMP error (`avail` bytes present, possibly truncated):
// where its transport header starts and which protocol it is. False if too short, or if it is
// not the first fragment. IPv6 extension headers are skipped.
struct EmbeddedIp {
  size_t l4_off = 0;
  uint8_t proto = 0;
};
bool parse_embedded_ip(const uint8_t* p, size_t avail, uint8_t nfproto, EmbeddedIp& out);

// True for ICMP/ICMPv6 error types (the ones that embed the offending packet).
bool is_icmp_error(uint8_t l4, uint8_t type);

}  // namespace nftx::fastpath::ct
