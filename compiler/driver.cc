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
  {
    ast::Ruleset rs = parser::load(sm, file, options.include_paths, diags);
    // -D name=value: defined before the input, as nft does.
    if (!options.defines.empty()) {
      std::vector<ast::TopItem> items;
      for (const auto& [name, value] : options.defines) {
        items.push_back(ast::Define{
            name, ast::make_expr(ast::Symbol{value, ast::SymbolKind::Word}, Span{}), false,
            Span{}});
      }
      for (auto& item : rs.items) items.push_back(std::move(item));
      rs.items = std::move(items);
    }
    // Each command is lowered as soon as sema has checked it, and sema releases the AST it
    // has checked: neither the whole checked model nor a second copy of large element lists
    // is ever held. Lowering a checked command cannot fail, so only the result is dropped on
    // errors.
    const bool lowering = options.want_batch || options.listing.has_value();
    auto lower_now = [&](checked::Command&& cmd) {
      if (lowering && !diags.has_errors()) lower::lower_command(std::move(cmd), result.batch);
    };
    sema::check_streaming(std::move(rs), diags, options.existing, lower_now);
  }
  if (diags.has_errors()) {
    result.batch = ir::Batch{};
    return result;
  }
  if (options.listing) result.listing = raise::list_ruleset(result.batch, *options.listing);
  return result;
}

}  // namespace nftx
