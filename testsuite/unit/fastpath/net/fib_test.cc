// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/net/fib.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace nftx::fastpath::net {
namespace {

IpAddr A(const char* s) { return *parse_ip(s); }
Prefix P(const char* s) { return *parse_prefix(s); }

Route unicast(const char* dst, uint32_t oif, uint32_t metric = 0) {
  Route r;
  r.dst = P(dst);
  r.oif = oif;
  r.metric = metric;
  r.scope = RouteScope::Link;
  return r;
}

Route via(const char* dst, const char* gw, uint32_t oif, uint32_t metric = 0) {
  Route r = unicast(dst, oif, metric);
  r.gateway = A(gw);
  r.scope = RouteScope::Universe;
  return r;
}

class FibTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Interface* a = ifaces.add("eth0");
    a->up = true;
    a->addresses.push_back(P("192.0.2.10/24"));
    a->addresses.push_back(P("2001:db8:1::10/64"));
    Interface* b = ifaces.add("eth1");
    b->up = true;
    b->mtu = 9000;
    b->addresses.push_back(P("10.0.0.1/8"));
  }
  // The matched prefix (as `ip route` prints it) or "none".
  std::string match(const char* dst) const {
    auto r = fib.lookup(A(dst), ifaces);
    return r ? format_route_dst(r->matched) : "none";
  }
  InterfaceTable ifaces;  // lo=1, eth0=2, eth1=3
  Fib fib;
};

TEST_F(FibTest, LongestPrefixWinsV4) {
  ASSERT_TRUE(fib.add(via("0.0.0.0/0", "192.0.2.1", 2)));
  ASSERT_TRUE(fib.add(unicast("10.0.0.0/8", 3)));
  ASSERT_TRUE(fib.add(via("10.1.0.0/16", "10.0.0.2", 3)));
  ASSERT_TRUE(fib.add(via("10.1.2.0/24", "10.0.0.3", 3)));
  ASSERT_TRUE(fib.add(via("10.1.2.3/32", "10.0.0.4", 3)));
  EXPECT_EQ(match("10.1.2.3"), "10.1.2.3");
  EXPECT_EQ(match("10.1.2.4"), "10.1.2.0/24");
  EXPECT_EQ(match("10.1.3.1"), "10.1.0.0/16");
  EXPECT_EQ(match("10.2.0.1"), "10.0.0.0/8");
  EXPECT_EQ(match("11.0.0.1"), "default");
  EXPECT_EQ(match("255.255.255.255"), "default");

  auto r = fib.lookup(A("10.1.2.4"), ifaces);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->type, RouteType::Unicast);
  EXPECT_EQ(r->oif, 3U);
  EXPECT_TRUE(r->via_gateway);
  EXPECT_EQ(r->next_hop, A("10.0.0.3"));
  EXPECT_EQ(r->mtu, 9000U);  // the interface's
  ASSERT_TRUE(r->prefsrc);
  EXPECT_EQ(*r->prefsrc, A("10.0.0.1"));

  auto direct = fib.lookup(A("10.9.9.9"), ifaces);
  ASSERT_TRUE(direct);
  EXPECT_FALSE(direct->via_gateway);
  EXPECT_EQ(direct->next_hop, A("10.9.9.9"));  // directly connected: the destination itself
}

TEST_F(FibTest, NoRouteWithoutDefault) {
  ASSERT_TRUE(fib.add(unicast("10.0.0.0/8", 3)));
  EXPECT_EQ(match("11.0.0.1"), "none");
  EXPECT_EQ(match("2001:db8::1"), "none");  // families are separate
  EXPECT_FALSE(fib.lookup(IpAddr{}, ifaces));
}

