// SPDX-License-Identifier: GPL-2.0-or-later
// A source span: a half-open byte range [begin, end) in one file of a SourceManager.
#pragma once

#include <cstdint>

namespace nftx {

struct Span {
  uint32_t file = 0;   // index into SourceManager; 0 is "no file" (internal)
  uint32_t begin = 0;  // byte offset of the first character
  uint32_t end = 0;    // byte offset one past the last character

  bool valid() const { return file != 0; }
  // The smallest span covering both (same file assumed; if one is invalid the other wins).
  static Span cover(const Span& a, const Span& b) {
    if (!a.valid()) return b;
    if (!b.valid()) return a;
    return Span{a.file, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
  }
  friend bool operator==(const Span&, const Span&) = default;
};

}  // namespace nftx
