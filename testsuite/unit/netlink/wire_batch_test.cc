// SPDX-License-Identifier: GPL-2.0-or-later
// The wire batch (message framing, types and flags as nft 1.0.6 sends them, element chunking,
// the byte ranges that map kernel errors back to spans) and the answer parser, with a fake
// transport standing in for the kernel.
#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include <cerrno>
#include <cstring>

#include "backends/netlink/apply.h"
#include "backends/netlink/kernel_error.h"
#include "backends/netlink/wire_batch.h"

namespace nftx::netlink {
namespace {

const nlmsghdr* header_at(const WireBatch& b, size_t i) {
  return reinterpret_cast<const nlmsghdr*>(b.bytes.data() + b.messages[i].offset);
}

ir::Message table_msg(ir::Verb verb) {
  ir::Table t;
  t.family = ir::Family::Inet;
  t.name = "t";
  t.span = Span{1, 0, 5};
  return ir::Message{verb, t, 0, t.span};
}

ir::Message rule_msg(ir::Verb verb) {
  ir::Rule r;
  r.family = ir::Family::Inet;
  r.table = "t";
  r.chain = "c";
  r.exprs.push_back(ir::Instr{ir::Meta{1, std::nullopt, NFT_META_L4PROTO}, Span{1, 10, 20}});
  r.exprs.push_back(ir::Instr{ir::Cmp{1, ir::CmpOp::Eq, {6}}, Span{1, 21, 30}});
  r.exprs.push_back(ir::Instr{ir::FlowOffload{"ft"}, Span{1, 31, 43}});
  r.span = Span{1, 10, 43};
  return ir::Message{verb, r, 1, r.span};
}

ir::Message elems_msg(size_t n) {
  ir::SetElems e;
  e.family = ir::Family::Inet;
  e.table = "t";
  e.set = "s";
  for (size_t i = 0; i < n; ++i) {
    ir::SetElem el;
    el.key = {10, 0, static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)};
    el.span = Span{1, static_cast<uint32_t>(100 + i), static_cast<uint32_t>(101 + i)};
    e.elements.push_back(el);
  }
  e.span = Span{1, 100, 200};
  return ir::Message{ir::Verb::Add, e, 2, e.span};
}

TEST(WireBatch, FramesTheBatchAndNumbersMessages) {
  ir::Batch batch{{table_msg(ir::Verb::Add), rule_msg(ir::Verb::Add)}};
  const WireBatch w = build_wire_batch(batch, WireOptions{100, false, false});
  ASSERT_EQ(w.messages.size(), 4u);
  EXPECT_EQ(header_at(w, 0)->nlmsg_type, NFNL_MSG_BATCH_BEGIN);
  EXPECT_EQ(header_at(w, 3)->nlmsg_type, NFNL_MSG_BATCH_END);
  EXPECT_EQ(header_at(w, 0)->nlmsg_seq, 100u);
  EXPECT_EQ(header_at(w, 1)->nlmsg_seq, 101u);
  EXPECT_EQ(header_at(w, 2)->nlmsg_seq, 102u);
  EXPECT_EQ(header_at(w, 1)->nlmsg_type, (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWTABLE);
  size_t total = 0;
  for (const auto& m : w.messages) total += m.length;
  EXPECT_EQ(total, w.bytes.size());
}

TEST(WireBatch, CheckModeLeavesOutTheEndMarker) {
  ir::Batch batch{{table_msg(ir::Verb::Add)}};
  const WireBatch w = build_wire_batch(batch, WireOptions{1, false, true});
  ASSERT_EQ(w.messages.size(), 2u);
  EXPECT_EQ(header_at(w, 0)->nlmsg_type, NFNL_MSG_BATCH_BEGIN);
  EXPECT_NE(header_at(w, 1)->nlmsg_type, NFNL_MSG_BATCH_END);
}

TEST(WireBatch, TypesAndFlagsFollowNft) {
  EXPECT_EQ(message_flags(table_msg(ir::Verb::Add)), 0);
  EXPECT_EQ(message_flags(table_msg(ir::Verb::Create)), NLM_F_EXCL);
  EXPECT_EQ(message_flags(rule_msg(ir::Verb::Add)), NLM_F_CREATE | NLM_F_APPEND);
  EXPECT_EQ(message_flags(rule_msg(ir::Verb::Insert)), NLM_F_CREATE);
  EXPECT_EQ(message_flags(rule_msg(ir::Verb::Replace)), NLM_F_REPLACE);
  EXPECT_EQ(message_type(rule_msg(ir::Verb::Delete)), NFT_MSG_DELRULE);
  EXPECT_EQ(message_type(table_msg(ir::Verb::Flush)), NFT_MSG_DELRULE);
  EXPECT_EQ(message_type(table_msg(ir::Verb::Destroy)), 26);  // NFT_MSG_DESTROYTABLE
  ir::Message flush_all = table_msg(ir::Verb::Flush);
  std::get<ir::Table>(flush_all.object).name.clear();
  EXPECT_EQ(message_type(flush_all), NFT_MSG_DELTABLE);
}

TEST(WireBatch, EchoSetsTheFlagOnEveryMessage) {
  ir::Batch batch{{table_msg(ir::Verb::Add), rule_msg(ir::Verb::Add)}};
  const WireBatch w = build_wire_batch(batch, WireOptions{1, true, false});
  EXPECT_TRUE(header_at(w, 1)->nlmsg_flags & NLM_F_ECHO);
  EXPECT_TRUE(header_at(w, 2)->nlmsg_flags & NLM_F_ECHO);
}

TEST(WireBatch, RuleExpressionsHaveByteRangesAndSpans) {
  ir::Batch batch{{rule_msg(ir::Verb::Add)}};
  const WireBatch w = build_wire_batch(batch, WireOptions{});
  const WireMessage& m = w.messages[1];
  ASSERT_EQ(m.items.size(), 3u);
  EXPECT_EQ(m.items[2].span, (Span{1, 31, 43}));
  EXPECT_LT(m.items[0].end, m.items[1].begin + 1);
  EXPECT_LE(m.items[2].end, m.length);
  // The range really is the flow_offload expression inside the message.
  const auto* base = w.bytes.data() + m.offset;
  const std::string text(reinterpret_cast<const char*>(base + m.items[2].begin),
                         m.items[2].end - m.items[2].begin);
  EXPECT_NE(text.find("flow_offload"), std::string::npos);
}

TEST(WireBatch, LargeElementListsAreSplitUnderTheNestLimit) {
  ir::Batch batch{{elems_msg(20000)}};
  const WireBatch w = build_wire_batch(batch, WireOptions{7, false, false});
  size_t chunks = 0, items = 0;
  for (const auto& m : w.messages) {
    if (!m.ir_index) continue;
    ++chunks;
    items += m.items.size();
    EXPECT_EQ(m.seq, 8u);             // every chunk carries the command's sequence number
    EXPECT_LE(m.length, 65536u + 512);  // one nest holds at most 64 KiB
  }
  EXPECT_GT(chunks, 1u);
  EXPECT_EQ(items, 20000u);
  const WireMessage& last_chunk = w.messages[w.messages.size() - 2];  // before BATCH_END
  ASSERT_FALSE(last_chunk.items.empty());
  EXPECT_EQ(last_chunk.items.back().span, (Span{1, 100 + 19999, 101 + 19999}));
}

// An NLMSG_ERROR for request `req`, with the request echoed back and extended-ack TLVs.
std::vector<uint8_t> error_answer(const WireBatch& w, size_t req, int error, uint32_t offset,
                                  const char* msg) {
  std::vector<uint8_t> buf(8192, 0);
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf.data());
  nlh->nlmsg_type = NLMSG_ERROR;
  nlh->nlmsg_flags = NLM_F_ACK_TLVS;
  const nlmsghdr* orig = header_at(w, req);
  auto* err = static_cast<nlmsgerr*>(
      mnl_nlmsg_put_extra_header(nlh, sizeof(int) + orig->nlmsg_len));
  err->error = -error;
  std::memcpy(&err->msg, orig, orig->nlmsg_len);
  mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, offset);
  mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
  buf.resize(nlh->nlmsg_len);
  return buf;
}

