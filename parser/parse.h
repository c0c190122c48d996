// SPDX-License-Identifier: GPL-2.0-or-later
// Entry points of the parser: one file's text to its AST, and the loader that splices included
// files in (glob patterns, -I search paths, "In file included from" chains via SourceManager).
#pragma once

#include <string>
#include <vector>

#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "parser/ast.h"

namespace nftx::parser {

// Parses one file. Include items stay in the result; syntax errors go to `diags` and the
// parser recovers at the next newline or ';' (nft stops after 10 errors; so do we).
ast::Ruleset parse_file(const SourceManager& sm, uint32_t file, Diagnostics& diags);

// Parses `file` and every file it includes (recursively, depth-limited), replacing each
// top-level Include by the items of the files it names.
ast::Ruleset load(SourceManager& sm, uint32_t file, const std::vector<std::string>& include_paths,
                  Diagnostics& diags);

}  // namespace nftx::parser
