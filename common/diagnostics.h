// SPDX-License-Identifier: GPL-2.0-or-later
// Diagnostics are values: every stage appends to a Diagnostics collection, nothing throws
// across stages, and one run reports all of its errors (de-duplicated, in order).
#pragma once

#include <string>
#include <vector>

#include "common/span.h"

namespace nftx {

class SourceManager;

enum class Severity { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;     // stable machine-readable kind, e.g. "syntax", "unknown-chain", "flow-after-verdict"
  std::string message;  // nft wording where nft has one
  Span primary;
  std::vector<Span> secondary;  // rendered with '~'

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

class Diagnostics {
 public:
  void error(Span at, std::string code, std::string message, std::vector<Span> secondary = {});
  void warning(Span at, std::string code, std::string message, std::vector<Span> secondary = {});
  void add(Diagnostic d);  // ignores an exact duplicate of an earlier diagnostic
  void append(const Diagnostics& other);

  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return all_.size() - errors_; }
  const std::vector<Diagnostic>& all() const { return all_; }
  bool empty() const { return all_.empty(); }

 private:
  std::vector<Diagnostic> all_;
  size_t errors_ = 0;
};

// nft's erec format: optional "In file included from" chain, "file:l:c-c: Error: msg",
// the source line (tabs kept), a marker line with '^' under the primary span and '~' under
// secondary spans. Command-line buffers get no location prefix.
std::string render_text(const SourceManager& sm, const Diagnostics& diags);
// One JSON object: {"diagnostics":[{severity,code,message,file,line,column,end_line,end_column,
// secondary:[...]}], "errors":N, "warnings":N}
std::string render_json(const SourceManager& sm, const Diagnostics& diags);
// SARIF 2.1.0 log with one run, tool.driver.name "nftx", one result per diagnostic.
std::string render_sarif(const SourceManager& sm, const Diagnostics& diags);
// GitHub Actions workflow commands: "::error file=F,line=L,col=C,endLine=..,endColumn=..::msg".
std::string render_github(const SourceManager& sm, const Diagnostics& diags);

}  // namespace nftx
