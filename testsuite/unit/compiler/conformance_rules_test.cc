// SPDX-License-Identifier: GPL-2.0-or-later
// Rules whose bytecode follows nft's less obvious choices: statement arguments evaluated with
// the statement's width, cross-midnight hour ranges, stacked vlan headers, payload merging
// across other matches, NAT maps with address/port or range data, and the protocol context
// learned from set matches.
#include <gtest/gtest.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"

namespace nftx {
namespace {

struct Compiled {
  bool ok = false;
  std::string errors;
  std::vector<ir::Instr> exprs;  // of the last rule
  std::vector<ir::SetElems> elems;
};

Compiled compile_rule(const std::string& family, const std::string& chain_spec,
                      const std::string& rule) {
  const std::string text = "table " + family + " t {\n chain c { " + chain_spec + " }\n}\n" +
                           "add rule " + family + " t c " + rule + "\n";
  SourceManager sm;
  Diagnostics diags;
  const uint32_t f = sm.add("t.nft", text);
  CompileResult r = compile(sm, f, CompileOptions{}, diags);
  Compiled out;
  out.ok = !diags.has_errors();
  for (const auto& d : diags.all()) out.errors += d.message + "\n";
  for (const auto& m : r.batch.messages) {
    if (const auto* rule_obj = std::get_if<ir::Rule>(&m.object)) out.exprs = rule_obj->exprs;
    if (const auto* e = std::get_if<ir::SetElems>(&m.object)) out.elems.push_back(*e);
  }
  return out;
}

const char* kOutput = "type filter hook output priority 0;";
const char* kInput = "type filter hook input priority 0;";

template <typename T>
std::vector<T> ops(const Compiled& c) {
  std::vector<T> out;
  for (const auto& i : c.exprs) {
    if (const auto* op = std::get_if<T>(&i.op)) out.push_back(*op);
  }
  return out;
}

ir::Bytes u32_host(uint32_t v) {
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 24)};
}

TEST(StatementArguments, SubByteFieldIsShiftedDownThenWidened) {
  auto c = compile_rule("ip", kOutput, "ct mark set ip dscp << 2 | 0x10");
  ASSERT_TRUE(c.ok) << c.errors;
  auto bw = ops<ir::Bitwise>(c);
  ASSERT_EQ(bw.size(), 4u);
  EXPECT_EQ(bw[0].op, ir::BitwiseOp::Bool);  // field mask, 1 byte
  EXPECT_EQ(bw[0].mask, ir::Bytes{0xfc});
  EXPECT_EQ(bw[1].op, ir::BitwiseOp::Rshift);
  EXPECT_EQ(bw[1].data, u32_host(2));
  EXPECT_EQ(bw[2].op, ir::BitwiseOp::Lshift);
  EXPECT_EQ(bw[2].len, 4u);  // widened to the mark
  EXPECT_EQ(bw[3].len, 4u);
  EXPECT_EQ(bw[3].mask, u32_host(0xffffffef));
  EXPECT_EQ(bw[3].xor_, u32_host(0x10));
}

TEST(StatementArguments, MultiByteFieldIsSwappedBeforeTheShift) {
  auto c = compile_rule("ip6", kOutput, "meta mark set ip6 dscp | 0x40");
  ASSERT_TRUE(c.ok) << c.errors;
  auto bo = ops<ir::Byteorder>(c);
  ASSERT_EQ(bo.size(), 1u);
  EXPECT_EQ(bo[0].op, ir::ByteorderOp::Ntoh);
  EXPECT_EQ(bo[0].len, 2u);
  EXPECT_EQ(bo[0].size, 2u);
  auto bw = ops<ir::Bitwise>(c);
  ASSERT_EQ(bw.size(), 3u);
  EXPECT_EQ(bw[1].data, u32_host(6));
  EXPECT_EQ(bw[2].mask, u32_host(0xffffffbf));
  EXPECT_EQ(bw[2].xor_, u32_host(0x40));
}

TEST(StatementArguments, ShiftsBindTighterThanBitOperations) {
  // `ip dscp & (0x0f << 2)`: one mask, no shift after it.
  auto c = compile_rule("ip", kOutput, "ct mark set ip dscp & 0x0f << 2");
  ASSERT_TRUE(c.ok) << c.errors;
  auto bw = ops<ir::Bitwise>(c);
  ASSERT_EQ(bw.size(), 3u);
  EXPECT_EQ(bw[2].op, ir::BitwiseOp::Bool);
  EXPECT_EQ(bw[2].mask, u32_host(0x3c));
}

