// SPDX-License-Identifier: GPL-2.0-or-later
// Rules read back from their operations, as `nft -s -p list ruleset` prints them.
#include <gtest/gtest.h>

#include "compiler/raise/ruleset.h"
#include "testsuite/unit/raise/ir_make.h"

namespace nftx::raise {
namespace {

using namespace testing;  // NOLINT: test helpers
using ir::PayloadBase;
constexpr ir::Family kIp = ir::Family::Ip;
constexpr ir::Family kInet = ir::Family::Inet;
constexpr uint32_t kMetaL4proto = 16, kMetaNfproto = 15, kMetaMark = 3, kMetaIifname = 6;
constexpr uint32_t kCtState = 0;

TEST(RuleListing, HidesTheTransportDependency) {
  EXPECT_EQ(rule_line(kIp, {meta(kMetaL4proto), cmp({6}), load(PayloadBase::Transport, 2, 2),
                            cmp(be16(22)), verdict(ir::VerdictCode::Accept)}),
            "tcp dport 22 accept");
}

TEST(RuleListing, KeepsAnUnrelatedDependency) {
  // A counter in between: `meta l4proto tcp` is no longer implied by what follows.
  EXPECT_EQ(rule_line(kIp, {meta(kMetaL4proto), cmp({6}), I(ir::Counter{}),
                            load(PayloadBase::Transport, 2, 2), cmp(be16(22))}),
            "meta l4proto 6 counter tcp dport 22");
}

TEST(RuleListing, NamesPrefixesOfAddresses) {
  // inet: the nfproto dependency goes, the 3-byte load is a /24 prefix.
  EXPECT_EQ(rule_line(kInet, {meta(kMetaNfproto), cmp({2}), load(PayloadBase::Network, 12, 3),
                              cmp({192, 168, 2})}),
            "ip saddr 192.168.2.0/24");
}

TEST(RuleListing, PrintsFlagTestsAsLists) {
  EXPECT_EQ(rule_line(kIp, {I(ir::Ct{NFT_REG_1, std::nullopt, kCtState, std::nullopt}),
                            mask(host32(0x06), host32(0), 4), cmp(host32(0), ir::CmpOp::Neq)}),
            "ct state established,related");
  EXPECT_EQ(rule_line(kIp, {I(ir::Ct{NFT_REG_1, std::nullopt, kCtState, std::nullopt}),
                            mask(host32(0x06), host32(0), 4), cmp(host32(0))}),
            "ct state ! established,related");
}

TEST(RuleListing, PrintsMaskedFlagComparisonsWithOperators) {
  EXPECT_EQ(rule_line(kIp, {meta(kMetaL4proto), cmp({6}), load(PayloadBase::Transport, 13, 1),
                            mask({0x03}, {0x00}, 1), cmp({0x03})}),
            "tcp flags & (fin | syn) == fin | syn");
  EXPECT_EQ(rule_line(kIp, {meta(kMetaL4proto), cmp({6}), load(PayloadBase::Transport, 13, 1),
                            cmp({0x02})}),
            "tcp flags == syn");
}

TEST(RuleListing, NamesSubByteFields) {
  // ip dscp cs1: the tos byte masked with 0xfc, compared with cs1 << 2.
  EXPECT_EQ(
      rule_line(kIp, {load(PayloadBase::Network, 1, 1), mask({0xfc}, {0x00}, 1), cmp({0x20})}),
      "ip dscp cs1");
}

TEST(RuleListing, PrintsHostOrderAndStringValues) {
  EXPECT_EQ(rule_line(kIp, {meta(kMetaMark), cmp(host32(0x10), ir::CmpOp::Neq)}),
            "meta mark != 0x00000010");
  // A shorter comparison on an interface name is a wildcard.
  EXPECT_EQ(rule_line(kIp, {meta(kMetaIifname), cmp({'e', 't', 'h'})}), "iifname \"eth*\"");
  ir::Bytes lo(16, 0);
  lo[0] = 'l';
  lo[1] = 'o';
  EXPECT_EQ(rule_line(kIp, {meta(kMetaIifname), cmp(lo)}), "iifname \"lo\"");
}

TEST(RuleListing, MergesRanges) {
  EXPECT_EQ(rule_line(kIp, {meta(kMetaL4proto), cmp({17}), load(PayloadBase::Transport, 2, 2),
                            I(ir::Range{NFT_REG_1, ir::CmpOp::Neq, be16(1000), be16(2000)})}),
            "udp dport != 1000-2000");
}

ir::Set anon_set(uint32_t key_type, uint32_t key_len, uint32_t flags) {
  ir::Set s;
  s.family = kIp;
  s.table = "t";
  s.name = "__set%d";
  s.id = 1;
  s.flags = kSetAnonymous | kSetConstant | flags;
  s.key_type = key_type;
  s.key_len = key_len;
  return s;
}

TEST(RuleListing, InlinesAnonymousSets) {
  ir::SetElems e = elems(kIp, "t", "__set%d", 1, {elem(be16(22)), elem(be16(80))});
  EXPECT_EQ(rule_line(kIp,
                      {meta(kMetaL4proto), cmp({6}), load(PayloadBase::Transport, 2, 2),
                       I(ir::Lookup{NFT_REG_1, "__set%d", 1, std::nullopt, false})},
                      {msg(anon_set(13, 2, 0)), msg(e)}),
            "tcp dport { 22, 80 }");
}

TEST(RuleListing, FoldsIntervalsBackIntoPrefixesAndRanges) {
  const uint32_t end = kElemIntervalEnd;
  ir::SetElems e = elems(kIp, "t", "__set%d", 1,
                         {elem({0, 0, 0, 0}, end), elem({10, 0, 0, 0}), elem({11, 0, 0, 0}, end),
                          elem({192, 168, 1, 1}), elem({192, 168, 1, 10}, end)});
  EXPECT_EQ(rule_line(kIp,
                      {load(PayloadBase::Network, 16, 4),
                       I(ir::Lookup{NFT_REG_1, "__set%d", 1, std::nullopt, true})},
                      {msg(anon_set(7, 4, kSetInterval)), msg(e)}),
            "ip daddr != { 10.0.0.0/8, 192.168.1.1-192.168.1.9 }");
}

TEST(RuleListing, PrintsVerdictMaps) {
  ir::Set map = anon_set(13, 2, kSetMap);
  map.name = "__map%d";
  map.data_type = 0xffffff00;
  ir::SetElem a = elem(be16(22)), b = elem(be16(80));
  a.verdict = ir::Verdict{ir::VerdictCode::Accept, ""};
  b.verdict = ir::Verdict{ir::VerdictCode::Jump, "other"};
  ir::SetElems e = elems(kIp, "t", "__map%d", 1, {a, b});
  EXPECT_EQ(rule_line(kIp,
                      {meta(kMetaL4proto), cmp({6}), load(PayloadBase::Transport, 2, 2),
                       I(ir::Lookup{NFT_REG_1, "__map%d", 1, ir::Reg{0}, false})},
                      {msg(map), msg(e)}),
            "tcp dport vmap { 22 : accept, 80 : jump other }");
}

TEST(RuleListing, PrintsStatefulAndActionStatements) {
  EXPECT_EQ(rule_line(kIp, {I(ir::Limit{10, 60, 5, 0, 0}), I(ir::Quota{25 * 1024 * 1024, 0, 1}),
                            I(ir::Log{"x: ", std::nullopt, std::nullopt, std::nullopt, 6, 0})}),
            "limit rate 10/minute burst 5 packets quota over 25 mbytes log "
            "prefix \"x: \" level "
            "info");
  ir::Nat nat{1, 2, NFT_REG_1, std::nullopt, NFT_REG_2, std::nullopt, 0x10};
  EXPECT_EQ(rule_line(kIp, {I(ir::Immediate{NFT_REG_1, {10, 0, 0, 1}}),
                            I(ir::Immediate{NFT_REG_2, be16(8080)}), I(nat)}),
            "dnat to 10.0.0.1:8080 fully-random");
  EXPECT_EQ(rule_line(kIp, {I(ir::Reject{0, 3})}), "reject");
  EXPECT_EQ(rule_line(kIp, {I(ir::Reject{0, 13})}), "reject with icmp admin-prohibited");
}

TEST(RuleListing, PrintsCountersWithValuesUnlessStateless) {
  std::vector<ir::Message> m{msg(table(kIp, "t")), msg(chain(kIp, "t", "c")),
                             msg(rule(kIp, "t", "c", {I(ir::Counter{3, 120})}))};
  EXPECT_NE(list_ruleset(ir::Batch{m}, {}).find("counter packets 3 bytes 120"), std::string::npos);
  EXPECT_NE(listing(m).find("\t\tcounter\n"), std::string::npos);
}

TEST(RuleListing, RecoversPayloadWritesOfSubByteFields) {
  // ip ecn set ip ecn | ect0: a 16-bit read-modify-write of the version/tos word.
  EXPECT_EQ(rule_line(kIp, {load(PayloadBase::Network, 0, 2), mask({0xff, 0xfd}, {0x00, 0x02}, 2),
                            I(ir::PayloadWrite{NFT_REG_1, PayloadBase::Network, 0, 2, 1, 10, 0})}),
            "ip ecn set ip ecn | ect0");
}

}  // namespace
}  // namespace nftx::raise