TEST_F(FibTest, LongestPrefixWinsV6) {
  ASSERT_TRUE(fib.add(via("::/0", "fe80::1", 2, 1024)));
  ASSERT_TRUE(fib.add(unicast("2001:db8:1::/64", 2, 256)));
  ASSERT_TRUE(fib.add(via("2001:db8::/32", "2001:db8:1::1", 2, 1024)));
  ASSERT_TRUE(fib.add(via("2001:db8:1:0:8000::/65", "2001:db8:1::2", 2, 1024)));
  ASSERT_TRUE(fib.add(via("2001:db8:1::77/128", "2001:db8:1::3", 2, 1024)));
  EXPECT_EQ(match("2001:db8:1::77"), "2001:db8:1::77");
  EXPECT_EQ(match("2001:db8:1::78"), "2001:db8:1::/64");
  EXPECT_EQ(match("2001:db8:1:0:8000::1"), "2001:db8:1:0:8000::/65");
  EXPECT_EQ(match("2001:db8:2::1"), "2001:db8::/32");
  EXPECT_EQ(match("2001:db9::1"), "default");
  EXPECT_EQ(match("10.0.0.1"), "none");
  auto r = fib.lookup(A("2001:db8:1::5"), ifaces);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->prefsrc);
  EXPECT_EQ(*r->prefsrc, A("2001:db8:1::10"));
}

TEST_F(FibTest, LowerMetricWinsForTheSamePrefix) {
  ASSERT_TRUE(fib.add(via("0.0.0.0/0", "192.0.2.1", 2, 100)));
  ASSERT_TRUE(fib.add(via("0.0.0.0/0", "10.0.0.254", 3, 50)));
  auto r = fib.lookup(A("8.8.8.8"), ifaces);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->next_hop, A("10.0.0.254"));
  // A longer prefix wins whatever its metric.
  ASSERT_TRUE(fib.add(via("8.0.0.0/8", "192.0.2.2", 2, 4000)));
  EXPECT_EQ(fib.lookup(A("8.8.8.8"), ifaces)->next_hop, A("192.0.2.2"));
  // Removing the better metric falls back to the other one.
  ASSERT_TRUE(fib.remove(RouteTable::Main, P("0.0.0.0/0"), 50));
  EXPECT_EQ(fib.lookup(A("9.9.9.9"), ifaces)->next_hop, A("192.0.2.1"));
  EXPECT_FALSE(fib.remove(RouteTable::Main, P("0.0.0.0/0"), 50));
}

TEST_F(FibTest, SameKeyIsRefusedReplacedOrAppended) {
  ASSERT_TRUE(fib.add(via("0.0.0.0/0", "192.0.2.1", 2, 10)));
  EXPECT_FALSE(fib.add(via("0.0.0.0/0", "192.0.2.2", 2, 10)));  // File exists
  EXPECT_EQ(fib.size(), 1U);
  EXPECT_TRUE(fib.add(via("0.0.0.0/0", "192.0.2.3", 2, 10), AddMode::Replace));
  EXPECT_EQ(fib.size(), 1U);
  EXPECT_EQ(fib.lookup(A("1.1.1.1"), ifaces)->next_hop, A("192.0.2.3"));
  // Append keeps the first one in front: equal metrics tie in insertion order.
  EXPECT_TRUE(fib.add(via("0.0.0.0/0", "192.0.2.4", 2, 10), AddMode::Append));
  EXPECT_EQ(fib.size(), 2U);
  EXPECT_EQ(fib.lookup(A("1.1.1.1"), ifaces)->next_hop, A("192.0.2.3"));
  EXPECT_TRUE(fib.contains(RouteTable::Main, P("0.0.0.0/0"), 10));
  EXPECT_FALSE(fib.contains(RouteTable::Local, P("0.0.0.0/0"), 10));
}

TEST_F(FibTest, DestinationIsMaskedOnInsertion) {
  ASSERT_TRUE(fib.add(unicast("10.1.2.3/16", 3)));
  EXPECT_EQ(match("10.1.200.1"), "10.1.0.0/16");
  EXPECT_TRUE(fib.contains(RouteTable::Main, P("10.1.0.0/16"), 0));
}

