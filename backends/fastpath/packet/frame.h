// SPDX-License-Identifier: GPL-2.0-or-later
// A packet as the engine carries it: an Ethernet frame in a buffer with headroom (so a VLAN tag
// can be pushed in place), the interface it arrived on, skb-like metadata, and the header offsets
// parse() found. Buffers come from a pool and are reused: nothing is allocated per packet.
#pragma once

#include <cstdint>

namespace nftx::fastpath {

inline constexpr uint32_t kFrameHeadroom = 64;
inline constexpr uint32_t kFrameMaxLen = 9216 + 18;  // jumbo MTU + Ethernet + one VLAN tag

// NFPROTO_* of the network header (what `meta nfproto` loads).
inline constexpr uint8_t kNfprotoIpv4 = 2, kNfprotoIpv6 = 10;

// Header layout found by parse(). Offsets are from Frame::data (the Ethernet header).
struct Headers {
  uint16_t ethertype = 0;    // after any 802.1Q tag (ETH_P_IP 0x0800, ETH_P_IPV6 0x86dd, ...)
  uint16_t vlan_tci = 0;     // full TCI of the in-band 802.1Q tag, when vlan
  bool vlan = false;
  uint8_t nfproto = 0;       // kNfprotoIpv4 / kNfprotoIpv6, 0 for anything else
  uint16_t l3_off = 0;       // network header: 14, or 18 behind one tag
  uint16_t l4_off = 0;       // transport header; 0 when there is none (non-first fragment)
  uint8_t l4proto = 0;       // IPPROTO_* (IPv6: after the extension headers)
  uint16_t l3_len = 0;       // IPv4 tot_len / IPv6 40 + payload_len: bytes of the datagram
  bool fragment = false;     // IPv4 MF or offset != 0; IPv6 fragment header present
  bool later_fragment = false;  // fragment offset != 0: no transport header in this packet
  bool ip_options = false;   // IPv4 ihl > 5
};

struct Frame {
  uint8_t* head = nullptr;   // start of the buffer
  uint32_t capacity = 0;     // bytes from head
  uint8_t* data = nullptr;   // first byte of the Ethernet header (head + headroom)
  uint32_t len = 0;          // bytes from data
  uint32_t iif = 0;          // ifindex the frame arrived on
  uint32_t oif = 0;          // ifindex chosen by routing / the flowtable
  uint32_t mark = 0;         // skb->mark (`meta mark`)
  uint64_t rx_ns = 0;        // arrival time (pcap timestamp or the engine clock)
  uint16_t frag_max_size = 0;  // reassembled IPv4 datagram: its largest fragment (IPCB)
  Headers hdr;               // valid after parse() succeeded

  uint32_t headroom() const { return static_cast<uint32_t>(data - head); }
  uint8_t* l3() { return data + hdr.l3_off; }
  uint8_t* l4() { return data + hdr.l4_off; }
  const uint8_t* l3() const { return data + hdr.l3_off; }
  const uint8_t* l4() const { return data + hdr.l4_off; }
};

}  // namespace nftx::fastpath
