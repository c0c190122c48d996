// SPDX-License-Identifier: GPL-2.0-or-later
// The ruleset the VM runs: raise::RulesetState (what a batch leaves behind) with every reference
// resolved to an index (jump/goto targets, sets, named objects), runtime sets, per-operation
// stateful state, and the base chains of every hook sorted as the kernel registers them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backends/fastpath/classify/set.h"
#include "backends/fastpath/classify/stateful.h"
#include "common/span.h"
#include "compiler/ir/ir.h"
#include "compiler/raise/ruleset.h"

namespace nftx::fastpath::classify {

enum class ChainType : uint8_t { Filter, Nat, Route };

struct CompiledOp {
  ir::Instr instr;
  // Resolved reference: chain index (ImmediateVerdict jump/goto), set index (Lookup, Dynset,
  // Objref by map), object index (Objref by name), flowtable index (FlowOffload); else -1.
  int32_t ref = -1;
  int32_t state = -1;  // index into the rule's states (stateful ops), else -1
  bool supported = true;  // false: reported by compile(); breaks the rule at run time
};

struct CompiledRule {
  uint64_t handle = 0;
  std::vector<CompiledOp> ops;
  std::vector<StatefulState> states;
};

struct CompiledChain {
  std::string name;
  bool base = false;
  uint32_t hooknum = 0;
  int32_t priority = 0;
  ChainType type = ChainType::Filter;
  ir::VerdictCode policy = ir::VerdictCode::Accept;
  std::vector<std::string> devices;  // netdev / inet ingress chains
  std::vector<CompiledRule> rules;
};

struct CompiledObject {  // named counter / quota / limit
  std::string name;
  uint32_t type = 0;  // NFT_OBJECT_*
  ir::Instr body;
  StatefulState state;
};

struct CompiledTable {
  ir::Family family = ir::Family::Ip;
  std::string name;
  bool dormant = false;
  std::vector<CompiledChain> chains;
  std::vector<Set> sets;
  std::vector<CompiledObject> objects;
  std::vector<std::string> flowtables;

  int32_t find_chain(const std::string& n) const;
  int32_t find_set(const std::string& n) const;
  int32_t find_object(const std::string& n) const;
};

// A base chain registered at a hook.
struct ChainRef {
  uint32_t table = 0;
  uint32_t chain = 0;
  int32_t priority = 0;
  ir::Family family = ir::Family::Ip;  // the table's family (Inet chains serve Ip and Ip6)
  ChainType type = ChainType::Filter;
};

// Something the engine cannot run, at the operation's (or object's) span.
struct Unsupported {
  Span span;
  std::string message;
};

class CompiledRuleset {
 public:
  std::vector<CompiledTable> tables;

  // Base chains a packet of family `pf` meets at `hooknum`, in the kernel's order: priority,
  // ties in registration order. Ip/Ip6 include the inet chains; Netdev ingress includes the
  // inet family's ingress chains (hook 5). Dormant tables are left out.
  const std::vector<ChainRef>& hooks(ir::Family pf, uint32_t hooknum) const;

  CompiledChain& chain(const ChainRef& r) { return tables[r.table].chains[r.chain]; }

  // Copies the runtime counters/quotas/last values into `state`'s Counter/Quota/Last ops (rules
  // by table, chain and handle; objects by name; set elements by key), so that raise prints them
  // and so that compile(state) starts from them again.
  void write_back(raise::RulesetState& state, uint64_t now_ns) const;

  void build_hooks();  // called by compile(): fills the per-hook lists

 private:
  static constexpr uint32_t kFamilies = 5;  // Ip, Ip6, Arp, Bridge, Netdev
  std::vector<ChainRef> hooks_[kFamilies][6];
  std::vector<ChainRef> none_;
};

struct CompileOutput {
  CompiledRuleset ruleset;
  std::vector<Unsupported> errors;  // empty when the engine can run everything
};

// `now_ns`: the clock at load time (element timeouts start there).
CompileOutput compile(const raise::RulesetState& state, uint64_t now_ns = 0);

}  // namespace nftx::fastpath::classify