TEST_F(FibTest, RejectTypesAndTheirResults) {
  Route bh;
  bh.dst = P("10.66.0.0/16");
  bh.type = RouteType::Blackhole;
  ASSERT_TRUE(fib.add(bh));
  Route un = bh;
  un.dst = P("10.67.0.0/16");
  un.type = RouteType::Unreachable;
  ASSERT_TRUE(fib.add(un));
  ASSERT_TRUE(fib.add(unicast("10.0.0.0/8", 3)));
  auto r = fib.lookup(A("10.66.1.1"), ifaces);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->type, RouteType::Blackhole);
  EXPECT_EQ(r->oif, 0U);
  EXPECT_FALSE(r->prefsrc);
  EXPECT_EQ(fib.lookup(A("10.67.1.1"), ifaces)->type, RouteType::Unreachable);
  EXPECT_EQ(fib.lookup(A("10.68.1.1"), ifaces)->type, RouteType::Unicast);
}

TEST_F(FibTest, ThrowEndsTheLookup) {
  ASSERT_TRUE(fib.add(via("0.0.0.0/0", "192.0.2.1", 2)));
  Route t;
  t.dst = P("172.16.0.0/12");
  t.type = RouteType::Throw;
  ASSERT_TRUE(fib.add(t));
  EXPECT_EQ(match("172.16.0.1"), "none");
  EXPECT_EQ(match("172.32.0.1"), "default");
}

TEST_F(FibTest, LocalTableIsConsultedFirst) {
  Route local;
  local.dst = P("10.0.0.1/32");
  local.type = RouteType::Local;
  local.table = RouteTable::Local;
  local.scope = RouteScope::Host;
  local.oif = 3;
  ASSERT_TRUE(fib.add(local));
  ASSERT_TRUE(fib.add(via("10.0.0.1/32", "192.0.2.1", 2)));  // a main route cannot steal it
  auto r = fib.lookup(A("10.0.0.1"), ifaces);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->type, RouteType::Local);
  EXPECT_EQ(r->table, RouteTable::Local);
}

TEST_F(FibTest, RouteMtuOverridesTheInterface) {
  Route r = via("0.0.0.0/0", "10.0.0.254", 3);
  r.mtu = 1400;
  r.mtu_lock = true;
  ASSERT_TRUE(fib.add(r));
  auto res = fib.lookup(A("1.2.3.4"), ifaces);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->mtu, 1400U);
  EXPECT_TRUE(res->mtu_lock);
}

TEST_F(FibTest, PrefsrcOfTheRouteWins) {
  Route r = via("0.0.0.0/0", "192.0.2.1", 2);
  r.prefsrc = A("10.0.0.1");
  ASSERT_TRUE(fib.add(r));
  EXPECT_EQ(*fib.lookup(A("1.2.3.4"), ifaces)->prefsrc, A("10.0.0.1"));
}

TEST_F(FibTest, GenerationChangesOnEveryChange) {
  const uint64_t g0 = fib.generation();
  ASSERT_TRUE(fib.add(unicast("10.0.0.0/8", 3)));
  const uint64_t g1 = fib.generation();
  EXPECT_GT(g1, g0);
  EXPECT_FALSE(fib.add(unicast("10.0.0.0/8", 3)));  // refused: no change
  EXPECT_EQ(fib.generation(), g1);
  fib.lookup(A("10.0.0.5"), ifaces);
  EXPECT_EQ(fib.generation(), g1);
  ASSERT_TRUE(fib.remove(RouteTable::Main, P("10.0.0.0/8"), 0));
  EXPECT_GT(fib.generation(), g1);
  const uint64_t g2 = fib.generation();
  fib.invalidate();
  EXPECT_GT(fib.generation(), g2);
}

TEST_F(FibTest, RemoveIfDropsMatchingRoutes) {
  ASSERT_TRUE(fib.add(unicast("10.0.0.0/8", 3)));
  ASSERT_TRUE(fib.add(via("10.5.0.0/16", "10.0.0.9", 3)));
  ASSERT_TRUE(fib.add(unicast("192.0.2.0/24", 2)));
  EXPECT_EQ(fib.remove_if([](const Route& r) { return r.oif == 3; }), 2U);
  EXPECT_EQ(fib.size(), 1U);
  EXPECT_EQ(match("10.5.0.1"), "none");
  EXPECT_EQ(match("192.0.2.7"), "192.0.2.0/24");
}

