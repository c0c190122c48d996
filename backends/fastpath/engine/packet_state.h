// SPDX-License-Identifier: GPL-2.0-or-later
// What the engine knows about one packet while it crosses the hooks, and the classify::Env the
// VM calls back into (routing, conntrack writes, logging, randomness).
#pragma once

#include <cstdint>

#include "backends/fastpath/classify/env.h"
#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/engine/engine.h"
#include "backends/fastpath/net/fib.h"

namespace nftx::fastpath {

struct Engine::PacketState {
  const classify::IfInfo* in = nullptr;
  const classify::IfInfo* out = nullptr;
  ir::Family pf = ir::Family::Ip;  // Ip or Ip6 from the frame
  ct::Conn* conn = nullptr;        // null: invalid or untracked
  ct::Dir dir = ct::Dir::kOriginal;
  ct::CtInfo info = ct::CtInfo::kInvalid;
  bool notrack = false;
  classify::CtView view;
  net::FibResult route;            // the routing decision (forward)
};

// The addresses of an IP frame (parsed, IPv4 or IPv6).
inline net::IpAddr frame_src(const Frame& f) {
  const bool v4 = f.hdr.nfproto == kNfprotoIpv4;
  return net::IpAddr::from_nfproto(f.hdr.nfproto, f.l3() + (v4 ? 12 : 8));
}
inline net::IpAddr frame_dst(const Frame& f) {
  const bool v4 = f.hdr.nfproto == kNfprotoIpv4;
  return net::IpAddr::from_nfproto(f.hdr.nfproto, f.l3() + (v4 ? 16 : 24));
}

// Fills the VM's view of a conntrack entry.
void fill_ct_view(const Engine::PacketState& st, uint64_t now_ns, classify::CtView& v);

class EngineEnv final : public classify::Env {
 public:
  EngineEnv(Engine& engine, Engine::PacketState& st) : engine_(engine), st_(st) {}
  uint32_t random_u32() override;
  classify::RouteAnswer fib_route(const classify::RouteQuery& q) override;
  uint32_t fib_addr_type(uint8_t nfproto, const uint8_t* addr, uint32_t dev_ifindex) override;
  void ct_set(uint32_t key, int dir, const uint8_t* data, uint32_t len) override;
  void log(std::string_view line) override;

 private:
  Engine& engine_;
  Engine::PacketState& st_;
};

}  // namespace nftx::fastpath
