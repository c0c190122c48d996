// SPDX-License-Identifier: GPL-2.0-or-later
// Machine-readable diagnostic formats: our own JSON, SARIF 2.1.0 (code-scanning tools) and
// GitHub Actions workflow commands. Lines and columns are the same as in the text format.
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/diagnostics.h"
#include "common/render_location.h"
#include "common/source_manager.h"

namespace nftx {
namespace {

using Json = nlohmann::ordered_json;

// Where the SARIF driver points people for documentation of its rules.
constexpr const char* kInformationUri = "https://github.com/nftx/nftx";
constexpr const char* kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
  }
  return "";
}

// Source text is arbitrary bytes; a message quoting it must not make the whole report fail.
std::string dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace) + "\n";
}

// ---- JSON ------------------------------------------------------------------------------

Json json_location(const SourceManager& sm, const Span& span) {
  Json j;
  if (!span.valid()) {
    // Internal diagnostics keep the same keys so consumers need no special case.
    j["file"] = nullptr;
    j["line"] = 0;
    j["column"] = 0;
    j["end_line"] = 0;
    j["end_column"] = 0;
    return j;
  }
  const render::Extent e = render::extent_of(sm, span);
  j["file"] = sm.file(span.file).name;
  j["line"] = e.first_line;
  j["column"] = e.first_col;
  j["end_line"] = e.last_line;
  j["end_column"] = e.last_col;  // inclusive, like the text format's "first-last"
  return j;
}

Json json_diagnostic(const SourceManager& sm, const Diagnostic& d) {
  Json j;
  j["severity"] = severity_name(d.severity);
  j["code"] = d.code;
  j["message"] = d.message;
  j.update(json_location(sm, d.primary));
  j["secondary"] = Json::array();
  for (const Span& s : d.secondary) j["secondary"].push_back(json_location(sm, s));
  j["included_from"] = Json::array();
  if (d.primary.valid()) {
    for (const Span& inc : render::include_chain(sm, d.primary.file)) {
      const render::Extent e = render::extent_of(sm, inc);
      j["included_from"].push_back(
          Json{{"file", sm.file(inc.file).name}, {"line", e.first_line}, {"column", e.first_col}});
    }
  }
  return j;
}

// ---- SARIF -----------------------------------------------------------------------------

// artifactLocation.uri must be a URI reference: keep path characters, escape the rest
// (spaces, '<cmdline>', '%', non-ASCII bytes).
std::string uri_escape(std::string_view path) {
  std::string out;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      std::string_view("/-._~!$&'()*+,;=:@").find(ch) != std::string_view::npos;
    if (keep) {
      out += ch;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned>(c));
      out += buf;
    }
  }
  return out;
}

Json sarif_location(const SourceManager& sm, const Span& span) {
  const render::Extent e = render::extent_of(sm, span);
  return Json{{"physicalLocation",
               {{"artifactLocation", {{"uri", uri_escape(sm.file(span.file).name)}}},
                {"region",
                 {{"startLine", e.first_line},
                  {"startColumn", e.first_col},
                  {"endLine", e.last_line},
                  {"endColumn", e.last_col + 1}}}}}};  // SARIF's endColumn is exclusive
}

Json sarif_result(const SourceManager& sm, const Diagnostic& d, size_t rule_index) {
  Json r{{"ruleId", d.code},
         {"ruleIndex", rule_index},
         {"level", severity_name(d.severity)},
         {"message", {{"text", d.message}}}};
  if (d.primary.valid()) r["locations"] = Json::array({sarif_location(sm, d.primary)});
  Json related = Json::array();
  for (const Span& s : d.secondary) {
    if (!s.valid()) continue;
    Json loc = sarif_location(sm, s);
    loc["id"] = related.size();
    related.push_back(std::move(loc));
  }
  if (!related.empty()) r["relatedLocations"] = std::move(related);
  return r;
}

// ---- GitHub ----------------------------------------------------------------------------

std::string github_escape_data(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
        break;
    }
  }
  return out;
}

std::string github_escape_property(std::string_view s) {
  std::string out;
  for (const char c : github_escape_data(s)) {
    switch (c) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        out += c;
        break;
    }
  }
  return out;
}

std::string github_properties(const SourceManager& sm, const Diagnostic& d) {
  std::string props;
  // Command-line input has no file for GitHub to attach the annotation to.
  if (d.primary.valid() && sm.file(d.primary.file).kind == SourceKind::File) {
    const render::Extent e = render::extent_of(sm, d.primary);
    props += "file=" + github_escape_property(sm.file(d.primary.file).name) +
             ",line=" + std::to_string(e.first_line) + ",col=" + std::to_string(e.first_col) +
             ",endLine=" + std::to_string(e.last_line) +
             ",endColumn=" + std::to_string(e.last_col) + ",";
  }
  props += "title=" + github_escape_property("nftx " + d.code);
  return props;
}

}  // namespace

std::string render_json(const SourceManager& sm, const Diagnostics& diags) {
  Json j;
  j["diagnostics"] = Json::array();
  for (const Diagnostic& d : diags.all()) j["diagnostics"].push_back(json_diagnostic(sm, d));
  j["errors"] = diags.error_count();
  j["warnings"] = diags.warning_count();
  return dump(j, -1);
}

std::string render_sarif(const SourceManager& sm, const Diagnostics& diags) {
  Json rules = Json::array();
  std::map<std::string, size_t> rule_index;  // code -> index into rules, in first-seen order
  Json results = Json::array();
  for (const Diagnostic& d : diags.all()) {
    auto [it, inserted] = rule_index.emplace(d.code, rules.size());
    if (inserted) rules.push_back(Json{{"id", d.code}});
    results.push_back(sarif_result(sm, d, it->second));
  }
  Json driver{{"name", "nftx"}, {"informationUri", kInformationUri}, {"rules", std::move(rules)}};
  Json run{{"tool", {{"driver", std::move(driver)}}}, {"results", std::move(results)}};
  Json log{{"$schema", kSarifSchema}, {"version", "2.1.0"}, {"runs", Json::array({run})}};
  return dump(log, 2);
}

std::string render_github(const SourceManager& sm, const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.all()) {
    out += "::";
    out += severity_name(d.severity);
    out += ' ';
    out += github_properties(sm, d);
    out += "::";
    out += github_escape_data(d.message);
    out += '\n';
  }
  return out;
}

}  // namespace nftx