TEST_F(FibTest, ConnectedRouteFindsTheGatewaySubnet) {
  ASSERT_TRUE(fib.add(unicast("192.0.2.0/24", 2)));
  ASSERT_TRUE(fib.add(via("0.0.0.0/0", "192.0.2.1", 2)));
  const Route* c = fib.connected_route(A("192.0.2.1"), 0);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->oif, 2U);
  EXPECT_EQ(fib.connected_route(A("192.0.2.1"), 3), nullptr);  // wrong interface
  EXPECT_EQ(fib.connected_route(A("8.8.8.8"), 0), nullptr);    // only via the default
}

TEST_F(FibTest, RoutesAreListedInIpRouteOrder) {
  ASSERT_TRUE(fib.add(unicast("10.0.0.0/16", 3)));
  ASSERT_TRUE(fib.add(unicast("10.0.0.0/24", 3, 5)));
  ASSERT_TRUE(fib.add(unicast("10.0.0.0/24", 3)));
  ASSERT_TRUE(fib.add(via("0.0.0.0/0", "10.0.0.254", 3)));
  std::vector<std::string> lines;
  for (const Route& r : fib.routes(RouteTable::Main, Family::V4)) {
    lines.push_back(format_route(r, ifaces));
  }
  const std::vector<std::string> want = {
      "default via 10.0.0.254 dev eth1",
      "10.0.0.0/24 dev eth1 scope link",
      "10.0.0.0/24 dev eth1 scope link metric 5",
      "10.0.0.0/16 dev eth1 scope link",
  };
  EXPECT_EQ(lines, want);
}

TEST(FibFormat, RouteLinesLookLikeIpRoute) {
  InterfaceTable ifaces;
  ifaces.add("wan");
  Route r;
  r.dst = P("2001:db8::/32");
  r.gateway = A("fe80::1");
  r.oif = 2;
  r.metric = 1024;
  r.mtu = 1280;
  EXPECT_EQ(format_route(r, ifaces), "2001:db8::/32 via fe80::1 dev wan metric 1024 mtu 1280");
  Route bh;
  bh.dst = P("10.7.0.0/16");
  bh.type = RouteType::Blackhole;
  EXPECT_EQ(format_route(bh, ifaces), "blackhole 10.7.0.0/16");
  Route k;
  k.dst = P("10.0.0.0/24");
  k.oif = 2;
  k.protocol = kProtoKernel;
  k.scope = RouteScope::Link;
  k.prefsrc = A("10.0.0.1");
  k.mtu = 1400;
  k.mtu_lock = true;
  EXPECT_EQ(format_route(k, ifaces),
            "10.0.0.0/24 dev wan proto kernel scope link src 10.0.0.1 mtu lock 1400");
  EXPECT_EQ(parse_route_protocol("static"), kProtoStatic);
  EXPECT_EQ(parse_route_protocol("77"), 77);
  EXPECT_FALSE(parse_route_protocol("256"));
  EXPECT_EQ(route_protocol_name(77), "77");
  EXPECT_EQ(parse_route_type("prohibit"), RouteType::Prohibit);
  EXPECT_FALSE(parse_route_type("multicast"));
}

// The brute-force reference: the longest matching prefix, then the lowest metric.
struct Reference {
  struct Entry {
    Prefix dst;
    uint32_t metric;
    uint32_t oif;
  };
  std::vector<Entry> routes;
  const Entry* lookup(const IpAddr& a) const {
    const Entry* best = nullptr;
    for (const Entry& e : routes) {
      if (!e.dst.contains(a)) continue;
      if (best == nullptr || e.dst.len > best->dst.len ||
          (e.dst.len == best->dst.len && e.metric < best->metric)) {
        best = &e;
      }
    }
    return best;
  }
};

