// SPDX-License-Identifier: GPL-2.0-or-later
// The ruleset a batch leaves behind: the messages applied in order (add, insert, replace, delete,
// flush, rename) to tables, chains, sets, elements, flowtables, objects and rules, the way the
// kernel would, including the handles and anonymous set names it would assign.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace nftx::raise {

inline constexpr uint32_t kSetAnonymous = 0x1, kSetConstant = 0x2, kSetInterval = 0x4,
                          kSetMap = 0x8, kSetTimeout = 0x10, kSetEval = 0x20, kSetObject = 0x40,
                          kSetConcat = 0x80, kSetExpr = 0x100;
inline constexpr uint32_t kElemIntervalEnd = 0x1, kElemCatchall = 0x2;

struct SetState {
  ir::Set decl;  // decl.name is the final name (anonymous sets numbered like the
                 // kernel)
  uint64_t handle = 0;
  std::vector<ir::SetElem> elements;
  bool anonymous() const { return (decl.flags & kSetAnonymous) != 0; }
};

struct RuleState {
  ir::Rule rule;
  uint64_t handle = 0;
};

struct ChainState {
  ir::Chain decl;
  uint64_t handle = 0;
  std::vector<RuleState> rules;
};

struct FlowtableState {
  ir::Flowtable decl;
  uint64_t handle = 0;
};

struct ObjectState {
  ir::Object decl;
  uint64_t handle = 0;
};

struct TableState {
  ir::Table decl;
  uint64_t handle = 0;
  uint64_t next_handle = 1;  // the kernel's per-table handle generator
  std::vector<ChainState> chains;
  std::vector<SetState> sets;
  std::vector<FlowtableState> flowtables;
  std::vector<ObjectState> objects;

  const SetState* find_set(const std::string& name) const;
  ChainState* find_chain(const std::string& name);
};

struct RulesetState {
  std::vector<TableState> tables;

  TableState* find_table(ir::Family family, const std::string& name);
};

RulesetState build_state(const ir::Batch& batch);
// The same for a kernel dump (netlink/decode): Add messages that carry a handle keep it, so
// that `-a` prints the kernel's handles.
RulesetState build_dumped_state(const ir::Batch& batch);

}  // namespace nftx::raise
