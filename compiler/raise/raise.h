// SPDX-License-Identifier: GPL-2.0-or-later
// The listing printer: what `nft list ruleset` (nft >= 1.1.4) prints once a batch is loaded. It
// reads only the IR, so the same code can print what a kernel dumps back.
#pragma once

#include <optional>
#include <string>

#include "compiler/ir/ir.h"

namespace nftx::raise {

struct ListOptions {
  bool stateless = false;         // -s: no counter values, quota usage, ...
  bool numeric_protocol = false;  // -p: `ip protocol 6`, not `tcp`
  bool handles = false;           // -a: `# handle N`
  bool numeric_priority = false;  // -y: `priority 0`, not `priority filter`
  bool terse = false;             // -t: sets and maps without their elements
  bool numeric = false;           // -n: every numeric form (protocols, priorities, symbols, times)
  bool kernel_dump = false;       // the batch is a kernel dump: keep the handles it carries
};

std::string list_ruleset(const ir::Batch& batch, const ListOptions& opts);

// The same for a ruleset already applied (build_state), e.g. the fastpath engine's with its
// runtime counters written back.
struct RulesetState;
std::string list_state(const RulesetState& state, const ListOptions& opts);

// The other `nft list` commands, printed as nft's do_list_* functions (src/rule.c) do.
enum class ListWhat {
  Ruleset,     // every table of `family` (all families when empty)
  Tables,      // `table FAMILY NAME` lines
  Table,       // one table
  Chain,       // one chain inside its table block
  Chains,      // every chain declaration without rules
  Sets,        // named sets (not maps), per table
  Set,         // one named set
  Maps,        // named maps, per table
  Map,         // one named map
  Flowtables,  // every flowtable, per table
  Flowtable,   // one flowtable
  Counters,    // named counters (all, or `name` when given), per table
  Quotas,      // named quotas (all, or `name` when given), per table
};

struct ListSelection {
  ListWhat what = ListWhat::Ruleset;
  std::optional<ir::Family> family;  // filter (plural forms) or the object's family
  std::string table;                 // the object's table (singular forms), or a table filter
  std::string name;                  // chain / set / map / flowtable / counter / quota name
};

// std::nullopt when the selected table, chain, set, map or flowtable does not exist (nft then
// fails with ENOENT).
std::optional<std::string> list_selection(const ir::Batch& batch, const ListSelection& sel,
                                          const ListOptions& opts);

}  // namespace nftx::raise
