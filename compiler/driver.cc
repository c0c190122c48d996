// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/driver.h"

#include "compiler/lower/lower.h"
#include "compiler/raise/raise.h"
#include "compiler/sema/sema.h"
#include "parser/parse.h"

namespace nftx {

CompileResult compile(SourceManager& sm, uint32_t file, const CompileOptions& options,
                      Diagnostics& diags) {
  CompileResult result;
  checked::Ruleset checked_rs;
  {
    // The AST is only needed until sema has run: drop it before lowering.
    ast::Ruleset rs = parser::load(sm, file, options.include_paths, diags);
    // -D name=value: defined before the input, as nft does.
    std::vector<ast::TopItem> items;
    for (const auto& [name, value] : options.defines) {
      items.push_back(ast::Define{
          name, ast::make_expr(ast::Symbol{value, ast::SymbolKind::Word}, Span{}), false, Span{}});
    }
    for (auto& item : rs.items) items.push_back(std::move(item));
    rs.items = std::move(items);
    checked_rs = sema::check(rs, diags, options.existing);
  }
  if (diags.has_errors()) return result;
  result.batch = lower::lower(checked_rs);
  if (options.listing) result.listing = raise::list_ruleset(result.batch, *options.listing);
  return result;
}

}  // namespace nftx
