// SPDX-License-Identifier: GPL-2.0-or-later
// Addresses as the gateway stores them. IpAddr uses the layout of nf_conntrack tuples and nft
// registers: 16 bytes in network order, an IPv4 address in the first 4 bytes and the other 12
// zero, so a tuple field or a register can be copied into it with one memcpy.
#pragma once

#include <endian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace nftx::fastpath::net {

// The numeric values are the IP version, so `static_cast<int>(family)` prints as users expect.
enum class Family : uint8_t { None = 0, V4 = 4, V6 = 6 };

struct IpAddr {
  std::array<uint8_t, 16> bytes{};  // network order; IPv4 in bytes[0..3], the rest zero
  Family family = Family::None;

  static IpAddr v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d);
  static IpAddr v4_host(uint32_t host_order);  // 0x0a000001 -> 10.0.0.1
  static IpAddr v6(const std::array<uint8_t, 16>& network_order);
  static IpAddr any(Family f);  // 0.0.0.0 or ::
  // From 4 or 16 bytes in network order; `nfproto` is NFPROTO_IPV4 (2) or NFPROTO_IPV6 (10),
  // which are also AF_INET and AF_INET6: what packet headers, conntrack tuples and flow keys
  // carry.
  static IpAddr from_nfproto(uint8_t nfproto, const uint8_t* network_order) {
    IpAddr a;
    a.family = nfproto == 2 ? Family::V4 : Family::V6;
    std::memcpy(a.bytes.data(), network_order, nfproto == 2 ? 4 : 16);
    return a;
  }

  bool is_v4() const { return family == Family::V4; }
  bool is_v6() const { return family == Family::V6; }
  // 32 or 128 (0 for Family::None).
  unsigned bit_width() const;
  // Bit i counted from the most significant bit of bytes[0] (prefix order).
  bool bit(unsigned i) const { return (bytes[i / 8] >> (7 - i % 8)) & 1U; }
  uint32_t v4_host_order() const;
  bool is_unspecified() const;  // 0.0.0.0 / ::
  bool is_loopback() const;     // 127.0.0.0/8, ::1
  bool is_link_local() const;   // 169.254.0.0/16, fe80::/10

  friend bool operator==(const IpAddr&, const IpAddr&) = default;
  friend auto operator<=>(const IpAddr&, const IpAddr&) = default;
};

// Inline, as mask(): an LPM lookup hashes and masks the destination once per prefix length.
struct IpAddrHash {
  size_t operator()(const IpAddr& a) const {
    uint64_t lo = 0, hi = 0;
    std::memcpy(&lo, a.bytes.data(), 8);
    std::memcpy(&hi, a.bytes.data() + 8, 8);
    // A multiply-xorshift mix: prefixes differ mostly in a few middle bytes, so the plain
    // words would hash poorly.
    uint64_t h = lo * 0x9e3779b97f4a7c15ULL ^ (hi + static_cast<uint64_t>(a.family));
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return static_cast<size_t>(h);
  }
};

// `addr` with every bit at or after position `len` cleared (two 64-bit masks in network order;
// IPv4's unused bytes are zero already).
inline IpAddr mask(const IpAddr& addr, unsigned len) {
  IpAddr r = addr;
  const unsigned width = addr.family == Family::V4 ? 32 : addr.family == Family::V6 ? 128 : 0;
  if (len >= width) return r;
  const uint64_t m0 = len >= 64 ? ~0ULL : len == 0 ? 0 : ~0ULL << (64 - len);
  const uint64_t m1 = len <= 64 ? 0 : ~0ULL << (128 - len);
  uint64_t w[2];
  std::memcpy(w, r.bytes.data(), 16);
  w[0] &= htobe64(m0);
  w[1] &= htobe64(m1);
  std::memcpy(r.bytes.data(), w, 16);
  return r;
}

// inet_pton: dotted quad or IPv6 text (no brackets, no zone). nullopt when invalid.
std::optional<IpAddr> parse_ip(std::string_view text);
// inet_ntop: "10.0.0.1", "2001:db8::1". Family::None prints "none".
std::string format_ip(const IpAddr& a);

// An address with a prefix length. Interface addresses keep their host bits (10.0.0.1/24);
// routes hold the network (mask(addr, len)).
struct Prefix {
  IpAddr addr;
  uint8_t len = 0;

  Family family() const { return addr.family; }
  Prefix network() const { return Prefix{mask(addr, len), len}; }
  bool has_host_bits() const { return mask(addr, len) != addr; }
  bool contains(const IpAddr& a) const {
    return a.family == addr.family && mask(a, len) == mask(addr, len);
  }
  bool is_host() const { return len == addr.bit_width(); }

  friend bool operator==(const Prefix&, const Prefix&) = default;
  friend auto operator<=>(const Prefix&, const Prefix&) = default;
};

// "ADDR" (full length) or "ADDR/LEN" with LEN <= 32 / 128. Host bits are kept.
std::optional<Prefix> parse_prefix(std::string_view text);
// Always "ADDR/LEN".
std::string format_prefix(const Prefix& p);
// As `ip route` prints a destination: "default" for /0, "ADDR" for a host route, else ADDR/LEN.
std::string format_route_dst(const Prefix& p);

struct MacAddr {
  std::array<uint8_t, 6> bytes{};

  bool is_zero() const;
  bool is_multicast() const { return (bytes[0] & 1U) != 0; }
  friend bool operator==(const MacAddr&, const MacAddr&) = default;
  friend auto operator<=>(const MacAddr&, const MacAddr&) = default;
};

// Six hex octets of one or two digits separated by ':' (or '-'): "02:00:00:00:00:01".
std::optional<MacAddr> parse_mac(std::string_view text);
// Lower case, two digits per octet, ':' separated.
std::string format_mac(const MacAddr& m);

}  // namespace nftx::fastpath::net
