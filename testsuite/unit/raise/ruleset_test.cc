// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/ruleset.h"

#include <gtest/gtest.h>

#include "testsuite/unit/raise/ir_make.h"

namespace nftx::raise {
namespace {

using namespace testing;  // NOLINT: test helpers
constexpr ir::Family kIp = ir::Family::Ip;

ir::Rule accept_rule() { return rule(kIp, "t", "c", {verdict(ir::VerdictCode::Accept)}); }

TEST(RulesetState, AssignsHandlesPerTable) {
  RulesetState s = build_state(ir::Batch{
      {msg(table(kIp, "t")), msg(chain(kIp, "t", "c")), msg(accept_rule()), msg(accept_rule())}});
  ASSERT_EQ(s.tables.size(), 1u);
  const TableState& t = s.tables.front();
  EXPECT_EQ(t.handle, 1u);
  EXPECT_EQ(t.chains.front().handle, 1u);
  ASSERT_EQ(t.chains.front().rules.size(), 2u);
  EXPECT_EQ(t.chains.front().rules[0].handle, 2u);
  EXPECT_EQ(t.chains.front().rules[1].handle, 3u);
}

TEST(RulesetState, InsertsReplacesAndDeletesByHandle) {
  ir::Rule drop = rule(kIp, "t", "c", {verdict(ir::VerdictCode::Drop)});
  ir::Rule ret = rule(kIp, "t", "c", {verdict(ir::VerdictCode::Return)});
  ir::Rule replace = ret;
  replace.handle = 2;  // the first accept rule
  ir::Rule del = rule(kIp, "t", "c", {});
  del.handle = 3;
  RulesetState s = build_state(ir::Batch{
      {msg(table(kIp, "t")), msg(chain(kIp, "t", "c")), msg(accept_rule()), msg(accept_rule()),
       msg(drop, ir::Verb::Insert), msg(replace, ir::Verb::Replace), msg(del, ir::Verb::Delete)}});
  const auto& rules = s.tables.front().chains.front().rules;
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].handle, 4u);  // inserted first
  EXPECT_EQ(rules[1].handle, 2u);  // replaced in place, keeping its handle
  EXPECT_TRUE(std::holds_alternative<ir::ImmediateVerdict>(rules[1].rule.exprs.front().op));
  EXPECT_EQ(std::get<ir::ImmediateVerdict>(rules[1].rule.exprs.front().op).verdict.code,
            ir::VerdictCode::Return);
}

TEST(RulesetState, NamesAnonymousSetsAndBindsThemById) {
  auto anon = [](uint32_t id) {
    ir::Set s;
    s.family = kIp;
    s.table = "t";
    s.name = "__set%d";
    s.id = id;
    s.flags = kSetAnonymous | kSetConstant;
    s.key_type = 13;
    s.key_len = 2;
    return s;
  };
  auto elems = [](uint32_t id, uint16_t port) {
    ir::SetElems e;
    e.family = kIp;
    e.table = "t";
    e.set = "__set%d";
    e.set_id = id;
    ir::SetElem el;
    el.key = be16(port);
    e.elements.push_back(el);
    return e;
  };
  ir::Rule r = rule(kIp, "t", "c", {I(ir::Lookup{NFT_REG_1, "__set%d", 8, std::nullopt, false})});
  RulesetState s =
      build_state(ir::Batch{{msg(table(kIp, "t")), msg(chain(kIp, "t", "c")), msg(anon(7)),
                             msg(elems(7, 22)), msg(anon(8)), msg(elems(8, 80)), msg(r)}});
  const TableState& t = s.tables.front();
  ASSERT_EQ(t.sets.size(), 2u);
  EXPECT_EQ(t.sets[0].decl.name, "__set0");
  EXPECT_EQ(t.sets[1].decl.name, "__set1");
  ASSERT_EQ(t.sets[1].elements.size(), 1u);
  EXPECT_EQ(t.sets[1].elements.front().key, be16(80));
  const auto& lookup = std::get<ir::Lookup>(t.chains.front().rules.front().rule.exprs.front().op);
  EXPECT_EQ(lookup.set, "__set1");
}

TEST(RulesetState, FlushesRenamesAndDeletes) {
  ir::Chain rename = chain(kIp, "t", "c");
  rename.new_name = "d";
  ir::Chain gone = chain(kIp, "t", "x");
  RulesetState s = build_state(
      ir::Batch{{msg(table(kIp, "t")), msg(chain(kIp, "t", "c")), msg(chain(kIp, "t", "x")),
                 msg(accept_rule()), msg(chain(kIp, "t", "c"), ir::Verb::Flush),
                 msg(rename, ir::Verb::Rename), msg(gone, ir::Verb::Delete)}});
  const TableState& t = s.tables.front();
  ASSERT_EQ(t.chains.size(), 1u);
  EXPECT_EQ(t.chains.front().decl.name, "d");
  EXPECT_TRUE(t.chains.front().rules.empty());
}

TEST(RulesetState, DeletesSetElements) {
  ir::Set set;
  set.family = kIp;
  set.table = "t";
  set.name = "s";
  set.key_type = 13;
  set.key_len = 2;
  ir::SetElems add = elems(kIp, "t", "s", 0, {});
  for (uint16_t p : {22, 80, 443}) add.elements.push_back(elem(be16(p)));
  ir::SetElems del = elems(kIp, "t", "s", 0, {elem(be16(80))});
  RulesetState s = build_state(
      ir::Batch{{msg(table(kIp, "t")), msg(set), msg(add), msg(del, ir::Verb::Delete)}});
  const auto& elems = s.tables.front().sets.front().elements;
  ASSERT_EQ(elems.size(), 2u);
  EXPECT_EQ(elems[0].key, be16(22));
  EXPECT_EQ(elems[1].key, be16(443));
}

}  // namespace
}  // namespace nftx::raise
