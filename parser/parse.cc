// SPDX-License-Identifier: GPL-2.0-or-later
#include "parser/parse.h"

#include "parser/lex_context.h"
#include "parser/parser.hh"

// Flex's reentrant API (prefix nftx_yy, see lexer.ll).
struct yy_buffer_state;
int nftx_yylex_init_extra(nftx::parser::LexContext* extra, yyscan_t* scanner);
int nftx_yylex_destroy(yyscan_t scanner);
yy_buffer_state* nftx_yy_scan_bytes(const char* bytes, int len, yyscan_t scanner);

namespace nftx::parser {
namespace {

// Runs the grammar over `text` and leaves the results in `state`.
void run(const SourceManager& sm, uint32_t file, StartAs start, ParseState& state) {
  const std::string& text = sm.file(file).text;
  LexContext lex(file, start);
  yyscan_t scanner = nullptr;
  nftx_yylex_init_extra(&lex, &scanner);
  nftx_yy_scan_bytes(text.data(), static_cast<int>(text.size()), scanner);
  Parser parser(scanner, lex, state);
  parser.parse();
  nftx_yylex_destroy(scanner);
}

}  // namespace

ast::Ruleset parse_file(const SourceManager& sm, uint32_t file, Diagnostics& diags) {
  ParseState state(diags);
  run(sm, file, StartAs::File, state);
  return state.take();
}

ast::TableDecl parse_table_block(const SourceManager& sm, uint32_t file, Diagnostics& diags) {
  ParseState state(diags);
  run(sm, file, StartAs::TableBlock, state);
  return state.take_table_block();
}

ast::ChainDecl parse_chain_block(const SourceManager& sm, uint32_t file, Diagnostics& diags) {
  ParseState state(diags);
  run(sm, file, StartAs::ChainBlock, state);
  return state.take_chain_block();
}

}  // namespace nftx::parser
