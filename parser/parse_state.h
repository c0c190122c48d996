// SPDX-License-Identifier: GPL-2.0-or-later
// What the grammar actions may touch: the list of top-level items being built and the error sink.
#pragma once

#include <string>

#include "common/diagnostics.h"
#include "common/span.h"
#include "parser/ast.h"

namespace nftx::parser {

class ParseState {
 public:
  explicit ParseState(Diagnostics& diags) : diags_(diags) {}

  void add(ast::TopItem item) { ruleset_.items.push_back(std::move(item)); }
  void error(const Span& at, const std::string& message);
  // How an unexpected token is named in "syntax error, unexpected X".
  std::string token_text(const char* symbol_name, const Span& at) const;
  size_t errors() const { return errors_; }
  ast::Ruleset take() { return std::move(ruleset_); }
  void set_table_block(ast::TableDecl t) { table_block_ = std::move(t); }
  void set_chain_block(ast::ChainDecl c) { chain_block_ = std::move(c); }
  ast::TableDecl take_table_block() { return std::move(table_block_); }
  ast::ChainDecl take_chain_block() { return std::move(chain_block_); }

 private:
  Diagnostics& diags_;
  ast::Ruleset ruleset_;
  ast::TableDecl table_block_;
  ast::ChainDecl chain_block_;
  size_t errors_ = 0;
};

}  // namespace nftx::parser
