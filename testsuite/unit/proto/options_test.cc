// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <set>

#include "compiler/proto/protocol.h"

namespace nftx::proto {
namespace {

void expect_consistent(std::span<const ExtHeader> table, std::string_view what) {
  std::set<std::string_view> names;
  for (const ExtHeader& h : table) {
    EXPECT_TRUE(names.insert(h.name).second) << what << " " << h.name;
    std::set<std::string_view> fields;
    for (const Field& f : h.fields) {
      EXPECT_TRUE(fields.insert(f.name).second) << what << " " << h.name << " " << f.name;
      EXPECT_GT(f.len_bits, 0u);
      EXPECT_EQ(f.byteorder, ByteOrder::Big);
    }
  }
}

TEST(Options, TablesAreConsistent) {
  expect_consistent(all_tcp_options(), "tcp option");
  expect_consistent(all_ip_options(), "ip option");
  expect_consistent(all_sctp_chunks(), "sctp chunk");
}

TEST(Options, TcpOptions) {
  EXPECT_EQ(tcp_option("maxseg")->type, 2u);
  EXPECT_EQ(tcp_option("mss"), tcp_option("maxseg"));
  EXPECT_EQ(tcp_option("sack-permitted"), tcp_option("sack-perm"));
  EXPECT_EQ(tcp_option("timestamp")->type, 8u);
  EXPECT_EQ(tcp_option("mptcp")->type, 30u);
  EXPECT_EQ(tcp_option("fastopen")->type, 34u);
  EXPECT_EQ(field(*tcp_option("maxseg"), "size")->offset_bits, 16u);
  EXPECT_EQ(field(*tcp_option("maxseg"), "size")->len_bits, 16u);
  EXPECT_EQ(field(*tcp_option("sack"), "left")->offset_bits, 16u);
  EXPECT_EQ(field(*tcp_option("sack3"), "right")->offset_bits, 240u);
  EXPECT_EQ(tcp_option("sack2")->type, 5u);
  const Field* subtype = field(*tcp_option("mptcp"), "subtype");
  ASSERT_NE(subtype, nullptr);
  EXPECT_EQ(subtype->len_bits, 4u);
  ASSERT_EQ(subtype->symbols.size(), 9u);
  EXPECT_EQ(subtype->symbols[1].name, "mp-join");
  EXPECT_EQ(tcp_option("foobar"), nullptr);
}

TEST(Options, IpOptionsAndSctpChunks) {
  EXPECT_EQ(ip_option("rr")->type, 7u);
  EXPECT_EQ(ip_option("lsrr")->type, 131u);
  EXPECT_EQ(ip_option("ra")->type, 148u);
  EXPECT_EQ(field(*ip_option("ssrr"), "addr")->offset_bits, 24u);
  EXPECT_EQ(sctp_chunk("init-ack")->type, 2u);
  EXPECT_EQ(sctp_chunk("asconf")->type, 193u);
  EXPECT_EQ(field(*sctp_chunk("init-ack"), "num-outbound-streams")->offset_bits, 96u);
  EXPECT_EQ(field(*sctp_chunk("data"), "ppid")->offset_bits, 96u);
  EXPECT_EQ(sctp_chunk("nonsense"), nullptr);
}

}  // namespace
}  // namespace nftx::proto
