// SPDX-License-Identifier: GPL-2.0-or-later
// Packet metadata: meta (nft_meta_get/set_eval), ct (nft_ct_get/set_eval over the engine's
// CtView), fib (nft_fib4/6_eval with the engine's routing table), rt.
#include <cstring>

#include "backends/fastpath/classify/kernel_consts.h"
#include "backends/fastpath/classify/vm.h"

namespace nftx::fastpath::classify {

namespace {

constexpr uint64_t kNsPerSec = 1000000000ULL;
constexpr uint16_t kArphrdLoopback = 772;

void store_name(uint8_t* d, const IfInfo* dev) {
  std::memset(d, 0, k::kIfnamsiz);
  if (dev != nullptr) std::memcpy(d, dev->name, strnlen(dev->name, k::kIfnamsiz));
}

bool meta_set(Vm& vm, const ir::Meta& m) {
  const uint8_t* s = vm.regs.at(*m.sreg, 4);
  if (s == nullptr) return false;
  const uint32_t v = load_u32(s);
  switch (m.key) {
    case k::kMetaMark: vm.pkt.frame->mark = v; break;
    case k::kMetaPriority: vm.pkt.priority = v; break;
    case k::kMetaPkttype: {
      const uint8_t t = s[0];
      if (t <= kPacketOtherhost && vm.pkt.pkttype <= kPacketOtherhost) vm.pkt.pkttype = t;
      break;
    }
    case k::kMetaNftrace: vm.result.trace = (s[0] & 1) != 0; break;
    default: return false;
  }
  return true;
}

}  // namespace

bool op_meta(Vm& vm, const ir::Meta& m) {
  if (m.sreg) return meta_set(vm, m);
  const bool name = m.key == k::kMetaIifname || m.key == k::kMetaOifname ||
                    m.key == k::kMetaSdifname || m.key == k::kMetaIifkind ||
                    m.key == k::kMetaOifkind;
  uint8_t* d = vm.regs.at(*m.dreg, name ? 16 : m.key == k::kMetaTimeNs ? 8 : 4);
  if (d == nullptr) return false;
  const Packet& p = vm.pkt;
  const Frame& f = *p.frame;
  const uint64_t secs = p.now_ns / kNsPerSec;  // UTC: no sys_tz offset
  switch (m.key) {
    case k::kMetaLen: store_u32(d, vm.pkt_len); return true;
    case k::kMetaProtocol: store_u16(d, __builtin_bswap16(f.hdr.ethertype)); return true;
    case k::kMetaPriority: store_u32(d, p.priority); return true;
    case k::kMetaMark: store_u32(d, f.mark); return true;
    case k::kMetaIif: store_u32(d, p.in ? p.in->ifindex : 0); return true;
    case k::kMetaOif: store_u32(d, p.out ? p.out->ifindex : 0); return true;
    case k::kMetaIifname: store_name(d, p.in); return true;
    case k::kMetaOifname: store_name(d, p.out); return true;
    case k::kMetaIiftype:
      if (p.in == nullptr) return false;
      store_u16(d, p.in->type);
      return true;
    case k::kMetaOiftype:
      if (p.out == nullptr) return false;
      store_u16(d, p.out->type);
      return true;
    case k::kMetaIifgroup:
      if (p.in == nullptr) return false;
      store_u32(d, p.in->group);
      return true;
    case k::kMetaOifgroup:
      if (p.out == nullptr) return false;
      store_u32(d, p.out->group);
      return true;
    case k::kMetaIifkind:
    case k::kMetaOifkind: {
      const IfInfo* dev = m.key == k::kMetaIifkind ? p.in : p.out;
      if (dev == nullptr || dev->kind == nullptr || dev->kind[0] == '\0') return false;
      std::memset(d, 0, 16);
      std::memcpy(d, dev->kind, strnlen(dev->kind, 15));
      return true;
    }
    case k::kMetaNfproto: store_u8(d, static_cast<uint8_t>(p.pf)); return true;
    case k::kMetaL4proto:
      if (f.hdr.nfproto == 0) return false;
      store_u8(d, f.hdr.l4proto);
      return true;
    case k::kMetaPkttype: store_u8(d, p.pkttype); return true;
    case k::kMetaCpu: store_u32(d, p.cpu); return true;
    case k::kMetaPrandom: store_u32(d, vm.env.random_u32()); return true;
    case k::kMetaNftrace: store_u8(d, vm.result.trace ? 1 : 0); return true;
    case k::kMetaSecpath: store_u8(d, 0); return true;
    case k::kMetaTimeNs: store_u64(d, p.now_ns); return true;
    case k::kMetaTimeDay: store_u8(d, static_cast<uint8_t>((4 + secs / 86400) % 7)); return true;
    case k::kMetaTimeHour: store_u32(d, static_cast<uint32_t>(secs % 86400)); return true;
    case k::kMetaSdif: store_u32(d, 0); return true;
    case k::kMetaSdifname: store_name(d, nullptr); return true;
    default: return false;  // skuid/skgid (no socket), rtclassid, secmark, cgroup, bridge keys
  }
}

bool op_ct(Vm& vm, const ir::Ct& c) {
  const CtView* ct = vm.pkt.ct;
  const bool attached = ct != nullptr && ct->attached && !vm.notracked;
  if (c.sreg) {
    const uint32_t len = c.key == k::kCtLabels ? 16 : c.key == k::kCtZone ? 2 : 4;
    const uint8_t* s = vm.regs.at(*c.sreg, len);
    if (s == nullptr) return false;
    // ct zone set works before conntrack (on the template): the engine decides.
    if (attached || c.key == k::kCtZone) vm.env.ct_set(c.key, c.dir ? *c.dir : -1, s, len);
    return true;
  }
  uint8_t* d = vm.regs.at(*c.dreg, 4);
  if (d == nullptr) return false;
  if (c.key == k::kCtState) {
    uint32_t state = k::kCtStateInvalid;
    if (attached) {
      state = 1U << (ct->ctinfo % 3 + 1);
    } else if (vm.notracked || (ct != nullptr && ct->untracked)) {
      state = k::kCtStateUntracked;
    }
    store_u32(d, state);
    return true;
  }
  if (!attached) return false;
  const int dir = c.dir ? *c.dir : -1;
  switch (c.key) {
    case k::kCtDirection:
      store_u8(d, ct->ctinfo >= k::kCtinfoEstablishedReply ? 1 : 0);
      return true;
    case k::kCtStatus: store_u32(d, ct->status); return true;
    case k::kCtMark: store_u32(d, ct->mark); return true;
    case k::kCtExpiration: store_u32(d, ct->expiration_ms); return true;
    case k::kCtL3protocol: store_u8(d, ct->l3proto); return true;
    case k::kCtProtocol: store_u8(d, ct->l4proto); return true;
    case k::kCtZone: store_u16(d, ct->zone); return true;
    case k::kCtId: store_u32(d, ct->id); return true;
    case k::kCtHelper: {
      if (ct->helper == nullptr || vm.regs.at(*c.dreg, 16) == nullptr) return false;
      std::memset(d, 0, 16);
      std::memcpy(d, ct->helper, strnlen(ct->helper, 15));
      return true;
    }
    case k::kCtLabels:
      if (vm.regs.at(*c.dreg, 16) == nullptr) return false;
      std::memcpy(d, ct->labels, 16);
      return true;
    case k::kCtPkts:
    case k::kCtBytes:
    case k::kCtAvgpkt: {
      if (vm.regs.at(*c.dreg, 8) == nullptr) return false;
      const uint64_t pk = dir >= 0 ? ct->packets[dir] : ct->packets[0] + ct->packets[1];
      const uint64_t by = dir >= 0 ? ct->bytes[dir] : ct->bytes[0] + ct->bytes[1];
      uint64_t v = c.key == k::kCtPkts ? pk : by;
      if (c.key == k::kCtAvgpkt) v = pk == 0 ? 0 : by / pk;
      store_u64(d, v);
      return true;
    }
    case k::kCtEventmask: store_u32(d, 0); return true;
    default: break;
  }
  const CtView::Tuple& t = ct->tuple[dir == 1 ? 1 : 0];
  const bool v4 = ct->l3proto == kNfprotoIpv4;
  switch (c.key) {
    case k::kCtSrc:
    case k::kCtDst: {
      const uint32_t n = v4 ? 4 : 16;
      if (vm.regs.at(*c.dreg, n) == nullptr) return false;
      std::memcpy(d, c.key == k::kCtSrc ? t.src : t.dst, n);
      return true;
    }
    case k::kCtSrcIp:
    case k::kCtDstIp:
      if (!v4) return false;
      std::memcpy(d, c.key == k::kCtSrcIp ? t.src : t.dst, 4);
      return true;
    case k::kCtSrcIp6:
    case k::kCtDstIp6:
      if (ct->l3proto != kNfprotoIpv6 || vm.regs.at(*c.dreg, 16) == nullptr) return false;
      std::memcpy(d, c.key == k::kCtSrcIp6 ? t.src : t.dst, 16);
      return true;
    case k::kCtProtoSrc: store_u16(d, t.src_port); return true;
    case k::kCtProtoDst: store_u16(d, t.dst_port); return true;
    default: return false;  // secmark
  }
}

namespace {

void fib_store(Vm& vm, uint8_t* d, const ir::Fib& f, uint32_t ifindex, const char* name) {
  const bool present = (f.flags & k::kFibPresent) != 0;
  if (f.result == k::kFibResultOif) {
    if (present) {
      store_u8(d, ifindex != 0 ? 1 : 0);
    } else {
      store_u32(d, ifindex);
    }
    return;
  }
  if (present) {
    store_u8(d, ifindex != 0 ? 1 : 0);
    return;
  }
  (void)vm;
  std::memset(d, 0, k::kIfnamsiz);
  if (ifindex != 0 && name != nullptr) std::memcpy(d, name, strnlen(name, k::kIfnamsiz));
}

bool v4_zeronet(const uint8_t* a) { return a[0] == 0; }
bool v4_lbcast(const uint8_t* a) { return a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255; }
bool v4_local_mcast(const uint8_t* a) { return a[0] == 224 && a[1] == 0 && a[2] == 0; }
bool v4_mcast(const uint8_t* a) { return (a[0] & 0xf0) == 0xe0; }

}  // namespace

bool op_fib(Vm& vm, const ir::Fib& f) {
  const Packet& p = vm.pkt;
  const Frame& fr = *p.frame;
  const uint8_t np = fr.hdr.nfproto;
  if (np != kNfprotoIpv4 && np != kNfprotoIpv6) return false;
  uint8_t* d = vm.regs.at(f.dreg, f.result == k::kFibResultOifname ? 16 : 4);
  if (d == nullptr) return false;
  const bool v4 = np == kNfprotoIpv4;
  const uint8_t* ip = fr.l3();
  const uint8_t* saddr = v4 ? ip + 12 : ip + 8;
  const uint8_t* daddr = v4 ? ip + 16 : ip + 24;
  const uint32_t alen = v4 ? 4 : 16;
  const IfInfo* dev = (f.flags & k::kFibIif) ? p.in : (f.flags & k::kFibOif) ? p.out : nullptr;

  if (f.result == k::kFibResultAddrtype) {
    const uint8_t* a = (f.flags & k::kFibDaddr) ? daddr : saddr;
    store_u32(d, vm.env.fib_addr_type(np, a, dev ? dev->ifindex : 0));
    return true;
  }
  // Loopback traffic and the zeronet/broadcast cases answer with the input device.
  const bool pre = p.hooknum == k::kHookPrerouting || p.hooknum == k::kHookInput;
  if (pre && p.in != nullptr && p.in->type == kArphrdLoopback) {
    fib_store(vm, d, f, p.in->ifindex, p.in->name);
    return true;
  }
  if (v4 && v4_zeronet(saddr) && (v4_lbcast(daddr) || v4_local_mcast(daddr))) {
    fib_store(vm, d, f, p.in ? p.in->ifindex : 0, p.in ? p.in->name : nullptr);
    return true;
  }
  RouteQuery q;
  q.nfproto = np;
  if (f.flags & k::kFibMark) q.mark = fr.mark;
  if (v4) q.tos = ip[1] & 0x1c;
  const uint8_t* dst = (f.flags & k::kFibDaddr) ? daddr : saddr;
  const uint8_t* src = (f.flags & k::kFibDaddr) ? saddr : daddr;
  std::memcpy(q.daddr, dst, alen);
  // get_saddr(): a source that cannot be one (zeronet, broadcast, multicast) is left out.
  if (!v4 || !(v4_zeronet(src) || v4_lbcast(src) || v4_mcast(src))) {
    std::memcpy(q.saddr, src, alen);
  }
  if (dev != nullptr && (f.flags & k::kFibIif)) q.iif = dev->ifindex;
  fib_store(vm, d, f, 0, nullptr);
  const RouteAnswer a = vm.env.fib_route(q);
  constexpr uint8_t kRtnUnicast = 1, kRtnLocal = 2;
  if (!a.found || a.type == kRtnLocal || (a.type != kRtnUnicast && !v4)) return true;
  if (dev == nullptr) {
    fib_store(vm, d, f, a.oif, a.oifname);
  } else if (a.oif == dev->ifindex) {
    fib_store(vm, d, f, dev->ifindex, dev->name);
  }
  return true;
}

bool op_rt(Vm& vm, const ir::Rt& r) {
  uint8_t out[16] = {};
  if (r.key == k::kRtNexthop4 && vm.pkt.pf != ir::Family::Ip) return false;
  if (r.key == k::kRtNexthop6 && vm.pkt.pf != ir::Family::Ip6) return false;
  if (!vm.env.rt(r.key, out)) return false;
  const uint32_t len = r.key == k::kRtNexthop6 ? 16 : 4;
  uint8_t* d = vm.regs.at(r.dreg, len);
  if (d == nullptr) return false;
  switch (r.key) {
    case k::kRtTcpmss: store_u16(d, static_cast<uint16_t>(out[0] | (out[1] << 8))); return true;
    case k::kRtXfrm: store_u8(d, out[0]); return true;
    default: std::memcpy(d, out, len); return true;
  }
}

}  // namespace nftx::fastpath::classify
