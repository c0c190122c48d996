// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/conntrack/tuple.h"

namespace nftx::fastpath::ct {

namespace {

// Query/reply pairs that conntrack tracks (the kernel's invmap tables).
struct IcmpPair {
  uint8_t a, b;
};
constexpr IcmpPair kIcmpPairs[] = {{8, 0}, {13, 14}, {15, 16}, {17, 18}};
constexpr IcmpPair kIcmpv6Pairs[] = {{128, 129}, {139, 140}};

template <size_t N>
int lookup_pair(const IcmpPair (&pairs)[N], uint8_t type) {
  for (const IcmpPair& p : pairs) {
    if (p.a == type) return p.b;
    if (p.b == type) return p.a;
  }
  return -1;
}

}  // namespace

int icmp_inverse_type(uint8_t l4, uint8_t type) {
  if (l4 == kProtoIcmp) return lookup_pair(kIcmpPairs, type);
  if (l4 == kProtoIcmpv6) return lookup_pair(kIcmpv6Pairs, type);
  return -1;
}

bool invert(const Tuple& in, Tuple& out) {
  out = Tuple{};
  std::memcpy(out.src, in.dst, 16);
  std::memcpy(out.dst, in.src, 16);
  out.l3 = in.l3;
  out.l4 = in.l4;
  if (in.is_icmp()) {
    int inv = icmp_inverse_type(in.l4, in.icmp_type());
    // The identifier is the same in both directions.
    out.set_icmp(static_cast<uint8_t>(inv < 0 ? in.icmp_type() : inv), in.icmp_code(),
                 in.sport);
    return inv >= 0;
  }
  out.sport = in.dport;
  out.dport = in.sport;
  return true;
}

Tuple Tuple::inverse() const {
  Tuple out;
  invert(*this, out);
  return out;
}

}  // namespace nftx::fastpath::ct
