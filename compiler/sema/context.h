// SPDX-License-Identifier: GPL-2.0-or-later
// What sema knows while it walks the input in order: variable scopes, and the tables, chains,
// sets and flowtables declared so far (so later commands and rules can refer to them).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/diagnostics.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/constant.h"
#include "parser/ast.h"

namespace nftx::sema {

struct ChainInfo {
  std::string name;
  std::optional<uint32_t> hooknum;
  std::string type;  // filter / nat / route (base chains)
  int32_t priority = 0;
  Span span;
  std::vector<std::string> jumps;  // chains this chain jumps/gotos to (loop check)
};

struct SetInfo {
  std::string name;
  bool is_map = false;
  bool anonymous = false;
  uint32_t id = 0;
  uint32_t flags = 0;
  std::vector<ValueType> key;   // one per concatenation member
  std::optional<ValueType> data;
  bool verdict_map = false;
  std::optional<uint32_t> obj_type;
  Span span;
};

struct FlowtableInfo {
  std::string name;
  std::vector<std::string> devices;
  Span span;
};

struct TableInfo {
  ir::Family family;
  std::string name;
  std::map<std::string, ChainInfo> chains;
  std::map<std::string, SetInfo> sets;
  std::map<std::string, FlowtableInfo> flowtables;
  std::map<std::string, uint32_t> objects;  // name -> NFT_OBJECT_* type
  Span span;
};

class Scopes {
 public:
  Scopes() { push(); }
  void push() { frames_.emplace_back(); }
  void pop() { frames_.pop_back(); }
  // false when `name` is already defined in the innermost scope (define, not redefine).
  bool define(const std::string& name, ast::ExprPtr value, bool redefine);
  bool undefine(const std::string& name);
  const ast::ExprPtr* lookup(const std::string& name) const;
  std::vector<std::string> names() const;

 private:
  std::vector<std::map<std::string, ast::ExprPtr>> frames_;
};

struct PendingJump {
  ir::Family family;
  std::string table;
  std::string from_chain;
  std::string target;
  Span span;
};

struct FlowUse {
  ir::Family family;
  std::string table;
  std::string chain;
  Span span;
};

struct Context {
  explicit Context(Diagnostics& d) : diags(d) {}
  Diagnostics& diags;
  Scopes scopes;
  std::map<std::pair<ir::Family, std::string>, TableInfo> tables;
  uint32_t next_set_id = 1;
  std::vector<PendingJump> pending_jumps;  // checked once the whole input is known
  std::vector<FlowUse> flow_uses;          // `flow add` in chains: reachable from forward only

  TableInfo* table(ir::Family f, const std::string& name) {
    auto it = tables.find({f, name});
    return it == tables.end() ? nullptr : &it->second;
  }
};

// The closest candidate by edit distance, for "did you mean" hints (empty if none is close).
std::string closest_name(const std::string& wanted, const std::vector<std::string>& candidates);

}  // namespace nftx::sema
