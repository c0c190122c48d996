// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/conntrack/conntrack_json.h"

#include <gtest/gtest.h>

#include "backends/netlink/conntrack/ctnetlink_parse.h"
#include "testsuite/unit/conntrack/ct_message_builder.h"

namespace nftx::conntrack {
namespace {

TEST(ConntrackJson, OffloadedFlowWithCounters) {
  testing::CtMessage m = testing::offloaded_tcp(0xc00e);  // OFFLOAD and HW_OFFLOAD
  m.counters(CTA_COUNTERS_ORIG, 10, 1000);
  m.counters(CTA_COUNTERS_REPLY, 8, 4000);
  const MessageResult r = parse_ct_message(m.header());
  ASSERT_TRUE(r.entry) << r.error;
  // Through text and back, as a consumer would read it.
  const auto j = nlohmann::json::parse(table_to_json({*r.entry}).dump());
  ASSERT_EQ(j.at("conntrack").size(), 1u);
  const auto& e = j["conntrack"][0];
  EXPECT_EQ(e["family"], "ipv4");
  EXPECT_EQ(e["protocol"], "tcp");
  EXPECT_EQ(e["l4proto"], 6);
  EXPECT_TRUE(e["timeout"].is_null());
  EXPECT_TRUE(e["state"].is_null());
  EXPECT_EQ(e["orig"]["src"], "198.51.100.100");
  EXPECT_EQ(e["orig"]["sport"], 41676);
  EXPECT_EQ(e["reply"]["dport"], 41676);
  EXPECT_EQ(e["offload"], true);
  EXPECT_EQ(e["hw_offload"], true);
  EXPECT_EQ(e["assured"], true);
  EXPECT_EQ(e["unreplied"], false);
  EXPECT_EQ(e["status"]["value"], 0xc00e);
  EXPECT_EQ(e["status"]["flags"],
            nlohmann::json({"SEEN_REPLY", "ASSURED", "CONFIRMED", "OFFLOAD", "HW_OFFLOAD"}));
  EXPECT_EQ(e["counters"]["orig"]["packets"], 10);
  EXPECT_EQ(e["counters"]["orig"]["bytes"], 1000);
  EXPECT_EQ(e["counters"]["reply"]["packets"], 8);
  EXPECT_EQ(e["counters"]["reply"]["bytes"], 4000);
  EXPECT_EQ(e["mark"], 0);
  EXPECT_EQ(e["use"], 2);
  EXPECT_EQ(e["id"], 77);
  EXPECT_TRUE(e["zone"].is_null());
  EXPECT_FALSE(e.contains("master"));
}

TEST(ConntrackJson, IcmpTupleAndTimeout) {
  ConntrackEntry e;
  e.l3family = kFamilyIpv6;
  e.orig.l4proto = e.reply.l4proto = 58;
  e.orig.icmp = IcmpKey{128, 0, 7};
  e.timeout = 30;
  e.status = 0x8;
  const auto j = entry_to_json(e);
  EXPECT_EQ(j["family"], "ipv6");
  EXPECT_EQ(j["protocol"], "icmpv6");
  EXPECT_EQ(j["timeout"], 30);
  EXPECT_EQ(j["orig"]["type"], 128);
  EXPECT_EQ(j["orig"]["id"], 7);
  EXPECT_EQ(j["orig"]["src"], "::");
  EXPECT_EQ(j["unreplied"], true);
  EXPECT_FALSE(j.contains("counters"));
}

TEST(ConntrackJson, UnknownStatusBitsStayVisible) {
  ConntrackEntry e;
  e.l3family = kFamilyIpv4;
  e.status = 1u << 20;
  EXPECT_EQ(entry_to_json(e)["status"]["flags"], nlohmann::ordered_json({"BIT20"}));
}

}  // namespace
}  // namespace nftx::conntrack
