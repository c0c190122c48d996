// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstring>

#include "backends/fastpath/classify/kernel_consts.h"
#include "backends/fastpath/engine/packet_state.h"

namespace nftx::fastpath {
namespace {

// RTN_* route types as nft's fib expression reports them.
uint32_t rtn_type(net::RouteType t) {
  switch (t) {
    case net::RouteType::Unicast: return 1;
    case net::RouteType::Local: return 2;
    case net::RouteType::Broadcast: return 3;
    case net::RouteType::Blackhole: return 6;
    case net::RouteType::Unreachable: return 7;
    case net::RouteType::Prohibit: return 8;
    case net::RouteType::Throw: return 9;
  }
  return 0;
}

}  // namespace

void fill_ct_view(const Engine::PacketState& st, uint64_t now_ns, classify::CtView& v) {
  v = classify::CtView{};
  v.untracked = st.notrack;
  v.ctinfo = static_cast<uint8_t>(st.info);
  const ct::Conn* c = st.conn;
  if (c == nullptr) return;
  v.attached = true;
  v.status = c->status;
  v.mark = c->mark;
  v.zone = c->zone;
  v.id = c->id;
  v.expiration_ms = static_cast<uint32_t>(c->expires_in(now_ns) / 1000000ULL);
  v.l3proto = c->l3();
  v.l4proto = c->l4();
  for (int d = 0; d < 2; ++d) {
    std::memcpy(v.tuple[d].src, c->tuples[d].src, 16);
    std::memcpy(v.tuple[d].dst, c->tuples[d].dst, 16);
    v.tuple[d].src_port = c->tuples[d].sport;
    v.tuple[d].dst_port = c->tuples[d].dport;
    v.packets[d] = c->packets[d];
    v.bytes[d] = c->bytes[d];
  }
}

uint32_t EngineEnv::random_u32() { return engine_.conntrack().random(); }

classify::RouteAnswer EngineEnv::fib_route(const classify::RouteQuery& q) {
  classify::RouteAnswer a;
  const auto r = engine_.network().route(net::IpAddr::from_nfproto(q.nfproto, q.daddr));
  if (!r) return a;
  a.found = true;
  a.type = static_cast<uint8_t>(rtn_type(r->type));
  a.oif = r->oif;
  if (const net::Interface* i = engine_.network().interfaces.find(r->oif)) {
    std::strncpy(a.oifname, i->name.c_str(), sizeof(a.oifname) - 1);
  }
  return a;
}

uint32_t EngineEnv::fib_addr_type(uint8_t nfproto, const uint8_t* addr, uint32_t dev_ifindex) {
  const net::IpAddr a = net::IpAddr::from_nfproto(nfproto, addr);
  const net::NetworkSetup& net = engine_.network();
  if (dev_ifindex != 0) {
    const net::Interface* i = net.interfaces.find(dev_ifindex);
    if (i != nullptr && i->has_address(a)) return 2;  // RTN_LOCAL
  } else if (net.interfaces.is_local(a)) {
    return 2;
  }
  const auto r = net.route(a);
  return r ? rtn_type(r->type) : 7;  // no route: RTN_UNREACHABLE
}

void EngineEnv::ct_set(uint32_t key, int /*dir*/, const uint8_t* data, uint32_t len) {
  ct::Conn* c = st_.conn;
  if (c == nullptr) return;
  uint32_t v = 0;
  std::memcpy(&v, data, std::min<uint32_t>(len, 4));
  if (key == classify::k::kCtMark) {
    c->mark = v;
    st_.view.mark = v;
  } else if (key == classify::k::kCtZone) {
    c->zone = static_cast<uint16_t>(v);
    st_.view.zone = static_cast<uint16_t>(v);
  }
}

void EngineEnv::log(std::string_view line) { engine_.log(line); }

}  // namespace nftx::fastpath
