// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/corpus_file.h"

#include <string>

#include "testsuite/conformance/text_util.h"

namespace nftx::conformance {
namespace {

std::optional<Expect> parse_expect(std::string_view s) {
  s = strip(s);
  if (s == "ok") return Expect::Ok;
  if (s == "fail") return Expect::Fail;
  return std::nullopt;
}

std::string located(int line, std::string_view what, std::string_view text) {
  return "line " + std::to_string(line) + ": " + std::string(what) + ": " + std::string(text);
}

// `!`, `?` lines: "<body>;<state>".
bool split_setup(std::string_view rest, std::string_view& body, Expect& expect) {
  std::vector<std::string_view> fields = split(rest, ';');
  if (fields.size() != 2) return false;
  std::optional<Expect> e = parse_expect(fields[1]);
  if (!e) return false;
  body = fields[0];
  expect = *e;
  return true;
}

// `%` lines: an object spec may contain `;` inside braces, so nft-test.py cuts at the last `}`
// when there is one and takes the state after the following `;`.
bool split_object(std::string_view rest, std::string_view& body, Expect& expect) {
  size_t brace = rest.rfind('}');
  if (brace == std::string_view::npos) return split_setup(rest, body, expect);
  body = rest.substr(0, brace + 1);
  std::string_view tail = rest.substr(brace + 1);
  if (!tail.starts_with(";")) return false;
  std::optional<Expect> e = parse_expect(tail.substr(1));
  if (!e) return false;
  expect = *e;
  return true;
}

void parse_line(std::string_view raw, int lineno, TestFile& out) {
  std::string_view line = rstrip(raw);
  if (line.empty() || line.front() == '#') return;
  std::string_view rest = line.substr(1);
  switch (line.front()) {
    case '*': {
      std::vector<std::string_view> f = split(rest, ';');
      if (f.size() < 3) {
        out.warnings.push_back(located(lineno, "malformed table line", line));
        return;
      }
      TableSpec t{std::string(strip(f[0])), std::string(strip(f[1])), {}, lineno};
      for (std::string_view c : split(f[2], ',')) t.chains.emplace_back(strip(c));
      out.tables.push_back(std::move(t));
      return;
    }
    case ':': {
      std::vector<std::string_view> f = split(rest, ';');
      std::string config = f.size() > 1 ? std::string(strip(f[1])) : std::string();
      out.chains.push_back({std::string(strip(f[0])), std::move(config), lineno});
      return;
    }
    case '!':
    case '?':
    case '%': {
      std::string_view body;
      Expect expect = Expect::Ok;
      bool ok =
          line.front() == '%' ? split_object(rest, body, expect) : split_setup(rest, body, expect);
      if (!ok) {
        out.warnings.push_back(located(lineno, "malformed setup line", line));
        return;
      }
      EntryItem item = line.front() == '!'   ? EntryItem(parse_set_decl(body))
                       : line.front() == '?' ? EntryItem(parse_element_add(body))
                                             : EntryItem(parse_object_decl(body));
      out.entries.push_back({lineno, std::string(line), expect, std::move(item)});
      return;
    }
    default:
      break;
  }
  // A rule line: 2 or 3 `;`-separated fields, the second being the state.
  std::vector<std::string_view> f = split(line, ';');
  std::optional<Expect> expect = f.size() >= 2 ? parse_expect(f[1]) : std::nullopt;
  if (f.size() > 3 || !expect) {
    out.warnings.push_back(located(lineno, "malformed rule line", line));
    return;
  }
  if (line.front() == '-') {
    ++out.disabled;
    return;
  }
  RuleLine rule{std::string(strip(f[0])), std::nullopt};
  if (f.size() == 3) rule.listing = std::string(rstrip(f[2]));
  out.entries.push_back({lineno, std::string(line), *expect, std::move(rule)});
}

}  // namespace

const ChainTemplate* TestFile::chain(std::string_view name) const {
  for (const ChainTemplate& c : chains) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

TestFile parse_test_file(std::string_view text) {
  TestFile out;
  std::vector<std::string_view> lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) parse_line(lines[i], static_cast<int>(i) + 1, out);
  return out;
}

SetDecl parse_set_decl(std::string_view body) {
  std::vector<std::string_view> tokens = split_ws(body);
  SetDecl d;
  if (tokens.empty()) return d;
  d.name = std::string(tokens[0]);
  std::vector<std::string> key;
  std::vector<std::string> data;
  bool in_data = false;
  for (size_t i = 1; i < tokens.size(); ++i) {
    std::string_view t = tokens[i];
    // `timeout X` and `flags X` only come after a complete `type K` / `typeof E`.
    bool modifier = (t == "timeout" || t == "flags") && key.size() >= 2 && i + 1 < tokens.size();
    if (modifier) {
      (t == "timeout" ? d.timeout : d.flags) = std::string(tokens[i + 1]);
      ++i;
      continue;
    }
    if (!d.timeout.empty() || !d.flags.empty()) {
      d.unknown.emplace_back(t);
      continue;
    }
    if (t == ":" && !in_data) {
      in_data = true;
      continue;
    }
    (in_data ? data : key).emplace_back(t);
  }
  d.key = join(key, " ");
  d.data = join(data, " ");
  return d;
}

ElementAdd parse_element_add(std::string_view body) {
  body = strip(body);
  size_t space = body.find(' ');
  if (space == std::string_view::npos) return {std::string(body), {}};
  return {std::string(body.substr(0, space)), std::string(strip(body.substr(space)))};
}

ObjectDecl parse_object_decl(std::string_view body) {
  std::vector<std::string_view> tokens = split_ws(body);
  ObjectDecl d;
  if (tokens.empty()) return d;
  d.name = std::string(tokens[0]);
  size_t i = 1;
  if (i < tokens.size() && tokens[i] == "type") ++i;
  if (i < tokens.size()) d.type = std::string(tokens[i++]);
  // Three ct objects have a two-word type.
  bool ct_kind = i < tokens.size() &&
                 (tokens[i] == "helper" || tokens[i] == "timeout" || tokens[i] == "expectation");
  if (d.type == "ct" && ct_kind) d.type += " " + std::string(tokens[i++]);
  std::vector<std::string> spec;
  for (; i < tokens.size(); ++i) spec.emplace_back(tokens[i]);
  d.spec = join(spec, " ");
  return d;
}

}  // namespace nftx::conformance
