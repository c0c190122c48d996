// SPDX-License-Identifier: GPL-2.0-or-later
// Private to the diagnostic renderers: how a span maps to lines and columns, and which
// include statements lead to a file. Every output format uses these so they agree.
#pragma once

#include <cstdint>
#include <vector>

#include "common/source_manager.h"
#include "common/span.h"

namespace nftx::render {

// Line/column extent of a span, nft style: columns are 1-based bytes and last_col is the
// column of the span's LAST byte (inclusive), on last_line. An empty span covers one column.
struct Extent {
  uint32_t first_line = 0;
  uint32_t first_col = 0;
  uint32_t last_line = 0;
  uint32_t last_col = 0;
};

inline Extent extent_of(const SourceManager& sm, const Span& span) {
  const LineCol first = sm.position(span.file, span.begin);
  if (span.end <= span.begin) return Extent{first.line, first.col, first.line, first.col};
  const LineCol last = sm.position(span.file, span.end - 1);
  return Extent{first.line, first.col, last.line, last.col};
}

// The `include` statements that pulled `file` in, innermost first. The walk is bounded by
// the number of files so a (buggy) cyclic chain cannot loop forever.
inline std::vector<Span> include_chain(const SourceManager& sm, uint32_t file) {
  std::vector<Span> chain;
  uint32_t current = file;
  while (current != 0 && chain.size() < sm.size()) {
    const auto& from = sm.file(current).included_from;
    if (!from || !from->valid()) break;
    chain.push_back(*from);
    current = from->file;
  }
  return chain;
}

}  // namespace nftx::render
