// SPDX-License-Identifier: GPL-2.0-or-later
// Attribute parsing from recorded kernel replies and from crafted messages.
#include "backends/netlink/conntrack/ctnetlink_parse.h"

#include <gtest/gtest.h>
#include <linux/netlink.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "backends/netlink/conntrack/conntrack_tables.h"
#include "backends/netlink/conntrack/conntrack_text.h"
#include "testsuite/unit/conntrack/ct_message_builder.h"

namespace nftx::conntrack {
namespace {

using testing::CtMessage;
using testing::ip4;
using testing::offloaded_tcp;

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(NFTX_SOURCE_DIR) + "/testsuite/unit/conntrack/data/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<uint8_t> unhex(const std::string& hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    if (hex[i] == '\n') break;
    out.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

MessagesResult parse_bytes(const std::vector<uint8_t>& bytes) {
  MessagesResult r;
  parse_ct_messages(bytes.data(), bytes.size(), 0, 0, r);
  return r;
}

// A real AF_UNSPEC dump recorded from a 6.x kernel with accounting on (ipv4 udp with a ct
// mark, ipv4 udp in zone 5, ipv6 tcp, icmpv6), next to `conntrack -L -o id` taken at the same
// second: every line must come out identical.
TEST(CtnetlinkParse, RecordedDumpPrintsLikeConntrackTools) {
  const auto bytes = unhex(read_data("dump_mixed.hex"));
  ASSERT_GT(bytes.size(), 100u);
  const MessagesResult r = parse_bytes(bytes);
  EXPECT_TRUE(r.done);
  EXPECT_EQ(r.error, 0);
  EXPECT_TRUE(r.warnings.empty());
  std::istringstream expected(read_data("dump_mixed_id.expected"));
  TextOptions opts;
  opts.show_id = true;
  size_t i = 0;
  for (std::string line; std::getline(expected, line); ++i) {
    ASSERT_LT(i, r.entries.size());
    EXPECT_EQ(format_conntrack_line(r.entries[i], opts), line);
  }
  EXPECT_EQ(i, r.entries.size());
  EXPECT_EQ(i, 4u);
}

TEST(CtnetlinkParse, RecordedDumpFields) {
  const MessagesResult r = parse_bytes(unhex(read_data("dump_mixed.hex")));
  ASSERT_EQ(r.entries.size(), 4u);
  const ConntrackEntry& marked = r.entries[0];
  EXPECT_EQ(marked.l3family, kFamilyIpv4);
  EXPECT_EQ(marked.l4proto(), 17);
  EXPECT_EQ(marked.mark, 17u);
  EXPECT_EQ(marked.orig.dport, 5353);
  EXPECT_EQ(marked.reply.sport, 5353);
  ASSERT_TRUE(marked.orig_counters);
  EXPECT_EQ(marked.orig_counters->packets, 1u);
  EXPECT_EQ(marked.orig_counters->bytes, 29u);
  ASSERT_TRUE(marked.reply_counters);
  EXPECT_EQ(marked.reply_counters->packets, 0u);
  EXPECT_FALSE(marked.zone);
  EXPECT_FALSE(marked.proto_state);
  EXPECT_EQ(r.entries[1].zone, 5);
  const ConntrackEntry& tcp = r.entries[2];
  EXPECT_EQ(tcp.l3family, kFamilyIpv6);
  ASSERT_TRUE(tcp.proto_state);
  EXPECT_EQ(state_name(*tcp.proto_state), "ESTABLISHED");
  EXPECT_TRUE(tcp.tcp);
  EXPECT_EQ(tcp.orig.src[15], 1);  // ::1
  EXPECT_TRUE(*tcp.status & status::kAssured);
  const ConntrackEntry& icmp = r.entries[3];
  ASSERT_TRUE(icmp.orig.icmp);
  EXPECT_EQ(icmp.orig.icmp->type, 128);
  EXPECT_EQ(icmp.orig.icmp->id, 119);
  EXPECT_EQ(icmp.reply.icmp->type, 129);
  for (const auto& e : r.entries) {
    EXPECT_TRUE(e.timeout);
    EXPECT_TRUE(e.id);
    EXPECT_EQ(e.use, 1u);
  }
}

TEST(CtnetlinkParse, OffloadedEntryHasNoTimeoutNorState) {
  CtMessage m = offloaded_tcp(0x400e);  // SEEN_REPLY ASSURED CONFIRMED OFFLOAD
  m.counters(CTA_COUNTERS_ORIG, 10, 1000);
  m.counters(CTA_COUNTERS_REPLY, 8, 4000);
  const MessageResult r = parse_ct_message(m.header());
  ASSERT_TRUE(r.entry) << r.error;
  const ConntrackEntry& e = *r.entry;
  EXPECT_FALSE(e.timeout);
  EXPECT_FALSE(e.proto_state);
  EXPECT_TRUE(e.offloaded());
  EXPECT_EQ(e.orig.sport, 41676);
  EXPECT_EQ(e.reply.dport, 41676);
  EXPECT_EQ(e.orig_counters, (Counters{10, 1000}));
  EXPECT_EQ(e.reply_counters, (Counters{8, 4000}));
  EXPECT_EQ(e.use, 2u);
}

TEST(CtnetlinkParse, OptionalAttributes) {
  CtMessage m(2);
  m.tuple(CTA_TUPLE_ORIG, ip4(10, 0, 0, 1), ip4(10, 0, 0, 2), 47, 0x10, 0x20);  // gre keys
  m.tuple(CTA_TUPLE_REPLY, ip4(10, 0, 0, 2), ip4(10, 0, 0, 1), 47, 0x20, 0x10);
  m.be32(CTA_STATUS, 0x8);
  m.be32(CTA_TIMEOUT, 170);
  m.be32(CTA_SECMARK, 9);
  m.be16(CTA_ZONE, 3);
  nlattr* help = m.begin(CTA_HELP);
  m.str(CTA_HELP_NAME, "pptp");
  m.end(help);
  nlattr* ctx = m.begin(CTA_SECCTX);
  m.str(CTA_SECCTX_NAME, "system_u:object_r:unlabeled_t:s0");
  m.end(ctx);
  nlattr* ts = m.begin(CTA_TIMESTAMP);
  m.be64(CTA_TIMESTAMP_START, 5'000'000'000ull);
  m.end(ts);
  uint32_t words[2] = {0x5, 0x1};  // bits 0, 2 and 32, host order like the kernel's bitmap
  std::vector<uint8_t> labels(sizeof(words));
  std::memcpy(labels.data(), words, sizeof(words));
  m.raw(CTA_LABELS, labels);
  const MessageResult r = parse_ct_message(m.header());
  ASSERT_TRUE(r.entry) << r.error;
  const ConntrackEntry& e = *r.entry;
  EXPECT_EQ(e.secmark, 9u);
  EXPECT_EQ(e.zone, 3);
  EXPECT_EQ(e.helper, "pptp");
  EXPECT_EQ(e.secctx, "system_u:object_r:unlabeled_t:s0");
  ASSERT_TRUE(e.timestamp);
  EXPECT_EQ(e.timestamp->start_ns, 5'000'000'000ull);
  EXPECT_FALSE(e.timestamp->stop_ns);
  EXPECT_EQ(e.labels, (std::vector<uint16_t>{0, 2, 32}));
  EXPECT_FALSE(e.mark);
  EXPECT_FALSE(e.use);
}

TEST(CtnetlinkParse, TupleZoneAndMaster) {
  CtMessage m(2);
  nlattr* t = m.begin(CTA_TUPLE_ORIG);
  nlattr* ip = m.begin(CTA_TUPLE_IP);
  m.raw(CTA_IP_V4_SRC, ip4(1, 1, 1, 1));
  m.raw(CTA_IP_V4_DST, ip4(2, 2, 2, 2));
  m.end(ip);
  nlattr* p = m.begin(CTA_TUPLE_PROTO);
  m.u8(CTA_PROTO_NUM, 1);
  m.be16(CTA_PROTO_ICMP_ID, 0x4242);
  m.u8(CTA_PROTO_ICMP_TYPE, 8);
  m.u8(CTA_PROTO_ICMP_CODE, 0);
  m.end(p);
  m.be16(CTA_TUPLE_ZONE, 7);
  m.end(t);
  m.tuple(CTA_TUPLE_REPLY, ip4(2, 2, 2, 2), ip4(1, 1, 1, 1), 6, 1, 2);
  m.tuple(CTA_TUPLE_MASTER, ip4(1, 1, 1, 1), ip4(2, 2, 2, 2), 6, 1000, 21);
  const MessageResult r = parse_ct_message(m.header());
  ASSERT_TRUE(r.entry) << r.error;
  EXPECT_EQ(r.entry->orig.zone, 7);
  EXPECT_FALSE(r.entry->reply.zone);
  ASSERT_TRUE(r.entry->orig.icmp);
  EXPECT_EQ(r.entry->orig.icmp->id, 0x4242);
  ASSERT_TRUE(r.entry->master);
  EXPECT_EQ(r.entry->master->dport, 21);
}

TEST(CtnetlinkParse, MalformedAttributeIsReported) {
  CtMessage m = offloaded_tcp(0xe);
  m.raw(CTA_TIMEOUT, {0, 1});  // two bytes where the kernel puts four
  const MessageResult r = parse_ct_message(m.header());
  EXPECT_FALSE(r.entry);
  EXPECT_NE(r.error.find("CTA_TIMEOUT"), std::string::npos) << r.error;
}

TEST(CtnetlinkParse, EntryWithoutTuplesIsReported) {
  CtMessage m(2);
  m.be32(CTA_STATUS, 0xe);
  const MessageResult r = parse_ct_message(m.header());
  EXPECT_FALSE(r.entry);
  EXPECT_FALSE(r.error.empty());
}

TEST(CtnetlinkParse, OtherMessageTypesAreSkipped) {
  CtMessage m(2, IPCTNL_MSG_CT_DELETE);
  const MessageResult r = parse_ct_message(m.header());
  EXPECT_FALSE(r.entry);
  EXPECT_TRUE(r.error.empty());
}

TEST(CtnetlinkParse, BufferKeepsGoodEntriesAndWarnsAboutBadOnes) {
  CtMessage good = offloaded_tcp(0xe);
  CtMessage bad = offloaded_tcp(0xe);
  bad.raw(CTA_MARK, {1});
  std::vector<uint8_t> buf = good.bytes();
  const auto b = bad.bytes();
  buf.insert(buf.end(), b.begin(), b.end());
  buf.insert(buf.end(), b.begin(), b.end());
  const MessagesResult r = parse_bytes(buf);
  EXPECT_EQ(r.entries.size(), 1u);
  EXPECT_EQ(r.warnings.size(), 2u);
  EXPECT_FALSE(r.done);
}

TEST(CtnetlinkParse, NetlinkErrorCarriesErrno) {
  std::vector<uint8_t> buf(NLMSG_HDRLEN + sizeof(nlmsgerr));
  auto* nlh = reinterpret_cast<nlmsghdr*>(buf.data());
  nlh->nlmsg_len = static_cast<uint32_t>(buf.size());
  nlh->nlmsg_type = NLMSG_ERROR;
  auto* err = reinterpret_cast<nlmsgerr*>(buf.data() + NLMSG_HDRLEN);
  err->error = -EPERM;
  MessagesResult r;
  EXPECT_LT(parse_ct_messages(buf.data(), buf.size(), 0, 0, r), 0);
  EXPECT_EQ(r.error, EPERM);
}

}  // namespace
}  // namespace nftx::conntrack
