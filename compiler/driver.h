// SPDX-License-Identifier: GPL-2.0-or-later
// The compiler front half as one call: text -> AST -> checked model -> IR batch.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/ir/ir.h"
#include "compiler/raise/raise.h"

namespace nftx {

struct CompileOptions {
  std::vector<std::string> include_paths{"/etc"};                // -I, searched in order
  std::vector<std::pair<std::string, std::string>> defines;      // -D name=value
  std::optional<raise::ListOptions> listing;  // also print the resulting ruleset (costs time)
  const ir::Batch* existing = nullptr;  // objects that exist already (the kernel's ruleset)
  // false when only the diagnostics are wanted (an offline `-c` without -d or a listing):
  // commands are then checked but not lowered and CompileResult::batch stays empty. Lowering
  // reports nothing, so the diagnostics are the same; time and peak memory are much lower.
  bool want_batch = true;
};

struct CompileResult {
  ir::Batch batch;        // complete only when !diags.has_errors()
  std::string listing;    // `nft list ruleset` text, when CompileOptions::listing asks for it
};

// Compiles source file `file` (already added to `sm`; includes are added as they are read).
// All diagnostics of the run go to `diags`. Never throws on bad input.
CompileResult compile(SourceManager& sm, uint32_t file, const CompileOptions& options,
                      Diagnostics& diags);

}  // namespace nftx
