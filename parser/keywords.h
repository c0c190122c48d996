// SPDX-License-Identifier: GPL-2.0-or-later
// Word classification for the scanner: hard keywords, scoped statement keywords, plain words.
#pragma once

#include <string>

#include "parser/lex_context.h"
#include "parser/parser.hh"

namespace nftx::parser {

Parser::symbol_type classify_word(LexContext& ctx, std::string text);

}  // namespace nftx::parser
