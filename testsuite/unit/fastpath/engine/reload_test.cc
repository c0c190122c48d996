// SPDX-License-Identifier: GPL-2.0-or-later
// Atomic ruleset replacement (Engine::load): a flowtable that stays keeps its entries, a removed
// one is flushed back to conntrack, and a ruleset the engine refuses changes nothing.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "testsuite/unit/fastpath/engine/engine_fixture.h"

namespace nftx::fastpath::testing {
namespace {

ct::Conn* offload_udp(Gateway& gw, uint16_t cport) {
  gw.send("lan0", from_client().udp(cport, 9).payload(8));
  gw.send("lan0", from_client().udp(cport, 9).payload(8));
  EXPECT_EQ(gw.flowtable().size(), 1U);
  return gw.conn(IPPROTO_UDP, kClient, cport, kServer, 9);
}

TEST(EngineReload, FlowtableThatStaysKeepsItsEntries) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  ct::Conn* c = offload_udp(gw, 53000);
  ASSERT_NE(c, nullptr);
  // Same flowtable, different chains (a new rule in forward).
  std::string next = nat_ruleset("lan0, wan0", "");
  next.replace(next.find("    ct state established,related accept\n"), 0,
               "    tcp dport 23 drop\n");
  EXPECT_TRUE(gw.reload(next).empty());
  EXPECT_EQ(gw.flowtable().size(), 1U);
  EXPECT_TRUE(c->test(ct::ips::kOffload));
  gw.send("lan0", from_client().udp(53000, 9).payload(8));
  EXPECT_EQ(gw.flowtable().stats().hits, 1U);
  EXPECT_EQ(gw.flowtable().stats().created, 1U);
}

TEST(EngineReload, RemovedFlowtableIsFlushed) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  ct::Conn* c = offload_udp(gw, 53001);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(gw.reload("table inet gw {\n"
                        "  chain postrouting { type nat hook postrouting priority srcnat;\n"
                        "    oifname wan0 masquerade }\n"
                        "}\n")
                  .empty());
  EXPECT_TRUE(gw.engine().flowtables().empty());
  EXPECT_FALSE(c->test(ct::ips::kOffload));
  // Unreplied UDP after the fix-up: its own 30 s timeout again, not a day.
  EXPECT_LE(c->expires_in(gw.now()), 30 * kSec);
  // Traffic continues on the classic path with the existing NAT binding.
  gw.send("lan0", from_client().udp(53001, 9).payload(8));
  auto wan = gw.take("wan0");
  ASSERT_EQ(wan.size(), 3U);
  EXPECT_EQ(wan[2].src(), kPublic);
  EXPECT_EQ(gw.engine().stats().fast_path, 0U);
}

TEST(EngineReload, UnknownDeviceIsRefusedAndTheOldRulesetStays) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  ct::Conn* c = offload_udp(gw, 53002);
  ASSERT_NE(c, nullptr);
  // A stricter ruleset with a flowtable on a device the setup does not have.
  const std::string bad =
      "table inet gw {\n"
      "  flowtable ft { hook ingress priority 0; devices = { lan0, eth9 }; }\n"
      "  chain forward { type filter hook forward priority 0; policy drop; }\n"
      "}\n";
  const std::vector<LoadError> errors = gw.reload(bad);
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_NE(errors[0].message.find("eth9"), std::string::npos);
  // Nothing changed: the entry is there and the old forward policy (accept) still applies.
  ASSERT_EQ(gw.engine().flowtables().size(), 1U);
  EXPECT_EQ(gw.flowtable().size(), 1U);
  EXPECT_TRUE(c->test(ct::ips::kOffload));
  gw.send("lan0", from_client().udp(53002, 9).payload(8));
  EXPECT_EQ(gw.flowtable().stats().hits, 1U);
  gw.send("lan0", from_client().udp(53003, 9).payload(8));  // a new flow: classic, accepted
  EXPECT_EQ(gw.take("wan0").size(), 4U);
  EXPECT_EQ(gw.drops(DropReason::PolicyDrop) + gw.drops(DropReason::RuleDrop), 0U);
}

TEST(EngineReload, ChangedFlowtableHookIsANewFlowtable) {
  Gateway gw(nat_ruleset("lan0, wan0", ""));
  ct::Conn* c = offload_udp(gw, 53004);
  ASSERT_NE(c, nullptr);
  std::string next = nat_ruleset("lan0, wan0", "");
  const std::string hook = "hook ingress priority filter;";
  next.replace(next.find(hook), hook.size(), "hook ingress priority 5;");
  EXPECT_TRUE(gw.reload(next).empty()) << next;
  EXPECT_EQ(gw.flowtable().config().priority, 5);
  EXPECT_EQ(gw.flowtable().size(), 0U);
  EXPECT_FALSE(c->test(ct::ips::kOffload));
  // The next packet re-creates the entry in the new flowtable.
  gw.send("lan0", from_client().udp(53004, 9).payload(8));
  EXPECT_EQ(gw.flowtable().size(), 1U);
}

}  // namespace
}  // namespace nftx::fastpath::testing
