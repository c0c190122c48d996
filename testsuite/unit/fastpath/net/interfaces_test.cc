// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/net/interfaces.h"

#include <gtest/gtest.h>

#include "backends/fastpath/net/neighbours.h"

namespace nftx::fastpath::net {
namespace {

IpAddr A(const char* s) { return *parse_ip(s); }
Prefix P(const char* s) { return *parse_prefix(s); }

TEST(Interfaces, LoopbackExistsAndIndexesFollowCreation) {
  InterfaceTable t;
  const Interface* lo = t.find("lo");
  ASSERT_NE(lo, nullptr);
  EXPECT_EQ(lo->ifindex, 1U);
  EXPECT_TRUE(lo->up);
  EXPECT_EQ(lo->mtu, 65536U);
  Interface* wan = t.add("wan", "veth");
  ASSERT_NE(wan, nullptr);
  EXPECT_EQ(wan->ifindex, 2U);
  EXPECT_FALSE(wan->up);
  EXPECT_EQ(wan->mtu, 1500U);
  EXPECT_EQ(format_mac(wan->mac), "02:00:00:00:00:02");
  EXPECT_EQ(t.add("lan")->ifindex, 3U);  // `wan` may dangle from here
  EXPECT_EQ(t.add("wan"), nullptr);
  EXPECT_EQ(t.find(3U)->name, "lan");
  EXPECT_EQ(t.find(4U), nullptr);
  EXPECT_EQ(t.find(0U), nullptr);
  EXPECT_EQ(t.find("eth9"), nullptr);
}

TEST(Interfaces, LocalAddresses) {
  InterfaceTable t;
  Interface* wan = t.add("wan");
  wan->addresses.push_back(P("203.0.113.2/24"));
  wan->addresses.push_back(P("2001:db8::2/64"));
  EXPECT_TRUE(t.is_local(A("203.0.113.2")));
  EXPECT_EQ(t.owner_of(A("203.0.113.2"))->name, "wan");
  EXPECT_FALSE(t.is_local(A("203.0.113.3")));  // in the subnet but not ours
  EXPECT_TRUE(t.is_local(A("2001:db8::2")));
  EXPECT_FALSE(t.is_local(A("2001:db8::3")));
  EXPECT_TRUE(t.is_local(A("127.0.0.1")));
  EXPECT_TRUE(t.is_local(A("127.1.2.3")));  // all of 127/8, as `local 127.0.0.0/8 dev lo`
  EXPECT_TRUE(t.is_local(A("::1")));
}

TEST(Interfaces, SourceSelection) {
  InterfaceTable t;
  Interface* wan = t.add("wan");
  wan->up = true;
  wan->addresses.push_back(P("fe80::2/64"));
  wan->addresses.push_back(P("198.51.100.2/24"));
  wan->addresses.push_back(P("203.0.113.2/24"));
  wan->addresses.push_back(P("2001:db8::2/64"));
  Interface* lan = t.add("lan");
  lan->up = true;
  lan->addresses.push_back(P("192.168.1.1/24"));
  t.add("empty")->up = true;  // add() may move the others: find them again below

  // 1. the address whose prefix holds the next hop
  EXPECT_EQ(*t.select_source(2, A("203.0.113.1")), A("203.0.113.2"));
  EXPECT_EQ(*t.select_source(2, A("198.51.100.1")), A("198.51.100.2"));
  // 2. else the first address of the family on the interface, not link-local
  EXPECT_EQ(*t.select_source(2, A("8.8.8.8")), A("198.51.100.2"));
  EXPECT_EQ(*t.select_source(2, A("2001:db9::1")), A("2001:db8::2"));
  //    a link-local next hop is happy with the link-local address
  EXPECT_EQ(*t.select_source(2, A("fe80::1")), A("fe80::2"));
  // 3. else an address of another interface that is up (not lo)
  EXPECT_EQ(*t.select_source(4, A("10.0.0.1")), A("198.51.100.2"));
  t.find("wan")->up = false;
  EXPECT_EQ(*t.select_source(4, A("10.0.0.1")), A("192.168.1.1"));
  EXPECT_FALSE(t.select_source(4, A("2001:db9::1")));  // no usable IPv6 address
}

TEST(Interfaces, GenerationCountsChanges) {
  InterfaceTable t;
  const uint64_t g = t.generation();
  t.add("a");
  EXPECT_GT(t.generation(), g);
  const uint64_t g2 = t.generation();
  EXPECT_EQ(t.add("a"), nullptr);
  EXPECT_EQ(t.generation(), g2);
  t.touch();
  EXPECT_GT(t.generation(), g2);
}

TEST(Neighbours, AddFindResolveAndStates) {
  NeighbourTable n;
  const MacAddr m1 = *parse_mac("02:00:00:00:00:11");
  const MacAddr m2 = *parse_mac("02:00:00:00:00:22");
  const uint64_t g0 = n.generation();
  ASSERT_TRUE(n.add({2, A("192.0.2.1"), m1, NudState::Permanent}));
  EXPECT_GT(n.generation(), g0);
  EXPECT_FALSE(n.add({2, A("192.0.2.1"), m2, NudState::Permanent}));  // File exists
  EXPECT_EQ(n.find(2, A("192.0.2.1"))->mac, m1);
  EXPECT_EQ(n.find(3, A("192.0.2.1")), nullptr);  // keyed by interface too
  EXPECT_EQ(*n.resolve(2, A("192.0.2.1")), m1);

  n.replace({2, A("192.0.2.1"), m2, NudState::Stale});
  EXPECT_EQ(*n.resolve(2, A("192.0.2.1")), m2);  // stale still sends
  ASSERT_TRUE(n.set_state(2, A("192.0.2.1"), NudState::Failed));
  EXPECT_FALSE(n.resolve(2, A("192.0.2.1")));
  ASSERT_TRUE(n.set_state(2, A("192.0.2.1"), NudState::Incomplete));
  EXPECT_FALSE(n.resolve(2, A("192.0.2.1")));
  ASSERT_TRUE(n.set_state(2, A("192.0.2.1"), NudState::Reachable));
  EXPECT_TRUE(n.resolve(2, A("192.0.2.1")));
  EXPECT_FALSE(n.set_state(2, A("192.0.2.9"), NudState::Reachable));

  const uint64_t g1 = n.generation();
  n.set_state(2, A("192.0.2.1"), NudState::Reachable);  // no change
  EXPECT_EQ(n.generation(), g1);

  ASSERT_TRUE(n.add({2, A("2001:db8::1"), m1, NudState::Permanent}));
  ASSERT_TRUE(n.add({1, A("192.0.2.5"), m1, NudState::Reachable}));
  auto all = n.all();
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0].ifindex, 1U);
  EXPECT_EQ(all[1].addr, A("192.0.2.1"));  // IPv4 before IPv6
  EXPECT_EQ(all[2].addr, A("2001:db8::1"));

  EXPECT_EQ(n.flush_dynamic(2), 1U);  // the reachable one, not the permanent one
  EXPECT_EQ(n.size(), 2U);
  EXPECT_TRUE(n.remove(2, A("2001:db8::1")));
  EXPECT_FALSE(n.remove(2, A("2001:db8::1")));
}

TEST(Neighbours, StateNames) {
  EXPECT_EQ(parse_nud_state("PERMANENT"), NudState::Permanent);
  EXPECT_EQ(parse_nud_state("stale"), NudState::Stale);
  EXPECT_FALSE(parse_nud_state("delay"));
  EXPECT_STREQ(nud_state_name(NudState::Reachable), "REACHABLE");
}

}  // namespace
}  // namespace nftx::fastpath::net
