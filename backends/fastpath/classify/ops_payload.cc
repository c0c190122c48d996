// SPDX-License-Identifier: GPL-2.0-or-later
// Packet reads and writes: payload (link, network, transport bases), payload set with the
// checksum updates of nft_payload_set_eval, and exthdr (IPv6 extension headers, TCP options,
// IPv4 options).
#include <algorithm>
#include <cstring>

#include "backends/fastpath/classify/kernel_consts.h"
#include "backends/fastpath/classify/vm.h"
#include "backends/fastpath/packet/checksum.h"

namespace nftx::fastpath::classify {

namespace {

constexpr uint8_t kIpprotoTcp = 6, kIpprotoUdp = 17, kIpprotoUdplite = 136, kIpprotoIcmpv6 = 58;

// Offset of the base from Frame::data, or -1 when the base is missing (a later fragment has no
// transport header).
int64_t base_offset(const Vm& vm, ir::PayloadBase base) {
  const Frame& f = *vm.pkt.frame;
  switch (base) {
    case ir::PayloadBase::LinkLayer: return 0;
    case ir::PayloadBase::Network: return f.hdr.l3_off != 0 ? f.hdr.l3_off : 14;
    case ir::PayloadBase::Transport: return has_transport(vm) ? f.hdr.l4_off : -1;
    case ir::PayloadBase::Inner: return -1;
  }
  return -1;
}

// nft_csum_replace: RFC 1624 with 32-bit partial sums; a result of 0 is stored as 0xffff
// (CSUM_MANGLED_0).
void csum_replace(uint8_t* field, uint32_t fsum, uint32_t tsum) {
  uint32_t s = static_cast<uint16_t>(~csum::load16(field));
  s = csum::add(s, ~fsum);
  s = csum::add(s, tsum);
  uint16_t out = static_cast<uint16_t>(~csum::fold(s));
  if (out == 0) out = 0xffff;
  csum::store16(field, out);
}

// Where the L4 checksum sits (nft_payload_l4csum_offset), or -1 to skip the update.
int64_t l4csum_offset(const Vm& vm) {
  if (!has_transport(vm)) return -1;
  const Frame& f = *vm.pkt.frame;
  switch (f.hdr.l4proto) {
    case kIpprotoTcp: return f.hdr.l4_off + 16;
    case kIpprotoUdp:
      // An IPv4 UDP datagram without a checksum keeps none.
      if (f.hdr.l4_off + 8u > f.len || csum::load16(f.data + f.hdr.l4_off + 6) == 0) return -1;
      return f.hdr.l4_off + 6;
    case kIpprotoUdplite: return f.hdr.l4_off + 6;
    case kIpprotoIcmpv6: return f.hdr.l4_off + 2;
    default: return -1;
  }
}

// ipv6_find_hdr(): the offset of header `target` in the IPv6 extension chain, or -1.
int64_t ipv6_find_hdr(const Vm& vm, uint8_t target) {
  const Frame& f = *vm.pkt.frame;
  if (f.hdr.nfproto != kNfprotoIpv6) return -1;
  const uint32_t end = packet_end(vm);
  uint32_t off = f.hdr.l3_off + 40u;
  if (off > end) return -1;
  uint8_t next = f.data[f.hdr.l3_off + 6];
  for (int guard = 0; guard < 32; ++guard) {
    if (next == target) return off;
    const bool ext = next == 0 || next == 43 || next == 44 || next == 60 || next == 51 ||
                     next == 135 || next == 139 || next == 140;
    if (!ext || off + 8 > end) return -1;
    const uint8_t* h = f.data + off;
    uint32_t hlen = 0;
    if (next == 44) {  // fragment: a later fragment hides the rest of the chain
      if ((csum::load16(h + 2) & __builtin_bswap16(0xfff8)) != 0) return -1;
      hlen = 8;
    } else if (next == 51) {
      hlen = (h[1] + 2u) * 4;
    } else {
      hlen = (h[1] + 1u) * 8;
    }
    next = h[0];
    off += hlen;
  }
  return -1;
}

// An IPv4 option of `type` in the header's options, or -1.
int64_t ipv4_find_option(const Vm& vm, uint8_t type) {
  const Frame& f = *vm.pkt.frame;
  if (f.hdr.nfproto != kNfprotoIpv4) return -1;
  const uint32_t start = f.hdr.l3_off;
  const uint32_t ihl = (f.data[start] & 0x0fu) * 4;
  const uint32_t end = std::min(start + ihl, packet_end(vm));
  for (uint32_t i = start + 20; i < end;) {
    const uint8_t t = f.data[i];
    if (t == 0) break;  // end of options
    if (t == 1) {  // nop
      ++i;
      continue;
    }
    if (i + 1 >= end || f.data[i + 1] < 2) break;
    if (t == type) return i;
    i += f.data[i + 1];
  }
  return -1;
}

// The TCP option of `type`: offset of its first byte from Frame::data and its length, or -1.
int64_t tcp_find_option(const Vm& vm, uint8_t type, uint32_t& optl) {
  const Frame& f = *vm.pkt.frame;
  if (!has_transport(vm) || f.hdr.l4proto != kIpprotoTcp) return -1;
  const uint32_t th = f.hdr.l4_off;
  if (th + 20 > packet_end(vm)) return -1;
  const uint32_t hlen = (f.data[th + 12] >> 4) * 4u;
  if (hlen < 20 || th + hlen > packet_end(vm)) return -1;
  const uint8_t* opt = f.data + th;
  for (uint32_t i = 20; i + 1 < hlen; i += optl) {
    optl = (opt[i] <= 1 || opt[i + 1] == 0) ? 1 : opt[i + 1];
    if (opt[i] != type) continue;
    if (i + optl > hlen) return -1;
    return th + i;
  }
  return -1;
}

}  // namespace

bool op_payload(Vm& vm, const ir::Payload& p) {
  const int64_t base = base_offset(vm, p.base);
  if (base < 0) return false;
  const uint64_t start = static_cast<uint64_t>(base) + p.offset;
  if (start + p.len > packet_end(vm)) return false;
  uint8_t* d = vm.regs.at(p.dreg, (p.len + 3) & ~3U);
  if (d == nullptr) return false;
  if (p.len % 4 != 0) store_u32(d + (p.len / 4) * 4, 0);
  std::memcpy(d, vm.pkt.frame->data + start, p.len);
  return true;
}

bool op_payload_write(Vm& vm, const ir::PayloadWrite& p) {
  const int64_t base = base_offset(vm, p.base);
  if (base < 0) return false;
  const uint8_t* src = vm.regs.at(p.sreg, p.len);
  if (src == nullptr) return false;
  const uint64_t start = static_cast<uint64_t>(base) + p.offset;
  const uint32_t end = packet_end(vm);
  if (start + p.len > end) return false;
  uint8_t* pkt = vm.pkt.frame->data;
  if (p.csum_type == k::kCsumInet || (p.csum_flags & k::kCsumL4Pseudohdr) != 0) {
    const uint32_t fsum = csum::partial(pkt + start, p.len);
    const uint32_t tsum = csum::partial(src, p.len);
    if (p.csum_type == k::kCsumInet) {
      const uint64_t at = static_cast<uint64_t>(base) + p.csum_offset;
      if (at + 2 > end) return false;
      csum_replace(pkt + at, fsum, tsum);
    }
    if ((p.csum_flags & k::kCsumL4Pseudohdr) != 0) {
      const int64_t at = l4csum_offset(vm);
      if (at >= 0 && static_cast<uint64_t>(at) + 2 <= end) csum_replace(pkt + at, fsum, tsum);
    }
  }
  std::memmove(pkt + start, src, p.len);
  return true;
}

bool op_exthdr(Vm& vm, const ir::Exthdr& e) {
  const bool present = (e.flags & k::kExthdrFPresent) != 0;
  if (e.sreg) {
    // TCP option rewrite (`tcp option maxseg size set ...`), nft_exthdr_tcp_set_eval.
    uint32_t optl = 0;
    const int64_t at = tcp_find_option(vm, e.type, optl);
    if (at < 0 || e.len + e.offset > optl) return true;
    const uint8_t* s = vm.regs.at(*e.sreg, e.len);
    if (s == nullptr) return false;
    uint8_t* pkt = vm.pkt.frame->data;
    uint8_t* field = pkt + at + e.offset;
    uint8_t* check = pkt + vm.pkt.frame->hdr.l4_off + 16;
    if (e.len == 2) {
      const uint16_t old = csum::load16(field), now = csum::load16(s);
      // TCPOPT_MSS: only ever lowered, a raise could stall the connection.
      if (e.type == 2 && __builtin_bswap16(old) <= __builtin_bswap16(now)) return true;
      if (old == now) return true;
      csum::store16(field, now);
      csum::store16(check, csum::replace2(csum::load16(check), old, now));
    } else if (e.len == 4) {
      const uint32_t old = csum::load32(field), now = csum::load32(s);
      if (old == now) return true;
      csum::store32(field, now);
      csum::store16(check, csum::replace4(csum::load16(check), old, now));
    }
    return true;
  }
  uint8_t* d = vm.regs.at(*e.dreg, (e.len + 3) & ~3U);
  if (d == nullptr) return false;
  int64_t at = -1;
  uint32_t limit = packet_end(vm);
  switch (e.op) {
    case k::kExthdrIpv6: at = ipv6_find_hdr(vm, e.type); break;
    case k::kExthdrIpv4: at = ipv4_find_option(vm, e.type); break;
    case k::kExthdrTcpopt: {
      uint32_t optl = 0;
      at = tcp_find_option(vm, e.type, optl);
      if (at >= 0 && e.len + e.offset > optl) at = -1;
      break;
    }
    default: break;
  }
  if (present) {
    store_u8(d, at >= 0 ? 1 : 0);
    return true;
  }
  if (at < 0) return false;
  const uint64_t start = static_cast<uint64_t>(at) + e.offset;
  if (start + e.len > limit) return false;
  if (e.len % 4 != 0) store_u32(d + (e.len / 4) * 4, 0);
  std::memcpy(d, vm.pkt.frame->data + start, e.len);
  return true;
}

}  // namespace nftx::fastpath::classify