TEST(StatementArguments, ConstantsMayUseTheStatementWidth) {
  auto c = compile_rule("ip6", kOutput, "ct mark set ip6 dscp | 0xff000000");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_EQ(ops<ir::Bitwise>(c).back().xor_, u32_host(0xff000000));
}

TEST(StatementArguments, ConstantChainsFoldIntoOneBitwise) {
  auto c = compile_rule("ip", kOutput, "ct mark set ct mark and 0xffff0000 or 0x1");
  ASSERT_TRUE(c.ok) << c.errors;
  auto bw = ops<ir::Bitwise>(c);
  ASSERT_EQ(bw.size(), 1u);
  EXPECT_EQ(bw[0].mask, u32_host(0xffff0000));  // bit 0 already cleared by the and
  EXPECT_EQ(bw[0].xor_, u32_host(0x1));
}

TEST(Matches, HourRangeAcrossMidnightIsInverted) {
  setenv("TZ", "UTC", 1);  // hours are local times: fix the zone so the range wraps
  tzset();
  auto c = compile_rule("ip", kInput, "meta hour \"21:00\"-\"02:00\" drop");
  ASSERT_TRUE(c.ok) << c.errors;
  auto r = ops<ir::Range>(c);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].op, ir::CmpOp::Neq);
  EXPECT_LT(r[0].from, r[0].to);  // network order: the bounds are swapped
}

TEST(Matches, AllOnesMaskIsKept) {
  auto c = compile_rule("ip", kInput, "tcp flags & (fin | syn | rst | psh | ack | urg | ecn | cwr)"
                                      " == fin | syn | rst | psh | ack | urg | ecn | cwr");
  ASSERT_TRUE(c.ok) << c.errors;
  ASSERT_EQ(ops<ir::Bitwise>(c).size(), 1u);
  EXPECT_EQ(ops<ir::Bitwise>(c)[0].mask, ir::Bytes{0xff});
}

TEST(Matches, PrefixOfSubByteFieldComparesTheShiftedValue) {
  auto c = compile_rule("ip", kInput, "ip dscp 1/6");
  ASSERT_TRUE(c.ok) << c.errors;
  auto bw = ops<ir::Bitwise>(c);
  ASSERT_EQ(bw.size(), 3u);
  EXPECT_EQ(bw[1].op, ir::BitwiseOp::Rshift);
  EXPECT_EQ(bw[2].mask, ir::Bytes{0x3f});
  EXPECT_EQ(ops<ir::Cmp>(c).back().data, ir::Bytes{0x01});
}

TEST(ProtocolContext, StackedVlanHeadersMoveTheOffsets) {
  auto c = compile_rule("bridge", kInput,
                        "ether type 8021ad vlan id 1 vlan type 8021q vlan id 2 vlan type ip");
  ASSERT_TRUE(c.ok) << c.errors;
  std::vector<uint32_t> offsets;
  for (const auto& p : ops<ir::Payload>(c)) offsets.push_back(p.offset);
  EXPECT_EQ(offsets, (std::vector<uint32_t>{12, 14, 16, 18, 20}));
}

TEST(ProtocolContext, EtherBelowVlanIsNoConflictAndMerges) {
  auto c = compile_rule("bridge", kInput, "vlan id 2 ether saddr 0:1:2:3:4:6");
  ASSERT_TRUE(c.ok) << c.errors;
  auto p = ops<ir::Payload>(c);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].offset, 6u);  // ether saddr and the implied `ether type 8021q`, merged
  EXPECT_EQ(p[0].len, 8u);
}

TEST(ProtocolContext, IcmpInAnotherNetworkFamilyIsItsNextHeader) {
  auto c = compile_rule("ip", kInput, "icmpv6 type nd-router-advert");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_EQ(ops<ir::Cmp>(c)[0].data, ir::Bytes{58});  // meta l4proto ipv6-icmp
}

TEST(ProtocolContext, SetOfProtocolsIsAmbiguousForHeaderFields) {
  EXPECT_TRUE(compile_rule("inet", "type nat hook prerouting priority 0;",
                           "meta l4proto { tcp, udp } dnat ip to 1.1.1.1:80")
                  .ok);
  auto c = compile_rule("inet", "type nat hook prerouting priority 0;",
                        "ip protocol { tcp, udp } tcp dport 20 dnat to 1.1.1.1:80");
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.errors.find("conflicting protocols"), std::string::npos) << c.errors;
}

