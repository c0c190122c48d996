// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/net/network_setup.h"

#include <gtest/gtest.h>

namespace nftx::fastpath::net {
namespace {

IpAddr A(const char* s) { return *parse_ip(s); }
Prefix P(const char* s) { return *parse_prefix(s); }

std::string local_table(const NetworkSetup& s) {
  std::string out;
  for (Family f : {Family::V4, Family::V6}) {
    for (const Route& r : s.fib.routes(RouteTable::Local, f)) {
      out += format_route(r, s.interfaces) + "\n";
    }
  }
  return out;
}

std::string main_table(const NetworkSetup& s) {
  std::string out;
  for (Family f : {Family::V4, Family::V6}) {
    for (const Route& r : s.fib.routes(RouteTable::Main, f)) {
      out += format_route(r, s.interfaces) + "\n";
    }
  }
  return out;
}

TEST(NetworkSetup, StartsWithLoopbackRoutes) {
  NetworkSetup s;
  EXPECT_EQ(local_table(s),
            "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1\n"
            "local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1\n"
            "broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1\n"
            "local ::1 dev lo proto kernel metric 0\n");
  EXPECT_EQ(main_table(s), "");
  EXPECT_EQ(s.route(A("127.3.4.5"))->type, RouteType::Local);
}

TEST(NetworkSetup, AddressesAddLocalAndConnectedRoutes) {
  NetworkSetup s;
  const uint32_t eth = s.add_link("eth0")->ifindex;
  // Down: only the local route, as the kernel does.
  ASSERT_EQ(s.add_address(eth, P("10.0.0.1/24")), SetupStatus::Ok);
  EXPECT_EQ(s.route(A("10.0.0.1"))->type, RouteType::Local);
  EXPECT_FALSE(s.route(A("10.0.0.2")));
  s.set_up(eth, true);
  ASSERT_EQ(s.add_address(eth, P("10.0.0.7/24")), SetupStatus::Ok);  // secondary
  ASSERT_EQ(s.add_address(eth, P("2001:db8::1/64")), SetupStatus::Ok);
  EXPECT_EQ(main_table(s),
            "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1\n"
            "2001:db8::/64 dev eth0 proto kernel metric 256\n");
  EXPECT_EQ(local_table(s),
            "local 10.0.0.1 dev eth0 proto kernel scope host src 10.0.0.1\n"
            "local 10.0.0.7 dev eth0 proto kernel scope host src 10.0.0.7\n"
            "broadcast 10.0.0.255 dev eth0 proto kernel scope link src 10.0.0.1\n"
            "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1\n"
            "local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1\n"
            "broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1\n"
            "local ::1 dev lo proto kernel metric 0\n"
            "local 2001:db8::1 dev eth0 proto kernel metric 0\n");
  auto r = s.route(A("10.0.0.9"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->type, RouteType::Unicast);
  EXPECT_EQ(r->oif, eth);
  EXPECT_EQ(r->next_hop, A("10.0.0.9"));
  EXPECT_EQ(*r->prefsrc, A("10.0.0.1"));
  EXPECT_EQ(s.route(A("10.0.0.255"))->type, RouteType::Broadcast);
  EXPECT_EQ(s.route(A("2001:db8::1"))->type, RouteType::Local);
  EXPECT_EQ(s.route(A("2001:db8::2"))->type, RouteType::Unicast);
  EXPECT_TRUE(s.interfaces.is_local(A("10.0.0.7")));
}

TEST(NetworkSetup, DuplicateAddressIsRefused) {
  NetworkSetup s;
  const uint32_t eth = s.add_link("eth0")->ifindex;
  ASSERT_EQ(s.add_address(eth, P("10.0.0.1/24")), SetupStatus::Ok);
  EXPECT_EQ(s.add_address(eth, P("10.0.0.1/24")), SetupStatus::AddressAssigned);
  EXPECT_EQ(s.add_address(eth, P("10.0.0.1/16")), SetupStatus::Ok);  // IPv4: other length ok
  ASSERT_EQ(s.add_address(eth, P("2001:db8::1/64")), SetupStatus::Ok);
  EXPECT_EQ(s.add_address(eth, P("2001:db8::1/48")), SetupStatus::AddressAssigned);
  EXPECT_EQ(status_message(SetupStatus::AddressAssigned, Family::V4),
            "ipv4: Address already assigned");
  EXPECT_EQ(s.add_address(99, P("10.0.0.1/24")), SetupStatus::NoDevice);
}

TEST(NetworkSetup, GatewayRoutesNeedAConnectedRoute) {
  NetworkSetup s;
  const uint32_t wan = s.add_link("wan")->ifindex;
  const uint32_t lan = s.add_link("lan")->ifindex;
  s.add_address(wan, P("203.0.113.2/24"));
  Route def;
  def.dst = P("0.0.0.0/0");
  def.gateway = A("203.0.113.1");
  // The link is down: no connected route yet.
  EXPECT_EQ(s.add_route(def, AddMode::Exclusive), SetupStatus::InvalidGateway);
  s.set_up(wan, true);
  s.set_up(lan, true);
  ASSERT_EQ(s.add_route(def, AddMode::Exclusive), SetupStatus::Ok);
  EXPECT_EQ(s.add_route(def, AddMode::Exclusive), SetupStatus::Exists);
  auto r = s.route(A("8.8.8.8"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->oif, wan);  // taken from the gateway's connected route
  EXPECT_EQ(r->next_hop, A("203.0.113.1"));
  EXPECT_EQ(*r->prefsrc, A("203.0.113.2"));  // what masquerade would use
  EXPECT_EQ(r->mtu, 1500U);

  Route wrong_dev = def;
  wrong_dev.dst = P("10.0.0.0/8");
  wrong_dev.oif = lan;
  EXPECT_EQ(s.add_route(wrong_dev, AddMode::Exclusive), SetupStatus::InvalidGateway);
  EXPECT_EQ(s.add_route(wrong_dev, AddMode::Exclusive, {.onlink = true}), SetupStatus::Ok);

  Route v6;
  v6.dst = P("::/0");
  v6.gateway = A("203.0.113.1");
  EXPECT_EQ(s.add_route(v6, AddMode::Exclusive), SetupStatus::FamilyMismatch);

  Route nodev;
  nodev.dst = P("10.1.0.0/16");
  EXPECT_EQ(s.add_route(nodev, AddMode::Exclusive), SetupStatus::NoDevice);

  Route badsrc;
  badsrc.dst = P("10.2.0.0/16");
  badsrc.oif = wan;
  badsrc.prefsrc = A("9.9.9.9");
  EXPECT_EQ(s.add_route(badsrc, AddMode::Exclusive), SetupStatus::InvalidPrefsrc);
}

TEST(NetworkSetup, DefaultMetricsAndScopes) {
  NetworkSetup s;
  const uint32_t eth = s.add_link("eth0")->ifindex;
  s.set_up(eth, true);
  s.add_address(eth, P("2001:db8::1/64"));
  Route r;
  r.dst = P("2001:db8:5::/48");
  r.gateway = A("2001:db8::ff");
  ASSERT_EQ(s.add_route(r, AddMode::Exclusive), SetupStatus::Ok);
  EXPECT_TRUE(s.fib.contains(RouteTable::Main, r.dst, kMetricV6User));
  Route d;
  d.dst = P("10.5.0.0/16");
  d.oif = eth;
  ASSERT_EQ(s.add_route(d, AddMode::Exclusive), SetupStatus::Ok);
  EXPECT_EQ(s.fib.find_route(A("10.5.0.1"))->scope, RouteScope::Link);
  EXPECT_EQ(s.fib.find_route(A("2001:db8:5::1"))->scope, RouteScope::Universe);
}

TEST(NetworkSetup, LinkDownDropsItsRoutesButKeepsLocalOnes) {
  NetworkSetup s;
  const uint32_t eth = s.add_link("eth0")->ifindex;
  s.set_up(eth, true);
  s.add_address(eth, P("10.0.0.1/24"));
  Route def;
  def.dst = P("0.0.0.0/0");
  def.gateway = A("10.0.0.254");
  ASSERT_EQ(s.add_route(def, AddMode::Exclusive), SetupStatus::Ok);
  s.neighbours.add({eth, A("10.0.0.254"), *parse_mac("02:00:00:00:00:fe"), NudState::Reachable});
  s.neighbours.add({eth, A("10.0.0.253"), *parse_mac("02:00:00:00:00:fd"), NudState::Permanent});
  const uint64_t g = s.fib.generation();
  s.set_up(eth, false);
  EXPECT_GT(s.fib.generation(), g);
  EXPECT_FALSE(s.route(A("8.8.8.8")));
  EXPECT_FALSE(s.route(A("10.0.0.9")));
  EXPECT_EQ(s.route(A("10.0.0.1"))->type, RouteType::Local);
  EXPECT_EQ(s.neighbours.size(), 1U);
  // Up again: connected routes come back, the static default does not (as in Linux).
  s.set_up(eth, true);
  EXPECT_TRUE(s.route(A("10.0.0.9")));
  EXPECT_FALSE(s.route(A("8.8.8.8")));
}

TEST(NetworkSetup, MtuChangeInvalidatesLookups) {
  NetworkSetup s;
  const uint32_t eth = s.add_link("eth0")->ifindex;
  s.set_up(eth, true);
  s.add_address(eth, P("10.0.0.1/24"));
  EXPECT_EQ(s.route(A("10.0.0.2"))->mtu, 1500U);
  const uint64_t g = s.fib.generation();
  s.set_mtu(eth, 9000);
  EXPECT_GT(s.fib.generation(), g);
  EXPECT_EQ(s.route(A("10.0.0.2"))->mtu, 9000U);
}

TEST(NetworkSetup, Neighbours) {
  NetworkSetup s;
  const uint32_t eth = s.add_link("eth0")->ifindex;
  Neighbour n{eth, A("10.0.0.2"), *parse_mac("02:00:00:00:00:02"), NudState::Permanent};
  EXPECT_EQ(s.add_neighbour(n, AddMode::Exclusive), SetupStatus::Ok);
  EXPECT_EQ(s.add_neighbour(n, AddMode::Exclusive), SetupStatus::Exists);
  n.state = NudState::Stale;
  EXPECT_EQ(s.add_neighbour(n, AddMode::Replace), SetupStatus::Ok);
  EXPECT_EQ(s.neighbours.find(eth, A("10.0.0.2"))->state, NudState::Stale);
  n.ifindex = 42;
  EXPECT_EQ(s.add_neighbour(n, AddMode::Exclusive), SetupStatus::NoDevice);
}

}  // namespace
}  // namespace nftx::fastpath::net