class FakeKernel final : public Transport {
 public:
  std::vector<std::vector<uint8_t>> queued;
  std::vector<uint8_t> sent;
  int send(std::span<const uint8_t> bytes) override {
    sent.assign(bytes.begin(), bytes.end());
    return 0;
  }
  std::optional<std::vector<uint8_t>> receive() override {
    if (queued.empty()) return std::nullopt;
    auto d = queued.front();
    queued.erase(queued.begin());
    return d;
  }
};

TEST(Apply, KernelErrorsMapToTheFailingExpression) {
  ir::Batch batch{{table_msg(ir::Verb::Add), rule_msg(ir::Verb::Add)}};
  const WireBatch w = build_wire_batch(batch, WireOptions{50, false, false});
  FakeKernel kernel;
  const uint32_t offset = w.messages[2].items[2].begin + 4;
  kernel.queued.push_back(error_answer(w, 2, ENOENT, offset, "no such flowtable"));
  const SendResult r = send_batch(w, kernel);
  EXPECT_EQ(kernel.sent, w.bytes);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].error, ENOENT);
  EXPECT_EQ(r.errors[0].seq, 52u);
  EXPECT_EQ(r.errors[0].offset, offset);
  EXPECT_EQ(r.errors[0].message, "no such flowtable");

  Diagnostics diags;
  report_kernel_errors(r, w, batch, diags);
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].primary, (Span{1, 31, 43}));
  EXPECT_NE(diags.all()[0].message.find("Could not process rule: No such file or directory"),
            std::string::npos);
}

TEST(Apply, ErrorWithoutOffsetPointsAtTheWholeConstruct) {
  ir::Batch batch{{table_msg(ir::Verb::Add), rule_msg(ir::Verb::Add)}};
  const WireBatch w = build_wire_batch(batch, WireOptions{1, false, false});
  SendResult r;
  r.errors.push_back(KernelError{EPERM, 2, 0, std::nullopt, ""});
  Diagnostics diags;
  report_kernel_errors(r, w, batch, diags);
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].primary, (Span{1, 0, 5}));
  EXPECT_NE(diags.all()[0].message.find("CAP_NET_ADMIN"), std::string::npos);
}

TEST(Apply, EarlyIngressIsRefusedOrMappedToIngress) {
  ir::Flowtable f;
  f.family = ir::Family::Inet;
  f.table = "t";
  f.name = "fast";
  f.early_ingress = true;
  f.span = Span{1, 3, 7};
  ir::Batch batch{{ir::Message{ir::Verb::Add, f, 0, f.span}}};
  Diagnostics refused;
  kernel_flowtable_hooks(batch, false, refused);
  ASSERT_TRUE(refused.has_errors());
  EXPECT_EQ(refused.all()[0].primary, f.span);
  Diagnostics mapped;
  const ir::Batch out = kernel_flowtable_hooks(batch, true, mapped);
  EXPECT_FALSE(mapped.has_errors());
  EXPECT_EQ(mapped.warning_count(), 1u);
  EXPECT_FALSE(std::get<ir::Flowtable>(out.messages[0].object).early_ingress);
}

}  // namespace
}  // namespace nftx::netlink
