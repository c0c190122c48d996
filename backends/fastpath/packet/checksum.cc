// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/checksum.h"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace nftx::fastpath {

namespace csum {

uint32_t pseudo_sum_v4(const uint8_t* saddr, const uint8_t* daddr, uint8_t proto, uint32_t len) {
  uint32_t s = partial(saddr, 4);
  s = partial(daddr, 4, s);
  // proto and length as the big-endian 16-bit words {0, proto} and {len}, stored in memory
  // order so they add to the other memory-order words.
  s = add(s, htons(proto));
  s = add(s, htons(static_cast<uint16_t>(len)));
  return s;
}

uint32_t pseudo_sum_v6(const uint8_t* saddr, const uint8_t* daddr, uint8_t proto, uint32_t len) {
  uint32_t s = partial(saddr, 16);
  s = partial(daddr, 16, s);
  s = add(s, htonl(len));
  s = add(s, htonl(proto));
  return s;
}

}  // namespace csum

namespace {

// Bytes of the transport header and payload in this datagram.
uint32_t l4_len(const Frame& f) { return f.hdr.l3_off + f.hdr.l3_len - f.hdr.l4_off; }

// Sum over the transport header and payload with the checksum field counted as 0.
uint32_t l4_sum(const Frame& f, int check_off) {
  const uint8_t* l4 = f.l4();
  uint32_t len = l4_len(f);
  uint32_t s = 0;
  if (f.hdr.l4proto != IPPROTO_ICMP || f.hdr.nfproto != kNfprotoIpv4) {
    const uint8_t* ip = f.l3();
    s = f.hdr.nfproto == kNfprotoIpv4 ? csum::pseudo_sum_v4(ip + 12, ip + 16, f.hdr.l4proto, len)
                                      : csum::pseudo_sum_v6(ip + 8, ip + 24, f.hdr.l4proto, len);
  }
  s = csum::partial(l4, static_cast<size_t>(check_off), s);
  auto after = static_cast<size_t>(check_off) + 2;
  // check_off is even, so the words after the field keep their alignment in the sum.
  return csum::partial(l4 + after, len - after, s);
}

bool has_l4_checksum(const Frame& f) {
  return f.hdr.l4_off != 0 && !f.hdr.fragment &&
         l4_checksum_offset(f.hdr.nfproto, f.hdr.l4proto) >= 0;
}

}  // namespace

bool ipv4_header_ok(const Frame& f) {
  if (f.hdr.nfproto != kNfprotoIpv4) return false;
  const uint8_t* ip = f.l3();
  size_t hlen = (ip[0] & 0x0fu) * 4;
  return csum::fold(csum::partial(ip, hlen)) == 0xffff;
}

int l4_checksum_offset(uint8_t nfproto, uint8_t l4proto) {
  switch (l4proto) {
    case IPPROTO_TCP:
      return 16;
    case IPPROTO_UDP:
      return 6;
    case IPPROTO_ICMP:
      return nfproto == kNfprotoIpv4 ? 2 : -1;
    case IPPROTO_ICMPV6:
      return nfproto == kNfprotoIpv6 ? 2 : -1;
    default:
      return -1;
  }
}

uint16_t l4_checksum(const Frame& f) {
  if (!has_l4_checksum(f)) return 0;
  int off = l4_checksum_offset(f.hdr.nfproto, f.hdr.l4proto);
  uint16_t c = csum::finish(l4_sum(f, off));
  if (c == 0 && f.hdr.l4proto == IPPROTO_UDP) c = 0xffff;
  return c;
}

bool l4_checksum_ok(const Frame& f) {
  if (!has_l4_checksum(f)) return true;
  int off = l4_checksum_offset(f.hdr.nfproto, f.hdr.l4proto);
  uint16_t stored = csum::load16(f.l4() + off);
  if (stored == 0 && f.hdr.l4proto == IPPROTO_UDP && f.hdr.nfproto == kNfprotoIpv4) return true;
  return stored == l4_checksum(f);
}

void fix_checksums(Frame& f) {
  if (f.hdr.nfproto == kNfprotoIpv4) {
    uint8_t* ip = f.l3();
    size_t hlen = (ip[0] & 0x0fu) * 4;
    csum::store16(ip + 10, 0);
    csum::store16(ip + 10, csum::finish(csum::partial(ip, hlen)));
  }
  if (!has_l4_checksum(f)) return;
  int off = l4_checksum_offset(f.hdr.nfproto, f.hdr.l4proto);
  uint8_t* field = f.l4() + off;
  if (f.hdr.l4proto == IPPROTO_UDP && f.hdr.nfproto == kNfprotoIpv4 && csum::load16(field) == 0) {
    return;  // the sender chose no checksum; keep it that way
  }
  csum::store16(field, l4_checksum(f));
}

}  // namespace nftx::fastpath
