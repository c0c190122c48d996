// SPDX-License-Identifier: GPL-2.0-or-later
// The conntrack tuple (nf_conntrack_tuple): what identifies one direction of a connection.
// The struct has no padding and every byte is zero-initialised, so it is hashed and compared
// bytewise, as the kernel does with its tuples (and as the flowtable key requires, spec §1.1).
//
// Layout of the per-protocol part (all in network byte order, as in the packet):
//   TCP/UDP:   sport, dport = the ports.
//   ICMP/v6:   sport = echo identifier; dport = the bytes {type, code} in memory order (the
//              kernel's dst.u.icmp.{type,code}), see icmp_type()/icmp_code().
//   others:    sport = dport = 0 (generic tracking: addresses and protocol only).
#pragma once

#include <cstdint>
#include <cstring>

namespace nftx::fastpath::ct {

// IPPROTO_* values used by tracking.
inline constexpr uint8_t kProtoIcmp = 1, kProtoTcp = 6, kProtoUdp = 17, kProtoIcmpv6 = 58;

struct Tuple {
  uint8_t src[16] = {};  // IPv4: first 4 bytes, the rest stays 0
  uint8_t dst[16] = {};
  uint16_t sport = 0;  // network order
  uint16_t dport = 0;  // network order
  uint8_t l3 = 0;      // NFPROTO_IPV4 (2) / NFPROTO_IPV6 (10)
  uint8_t l4 = 0;      // IPPROTO_*

  bool is_icmp() const { return l4 == kProtoIcmp || l4 == kProtoIcmpv6; }
  uint8_t icmp_type() const { return reinterpret_cast<const uint8_t*>(&dport)[0]; }
  uint8_t icmp_code() const { return reinterpret_cast<const uint8_t*>(&dport)[1]; }
  void set_icmp(uint8_t type, uint8_t code, uint16_t id_be) {
    uint8_t b[2] = {type, code};
    std::memcpy(&dport, b, 2);
    sport = id_be;
  }
  uint32_t addr_len() const { return l3 == 10 ? 16 : 4; }

  // The reverse direction. ICMP: request <-> reply type (kernel invmap); a type without an
  // inverse keeps its type (use invert() to detect that case).
  Tuple inverse() const;

  friend bool operator==(const Tuple& a, const Tuple& b) {
    return std::memcmp(&a, &b, sizeof(Tuple)) == 0;
  }
};
static_assert(sizeof(Tuple) == 38, "Tuple must have no padding: it is hashed bytewise");

// nf_ct_invert_tuple: false for ICMP types that have no reply type (the kernel then refuses to
// create a conntrack and the packet is INVALID).
bool invert(const Tuple& in, Tuple& out);

// ICMP(v6) type with a reply counterpart: returns the counterpart, or -1.
int icmp_inverse_type(uint8_t l4, uint8_t type);

// Fast 64-bit hash of the tuple bytes plus the zone, keyed by a per-table seed
// (multiply / xor-shift mixing over four 8-byte words and the 6-byte tail).
inline uint64_t mix64(uint64_t x) {
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  return x;
}

inline uint64_t hash(const Tuple& t, uint16_t zone, uint64_t seed) {
  const auto* p = reinterpret_cast<const uint8_t*>(&t);
  uint64_t h = seed ^ (static_cast<uint64_t>(zone) << 48);
  for (int i = 0; i < 4; ++i) {
    uint64_t w;
    std::memcpy(&w, p + 8 * i, 8);
    h = mix64(h ^ w) + 0x9e3779b97f4a7c15ULL;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p + 32, 6);
  return mix64(h ^ tail);
}

}  // namespace nftx::fastpath::ct
