// SPDX-License-Identifier: GPL-2.0-or-later
#include "parser/lex_context.h"

namespace nftx::parser {

std::string LexContext::unquote(const char* text, int len) const {
  // nft keeps the bytes between the quotes as they are; only an escaped quote is unescaped.
  std::string out;
  for (int i = 1; i + 1 < len; ++i) {
    if (text[i] == '\\' && i + 2 < len && text[i + 1] == '"') continue;
    out += text[i];
  }
  return out;
}

}  // namespace nftx::parser
