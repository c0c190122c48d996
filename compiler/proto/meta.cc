// SPDX-License-Identifier: GPL-2.0-or-later
// Meta keys (nft's meta_templates in src/meta.c): NFT_META_* number, datatype, the length nft
// gives the expression and the byte order its value has in the register.
#include "compiler/proto/protocol.h"

namespace nftx::proto {
namespace {

using enum TypeId;
constexpr ByteOrder kBig = ByteOrder::Big;
constexpr ByteOrder kHost = ByteOrder::Host;
constexpr uint32_t kIfnameBits = 16 * 8;  // IFNAMSIZ

// Ordered by key number. `writable` follows the kernel's nft_meta_set_init() (mark, priority,
// pkttype, nftrace, secmark) and nft_meta_bridge (broute).
constexpr Key kMetaKeys[] = {
    {"length", 0, Integer, 32, kHost},
    {"protocol", 1, Ethertype, 16, kBig},
    {"priority", 2, Classid, 32, kHost, true},
    {"mark", 3, Mark, 32, kHost, true},
    {"iif", 4, Ifindex, 32, kHost},
    {"oif", 5, Ifindex, 32, kHost},
    {"iifname", 6, Ifname, kIfnameBits, kHost},
    {"oifname", 7, Ifname, kIfnameBits, kHost},
    {"iiftype", 8, Arphrd, 16, kHost},
    {"oiftype", 9, Arphrd, 16, kHost},
    {"skuid", 10, Uid, 32, kHost},
    {"skgid", 11, Gid, 32, kHost},
    {"nftrace", 12, Integer, 1, kHost, true},
    {"rtclassid", 13, Realm, 32, kHost},
    {"secmark", 14, Integer, 32, kHost, true},
    {"nfproto", 15, Nfproto, 8, kHost},
    {"l4proto", 16, InetProto, 8, kHost},
    {"ibrname", 17, Ifname, kIfnameBits, kHost},  // NFT_META_BRI_IIFNAME
    {"obrname", 18, Ifname, kIfnameBits, kHost},  // NFT_META_BRI_OIFNAME
    {"pkttype", 19, Pkttype, 8, kHost, true},
    {"cpu", 20, Integer, 32, kHost},
    {"iifgroup", 21, Devgroup, 32, kHost},
    {"oifgroup", 22, Devgroup, 32, kHost},
    {"cgroup", 23, Integer, 32, kHost},
    // NFT_META_PRANDOM: nft declares it big endian so that values are not converted.
    {"random", 24, Integer, 32, kBig},
    {"ipsec", 25, Boolean, 8, kHost},  // NFT_META_SECPATH
    {"iifkind", 26, Ifname, kIfnameBits, kHost},
    {"oifkind", 27, Ifname, kIfnameBits, kHost},
    {"ibrpvid", 28, Integer, 16, kHost},     // NFT_META_BRI_IIFPVID
    {"ibrvproto", 29, Ethertype, 16, kBig},  // NFT_META_BRI_IIFVPROTO
    {"time", 30, TimeDate, 64, kHost},       // NFT_META_TIME_NS, nanoseconds since the epoch
    {"day", 31, TimeDay, 8, kHost},          // NFT_META_TIME_DAY
    {"hour", 32, TimeHour, 32, kHost},       // NFT_META_TIME_HOUR, seconds since midnight UTC
    {"sdif", 33, Ifindex, 32, kHost},
    {"sdifname", 34, Ifname, kIfnameBits, kHost},
    {"broute", 35, Integer, 1, kHost, true},  // NFT_META_BRI_BROUTE (nft >= 1.0.7)
    // 36 is __NFT_META_IIFTYPE, a placeholder.
    {"ibrhwaddr", 37, Etheraddr, 48, kBig},  // NFT_META_BRI_IIFHWADDR (nft >= 1.1.1)
};

// Spellings nft still accepts for compatibility.
struct Alias {
  std::string_view name;
  std::string_view key;
};
constexpr Alias kMetaAliases[] = {
    {"ibriport", "ibrname"},
    {"obriport", "obrname"},
    {"secpath", "ipsec"},
};

const Key* find_by_name(std::string_view name) {
  for (const Key& k : kMetaKeys) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

}  // namespace

std::span<const Key> meta_keys() { return kMetaKeys; }

const Key* meta_key(std::string_view name) {
  if (const Key* k = find_by_name(name)) return k;
  for (const Alias& a : kMetaAliases) {
    if (a.name == name) return find_by_name(a.key);
  }
  return nullptr;
}

const Key* meta_key(uint32_t key) {
  for (const Key& k : kMetaKeys) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

}  // namespace nftx::proto