IpAddr random_addr(std::mt19937_64& rng, Family f) {
  IpAddr a = IpAddr::any(f);
  const size_t n = f == Family::V4 ? 4 : 16;
  for (size_t i = 0; i < n; ++i) a.bytes[i] = static_cast<uint8_t>(rng());
  if (f == Family::V6 && rng() % 2) {
    // Most IPv6 routes share a few top bits in practice: keep some overlap.
    a.bytes[0] = 0x20;
    a.bytes[1] = 0x01;
  }
  return a;
}

void compare_with_reference(Family f, uint64_t seed) {
  std::mt19937_64 rng(seed);
  InterfaceTable ifaces;
  Fib fib;
  Reference ref;
  const unsigned width = f == Family::V4 ? 32 : 128;
  for (int i = 0; i < 2000; ++i) {
    const unsigned len =
        rng() % 4 == 0 ? static_cast<unsigned>(rng() % (width + 1))
                       : static_cast<unsigned>((f == Family::V4 ? 8 : 16) + rng() % (width / 4));
    Route r;
    r.dst = Prefix{mask(random_addr(rng, f), len), static_cast<uint8_t>(len)};
    r.metric = static_cast<uint32_t>(rng() % 4);
    r.oif = static_cast<uint32_t>(1 + rng() % 1000);
    const bool dup = fib.contains(RouteTable::Main, r.dst, r.metric);
    ASSERT_EQ(fib.add(r), !dup);
    if (!dup) ref.routes.push_back({r.dst, r.metric, r.oif});
  }
  ASSERT_EQ(fib.size(), ref.routes.size());
  auto check = [&](int rounds) {
    for (int i = 0; i < rounds; ++i) {
      IpAddr a = random_addr(rng, f);
      if (i % 2 == 0) {
        // Aim inside a random route so long prefixes get hit, not just /0-/8.
        const auto& e = ref.routes[rng() % ref.routes.size()];
        for (unsigned b = 0; b < e.dst.len; ++b) {
          const uint8_t bit = static_cast<uint8_t>(0x80U >> (b % 8));
          a.bytes[b / 8] =
              static_cast<uint8_t>((a.bytes[b / 8] & ~bit) | (e.dst.addr.bytes[b / 8] & bit));
        }
      }
      const Reference::Entry* want = ref.lookup(a);
      const Route* got = fib.find_route(a);
      if (want == nullptr) {
        ASSERT_EQ(got, nullptr) << format_ip(a);
        continue;
      }
      ASSERT_NE(got, nullptr) << format_ip(a);
      ASSERT_EQ(got->dst, want->dst) << format_ip(a);
      ASSERT_EQ(got->metric, want->metric) << format_ip(a);
      ASSERT_EQ(got->oif, want->oif) << format_ip(a);
    }
  };
  check(2500);
  // Remove a third of the routes and compare again.
  std::vector<Reference::Entry> kept;
  for (const auto& e : ref.routes) {
    if (rng() % 3 == 0) {
      ASSERT_TRUE(fib.remove(RouteTable::Main, e.dst, e.metric));
    } else {
      kept.push_back(e);
    }
  }
  ref.routes = kept;
  ASSERT_EQ(fib.size(), ref.routes.size());
  check(2500);
}

TEST(FibRandom, MatchesBruteForceV4) { compare_with_reference(Family::V4, 1); }
TEST(FibRandom, MatchesBruteForceV6) { compare_with_reference(Family::V6, 2); }

TEST(FibScale, TenThousandRoutes) {
  InterfaceTable ifaces;
  Fib fib;
  for (uint32_t i = 0; i < 10000; ++i) {
    Route r;
    r.dst = Prefix{IpAddr::v4_host(0x0a000000U | (i << 8)), 24};
    r.oif = 1 + i % 7;
    ASSERT_TRUE(fib.add(r));
  }
  for (uint32_t i = 0; i < 10000; i += 97) {
    const Route* r = fib.find_route(IpAddr::v4_host(0x0a000000U | (i << 8) | 0x42));
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->oif, 1 + i % 7);
    EXPECT_EQ(r->dst.addr, IpAddr::v4_host(0x0a000000U | (i << 8)));
  }
  EXPECT_EQ(fib.size(), 10000U);
}

}  // namespace
}  // namespace nftx::fastpath::net
