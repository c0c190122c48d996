// SPDX-License-Identifier: GPL-2.0-or-later
// Test helper: spans found by searching the text, so expectations do not hard-code offsets.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "common/source_manager.h"
#include "common/span.h"

namespace nftx::testing {

// The span of the `nth` (0-based) occurrence of `needle` in file `file`.
inline Span find_span(const SourceManager& sm, uint32_t file, std::string_view needle,
                      int nth = 0) {
  const std::string_view text = sm.file(file).text;
  size_t pos = text.find(needle);
  for (int i = 0; i < nth && pos != std::string_view::npos; ++i) pos = text.find(needle, pos + 1);
  if (pos == std::string_view::npos) throw std::runtime_error("needle not found");
  return Span{file, static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + needle.size())};
}

}  // namespace nftx::testing
