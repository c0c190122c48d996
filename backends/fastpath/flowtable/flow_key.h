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
    return std::memcmp(&a, &b, sizeof(FlowKey)) == 0;
  }
};
static_assert(sizeof(FlowKey) == 48, "FlowKey is compared and hashed as 48 raw bytes");

inline uint64_t hash_key(const FlowKey& k) {
  uint64_t w[6];
  std::memcpy(w, &k, sizeof(w));
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (uint64_t x : w) {
    h ^= x;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  return h;
}

}  // namespace nftx::fastpath::flow
