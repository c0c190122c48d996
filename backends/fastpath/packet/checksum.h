// SPDX-License-Identifier: GPL-2.0-or-later
// Internet checksum (RFC 1071) and its incremental update (RFC 1624: HC' = ~(~HC + ~m + m')).
// All values are in network byte order as they sit in the packet, so no swapping is needed:
// the one's-complement sum is byte-order independent when both operands use the same order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "backends/fastpath/packet/frame.h"

namespace nftx::fastpath::csum {

// 32-bit accumulator of 16-bit words, folded at the end.
inline uint32_t add(uint32_t sum, uint32_t v) {
  sum += v;
  return sum + (sum < v ? 1U : 0U);
}

inline uint16_t fold(uint32_t sum) {
  sum = (sum & 0xffff) + (sum >> 16);
  sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(sum);
}

// Sum of `len` bytes read as 16-bit words in memory order (an odd last byte is padded with 0).
inline uint32_t partial(const uint8_t* p, size_t len, uint32_t sum = 0) {
  uint64_t acc = sum;
  while (len >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    acc += (w & 0xffffffffULL) + (w >> 32);
    p += 8;
    len -= 8;
  }
  while (len >= 2) {
    uint16_t w;
    std::memcpy(&w, p, 2);
    acc += w;
    p += 2;
    len -= 2;
  }
  if (len) {
    uint8_t last[2] = {*p, 0};
    uint16_t w;
    std::memcpy(&w, last, 2);
    acc += w;
  }
  acc = (acc & 0xffffffffULL) + (acc >> 32);
  acc = (acc & 0xffffffffULL) + (acc >> 32);
  return static_cast<uint32_t>(acc);
}

// The checksum field value for data whose sum (with the field zeroed) is `sum`.
inline uint16_t finish(uint32_t sum) { return static_cast<uint16_t>(~fold(sum)); }

// RFC 1624 eqn. 3 for one 16-bit word: `check` is the field as stored (network order).
inline uint16_t replace2(uint16_t check, uint16_t from, uint16_t to) {
  uint32_t s = static_cast<uint16_t>(~check);
  s = add(s, static_cast<uint16_t>(~from));
  s = add(s, to);
  return static_cast<uint16_t>(~fold(s));
}

// The same for a 32-bit value (an IPv4 address), as stored in memory.
inline uint16_t replace4(uint16_t check, uint32_t from, uint32_t to) {
  uint32_t s = static_cast<uint16_t>(~check);
  s = add(s, ~from & 0xffff);
  s = add(s, (~from) >> 16);
  s = add(s, to & 0xffff);
  s = add(s, to >> 16);
  return static_cast<uint16_t>(~fold(s));
}

// The same for 16 bytes (an IPv6 address), both as stored in memory.
inline uint16_t replace16(uint16_t check, const uint8_t* from, const uint8_t* to) {
  uint32_t s = static_cast<uint16_t>(~check);
  for (int i = 0; i < 16; i += 4) {
    uint32_t f, t;
    std::memcpy(&f, from + i, 4);
    std::memcpy(&t, to + i, 4);
    s = add(s, ~f & 0xffff);
    s = add(s, (~f) >> 16);
    s = add(s, t & 0xffff);
    s = add(s, t >> 16);
  }
  return static_cast<uint16_t>(~fold(s));
}

// Loads/stores of 16-bit fields without alignment assumptions (values stay in network order).
inline uint16_t load16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}
inline void store16(uint8_t* p, uint16_t v) { std::memcpy(p, &v, 2); }
inline uint32_t load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline void store32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }

// Pseudo-header sums (RFC 768/793, RFC 8200 section 8.1). Addresses as stored in the packet;
// `proto` and `len` (the L4 byte count) in host order.
uint32_t pseudo_sum_v4(const uint8_t* saddr, const uint8_t* daddr, uint8_t proto, uint32_t len);
uint32_t pseudo_sum_v6(const uint8_t* saddr, const uint8_t* daddr, uint8_t proto, uint32_t len);

}  // namespace nftx::fastpath::csum

namespace nftx::fastpath {

// Frame-level helpers; all need a parsed frame (parse() succeeded).

// True when the IPv4 header (with options) sums to 0xffff, i.e. its checksum is right.
// False for non-IPv4 frames.
bool ipv4_header_ok(const Frame& f);

// Offset of the checksum field inside the transport header (TCP 16, UDP 6, ICMP/ICMPv6 2), or -1
// for protocols without one we handle.
int l4_checksum_offset(uint8_t nfproto, uint8_t l4proto);

// The correct checksum field value (as stored, network order) for the TCP/UDP/ICMP/ICMPv6
// header and payload of f: pseudo header for all but ICMPv4; the datagram length (hdr.l3_len),
// not the frame length, bounds the data. UDP: a computed 0 is returned as 0xffff (RFC 768).
// Returns 0 when there is nothing to compute (no L4 header, fragment, other protocol):
// L4 checksums cover the whole datagram, which a fragment does not hold.
uint16_t l4_checksum(const Frame& f);

// True when the stored L4 checksum equals l4_checksum(f), or it is an IPv4 UDP checksum of 0
// (none sent), or there is nothing to verify (see l4_checksum()).
bool l4_checksum_ok(const Frame& f);

// Recomputes the IPv4 header checksum and the L4 checksum (TCP, UDP, ICMP, ICMPv6) in place.
// An IPv4 UDP checksum of 0 (none sent) stays 0; fragments keep their L4 checksum.
void fix_checksums(Frame& f);

}  // namespace nftx::fastpath
