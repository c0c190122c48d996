// SPDX-License-Identifier: GPL-2.0-or-later
// sema: AST -> checked model. Reports every problem of the input to `diags`; the returned
// model is complete only when no error was reported.
#pragma once

#include "common/diagnostics.h"
#include "compiler/sema/model.h"
#include "parser/ast.h"

namespace nftx::sema {

// `existing`: objects the input may refer to without declaring them (the kernel's ruleset).
checked::Ruleset check(const ast::Ruleset& rs, Diagnostics& diags,
                       const ir::Batch* existing = nullptr);

}  // namespace nftx::sema
