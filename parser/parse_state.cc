// SPDX-License-Identifier: GPL-2.0-or-later
#include "parser/parse_state.h"

#include <string_view>

namespace nftx::parser {

void ParseState::error(const Span& at, const std::string& message) {
  ++errors_;
  diags_.error(at, "syntax", message);
}

std::string ParseState::token_text(const char* symbol_name, const Span&) const {
  // Bison names keywords by their alias with quotes ("\"drop\""); nft prints the bare word.
  std::string_view name(symbol_name);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  return std::string(name);
}

}  // namespace nftx::parser
