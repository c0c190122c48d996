// SPDX-License-Identifier: GPL-2.0-or-later
// sema: AST -> checked model. Reports every problem of the input to `diags`; the returned
// model is complete only when no error was reported.
#pragma once

#include <functional>

#include "common/diagnostics.h"
#include "compiler/sema/model.h"
#include "parser/ast.h"

namespace nftx::sema {

// `existing`: objects the input may refer to without declaring them (the kernel's ruleset).
checked::Ruleset check(const ast::Ruleset& rs, Diagnostics& diags,
                       const ir::Batch* existing = nullptr);

// Receives each checked command as soon as it is complete, in batch order, so that a caller
// can lower it and drop it instead of keeping the whole checked model.
using CommandSink = std::function<void(checked::Command&&)>;
// As check(), handing the commands to `sink`. The parts of `rs` that are no longer needed
// (set elements, rules once checked) are released on the way to bound peak memory.
void check_streaming(ast::Ruleset&& rs, Diagnostics& diags, const ir::Batch* existing,
                     const CommandSink& sink);

}  // namespace nftx::sema
