// SPDX-License-Identifier: GPL-2.0-or-later
// Choosing NAT bindings (nf_nat_setup_info / get_unique_tuple).
#include "backends/fastpath/conntrack/nat.h"

#include <cstring>

namespace nftx::fastpath::ct {

namespace {

constexpr uint32_t kMaxAttempts = 128;  // NF_NAT_MAX_ATTEMPTS

uint16_t to_host(uint16_t be) { return static_cast<uint16_t>((be >> 8) | (be << 8)); }
uint16_t to_net(uint16_t h) { return to_host(h); }
uint32_t load_be32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
         static_cast<uint32_t>(p[2]) << 8 | p[3];
}
void store_be32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

bool has_ports(uint8_t l4) { return l4 == kProtoTcp || l4 == kProtoUdp; }

// The port (or ICMP id) that a manip of this type changes, as stored in the tuple.
uint16_t* key_of(Tuple& t, ManipType type) {
  if (t.is_icmp()) return &t.sport;  // the id is the same in both directions
  return type == ManipType::kSrc ? &t.sport : &t.dport;
}

bool proto_in_range(Tuple& t, ManipType type, uint16_t min, uint16_t max) {
  if (!has_ports(t.l4) && !t.is_icmp()) return true;
  uint16_t v = to_host(*key_of(t, type));
  return v >= min && v <= max;
}

// nf_in_range(), for the source side of the original tuple.
bool in_range(Tuple& t, const NatRange& r) {
  const uint32_t alen = t.addr_len();
  if ((r.flags & natf::kMapIps) &&
      (std::memcmp(t.src, r.min_addr, alen) < 0 || std::memcmp(t.src, r.max_addr, alen) > 0))
    return false;
  if (!(r.flags & natf::kProtoSpecified)) return true;
  return proto_in_range(t, ManipType::kSrc, r.min_proto, r.max_proto);
}

// nf_nat_used_tuple(): would the reply of this candidate collide with a confirmed conn?
bool used(const Table& table, const Tuple& t, const Conn& conn) {
  return table.tuple_taken(t.inverse(), &conn, conn.zone);
}

// find_best_ips_proto(): an address of the range chosen by a hash of the source address (and
// of the destination unless kPersistent), so a client keeps its mapping.
void find_best_ips(Tuple& t, const NatRange& r, const Conn& conn, ManipType type) {
  if (!(r.flags & natf::kMapIps)) return;
  uint8_t* var = type == ManipType::kSrc ? t.src : t.dst;
  const uint32_t alen = t.addr_len();
  if (std::memcmp(r.min_addr, r.max_addr, alen) == 0) {
    std::memcpy(var, r.min_addr, alen);
    return;
  }
  const bool persistent = (r.flags & natf::kPersistent) != 0;
  const uint32_t words = alen / 4;
  uint64_t seed = persistent ? 0 : (load_be32(t.dst + 4 * (words - 1)) ^ conn.zone);
  uint64_t h = seed;
  for (uint32_t i = 0; i < words; ++i) h = mix64(h ^ load_be32(t.src + 4 * i));
  auto j = static_cast<uint32_t>(h);
  bool full = false;
  for (uint32_t i = 0; i < words; ++i) {
    uint32_t lo = 0, dist = 0xffffffffU;
    if (!full) {
      lo = load_be32(r.min_addr + 4 * i);
      dist = load_be32(r.max_addr + 4 * i) - lo + 1;
    }
    auto v = lo + static_cast<uint32_t>((static_cast<uint64_t>(j) * dist) >> 32);
    store_be32(var + 4 * i, v);
    // Once a word is below the maximum, the following words may take any value.
    if (v != load_be32(r.max_addr + 4 * i)) full = true;
    if (!persistent) j ^= load_be32(t.dst + 4 * i);
  }
}

// nf_nat_l4proto_unique_tuple(): search the port (ICMP id) space for a free tuple.
void unique_proto(Table& table, Tuple& t, const NatRange& r, ManipType type, const Conn& conn) {
  uint16_t* key = key_of(t, type);
  uint32_t min;
  uint32_t size;
  if (t.is_icmp()) {
    if (r.flags & natf::kProtoSpecified) {
      min = r.min_proto;
      size = r.max_proto >= r.min_proto ? r.max_proto - r.min_proto + 1U : 1U;
    } else {
      min = 0;
      size = 65536;
    }
  } else if (has_ports(t.l4)) {
    if (!(r.flags & natf::kProtoSpecified)) {
      if (type == ManipType::kDst) return;  // DNAT without ports never changes the port
      uint16_t port = to_host(*key);
      // Keep the class of the port: < 512, 512-1023 (-> 600-1023), >= 1024.
      if (port < 1024) {
        min = port < 512 ? 1 : 600;
        size = port < 512 ? 511 : 1023 - 600 + 1;
      } else {
        min = 1024;
        size = 65535 - 1024 + 1;
      }
    } else {
      min = r.min_proto;
      size = r.max_proto >= r.min_proto ? r.max_proto - r.min_proto + 1U : 1U;
    }
  } else {
    return;
  }

  uint32_t off;
  if (r.flags & natf::kProtoOffset)
    off = static_cast<uint16_t>(to_host(*key) - r.base_proto);
  else if ((r.flags & natf::kProtoRandomAll) || type != ManipType::kDst)
    off = table.random() & 0xffff;
  else
    off = 0;

  uint32_t attempts = size < kMaxAttempts ? size : kMaxAttempts;
  for (;;) {
    for (uint32_t i = 0; i < attempts; ++i, ++off) {
      *key = to_net(static_cast<uint16_t>(min + off % size));
      if (!used(table, t, conn)) return;
    }
    // Narrower windows from fresh random offsets, then give up (confirm() will refuse it).
    if (attempts >= size || attempts < 16) return;
    attempts /= 2;
    off = table.random() & 0xffff;
  }
}

Tuple unique_tuple(Table& table, const Tuple& orig, const NatRange& r, ManipType type,
                   const Conn& conn) {
  const bool random_all = (r.flags & natf::kProtoRandomAll) != 0;
  Tuple t = orig;
  // SNAT keeps the original source when it already fits and is free.
  // (The kernel's reuse of another conn's mapping for the same source, find_appropriate_src,
  // is not implemented.)
  if (type == ManipType::kSrc && !random_all && in_range(t, r) && !used(table, t, conn))
    return t;
  find_best_ips(t, r, conn, type);
  if (!random_all) {
    if (r.flags & natf::kProtoSpecified) {
      if (!(r.flags & natf::kProtoOffset) &&
          proto_in_range(t, type, r.min_proto, r.max_proto) &&
          (r.min_proto == r.max_proto || !used(table, t, conn)))
        return t;
    } else if (!used(table, t, conn)) {
      return t;
    }
  }
  unique_proto(table, t, r, type, conn);
  return t;
}

// nft_nat netmap: keep the host part of the address, replace the prefix by the range's.
void apply_netmap(NatRange& r, const Tuple& curr, ManipType type) {
  const uint8_t* a = type == ManipType::kSrc ? curr.src : curr.dst;
  const uint32_t alen = curr.addr_len();
  uint8_t out[16] = {};
  for (uint32_t i = 0; i < alen; ++i) {
    auto mask = static_cast<uint8_t>(~(r.min_addr[i] ^ r.max_addr[i]));
    out[i] = static_cast<uint8_t>((a[i] & ~mask) | (r.min_addr[i] & mask));
  }
  std::memcpy(r.min_addr, out, 16);
  std::memcpy(r.max_addr, out, 16);
}

}  // namespace

