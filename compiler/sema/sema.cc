// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/sema/sema.h"

#include "compiler/sema/ruleset_checker.h"

namespace nftx::sema {

checked::Ruleset check(const ast::Ruleset& rs, Diagnostics& diags, const ir::Batch* existing) {
  RulesetChecker checker(diags);
  if (existing) checker.seed(*existing);
  return checker.run(rs);
}

}  // namespace nftx::sema
