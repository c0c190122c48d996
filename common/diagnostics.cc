// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/diagnostics.h"

#include <algorithm>
#include <utility>

namespace nftx {

void Diagnostics::error(Span at, std::string code, std::string message,
                        std::vector<Span> secondary) {
  add(Diagnostic{Severity::Error, std::move(code), std::move(message), at, std::move(secondary)});
}

void Diagnostics::warning(Span at, std::string code, std::string message,
                          std::vector<Span> secondary) {
  add(Diagnostic{Severity::Warning, std::move(code), std::move(message), at, std::move(secondary)});
}

void Diagnostics::add(Diagnostic d) {
  // Stages may revisit the same node (e.g. a set used by several rules); one report is enough.
  // A linear scan is fine: runs with thousands of diagnostics stop being useful long before
  // the scan costs anything.
  if (std::find(all_.begin(), all_.end(), d) != all_.end()) return;
  switch (d.severity) {
    case Severity::Error:
      ++errors_;
      break;
    case Severity::Warning:
      break;
  }
  all_.push_back(std::move(d));
}

void Diagnostics::append(const Diagnostics& other) {
  if (&other == this) return;  // every entry would be a duplicate of itself
  for (const Diagnostic& d : other.all()) add(d);
}

}  // namespace nftx