bool nat_initialized(const Conn& conn, ManipType type) {
  return (conn.status & (type == ManipType::kSrc ? ips::kSrcNatDone : ips::kDstNatDone)) != 0;
}

void setup_info(Table& table, Conn& conn, const NatRange& range, ManipType type) {
  if (conn.confirmed() || nat_initialized(conn, type)) return;
  // What the original looks like after the manips already done (e.g. DNAT before SNAT).
  const Tuple curr = conn.tuples[1].inverse();
  NatRange r = range;
  if ((r.flags & natf::kNetmap) && (r.flags & natf::kMapIps)) apply_netmap(r, curr, type);
  Tuple next = unique_tuple(table, curr, r, type, conn);
  if (!(next == curr)) {
    conn.tuples[1] = next.inverse();
    conn.status |= type == ManipType::kSrc ? ips::kSrcNat : ips::kDstNat;
  }
  conn.status |= type == ManipType::kSrc ? ips::kSrcNatDone : ips::kDstNatDone;
}

void null_binding(Table& table, Conn& conn, ManipType type) {
  const Tuple& reply = conn.tuples[1];
  const uint8_t* ip = type == ManipType::kSrc ? reply.dst : reply.src;
  NatRange r;
  r.flags = natf::kMapIps;
  std::memcpy(r.min_addr, ip, 16);
  std::memcpy(r.max_addr, ip, 16);
  setup_info(table, conn, r, type);
}

void masquerade(Table& table, Conn& conn, const uint8_t* addr, uint32_t out_ifindex,
                const NatRange& range) {
  if (conn.confirmed() || nat_initialized(conn, ManipType::kSrc)) return;
  NatRange r = range;
  r.flags |= natf::kMapIps;
  r.flags &= ~natf::kNetmap;
  std::memset(r.min_addr, 0, 16);
  std::memcpy(r.min_addr, addr, conn.tuples[0].addr_len());
  std::memcpy(r.max_addr, r.min_addr, 16);
  conn.masq_ifindex = out_ifindex;
  setup_info(table, conn, r, ManipType::kSrc);
}

void redirect(Table& table, Conn& conn, const uint8_t* local_addr, const NatRange& range) {
  NatRange r = range;
  r.flags |= natf::kMapIps;
  r.flags &= ~natf::kNetmap;
  std::memset(r.min_addr, 0, 16);
  std::memcpy(r.min_addr, local_addr, conn.tuples[0].addr_len());
  std::memcpy(r.max_addr, r.min_addr, 16);
  setup_info(table, conn, r, ManipType::kDst);
}

}  // namespace nftx::fastpath::ct
