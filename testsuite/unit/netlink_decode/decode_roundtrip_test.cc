// SPDX-License-Identifier: GPL-2.0-or-later
// decode(parse(build(encode(x)))) == x for every IR operation and the object attributes a
// kernel dump carries: the libnftnl round trip a real dump goes through, without a kernel.
#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <linux/netfilter/nf_tables.h>

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "backends/netlink/decode/decode_objects.h"
#include "backends/netlink/encode_objects.h"

namespace nftx::netlink::decode {
namespace {

ir::Instr I(ir::Op op) { return ir::Instr{std::move(op), {}}; }

// One of every operation, with optional fields both set and unset somewhere.
std::vector<ir::Instr> all_ops() {
  ir::Dynset d{1, std::nullopt, 0, "s", 0, 30000, {I(ir::Counter{}), I(ir::Quota{5, 0, 0})}};
  return {
      I(ir::Payload{1, ir::PayloadBase::Network, 12, 4}),
      I(ir::PayloadWrite{1, ir::PayloadBase::Network, 8, 1, 1, 10, 0}),
      I(ir::Cmp{1, ir::CmpOp::Neq, {10, 0, 0, 1}}),
      I(ir::Range{1, ir::CmpOp::Eq, {0, 22}, {0, 80}}),
      I(ir::Bitwise{1, 1, 4, ir::BitwiseOp::Bool, {255, 255, 0, 0}, {0, 0, 0, 0}, {}}),
      I(ir::Bitwise{1, 2, 4, ir::BitwiseOp::Lshift, {}, {}, {8, 0, 0, 0}}),
      I(ir::Byteorder{1, 1, ir::ByteorderOp::Hton, 4, 4}),
      I(ir::Meta{1, std::nullopt, NFT_META_MARK}),
      I(ir::Meta{std::nullopt, 1, NFT_META_MARK}),
      I(ir::Ct{1, std::nullopt, NFT_CT_SRC, 0}),
      I(ir::Ct{std::nullopt, 1, NFT_CT_MARK, std::nullopt}),
      I(ir::Immediate{1, {1, 2, 3, 4}}),
      I(ir::ImmediateVerdict{ir::Verdict{ir::VerdictCode::Jump, "other"}}),
      I(ir::ImmediateVerdict{ir::Verdict{ir::VerdictCode::Drop, ""}}),
      I(ir::Lookup{1, "__set0", 0, std::nullopt, true}),
      I(ir::Lookup{1, "m", 0, 0, false}),
      I(ir::Counter{7, 420}),
      I(ir::Limit{10, 1, 5, 0, 0}),
      I(ir::Quota{1000, 10, 1}),
      I(ir::Last{1234, 1}),
      I(ir::Log{"pfx ", std::nullopt, std::nullopt, std::nullopt, 6, 15}),
      I(ir::Log{std::nullopt, 2, 64, 1, std::nullopt, std::nullopt}),
      I(ir::Reject{NFT_REJECT_ICMPX_UNREACH, 3}),
      I(ir::Nat{NFT_NAT_DNAT, 2, 1, 1, 2, 2, 0x4}),
      I(ir::Masq{0x4, 1, 1}),
      I(ir::Redir{std::nullopt, 1, std::nullopt}),
      I(ir::Notrack{}),
      I(ir::FlowOffload{"ft"}),
      I(ir::Objref{NFT_OBJECT_COUNTER, "c1", std::nullopt, "", 0}),
      I(ir::Objref{0, "", 1, "om", 0}),
      I(ir::Exthdr{1, std::nullopt, 1, 2, 2, 2, 0}),
      I(ir::Exthdr{std::nullopt, 1, 1, 2, 2, 2, 0}),
      I(ir::Fib{1, NFT_FIB_RESULT_OIF, NFTA_FIB_F_DADDR | NFTA_FIB_F_PRESENT}),
      I(ir::Rt{1, NFT_RT_TCPMSS}),
      I(ir::Numgen{1, 4, 0, 1}),
      I(ir::Hash{1, 1, 8, 16, 0xdeadbeef, 5, 0}),
      I(ir::Hash{std::nullopt, 1, 0, 2, 0, 0, 1}),
      I(ir::Socket{1, NFT_SOCKET_TRANSPARENT, 0}),
      I(ir::Osf{1, 1, 0}),
      I(ir::Tproxy{2, 1, 2}),
      I(ir::Queue{1, 3, 0x3, std::nullopt}),
      I(ir::Queue{0, 0, 0, 1}),
      I(ir::Dup{1, 2}),
      I(ir::Fwd{1, std::nullopt, std::nullopt}),
      I(ir::Synproxy{1460, 7, 0x3}),
      I(ir::Connlimit{5, 1}),
      I(ir::Xfrm{1, NFT_XFRM_KEY_SPI, 0, 0}),
      I(ir::DynsetBox{{d}}),
  };
}

// Every attribute of an expression, as libnftnl prints it: the comparison key.
std::string text(const ir::Op& op) {
  ExprPtr e = netlink::encode_expr(op);
  char buf[4096];
  nftnl_expr_snprintf(buf, sizeof(buf), e.get(), NFTNL_OUTPUT_DEFAULT, 0);
  return buf;
}

// The rule as a kernel reply would carry it, parsed back by libnftnl.
RulePtr through_netlink(const ir::Rule& rule) {
  RulePtr sent = netlink::encode_rule(rule, ir::Verb::Add);
  std::vector<char> buf(1 << 16);
  nlmsghdr* nlh =
      nftnl_nlmsg_build_hdr(buf.data(), NFT_MSG_NEWRULE, static_cast<uint16_t>(rule.family), 0, 1);
  nftnl_rule_nlmsg_build_payload(nlh, sent.get());
  RulePtr parsed(nftnl_rule_alloc());
  EXPECT_EQ(nftnl_rule_nlmsg_parse(nlh, parsed.get()), 0);
  return parsed;
}

TEST(DecodeRoundTrip, EveryOperation) {
  ir::Rule rule{ir::Family::Inet, "t", "c", all_ops(), std::nullopt, std::nullopt, "hi", {}};
  std::set<size_t> kinds;
  for (const ir::Instr& i : rule.exprs) kinds.insert(i.op.index());
  EXPECT_EQ(kinds.size(), std::variant_size_v<ir::Op>) << "all_ops() misses an operation";

  RulePtr parsed = through_netlink(rule);
  const ir::Rule back = decode_rule(parsed.get());
  EXPECT_EQ(back.table, "t");
  EXPECT_EQ(back.chain, "c");
  EXPECT_EQ(back.comment, std::optional<std::string>("hi"));
  ASSERT_EQ(back.exprs.size(), rule.exprs.size());
  for (size_t i = 0; i < rule.exprs.size(); ++i) {
    EXPECT_EQ(back.exprs[i].op.index(), rule.exprs[i].op.index()) << "expression " << i;
    EXPECT_EQ(text(back.exprs[i].op), text(rule.exprs[i].op)) << "expression " << i;
  }
}

TEST(DecodeRoundTrip, CounterValuesAndVerdictChain) {
  ir::Rule rule{ir::Family::Ip,
                "t",
                "c",
                {I(ir::Counter{123, 4567}), I(ir::ImmediateVerdict{{ir::VerdictCode::Goto, "x"}})},
                std::nullopt,
                std::nullopt,
                std::nullopt,
                {}};
  const ir::Rule back = decode_rule(through_netlink(rule).get());
  ASSERT_EQ(back.exprs.size(), 2u);
  const auto& c = std::get<ir::Counter>(back.exprs[0].op);
  EXPECT_EQ(c.packets, 123u);
  EXPECT_EQ(c.bytes, 4567u);
  const auto& v = std::get<ir::ImmediateVerdict>(back.exprs[1].op).verdict;
  EXPECT_EQ(v, (ir::Verdict{ir::VerdictCode::Goto, "x"}));
  EXPECT_FALSE(back.comment.has_value());
}

TEST(DecodeRoundTrip, UnknownExpressionIsAnError) {
  ExprPtr e(nftnl_expr_alloc("match"));
  ASSERT_TRUE(e);
  EXPECT_THROW(decode_expr(e.get()), DecodeError);
}

TEST(DecodeObjects, ChainHookDevicesAndComment) {
  ir::Chain c;
  c.family = ir::Family::Netdev;
  c.table = "t";
  c.name = "in";
  c.hook = ir::ChainHook{0, -5, "filter", {"lo"}};
  c.policy = ir::VerdictCode::Drop;
  c.comment = "edge";
  ChainPtr encoded = netlink::encode_chain(c, ir::Verb::Add);
  const ir::Chain back = decode_chain(encoded.get());
  ASSERT_TRUE(back.hook.has_value());
  EXPECT_EQ(back.hook->priority, -5);
  EXPECT_EQ(back.hook->type, "filter");
  EXPECT_EQ(back.hook->devices, std::vector<std::string>{"lo"});
  EXPECT_EQ(back.policy, ir::VerdictCode::Drop);
  EXPECT_EQ(back.comment, std::optional<std::string>("edge"));
}

TEST(DecodeObjects, SetElementsKeepDataVerdictsAndFlags) {
  ir::SetElems elems;
  elems.family = ir::Family::Ip;
  elems.table = "t";
  elems.set = "m";
  ir::SetElem a;
  a.key = {1, 2, 3, 4};
  a.verdict = ir::Verdict{ir::VerdictCode::Jump, "c2"};
  a.comment = "note";
  ir::SetElem b;
  b.key = {0, 0, 0, 0};
  b.flags = NFT_SET_ELEM_INTERVAL_END;
  b.exprs.push_back(I(ir::Counter{3, 9}));
  elems.elements = {a, b};
  SetPtr encoded = netlink::encode_set_elems(elems, ir::Verb::Add);
  const ir::SetElems back = decode_set_elems(encoded.get());
  ASSERT_EQ(back.elements.size(), 2u);
  EXPECT_EQ(back.set, "m");
  EXPECT_EQ(back.elements[0].key, a.key);
  EXPECT_EQ(back.elements[0].verdict, a.verdict);
  EXPECT_EQ(back.elements[0].comment, a.comment);
  EXPECT_EQ(back.elements[0].flags, 0u);
  EXPECT_EQ(back.elements[1].flags, static_cast<uint32_t>(NFT_SET_ELEM_INTERVAL_END));
  ASSERT_EQ(back.elements[1].exprs.size(), 1u);
  EXPECT_EQ(std::get<ir::Counter>(back.elements[1].exprs[0].op).bytes, 9u);
}

TEST(DecodeObjects, CounterObjectBody) {
  ir::Object o{ir::Family::Inet,        "t",   "c1",         NFT_OBJECT_COUNTER,
               {I(ir::Counter{5, 50})}, "cmt", std::nullopt, {}};
  ObjPtr encoded = netlink::encode_object(o, ir::Verb::Add);
  const ir::Object back = decode_object(encoded.get());
  ASSERT_EQ(back.body.size(), 1u);
  EXPECT_EQ(std::get<ir::Counter>(back.body[0].op).packets, 5u);
  EXPECT_EQ(back.comment, std::optional<std::string>("cmt"));
}

}  // namespace
}  // namespace nftx::netlink::decode
