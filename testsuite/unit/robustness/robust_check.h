// SPDX-License-Identifier: GPL-2.0-or-later
// What "robust" means for one compile: compile() returns normally (nothing escapes it), and
// either the ruleset is accepted or at least one error points into the input. Every span a
// diagnostic carries must lie inside the file it names, and the text renderer must cope.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <variant>

#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"

namespace nftx::robustness {

// Relative includes are searched beside the input; this directory never exists, so inputs
// that are not about includes cannot pull in files from the machine running the tests.
inline constexpr const char* kInputName = "/nonexistent/nftx-robustness/input.nft";

struct Outcome {
  bool accepted = false;  // no error diagnostics
  size_t errors = 0;
  size_t set_elements = 0;  // elements in the batch's NEWSETELEM messages (accepted runs)
  std::string problem;      // empty when the run was robust, else what went wrong
};

// Empty when `span` (a valid one) lies inside the file it names, else why not. A span may end
// at the end of the text (errors at end of file point there).
inline std::string span_problem(const SourceManager& sm, const Span& span) {
  if (span.file >= sm.size())
    return "span names file " + std::to_string(span.file) + " of " + std::to_string(sm.size());
  const size_t size = sm.file(span.file).text.size();
  if (span.begin > span.end || span.end > size) {
    return "span [" + std::to_string(span.begin) + ", " + std::to_string(span.end) +
           ") is outside file " + std::to_string(span.file) + " of " + std::to_string(size) +
           " bytes";
  }
  return "";
}

inline std::string diagnostics_problem(const SourceManager& sm, const Diagnostics& diags) {
  bool error_inside = false;
  for (const Diagnostic& d : diags.all()) {
    if (d.primary.valid()) {
      if (auto p = span_problem(sm, d.primary); !p.empty()) return d.code + ": " + p;
      if (d.severity == Severity::Error) error_inside = true;
    }
    for (const Span& s : d.secondary) {
      if (!s.valid()) continue;
      if (auto p = span_problem(sm, s); !p.empty()) return d.code + " (secondary): " + p;
    }
  }
  if (diags.has_errors() && !error_inside)
    return "errors were reported, none points into the input";
  return "";
}

// Compiles file `file` of `sm` and judges the run.
inline Outcome check_compile(SourceManager& sm, uint32_t file, const CompileOptions& options) {
  Outcome out;
  Diagnostics diags;
  try {
    CompileResult result = compile(sm, file, options, diags);
    (void)render_text(sm, diags);
    if (!diags.has_errors()) {
      for (const ir::Message& m : result.batch.messages) {
        if (const auto* e = std::get_if<ir::SetElems>(&m.object)) {
          out.set_elements += e->elements.size();
        }
      }
    }
  } catch (const std::exception& e) {
    out.problem = std::string("exception escaped compile(): ") + e.what();
    return out;
  } catch (...) {
    out.problem = "a non-standard exception escaped compile()";
    return out;
  }
  out.errors = diags.error_count();
  out.accepted = !diags.has_errors();
  out.problem = diagnostics_problem(sm, diags);
  return out;
}

inline CompileOptions no_include_paths() {
  CompileOptions options;
  options.include_paths.clear();
  return options;
}

inline Outcome check_text(std::string text, const CompileOptions& options = no_include_paths()) {
  SourceManager sm;
  const uint32_t file = sm.add(kInputName, std::move(text));
  return check_compile(sm, file, options);
}

// A printable excerpt of an input for failure messages: at most `max` bytes, escaped.
inline std::string excerpt(std::string_view text, size_t max = 80) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < text.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > max) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace nftx::robustness
