// SPDX-License-Identifier: GPL-2.0-or-later
// Conntrack keys (nft's ct_templates in src/ct.c): NFT_CT_* number, datatype, length and the
// byte order of the value in the register.
#include "compiler/proto/protocol.h"

namespace nftx::proto {
namespace {

using enum TypeId;
constexpr ByteOrder kBig = ByteOrder::Big;
constexpr ByteOrder kHost = ByteOrder::Host;

// Ordered by key number. `writable` follows the kernel's nft_ct_set_init() (mark, secmark,
// label, event, zone); helper, timeout and expectation are assigned through objects instead.
constexpr Key kCtKeys[] = {
    {"state", 0, CtState, 32, kHost},
    {"direction", 1, CtDir, 8, kHost},
    {"status", 2, CtStatus, 32, kHost},
    {"mark", 3, Mark, 32, kHost, true},
    {"secmark", 4, Integer, 32, kHost, true},
    {"expiration", 5, Time, 32, kHost},    // milliseconds
    {"helper", 6, String, 16 * 8, kHost},  // NF_CT_HELPER_NAME_LEN
    {"l3proto", 7, Nfproto, 8, kHost},     // NFT_CT_L3PROTOCOL
    // NFT_CT_SRC/DST: the address family comes from the rule (ip or ip6), so nft gives them no
    // type or length until then: 32 bits ipv4_addr or 128 bits ipv6_addr.
    {"saddr", 8, Invalid, 0, kBig},
    {"daddr", 9, Invalid, 0, kBig},
    {"protocol", 10, InetProto, 8, kBig},
    {"proto-src", 11, InetService, 16, kBig},
    {"proto-dst", 12, InetService, 16, kBig},
    {"label", 13, CtLabel, 128, kHost, true},  // NFT_CT_LABELS
    {"packets", 14, Integer, 64, kHost},       // NFT_CT_PKTS
    {"bytes", 15, Integer, 64, kHost},
    {"avgpkt", 16, Integer, 64, kHost},
    {"zone", 17, Integer, 16, kHost, true},
    {"event", 18, CtEventbit, 32, kHost, true},  // NFT_CT_EVENTMASK
    {"ip saddr", 19, Ipaddr, 32, kBig},          // NFT_CT_SRC_IP
    {"ip daddr", 20, Ipaddr, 32, kBig},          // NFT_CT_DST_IP
    {"ip6 saddr", 21, Ip6addr, 128, kBig},       // NFT_CT_SRC_IP6
    {"ip6 daddr", 22, Ip6addr, 128, kBig},       // NFT_CT_DST_IP6
    {"id", 23, Integer, 32, kBig},
};

}  // namespace

std::span<const Key> ct_keys() { return kCtKeys; }

const Key* ct_key(std::string_view name) {
  for (const Key& k : kCtKeys) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

const Key* ct_key(uint32_t key) {
  for (const Key& k : kCtKeys) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

}  // namespace nftx::proto
