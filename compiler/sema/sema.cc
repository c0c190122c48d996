// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/sema/sema.h"

#include "compiler/sema/ruleset_checker.h"

namespace nftx::sema {

checked::Ruleset check(const ast::Ruleset& rs, Diagnostics& diags, const ir::Batch* existing) {
  RulesetChecker checker(diags);
  if (existing) checker.seed(*existing);
  return checker.run(rs);
}

void check_streaming(ast::Ruleset&& rs, Diagnostics& diags, const ir::Batch* existing,
                     const CommandSink& sink) {
  RulesetChecker checker(diags, &sink);
  if (existing) checker.seed(*existing);
  checker.consume(std::move(rs));
}

}  // namespace nftx::sema
