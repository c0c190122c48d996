// SPDX-License-Identifier: GPL-2.0-or-later
// Chains, sets, elements, flowtables and objects: the text must match what nft 1.0.6 printed
// with --debug=netlink for the same declarations (expected texts taken from the real nft).
#include <gtest/gtest.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "backends/netlink/debug_text.h"
#include "backends/netlink/encode_expr.h"
#include "testsuite/unit/netlink/ir_builders.h"

namespace nftx::netlink {
namespace {

using namespace nftx::netlink::testing;  // NOLINT(build/namespaces)
using ir::Family;
using ir::Verb;
using ir::VerdictCode;

ir::Chain chain(Family family, std::string name) {
  ir::Chain c{};
  c.family = family;
  c.table = "t";
  c.name = std::move(name);
  return c;
}

ir::Chain base_chain(Family family, uint32_t hooknum, std::vector<std::string> devices = {}) {
  ir::Chain c = chain(family, "c");
  c.hook = ir::ChainHook{hooknum, 0, "filter", std::move(devices)};
  c.flags = NFT_CHAIN_BASE;
  return c;
}

ir::SetElem elem(ir::Bytes key, uint32_t flags = 0) {
  ir::SetElem e{};
  e.key = std::move(key);
  e.flags = flags;
  return e;
}

ir::SetElems elems(std::string set, std::vector<ir::SetElem> list, Family family = Family::Inet) {
  return ir::SetElems{family, "t", std::move(set), 0, std::move(list), {}};
}

std::string print(Verb verb, ir::Object_ object) {
  return debug_text(batch({msg(verb, std::move(object))}));
}

TEST(DebugTextChain, BaseChainHidesTableNameAndPolicy) {
  ir::Chain c = base_chain(Family::Inet, NF_INET_FORWARD);
  c.policy = VerdictCode::Drop;
  c.comment = "hi";
  EXPECT_EQ(print(Verb::Add, c),
            "inet (null) (null) use 0 type filter hook forward prio 0 packets 0 bytes 0\n");
  EXPECT_EQ(print(Verb::Add, chain(Family::Inet, "c2")), "inet (null) (null) use 0\n");
}

TEST(DebugTextChain, DevicesAreListedLastFirst) {
  EXPECT_EQ(
      print(Verb::Add, base_chain(Family::Netdev, NF_NETDEV_INGRESS, {"lo", "dummy0", "eth0"})),
      "netdev (null) (null) use 0 type filter hook ingress prio 0 packets 0 bytes 0 "
      "dev {  eth0  dummy0  lo  } \n");
}

TEST(DebugTextChain, SingleDeviceAndOffloadFlag) {
  ir::Chain c = base_chain(Family::Netdev, NF_NETDEV_INGRESS, {"lo"});
  c.flags = NFT_CHAIN_BASE | NFT_CHAIN_HW_OFFLOAD;
  EXPECT_EQ(print(Verb::Add, c),
            "netdev (null) (null) use 0 type filter hook ingress prio 0 packets 0 bytes 0 "
            "dev lo  flags 2\n");
}

TEST(DebugTextChain, RenameShowsTableAndNewName) {
  ir::Chain c = chain(Family::Inet, "c");
  c.handle = 1;
  c.new_name = "d";
  EXPECT_EQ(print(Verb::Rename, c), "inet t d use 0\n");
}

TEST(DebugTextFlowtable, HookPriorityFlagsAndReversedDevices) {
  ir::Flowtable f{Family::Inet, "t", "f", NF_NETDEV_INGRESS, false, 5, {"lo", "dummy0"}, 0,
                  std::nullopt, {}};
  EXPECT_EQ(print(Verb::Add, f),
            "flow table (null) (null) use 0 size 0 flags 0 hook prerouting prio 5  "
            "dev {  dummy0  lo  } \n");
  ir::Flowtable g{
      Family::Netdev, "t", "f", NF_NETDEV_INGRESS, false, 0, {"a1", "b2", "c3", "d4"}, 3,
      std::nullopt,   {}};
  EXPECT_EQ(print(Verb::Add, g),
            "flow table (null) (null) use 0 size 0 flags 3 hook ingress prio 0  "
            "dev {  d4  c3  b2  a1  } \n");
}

TEST(DebugTextObject, CounterQuotaLimit) {
  ir::Object counter{Family::Inet,       "t",  "c1",         NFT_OBJECT_COUNTER,
                     {I(ir::Counter{})}, "cc", std::nullopt, {}};
  ir::Object quota{
      Family::Inet, "t",          "q1", NFT_OBJECT_QUOTA, {I(ir::Quota{1024, 5, NFT_QUOTA_F_INV})},
      std::nullopt, std::nullopt, {}};
  ir::Object limit{Family::Inet,
                   "t",
                   "l1",
                   NFT_OBJECT_LIMIT,
                   {I(ir::Limit{5, 60, 3, NFT_LIMIT_PKTS, 0})},
                   std::nullopt,
                   std::nullopt,
                   {}};
  EXPECT_EQ(
      debug_text(batch({msg(Verb::Add, counter), msg(Verb::Add, quota), msg(Verb::Add, limit)})),
      "table (null) name (null) use 0 [ counter pkts 0 bytes 0 ]\n"
      "table (null) name (null) use 0 [ quota bytes 1024 flags 1 ]\n"
      "table (null) name (null) use 0 [ limit rate 5 unit 60 burst 3 type 0 flags 0 ]\n");
}

TEST(DebugTextObject, BodyMustMatchType) {
  ir::Object bad{Family::Inet,       "t",          "c1",         NFT_OBJECT_COUNTER,
                 {I(ir::Notrack{})}, std::nullopt, std::nullopt, {}};
  EXPECT_THROW(print(Verb::Add, bad), EncodeError);
}

TEST(DebugTextSet, NamedSetWithOptions) {
  ir::Set s{};
  s.family = Family::Inet;
  s.table = "t";
  s.name = "s1";
  s.flags = NFT_SET_TIMEOUT | NFT_SET_EVAL;
  s.key_type = 7;
  s.key_len = 4;
  s.policy = NFT_SET_POL_MEMORY;
  s.size = 100;
  s.timeout = 10000;
  s.gc_interval = 5000;
  s.exprs = {I(ir::Counter{})};
  EXPECT_EQ(print(Verb::Add, s), "s1 t 30 timeout 10000ms gc_interval 5000ms policy 1 size 100\n");
}

TEST(DebugTextSet, AnonymousSetThenElementsThenRule) {
  ir::Set s{};
  s.family = Family::Inet;
  s.table = "t";
  s.name = "__set%d";
  s.id = 1;
  s.flags = NFT_SET_ANONYMOUS | NFT_SET_CONSTANT;
  s.key_type = 7;
  s.key_len = 4;
  s.size = 2;
  ir::SetElems e = elems("__set%d", {elem(ip4(1, 1, 1, 1)), elem(ip4(2, 2, 2, 2))});
  e.set_id = 1;
  ir::Rule r = rule(Family::Inet, "t", "c",
                    {payload(ir::PayloadBase::Network, 12, 4),
                     I(ir::Lookup{NFT_REG_1, "__set%d", 1, std::nullopt, false})});
  EXPECT_EQ(debug_text(batch({msg(Verb::Add, s), msg(Verb::Add, e), msg(Verb::Add, r)})),
            "__set%d t 3 size 2\n"
            "__set%d t 0\n"
            "\telement 01010101  : 0 [end]\telement 02020202  : 0 [end]\n"
            "inet t c\n"
            "  [ payload load 4b @ network header + 12 => reg 1 ]\n"
            "  [ lookup reg 1 set __set%d ]\n"
            "\n");
}

TEST(DebugTextSet, IntervalAndMapElements) {
  ir::SetElem to_ten = elem({10, 0, 0, 0});
  to_ten.data = ip4(1, 1, 1, 1);
  EXPECT_EQ(print(Verb::Add, elems("m3", {to_ten, elem({11, 0, 0, 0}, NFT_SET_ELEM_INTERVAL_END)})),
            "m3 t 0\n\telement 0000000a  : 01010101 0 [end]\telement 0000000b  : 1 [end]\n");

  ir::SetElem go = elem(ip4(1, 1, 1, 1));
  go.verdict = ir::Verdict{VerdictCode::Goto, "c2"};
  ir::SetElem any = elem({}, NFT_SET_ELEM_CATCHALL);
  any.verdict = ir::Verdict{VerdictCode::Drop, ""};
  EXPECT_EQ(print(Verb::Add, elems("m2", {go, any})),
            "m2 t 0\n\telement 01010101  : goto -> c2 0 [end]\telement  : drop 2 [end]\n");
}

TEST(DebugTextSet, ConcatRangeCommentAndStatefulElements) {
  ir::SetElem range = elem({1, 1, 1, 0, 0, 10, 0, 0});
  range.key_end = ir::Bytes{1, 1, 1, 255, 0, 20, 0, 0};
  EXPECT_EQ(print(Verb::Add, elems("s2", {range})),
            "s2 t 0\n\telement 00010101 00000a00  - ff010101 00001400  : 0 [end]\n");

  ir::SetElem commented = elem(ip4(1, 1, 1, 1));
  commented.timeout = 10000;
  commented.expiration = 5000;
  commented.comment = "e1";
  ir::SetElem counted = elem(ip4(2, 2, 2, 2));
  counted.exprs = {I(ir::Counter{1, 2})};
  EXPECT_EQ(print(Verb::Add, elems("s3", {commented, counted})),
            "s3 t 0\n\telement 01010101  : 0 [end]  userdata = { \\x00\\x03e1\\x00 }"
            "\telement 02020202  : 0 [end]\n");
}

TEST(DebugTextVerbs, InsertReplaceAndSetMaintenance) {
  std::vector<ir::Instr> body = {verdict(VerdictCode::Accept)};
  ir::Rule at = rule(Family::Inet, "t", "c", body);
  at.position = 5;
  ir::Rule replaced = rule(Family::Inet, "t", "c", body);
  replaced.handle = 5;
  ir::Set s{};
  s.family = Family::Inet;
  s.table = "t";
  s.name = "s";
  EXPECT_EQ(
      debug_text(batch({msg(Verb::Insert, at), msg(Verb::Replace, replaced), msg(Verb::Flush, s),
                        msg(Verb::Delete, elems("s", {elem(ip4(1, 2, 3, 4))}))})),
      "inet t c 5\n  [ immediate reg 0 accept ]\n\n"
      "inet t c\n  [ immediate reg 0 accept ]\n\n"
      "s t 0\n"
      "s t 0\n\telement 04030201  : 0 [end]\n");
}

TEST(DebugTextVerbs, SilentMessages) {
  ir::Table table{Family::Inet, "t", 0, "comment", std::nullopt, {}};
  ir::Rule r = rule(Family::Inet, "t", "c", {});
  r.handle = 3;
  ir::Set s{};
  s.family = Family::Inet;
  s.table = "t";
  s.name = "s";
  ir::Flowtable f{Family::Inet, "t", "f", std::nullopt, false,
                  std::nullopt, {},  0,   std::nullopt, {}};
  ir::Object o{Family::Inet, "t", "c1", NFT_OBJECT_COUNTER, {}, std::nullopt, std::nullopt, {}};
  EXPECT_EQ(
      debug_text(batch({msg(Verb::Add, table), msg(Verb::Delete, table), msg(Verb::Flush, table),
                        msg(Verb::Delete, r), msg(Verb::Delete, chain(Family::Inet, "c")),
                        msg(Verb::Flush, chain(Family::Inet, "c")), msg(Verb::Delete, s),
                        msg(Verb::Delete, f), msg(Verb::Delete, o)})),
      "");
}

TEST(DebugTextFilter, OnlyCommandSelectsItsMessages) {
  ir::Batch b = batch({msg(Verb::Add, chain(Family::Ip, "a"), 0),
                       msg(Verb::Add, rule(Family::Ip, "t", "a", {verdict(VerdictCode::Drop)}), 1),
                       msg(Verb::Add, chain(Family::Ip6, "b"), 2)});
  EXPECT_EQ(debug_text(b, 1), "ip t a\n  [ immediate reg 0 drop ]\n\n");
  EXPECT_EQ(debug_text(b, 2), "ip6 (null) (null) use 0\n");
  EXPECT_EQ(debug_text(b, 7), "");
  EXPECT_EQ(
      debug_text(b),
      "ip (null) (null) use 0\nip t a\n  [ immediate reg 0 drop ]\n\nip6 (null) (null) use 0\n");
}

}  // namespace
}  // namespace nftx::netlink
