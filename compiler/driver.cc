// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/driver.h"

#include "compiler/lower/lower.h"
#include "compiler/raise/raise.h"
#include "compiler/sema/sema.h"
#include "parser/parse.h"

namespace nftx {
namespace {

// nft marks every named set that `add @s { ... }` / `update @s { ... }` writes to as dynamic
// (NFT_SET_EVAL) when the set is created in the same batch, whichever command declared it: the
// kernel then picks a backend that can be updated from the packet path.
void mark_dynset_targets(ir::Batch& batch) {
  struct Target {
    ir::Family family;
    std::string table, set;
  };
  std::vector<Target> targets;
  for (const ir::Message& m : batch.messages) {
    const auto* rule = std::get_if<ir::Rule>(&m.object);
    if (rule == nullptr) continue;
    for (const ir::Instr& i : rule->exprs) {
      if (const auto* d = std::get_if<ir::DynsetBox>(&i.op)) {
        targets.push_back({rule->family, rule->table, d->get().set});
      }
    }
  }
  if (targets.empty()) return;
  for (ir::Message& m : batch.messages) {
    auto* set = std::get_if<ir::Set>(&m.object);
    if (set == nullptr || (m.verb != ir::Verb::Add && m.verb != ir::Verb::Create)) continue;
    for (const Target& t : targets) {
      if (t.family == set->family && t.table == set->table && t.set == set->name) {
        set->flags |= 0x20;  // NFT_SET_EVAL
      }
    }
  }
}

}  // namespace

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
  mark_dynset_targets(result.batch);
  if (options.listing) result.listing = raise::list_ruleset(result.batch, *options.listing);
  return result;
}

}  // namespace nftx
