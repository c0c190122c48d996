// SPDX-License-Identifier: GPL-2.0-or-later
// The flowtable among the netdev ingress chains of its devices (docs/engine.md, spec §2): a
// `hook ingress priority P` flowtable runs after the chains below P (so they see fast-path
// packets too) and before the chains at or above P (which see only misses); an early_ingress
// flowtable runs before every chain.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <regex>
#include <string>
#include <vector>

#include "testsuite/unit/fastpath/engine/engine_fixture.h"

namespace nftx::fastpath::testing {
namespace {

// `hook` is "ingress priority 0" or "early_ingress priority 0".
std::string ruleset(std::string_view hook) {
  std::string s =
      "table netdev pre {\n"
      "  chain early {\n"
      "    type filter hook ingress device \"lan0\" priority -10; policy accept;\n"
      "    udp dport 53 counter\n"
      "    udp dport 53 ip length 100 drop\n"
      "  }\n"
      "  chain late {\n"
      "    type filter hook ingress device \"lan0\" priority 10; policy accept;\n"
      "    udp dport 53 counter\n"
      "  }\n"
      "}\n"
      "table inet gw {\n"
      "  flowtable ft { hook ";
  s += hook;
  s +=
      "; devices = { lan0, wan0 }; }\n"
      "  chain forward { type filter hook forward priority 0; meta l4proto udp flow add @ft }\n"
      "  chain post { type nat hook postrouting priority srcnat; oifname wan0 masquerade }\n"
      "}\n";
  return s;
}

// The packet counts of the ruleset's counters, in listing order (early chain, late chain).
std::vector<uint64_t> counter_packets(const Gateway& gw) {
  std::vector<uint64_t> out;
  const std::string text = gw.listing();
  static const std::regex re("counter packets ([0-9]+)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    out.push_back(std::stoull((*it)[1].str()));
  }
  return out;
}

// Five packets of one UDP flow: two classic (the second creates the entry), three fast.
void five_packets(Gateway& gw) {
  for (int i = 0; i < 5; ++i) gw.send("lan0", from_client().udp(50000, 53).payload(40));
}

TEST(EngineIngressOrder, IngressFlowtableRunsAfterLowerPriorityChains) {
  Gateway gw(ruleset("ingress priority 0"));
  five_packets(gw);
  EXPECT_EQ(gw.flowtable().stats().hits, 3U);
  EXPECT_EQ(counter_packets(gw), (std::vector<uint64_t>{5, 2}));
  EXPECT_EQ(gw.take("wan0").size(), 5U);
  // A chain before the flowtable drops fast-path packets too.
  gw.send("lan0", from_client().udp(50000, 53).payload(100 - 28));
  EXPECT_EQ(gw.drops(DropReason::RuleDrop), 1U);
  EXPECT_EQ(gw.flowtable().stats().hits, 3U);
  EXPECT_TRUE(gw.take("wan0").empty());
}

TEST(EngineIngressOrder, EarlyIngressFlowtableSkipsAllChains) {
  Gateway gw(ruleset("early_ingress priority 0"));
  five_packets(gw);
  EXPECT_EQ(gw.flowtable().stats().hits, 3U);
  EXPECT_EQ(counter_packets(gw), (std::vector<uint64_t>{2, 2}));
  EXPECT_EQ(gw.take("wan0").size(), 5U);
  gw.send("lan0", from_client().udp(50000, 53).payload(100 - 28));
  EXPECT_EQ(gw.drops(DropReason::RuleDrop), 0U);
  EXPECT_EQ(gw.flowtable().stats().hits, 4U);
  EXPECT_EQ(gw.take("wan0").size(), 1U);
}

TEST(EngineIngressOrder, FlowtablePriorityAboveAllChains) {
  Gateway gw(ruleset("ingress priority 20"));
  five_packets(gw);
  EXPECT_EQ(gw.flowtable().stats().hits, 3U);
  EXPECT_EQ(counter_packets(gw), (std::vector<uint64_t>{5, 5}));
}

TEST(EngineIngressOrder, ChainsOnOtherDevicesDoNotRun) {
  Gateway gw(ruleset("ingress priority 0"));
  five_packets(gw);
  for (int i = 0; i < 3; ++i) gw.send("wan0", from_server().udp(53, 50000).payload(40));
  EXPECT_EQ(gw.flowtable().stats().hits, 6U);
  EXPECT_EQ(counter_packets(gw), (std::vector<uint64_t>{5, 2}));
  EXPECT_EQ(gw.take("lan0").size(), 3U);
}

}  // namespace
}  // namespace nftx::fastpath::testing
