// SPDX-License-Identifier: GPL-2.0-or-later
// Checks a whole input in order: commands, table blocks, chains (hooks, types, priorities),
// sets, flowtables, stateful objects and rules, then the properties only the whole input shows
// (jump targets, jump loops, unreachable flow offload). Split by category: ruleset_check.cc
// (commands and tables), chain_check.cc, set_check.cc, flowtable_check.cc, graph_check.cc.
#pragma once

#include <functional>

#include "compiler/sema/context.h"
#include "compiler/sema/model.h"
#include "compiler/sema/known_objects.h"
#include "parser/ast.h"

namespace nftx::sema {

class RulesetChecker {
 public:
  // With a sink, every command goes to it as soon as it is checked (run() then returns an
  // empty model); without, they are collected.
  explicit RulesetChecker(Diagnostics& diags,
                          const std::function<void(checked::Command&&)>* sink = nullptr)
      : ctx_(diags), sink_(sink) {}
  checked::Ruleset run(const ast::Ruleset& rs);
  // As run(), releasing the parts of `rs` that have been checked (set elements, rules).
  checked::Ruleset consume(ast::Ruleset&& rs);
  void seed(const ir::Batch& existing) { seed_known_objects(ctx_, existing); }

 private:
  void top(ast::TopItem& item);
  void command(ast::Command& cmd);
  TableInfo* find_table(const std::optional<ast::Name>& family, const ast::Name& table);
  std::optional<ir::Family> family_of(const std::optional<ast::Name>& family);
  void table_decl(ir::Verb verb, ast::TableDecl& t, const Span& at);
  void table_items(TableInfo& table, std::vector<ast::TableItem>& items);
  // chain_check.cc
  bool chain_decl(ir::Verb verb, TableInfo& table, const ast::ChainDecl& c);
  void chain_rules(TableInfo& table, ast::ChainDecl& c);
  void rule(ir::Verb verb, TableInfo& table, const ChainInfo* chain, const ast::Rule& r,
            std::optional<uint64_t> handle, std::optional<uint64_t> position, const Span& at);
  std::optional<int32_t> priority(ir::Family family, const ast::PrioSpec& p, bool flowtable);
  // set_check.cc
  void set_decl(ir::Verb verb, TableInfo& table, ast::SetDecl& s);
  void elements(ir::Verb verb, TableInfo& table, SetInfo& set, const ast::ExprPtr& elems,
                const Span& at);
  // flowtable_check.cc
  void flowtable_decl(ir::Verb verb, TableInfo& table, const ast::FlowtableDecl& f);
  std::optional<std::vector<std::string>> devices(const ast::ExprPtr& e);
  void obj_decl(ir::Verb verb, TableInfo& table, const ast::ObjDecl& o);
  void object_cmd(ir::Verb verb, const ast::ObjectCmd& o, const Span& at);
  // graph_check.cc
  void check_jumps();

  void push(ir::Verb verb, checked::Object obj, const Span& at) {
    if (sink_) {
      (*sink_)(checked::Command{verb, std::move(obj), index_, at});
    } else {
      out_.commands.push_back(checked::Command{verb, std::move(obj), index_, at});
    }
  }
  Context ctx_;
  const std::function<void(checked::Command&&)>* sink_;
  checked::Ruleset out_;
  uint32_t index_ = 0;
};

}  // namespace nftx::sema
