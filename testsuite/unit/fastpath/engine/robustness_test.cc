// SPDX-License-Identifier: GPL-2.0-or-later
// Whatever arrives on a port, the engine must not crash, read out of bounds or leak frames:
// valid flows (so that conntrack, NAT and the flowtable hold state) interleaved with mutated and
// truncated copies of them, in batches, in both directions, with time passing over GC and
// expiry. Run under ASan/UBSan in CI, this is the engine's fuzz test.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "engine_fixture.h"

namespace nftx::fastpath::testing {
namespace {

std::vector<std::vector<uint8_t>> seeds() {
  std::vector<std::vector<uint8_t>> out;
  for (uint16_t p = 0; p < 8; ++p) {
    out.push_back(from_client().tcp(40000 + p, 443).flags(TcpFlags::Syn).seq(1).mss(1460)
                      .wscale(7).sack_perm().build());
    out.push_back(from_server().tcp(443, 40000 + p).flags(TcpFlags::Syn | TcpFlags::Ack)
                      .seq(100).ack(2).build());
    out.push_back(from_client().tcp(40000 + p, 443).flags(TcpFlags::Ack).seq(2).ack(101)
                      .payload(100).build());
    out.push_back(from_client().udp(50000 + p, 53).payload(30).build());
    out.push_back(from_server().udp(53, 50000 + p).payload(60).build());
    out.push_back(from_client().icmp_echo(p, 1).payload(16).build());
    out.push_back(from_client().ttl(1).udp(1, 2).payload(4).build());
    out.push_back(from_client().ip_id(p).fragment(0, true).udp(51000, 9).payload(64).build());
    out.push_back(from_client().ip_id(p).fragment(72, false).udp(51000, 9).payload(8).build());
    out.push_back(from_client6().tcp(41000 + p, 80).flags(TcpFlags::Syn).build());
    out.push_back(from_server6().udp(53, 52000 + p).payload(20).build());
  }
  return out;
}

TEST(EngineRobustness, MutatedTrafficNeverBreaksTheEngine) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  const auto base = seeds();
  std::mt19937 rng(20261126);
  const uint32_t pool_before = gw.engine().pool().available();
  for (int round = 0; round < 400; ++round) {
    gw.at(static_cast<uint64_t>(round) * 250 * kMs);  // 100 s in all: GC and expiry run
    std::vector<std::vector<uint8_t>> lan, wan;
    for (int i = 0; i < 24; ++i) {
      std::vector<uint8_t> f = base[rng() % base.size()];
      switch (rng() % 4) {
        case 0:  // intact: keeps connections and flow entries alive
          break;
        case 1:  // flip a few bytes anywhere (headers included)
          for (int k = 0; k < 1 + static_cast<int>(rng() % 4); ++k) {
            f[rng() % f.size()] ^= static_cast<uint8_t>(1U << (rng() % 8));
          }
          break;
        case 2:  // truncate
          f.resize(rng() % f.size());
          break;
        case 3:  // random length fields and flags in the IP and transport headers
          if (f.size() > 40) {
            f[14 + rng() % 26] = static_cast<uint8_t>(rng());
          }
          break;
      }
      const bool to_wan = f.size() >= 12 && f[6] == 0x02 && f[11] == 0xfe;  // from the router
      (to_wan ? wan : lan).push_back(std::move(f));
    }
    gw.send_batch("lan0", lan);
    gw.send_batch("wan0", wan);
    gw.clear();
  }
  gw.advance_to(400 * 250 * kMs + 600 * kSec);  // everything expires
  const EngineStats& s = gw.engine().stats();
  EXPECT_EQ(s.rx, 400U * 24);
  EXPECT_GT(s.fast_path, 0U);   // real flows were offloaded in between
  EXPECT_GT(s.dropped(), 0U);   // and garbage was dropped with reasons
  EXPECT_EQ(gw.engine().pool().available(), pool_before);  // every frame went back
  EXPECT_EQ(gw.flowtable().size(), 0U);
  // After 10 idle minutes only established TCP connections (5-day timeout) may remain.
  gw.engine().conntrack().for_each([](ct::Conn& c) {
    EXPECT_EQ(c.l4(), ct::kProtoTcp);
    EXPECT_EQ(c.tcp.state, ct::TcpState::kEstablished);
    EXPECT_EQ(c.status & ct::ips::kOffload, 0U);
  });
}

}  // namespace
}  // namespace nftx::fastpath::testing
