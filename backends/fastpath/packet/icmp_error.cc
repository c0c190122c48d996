// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/icmp_error.h"

#include <algorithm>
#include <cstring>

#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/parse.h"
#include "backends/fastpath/packet/wire.h"

namespace nftx::fastpath {

namespace {

constexpr size_t kIcmp4Max = kEthHdrLen + kIcmpErrorMaxLen;
constexpr size_t kIcmp6Max = kEthHdrLen + kIcmp6ErrorMaxLen;
constexpr size_t kResetMax = kEthHdrLen + kIpv6HdrLen + kTcpHdrLen;

void wr16(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
void wr32(uint8_t* p, uint32_t v) {
  wr16(p, v >> 16);
  wr16(p + 2, v);
}
uint32_t rd32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
         static_cast<uint32_t>(p[2]) << 8 | p[3];
}

// Ethernet header with MACs left for the engine.
uint8_t* eth(uint8_t* out, uint16_t type) {
  std::memset(out, 0, 12);
  wr16(out + 12, type);
  return out + kEthHdrLen;
}

bool link_group(const Frame& f) { return (f.data[0] & 1) != 0; }

// 0.0.0.0, 224.0.0.0/4 and above (multicast, class E, 255.255.255.255).
bool v4_not_unicast(const uint8_t* a) {
  return a[0] >= 224 || (a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0);
}
bool v4_group(const uint8_t* a) {
  return (a[0] & 0xf0) == 0xe0 || (a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255);
}
bool v6_any(const uint8_t* a) {
  return std::all_of(a, a + 16, [](uint8_t b) { return b == 0; });
}
bool v6_multicast(const uint8_t* a) { return a[0] == 0xff; }

// icmp_pointers[].error: unassigned types 1, 2, 6, 7 and anything above 18 count as errors.
bool icmp4_type_is_error(uint8_t t) {
  return t > 18 || t == 1 || t == 2 || t == 3 || t == 4 || t == 5 || t == 6 || t == 7 || t == 11 ||
         t == 12;
}

void ipv4_header(uint8_t* ip, uint8_t tos, uint32_t tot, uint16_t id, uint16_t frag, uint8_t proto,
                 const uint8_t* src, const uint8_t* dst) {
  ip[0] = 0x45;
  ip[1] = tos;
  wr16(ip + 2, tot);
  wr16(ip + 4, id);
  wr16(ip + 6, frag);
  ip[8] = kReplyTtl;
  ip[9] = proto;
  wr16(ip + 10, 0);
  std::memcpy(ip + 12, src, 4);
  std::memcpy(ip + 16, dst, 4);
  csum::store16(ip + 10, csum::finish(csum::partial(ip, kIpv4HdrLen)));
}

void ipv6_header(uint8_t* ip, uint32_t plen, uint8_t proto, const uint8_t* src,
                 const uint8_t* dst) {
  wr32(ip, 0x60000000u);
  wr16(ip + 4, plen);
  ip[6] = proto;
  ip[7] = kReplyTtl;
  std::memcpy(ip + 8, src, 16);
  std::memcpy(ip + 24, dst, 16);
}

size_t write_icmp4_error(const Frame& orig, const IcmpErrorSpec& spec, const in_addr& src,
                         uint8_t* out) {
  if (orig.hdr.nfproto != kNfprotoIpv4 || link_group(orig)) return 0;
  const uint8_t* oip = orig.l3();
  if (orig.hdr.later_fragment) return 0;
  if (v4_group(oip + 16) || v4_not_unicast(oip + 12)) return 0;
  if (orig.hdr.l4proto == IPPROTO_ICMP && orig.hdr.l4_off != 0 &&
      icmp4_type_is_error(orig.l4()[0])) {
    return 0;
  }
  constexpr uint32_t kRoom = kIcmpErrorMaxLen - kIpv4HdrLen - kIcmpHdrLen;
  uint32_t quoted = std::min<uint32_t>(orig.hdr.l3_len, kRoom);

  uint8_t* ip = eth(out, kEthPIpv4);
  uint8_t* icmp = ip + kIpv4HdrLen;
  // Keep the TOS bits, force precedence "internetwork control" (RFC 1812 4.3.2.5).
  auto tos = static_cast<uint8_t>((oip[1] & 0x1e) | 0xc0);
  ipv4_header(ip, tos, kIpv4HdrLen + kIcmpHdrLen + quoted, spec.ip_id, 0, IPPROTO_ICMP,
              reinterpret_cast<const uint8_t*>(&src.s_addr), oip + 12);
  icmp[0] = spec.type;
  icmp[1] = spec.code;
  wr16(icmp + 2, 0);
  uint32_t rest = 0;
  if (spec.type == kIcmpDestUnreach && spec.code == kIcmpFragNeeded) rest = spec.mtu & 0xffff;
  if (spec.type == kIcmpParamProblem) rest = (spec.mtu & 0xff) << 24;
  wr32(icmp + 4, rest);
  std::memcpy(icmp + kIcmpHdrLen, oip, quoted);
  size_t icmp_len = kIcmpHdrLen + quoted;
  csum::store16(icmp + 2, csum::finish(csum::partial(icmp, icmp_len)));
  return kEthHdrLen + kIpv4HdrLen + icmp_len;
}

size_t write_icmp6_error(const Frame& orig, const IcmpErrorSpec& spec, const in6_addr& src,
                         uint8_t* out) {
  if (orig.hdr.nfproto != kNfprotoIpv6) return 0;
  const uint8_t* oip = orig.l3();
  if (v6_any(oip + 8) || v6_multicast(oip + 8)) return 0;
  // RFC 4443 2.4 (e): no errors for multicast destinations, except Packet Too Big.
  if ((v6_multicast(oip + 24) || link_group(orig)) && spec.type != kIcmp6PacketTooBig) return 0;
  if (orig.hdr.l4proto == IPPROTO_ICMPV6 && orig.hdr.l4_off != 0 && orig.l4()[0] < 128) return 0;
  constexpr uint32_t kRoom = kIcmp6ErrorMaxLen - kIpv6HdrLen - kIcmpHdrLen;
  uint32_t quoted = std::min<uint32_t>(orig.hdr.l3_len, kRoom);

  uint8_t* ip = eth(out, kEthPIpv6);
  uint8_t* icmp = ip + kIpv6HdrLen;
  uint32_t icmp_len = kIcmpHdrLen + quoted;
  const auto* s = reinterpret_cast<const uint8_t*>(&src);
  ipv6_header(ip, icmp_len, IPPROTO_ICMPV6, s, oip + 8);
  icmp[0] = spec.type;
  icmp[1] = spec.code;
  wr16(icmp + 2, 0);
  bool has_info = spec.type == kIcmp6PacketTooBig || spec.type == kIcmp6ParamProblem;
  wr32(icmp + 4, has_info ? spec.mtu : 0);
  std::memcpy(icmp + kIcmpHdrLen, oip, quoted);
  uint32_t sum = csum::pseudo_sum_v6(ip + 8, ip + 24, IPPROTO_ICMPV6, icmp_len);
  csum::store16(icmp + 2, csum::finish(csum::partial(icmp, icmp_len, sum)));
  return kEthHdrLen + kIpv6HdrLen + icmp_len;
}

size_t write_tcp_reset(const Frame& orig, uint8_t* out) {
  const Headers& h = orig.hdr;
  bool v4 = h.nfproto == kNfprotoIpv4;
  if ((!v4 && h.nfproto != kNfprotoIpv6) || h.l4proto != IPPROTO_TCP || h.l4_off == 0) return 0;
  if (link_group(orig)) return 0;
  const uint8_t* oip = orig.l3();
  const uint8_t* oth = orig.l4();
  if (v4 && (v4_group(oip + 16) || v4_not_unicast(oip + 12))) return 0;
  if (!v4 && (v6_any(oip + 8) || v6_multicast(oip + 8) || v6_multicast(oip + 24))) return 0;
  auto oflags = static_cast<TcpFlags>(oth[13]);
  if (has_flag(oflags, TcpFlags::Rst) || !l4_checksum_ok(orig)) return 0;

  uint8_t* ip = eth(out, v4 ? kEthPIpv4 : kEthPIpv6);
  uint8_t* th = ip + (v4 ? kIpv4HdrLen : kIpv6HdrLen);
  std::memcpy(th, oth + 2, 2);  // source port = their destination port
  std::memcpy(th + 2, oth, 2);
  uint32_t seq = 0, ack_seq = 0;
  auto flags = TcpFlags::Rst;
  if (has_flag(oflags, TcpFlags::Ack)) {
    seq = rd32(oth + 8);
  } else {
    uint32_t doff = (oth[12] >> 4) * 4u;
    uint32_t seg_len = h.l3_off + h.l3_len - h.l4_off - doff;
    ack_seq = rd32(oth + 4) + seg_len + (has_flag(oflags, TcpFlags::Syn) ? 1 : 0) +
              (has_flag(oflags, TcpFlags::Fin) ? 1 : 0);
    flags = flags | TcpFlags::Ack;
  }
  wr32(th + 4, seq);
  wr32(th + 8, ack_seq);
  th[12] = (kTcpHdrLen / 4) << 4;
  th[13] = static_cast<uint8_t>(flags);
  wr16(th + 14, 0);  // window
  wr16(th + 16, 0);
  wr16(th + 18, 0);  // urgent pointer
  uint32_t sum;
  if (v4) {
    ipv4_header(ip, 0, kIpv4HdrLen + kTcpHdrLen, 0, kIpv4Df, IPPROTO_TCP, oip + 16, oip + 12);
    sum = csum::pseudo_sum_v4(ip + 12, ip + 16, IPPROTO_TCP, kTcpHdrLen);
  } else {
    ipv6_header(ip, kTcpHdrLen, IPPROTO_TCP, oip + 24, oip + 8);
    sum = csum::pseudo_sum_v6(ip + 8, ip + 24, IPPROTO_TCP, kTcpHdrLen);
  }
  csum::store16(th + 16, csum::finish(csum::partial(th, kTcpHdrLen, sum)));
  return static_cast<size_t>(th + kTcpHdrLen - out);
}

bool to_frame(size_t len, Frame& out) {
  if (len == 0) return false;
  out.len = static_cast<uint32_t>(len);
  return parse(out).ok();
}

bool room(const Frame& out, size_t need) {
  return out.data != nullptr && out.data >= out.head &&
         static_cast<size_t>(out.data - out.head) + need <= out.capacity;
}

template <typename Writer>
std::vector<uint8_t> to_vector(size_t max, Writer write) {
  std::vector<uint8_t> v(max);
  v.resize(write(v.data()));
  return v;
}

}  // namespace

bool make_icmp4_error(const Frame& orig, const IcmpErrorSpec& spec, const in_addr& src,
                      Frame& out) {
  return room(out, kIcmp4Max) && to_frame(write_icmp4_error(orig, spec, src, out.data), out);
}

std::vector<uint8_t> make_icmp4_error(const Frame& orig, const IcmpErrorSpec& spec,
                                      const in_addr& src) {
  return to_vector(kIcmp4Max, [&](uint8_t* p) { return write_icmp4_error(orig, spec, src, p); });
}

bool make_icmp6_error(const Frame& orig, const IcmpErrorSpec& spec, const in6_addr& src,
                      Frame& out) {
  return room(out, kIcmp6Max) && to_frame(write_icmp6_error(orig, spec, src, out.data), out);
}

std::vector<uint8_t> make_icmp6_error(const Frame& orig, const IcmpErrorSpec& spec,
                                      const in6_addr& src) {
  return to_vector(kIcmp6Max, [&](uint8_t* p) { return write_icmp6_error(orig, spec, src, p); });
}

bool make_tcp_reset(const Frame& orig, Frame& out) {
  return room(out, kResetMax) && to_frame(write_tcp_reset(orig, out.data), out);
}

std::vector<uint8_t> make_tcp_reset(const Frame& orig) {
  return to_vector(kResetMax, [&](uint8_t* p) { return write_tcp_reset(orig, p); });
}

}  // namespace nftx::fastpath
