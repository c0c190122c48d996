// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/source_manager.h"

#include <algorithm>
#include <utility>

namespace nftx {

SourceManager::SourceManager() {
  // Index 0 stands for "no location" so that a default Span{} never names a real file.
  files_.push_back(SourceFile{.name = {},
                              .text = {},
                              .kind = SourceKind::Buffer,
                              .included_from = std::nullopt,
                              .line_starts = {0}});
}

uint32_t SourceManager::add(std::string name, std::string text, SourceKind kind,
                            std::optional<Span> included_from) {
  SourceFile f{.name = std::move(name),
               .text = std::move(text),
               .kind = kind,
               .included_from = included_from,
               .line_starts = {0}};
  for (size_t i = 0; i < f.text.size(); ++i) {
    if (f.text[i] == '\n') f.line_starts.push_back(static_cast<uint32_t>(i + 1));
  }
  files_.push_back(std::move(f));
  return static_cast<uint32_t>(files_.size() - 1);
}

LineCol SourceManager::position(uint32_t file, uint32_t offset) const {
  if (file == 0) return LineCol{};
  const SourceFile& f = files_.at(file);
  // Offsets past the end (e.g. an end-of-file token) clamp to the end of the text.
  const uint32_t off = std::min<uint32_t>(offset, static_cast<uint32_t>(f.text.size()));
  // The last line start <= off: upper_bound finds the first start after it.
  auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), off);
  const auto index = static_cast<uint32_t>(it - f.line_starts.begin()) - 1;
  return LineCol{index + 1, off - f.line_starts[index] + 1};
}

std::string_view SourceManager::line_text(uint32_t file, uint32_t offset) const {
  if (file == 0) return {};
  const SourceFile& f = files_.at(file);
  const LineCol pos = position(file, offset);
  const std::string_view text = f.text;
  const size_t begin = f.line_starts[pos.line - 1];
  const size_t newline = text.find('\n', begin);
  return text.substr(begin, newline == std::string_view::npos ? text.npos : newline - begin);
}

std::string_view SourceManager::text(const Span& span) const {
  if (!span.valid()) return {};
  const std::string_view all = files_.at(span.file).text;
  const size_t begin = std::min<size_t>(span.begin, all.size());
  const size_t end = std::clamp<size_t>(span.end, begin, all.size());
  return all.substr(begin, end - begin);
}

}  // namespace nftx
