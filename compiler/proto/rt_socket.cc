// SPDX-License-Identifier: GPL-2.0-or-later
// Routing (nft's src/rt.c) and socket (src/socket.c) keys: NFT_RT_* / NFT_SOCKET_* number,
// datatype, length and byte order of the value in the register.
#include "compiler/proto/protocol.h"

namespace nftx::proto {
namespace {

using enum TypeId;
constexpr ByteOrder kBig = ByteOrder::Big;
constexpr ByteOrder kHost = ByteOrder::Host;

constexpr Key kRtKeys[] = {
    {"classid", 0, Realm, 32, kHost},       {"ip nexthop", 1, Ipaddr, 32, kBig},  // NFT_RT_NEXTHOP4
    {"ip6 nexthop", 2, Ip6addr, 128, kBig},                                       // NFT_RT_NEXTHOP6
    {"mtu", 3, Integer, 16, kHost},                                               // NFT_RT_TCPMSS
    {"ipsec", 4, Boolean, 8, kHost},                                              // NFT_RT_XFRM
};

constexpr Key kSocketKeys[] = {
    {"transparent", 0, Integer, 8, kHost},
    {"mark", 1, Mark, 32, kHost},
    {"wildcard", 2, Integer, 8, kHost},
    {"cgroupv2", 3, Cgroupv2, 64, kHost},
};

const Key* find(std::span<const Key> keys, std::string_view name) {
  for (const Key& k : keys) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

}  // namespace

std::span<const Key> rt_keys() { return kRtKeys; }
const Key* rt_key(std::string_view name) { return find(kRtKeys, name); }
std::span<const Key> socket_keys() { return kSocketKeys; }
const Key* socket_key(std::string_view name) { return find(kSocketKeys, name); }

}  // namespace nftx::proto
