// SPDX-License-Identifier: GPL-2.0-or-later
// The lookup key of one flow direction, laid out like the kernel's struct flow_offload_tuple up to
// __hash: addresses, ports, the interface the packet is expected on, protocols and the L2
// encapsulation. It is zero-initialised (padding included) and hashed/compared as raw bytes.
#pragma once

#include <cstdint>
#include <cstring>

namespace nftx::fastpath::flow {

struct FlowKey {
  uint8_t src[16] = {};    // IPv4 in the first 4 bytes, network order
  uint8_t dst[16] = {};
  uint16_t sport = 0;      // network order
  uint16_t dport = 0;
  uint32_t iif = 0;        // ifindex the packet must arrive on
  uint8_t l3 = 0;          // AF_INET 2 / AF_INET6 10
  uint8_t l4 = 0;          // IPPROTO_TCP / IPPROTO_UDP
  uint16_t encap_id = 0;   // VLAN TCI as found in the packet (the kernel keys on the full TCI)
  uint16_t encap_proto = 0;  // ETH_P_8021Q in network order, or 0
  uint16_t pad = 0;

  friend bool operator==(const FlowKey& a, const FlowKey& b) {
    uint64_t x[6], y[6];
    std::memcpy(x, &a, sizeof(x));
    std::memcpy(y, &b, sizeof(y));
    // Branch-free over the six words: the compare sits on the per-packet path.
    return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3]) | (x[4] ^ y[4]) |
            (x[5] ^ y[5])) == 0;
  }
};
static_assert(sizeof(FlowKey) == 48, "FlowKey is compared and hashed as 48 raw bytes");

namespace detail {
__extension__ typedef unsigned __int128 U128;
// The 128-bit product folded to 64 bits (the mixing step of wyhash-style hashes).
inline uint64_t fold_mul(uint64_t a, uint64_t b) {
  const U128 p = static_cast<U128>(a) * b;
  return static_cast<uint64_t>(p) ^ static_cast<uint64_t>(p >> 64);
}
}  // namespace detail

// Three independent folded multiplies over the six words, then one more to mix them: short
// dependency chains, and every key bit reaches the high bits the index tags are taken from.
inline uint64_t hash_key(const FlowKey& k) {
  uint64_t w[6];
  std::memcpy(w, &k, sizeof(w));
  const uint64_t a = detail::fold_mul(w[0] ^ 0xa0761d6478bd642fULL, w[1] ^ 0xe7037ed1a0b428dbULL);
  const uint64_t b = detail::fold_mul(w[2] ^ 0x8ebc6af09c88c6e3ULL, w[3] ^ 0x589965cc75374cc3ULL);
  const uint64_t c = detail::fold_mul(w[4] ^ 0x1d8e4e27c47d124fULL, w[5] ^ 0x9e3779b97f4a7c15ULL);
  return detail::fold_mul(a ^ b ^ 0xa0761d6478bd642fULL, c ^ 0xe7037ed1a0b428dbULL);
}

}  // namespace nftx::fastpath::flow
