// SPDX-License-Identifier: GPL-2.0-or-later
// nft's error-record text format, reproduced byte for byte (nftables src/erec.c behaviour,
// checked against nft 1.0.6), including two of its quirks noted below.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostics.h"
#include "common/render_location.h"
#include "common/source_manager.h"

namespace nftx {
namespace {

// nft reads the offending line of a file into a 1024-byte buffer, so longer lines are cut.
constexpr size_t kNftFileLineMax = 1023;

const char* severity_label(Severity s) {
  switch (s) {
    case Severity::Error:
      return "Error: ";
    case Severity::Warning:
      return "Warning: ";
  }
  return "";
}

std::string location_suffix(const render::Extent& e) {
  // nft prints the first line with first_column-last_column, where last_column belongs to
  // the span's last line: for a span crossing lines the two columns come from different lines.
  return std::to_string(e.first_line) + ":" + std::to_string(e.first_col) + "-" +
         std::to_string(e.last_col);
}

// The source line shown under the message. nft's end-of-file token keeps the line offset of
// the last newline it scanned, so an error at the very end of a file that ends in '\n' shows
// the line holding that newline rather than the empty line after it.
std::string_view display_line(const SourceManager& sm, const Span& at) {
  const SourceFile& f = sm.file(at.file);
  uint32_t offset = at.begin;
  if (offset >= f.text.size() && !f.text.empty() && f.text.back() == '\n') {
    offset = static_cast<uint32_t>(f.text.size() - 1);
  }
  std::string_view line = sm.line_text(at.file, offset);
  if (f.kind == SourceKind::File && line.size() > kNftFileLineMax) {
    line = line.substr(0, kNftFileLineMax);
  }
  return line;
}

struct Mark {
  size_t from = 0;  // 0-based, inclusive
  size_t to = 0;    // 0-based, exclusive
  char c = '^';
};

// A span's marker columns. A span that crosses lines is marked to the end of its first line.
Mark mark_of(const SourceManager& sm, const Span& span, char c) {
  const render::Extent e = render::extent_of(sm, span);
  size_t last = e.last_col;
  if (e.last_line != e.first_line) {
    last = std::max<size_t>(e.first_col, sm.line_text(span.file, span.begin).size());
  }
  return Mark{e.first_col - 1, std::max<size_t>(last, e.first_col), c};
}

// Tabs of the source line are repeated up to the furthest mark so the markers line up in any
// tab width; secondary marks ('~') are drawn first so the primary ('^') wins where they overlap.
std::string marker_line(const SourceManager& sm, const Diagnostic& d, std::string_view line) {
  std::vector<Mark> marks;
  marks.push_back(mark_of(sm, d.primary, '^'));
  for (const Span& s : d.secondary) {
    // nft draws every location by column on the primary's line; a span in another file has
    // no meaningful column there.
    if (s.valid() && s.file == d.primary.file) marks.push_back(mark_of(sm, s, '~'));
  }
  size_t end = 0;
  for (const Mark& m : marks) end = std::max(end, m.to);
  std::string out(end, ' ');
  for (size_t i = 0; i < end && i < line.size(); ++i) {
    if (line[i] == '\t') out[i] = '\t';
  }
  for (auto it = marks.rbegin(); it != marks.rend(); ++it) {
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(it->from),
              out.begin() + static_cast<std::ptrdiff_t>(it->to), it->c);
  }
  out.erase(out.find_last_not_of(" \t") + 1);
  return out;
}

void render_one(const SourceManager& sm, const Diagnostic& d, std::string& out) {
  if (!d.primary.valid()) {
    out += severity_label(d.severity);
    out += d.message;
    out += '\n';
    return;
  }
  const char* prefix = "In file included from";
  for (const Span& inc : render::include_chain(sm, d.primary.file)) {
    out += prefix;
    out += ' ';
    out += sm.file(inc.file).name;
    out += ':';
    out += location_suffix(render::extent_of(sm, inc));
    out += ":\n";
    prefix = "                 from";
  }
  const SourceFile& f = sm.file(d.primary.file);
  switch (f.kind) {
    case SourceKind::File:
      out += f.name;
      out += ':';
      out += location_suffix(render::extent_of(sm, d.primary));
      out += ": ";
      break;
    case SourceKind::Buffer:
      break;
  }
  out += severity_label(d.severity);
  out += d.message;
  out += '\n';
  const std::string_view line = display_line(sm, d.primary);
  out += line;
  out += '\n';
  out += marker_line(sm, d, line);
  out += '\n';
}

}  // namespace

std::string render_text(const SourceManager& sm, const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.all()) render_one(sm, d, out);
  return out;
}

}  // namespace nftx
