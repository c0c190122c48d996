// SPDX-License-Identifier: GPL-2.0-or-later
// Owns the text of every input (files, stdin, command-line buffers) so spans stay valid
// for the whole run, and answers line/column questions for diagnostics.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/span.h"

namespace nftx {

enum class SourceKind {
  File,    // a named file (or /dev/stdin): diagnostics get a "file:line:col-col: " prefix
  Buffer,  // command-line input: nft prints no location prefix for it
};

struct SourceFile {
  std::string name;
  std::string text;
  SourceKind kind = SourceKind::File;
  std::optional<Span> included_from;  // the `include` statement that pulled this file in
  std::vector<uint32_t> line_starts;  // byte offset of each line's first character
};

struct LineCol {
  uint32_t line = 0;  // 1-based
  uint32_t col = 0;   // 1-based, in bytes (nft counts bytes; tabs count as one)
};

class SourceManager {
 public:
  SourceManager();
  // Returns the new file's index (>= 1).
  uint32_t add(std::string name, std::string text, SourceKind kind = SourceKind::File,
               std::optional<Span> included_from = std::nullopt);
  const SourceFile& file(uint32_t index) const { return files_.at(index); }
  uint32_t size() const { return static_cast<uint32_t>(files_.size()); }

  LineCol position(uint32_t file, uint32_t offset) const;
  // The full text of the line containing `offset`, without its newline.
  std::string_view line_text(uint32_t file, uint32_t offset) const;
  std::string_view text(const Span& span) const;

 private:
  std::deque<SourceFile> files_;  // deque: references stay valid as files are added
};

}  // namespace nftx
