// SPDX-License-Identifier: GPL-2.0-or-later
// The `conntrack -L` line, built from the model (the fast path fills the same struct).
#include "backends/netlink/conntrack/conntrack_text.h"

#include <gtest/gtest.h>

#include "backends/netlink/conntrack/ctnetlink_parse.h"
#include "testsuite/unit/conntrack/ct_message_builder.h"

namespace nftx::conntrack {
namespace {

Address v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return Address{a, b, c, d}; }

ConntrackEntry tcp_entry() {
  ConntrackEntry e;
  e.l3family = kFamilyIpv4;
  e.orig = Tuple{v4(10, 0, 1, 2), v4(10, 0, 2, 2), 6, 40000, 80, std::nullopt, std::nullopt};
  e.reply = Tuple{v4(10, 0, 2, 2), v4(10, 0, 2, 1), 6, 80, 40000, std::nullopt, std::nullopt};
  e.status = status::kSeenReply | status::kAssured | status::kConfirmed;
  e.timeout = 431999;
  e.proto_state = ProtoState{StateKind::Tcp, 3};
  e.mark = 0;
  e.use = 1;
  e.id = 1234;
  return e;
}

TEST(ConntrackText, EstablishedTcp) {
  EXPECT_EQ(format_conntrack_line(tcp_entry(), {}),
            "tcp      6 431999 ESTABLISHED src=10.0.1.2 dst=10.0.2.2 sport=40000 dport=80 "
            "src=10.0.2.2 dst=10.0.2.1 sport=80 dport=40000 [ASSURED] mark=0 use=1");
}

TEST(ConntrackText, ExtendedAndId) {
  TextOptions o;
  o.show_layer3 = true;
  o.show_id = true;
  const std::string line = format_conntrack_line(tcp_entry(), o);
  EXPECT_EQ(line.rfind("ipv4     2 tcp      6 431999 ESTABLISHED ", 0), 0u) << line;
  EXPECT_TRUE(line.ends_with("mark=0 use=1 id=1234")) << line;
}

TEST(ConntrackText, UnrepliedUdpWithCountersAndZone) {
  ConntrackEntry e;
  e.l3family = kFamilyIpv6;
  e.orig.l4proto = e.reply.l4proto = 17;
  e.orig.src[15] = 1;
  e.orig.dst[0] = 0xfd;
  e.orig.dst[15] = 2;
  e.reply.src = e.orig.dst;
  e.reply.dst = e.orig.src;
  e.orig.sport = e.reply.dport = 5000;
  e.orig.dport = e.reply.sport = 53;
  e.status = status::kConfirmed;
  e.timeout = 29;
  e.orig_counters = Counters{1, 60};
  e.reply_counters = Counters{0, 0};
  e.mark = 17;
  e.zone = 5;
  e.use = 1;
  EXPECT_EQ(format_conntrack_line(e, {}),
            "udp      17 29 src=::1 dst=fd00::2 sport=5000 dport=53 packets=1 bytes=60 "
            "[UNREPLIED] src=fd00::2 dst=::1 sport=53 dport=5000 packets=0 bytes=0 mark=17 "
            "zone=5 use=1");
}

TEST(ConntrackText, OffloadedTcpGetsPlaceholders) {
  const MessageResult r = parse_ct_message(testing::offloaded_tcp(0x400e).header());
  ASSERT_TRUE(r.entry);
  EXPECT_EQ(format_conntrack_line(*r.entry, {}),
            "tcp      6 - - src=198.51.100.100 dst=192.0.2.100 sport=41676 dport=1122 "
            "src=192.0.2.100 dst=198.51.100.100 sport=1122 dport=41676 [OFFLOAD] mark=0 use=2");
  TextOptions exact;
  exact.placeholders = false;  // conntrack-tools' own text for the same flow
  EXPECT_EQ(format_conntrack_line(*r.entry, exact),
            "tcp      6 src=198.51.100.100 dst=192.0.2.100 sport=41676 dport=1122 "
            "src=192.0.2.100 dst=198.51.100.100 sport=1122 dport=41676 [OFFLOAD] mark=0 use=2");
}

TEST(ConntrackText, HardwareOffloadTagWins) {
  ConntrackEntry e = tcp_entry();
  e.status = *e.status | status::kOffload | status::kHwOffload;
  e.timeout.reset();
  e.proto_state.reset();
  const std::string line = format_conntrack_line(e, {});
  EXPECT_NE(line.find(" [HW_OFFLOAD] mark=0"), std::string::npos) << line;
  EXPECT_EQ(line.find("[OFFLOAD]"), std::string::npos) << line;
  EXPECT_EQ(line.find("[ASSURED]"), std::string::npos) << line;
}

TEST(ConntrackText, OffloadedUdpHasNoStatePlaceholder) {
  ConntrackEntry e = tcp_entry();
  e.orig.l4proto = e.reply.l4proto = 17;
  e.status = status::kSeenReply | status::kOffload;
  e.timeout.reset();
  e.proto_state.reset();
  EXPECT_EQ(format_conntrack_line(e, {}).substr(0, 24), "udp      17 - src=10.0.1");
}

TEST(ConntrackText, IcmpGreAndUnknownProtocols) {
  ConntrackEntry e = tcp_entry();
  e.proto_state.reset();
  e.orig.l4proto = e.reply.l4proto = 1;
  e.orig.icmp = IcmpKey{8, 0, 4660};
  e.reply.icmp = IcmpKey{0, 0, 4660};
  std::string line = format_conntrack_line(e, {});
  EXPECT_NE(line.find("dst=10.0.2.2 type=8 code=0 id=4660 src="), std::string::npos) << line;
  EXPECT_EQ(line.find("sport="), std::string::npos) << line;
  e.orig.l4proto = e.reply.l4proto = 47;
  e.orig.sport = 0x10;
  e.orig.dport = 0xab;
  line = format_conntrack_line(e, {});
  EXPECT_EQ(line.rfind("gre      47 431999 src=", 0), 0u) << line;
  EXPECT_NE(line.find("srckey=0x10 dstkey=0xab"), std::string::npos) << line;
  e.orig.l4proto = e.reply.l4proto = 99;
  line = format_conntrack_line(e, {});
  EXPECT_EQ(line.rfind("unknown  99 431999 src=10.0.1.2 dst=10.0.2.2 src=10.0.2.2", 0), 0u) << line;
}

TEST(ConntrackText, RareFieldsInConntrackToolsOrder) {
  ConntrackEntry e = tcp_entry();
  e.orig.zone = 2;
  e.reply.zone = 3;
  e.secmark = 9;
  e.secctx = "ctx";
  e.zone = 4;
  e.timestamp = Timestamp{100'000'000'000ull, std::nullopt};
  e.helper = "ftp";
  e.labels = std::vector<uint16_t>{1, 3};
  TextOptions o;
  o.now_sec = 160;
  o.label_names = {"zero", "one", "", "three"};
  o.show_id = true;
  EXPECT_EQ(format_conntrack_line(e, o),
            "tcp      6 431999 ESTABLISHED src=10.0.1.2 dst=10.0.2.2 sport=40000 dport=80 "
            "zone-orig=2 src=10.0.2.2 dst=10.0.2.1 sport=80 dport=40000 zone-reply=3 [ASSURED] "
            "mark=0 secmark=9 secctx=ctx zone=4 delta-time=60 helper=ftp use=1 id=1234 "
            "labels=one,three");
  o.label_names.clear();  // no label map: conntrack-tools prints no labels
  EXPECT_EQ(format_conntrack_line(e, o).find("labels="), std::string::npos);
}

TEST(ConntrackText, OutOfRangeTcpStatePrintsNone) {
  ConntrackEntry e = tcp_entry();
  e.proto_state = ProtoState{StateKind::Tcp, 12};
  EXPECT_NE(format_conntrack_line(e, {}).find(" 431999 NONE src="), std::string::npos);
}

TEST(ConntrackText, SummaryLine) {
  EXPECT_EQ(conntrack_summary_line(3).rfind("nftx v", 0), 0u);
  EXPECT_TRUE(conntrack_summary_line(3).ends_with(" (conntrack): 3 flow entries have been shown."));
}

}  // namespace
}  // namespace nftx::conntrack