TEST(ProtocolContext, RedundantMetaProtocolIsDropped) {
  auto c = compile_rule("ip", kInput, "meta protocol ip udp dport 67");
  ASSERT_TRUE(c.ok) << c.errors;
  for (const auto& m : ops<ir::Meta>(c)) EXPECT_NE(m.key, uint32_t{NFT_META_PROTOCOL});
}

TEST(Rejections, AmbiguousCtAddressAsKey) {
  EXPECT_FALSE(compile_rule("ip", kOutput, "ct original saddr . meta mark { 1.1.1.1 . 0x14 }").ok);
  EXPECT_FALSE(
      compile_rule("ip", kOutput, "meta mark set ct original daddr map { 1.1.1.1 : 0x11 }").ok);
  EXPECT_TRUE(
      compile_rule("ip", kOutput, "meta mark set ct original ip daddr map { 1.1.1.1 : 0x11 }").ok);
}

TEST(Rejections, NfprotoOutsideInetAndConflictingCtFamily) {
  EXPECT_FALSE(compile_rule("ip", kOutput, "meta nfproto ipv4").ok);
  EXPECT_FALSE(compile_rule("inet", kOutput, "meta nfproto ipv6 ct original ip saddr 1.2.3.4").ok);
}

TEST(Rejections, BrouteOnlyInPrerouting) {
  EXPECT_FALSE(compile_rule("bridge", kInput, "meta broute set 1").ok);
  EXPECT_TRUE(compile_rule("bridge", "type filter hook prerouting priority 0;", "meta broute set 1")
                  .ok);
}

TEST(NatMaps, AddressAndPortDataUseConsecutiveRegisters) {
  auto c = compile_rule("ip", "type nat hook prerouting priority 0;",
                        "meta l4proto tcp dnat ip to ip saddr . tcp dport map "
                        "{ 192.168.1.2 . 80 : 10.141.10.0/24 . 8888-8999 }");
  ASSERT_TRUE(c.ok) << c.errors;
  auto nat = ops<ir::Nat>(c);
  ASSERT_EQ(nat.size(), 1u);
  EXPECT_EQ(nat[0].addr_min, ir::Reg{1});
  EXPECT_EQ(nat[0].proto_min, ir::Reg{9});
  EXPECT_EQ(nat[0].addr_max, ir::Reg{10});
  EXPECT_EQ(nat[0].proto_max, ir::Reg{11});
  ASSERT_FALSE(c.elems.empty());
  ASSERT_EQ(c.elems.back().elements.size(), 1u);
  EXPECT_EQ(c.elems.back().elements[0].data->size(), 16u);  // low bounds, then high bounds
}

TEST(NatMaps, PortDataNeedsATransportMatch) {
  EXPECT_FALSE(compile_rule("ip", "type nat hook postrouting priority 0;",
                            "snat ip to ip saddr map { 10.141.11.4 : 192.168.2.3 . 80 }")
                   .ok);
}

TEST(NatMaps, AddressRangeData) {
  auto c = compile_rule("ip", "type nat hook postrouting priority 0;",
                        "snat ip to ip saddr map { 10.141.12.14 : 192.168.2.0/24 }");
  ASSERT_TRUE(c.ok) << c.errors;
  auto nat = ops<ir::Nat>(c);
  ASSERT_EQ(nat.size(), 1u);
  EXPECT_EQ(nat[0].addr_max, ir::Reg{9});
  EXPECT_FALSE(nat[0].flags.has_value());  // a prefix is a range, not netmap
}

TEST(Lexer, Ip6AddressDoesNotEatTheMapColon) {
  auto c = compile_rule("ip6", kInput,
                        "ip6 saddr vmap {1234:1234:1234:1234:1234:1234:aaaa:::accept,"
                        "::dddd: drop}");
  EXPECT_TRUE(c.ok) << c.errors;
}

TEST(Log, TcpFlagListAndEtherFlag) {
  EXPECT_TRUE(compile_rule("ip", kOutput, "log flags tcp sequence,options").ok);
  EXPECT_TRUE(compile_rule("ip", kOutput, "log flags ip options flags ether flags skuid").ok);
}

}  // namespace
}  // namespace nftx
