// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/raise.h"

#include "compiler/raise/object_print.h"
#include "compiler/raise/ruleset.h"

namespace nftx::raise {

std::string list_ruleset(const ir::Batch& batch, const ListOptions& opts) {
  const RulesetState state = build_state(batch);
  PrintCtx ctx;
  ctx.stateless = opts.stateless;
  ctx.numeric_proto = opts.numeric_protocol;
  ctx.handles = opts.handles;
  ctx.numeric_priority = opts.numeric_priority;
  std::string out;
  for (const TableState& t : state.tables) out += print_table(t, ctx);
  return out;
}

}  // namespace nftx::raise
