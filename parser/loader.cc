// SPDX-License-Identifier: GPL-2.0-or-later
// Include handling: `include "pattern"` at top level, in table blocks and in chain blocks.
// Relative patterns are searched in the -I paths, then beside the including file; patterns with
// wildcards may match nothing, plain names must exist.
#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "parser/parse.h"

namespace nftx::parser {

ast::TableDecl parse_table_block(const SourceManager& sm, uint32_t file, Diagnostics& diags);
ast::ChainDecl parse_chain_block(const SourceManager& sm, uint32_t file, Diagnostics& diags);

namespace {

constexpr int kMaxDepth = 16;      // as nft
constexpr size_t kMaxErrors = 10;  // as nft

bool has_wildcard(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

std::vector<std::string> glob_files(const std::string& pattern) {
  std::vector<std::string> out;
  glob_t g{};
  if (::glob(pattern.c_str(), GLOB_NOSORT, nullptr, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  }
  globfree(&g);
  std::sort(out.begin(), out.end());
  return out;
}

class Loader {
 public:
  Loader(SourceManager& sm, const std::vector<std::string>& paths, Diagnostics& diags)
      : sm_(sm), paths_(paths), diags_(diags) {}

  // Files an include names, already added to the SourceManager; empty on error (reported).
  std::vector<uint32_t> resolve(const ast::Include& inc, uint32_t from_file, int depth) {
    if (diags_.error_count() >= kMaxErrors) return {};  // nft gives up after ten errors
    if (depth >= kMaxDepth) {
      diags_.error(inc.span, "include", "Include nested too deeply, max 16 levels");
      return {};
    }
    std::vector<std::string> candidates;
    if (!inc.pattern.empty() && inc.pattern.front() == '/') {
      candidates = glob_files(inc.pattern);
    } else {
      std::vector<std::string> dirs = paths_;
      const auto& from = sm_.file(from_file);
      if (from.kind == SourceKind::File) {
        dirs.push_back(std::filesystem::path(from.name).parent_path().string());
      }
      for (const auto& dir : dirs) {
        candidates = glob_files((dir.empty() ? std::string(".") : dir) + "/" + inc.pattern);
        if (!candidates.empty()) break;
      }
    }
    if (candidates.empty()) {
      if (!has_wildcard(inc.pattern)) {
        diags_.error(inc.span, "include",
                     "File not found: " + inc.pattern + " (searched the include paths)");
      }
      return {};
    }
    std::vector<uint32_t> files;
    for (const auto& path : candidates) {
      std::error_code ec;
      if (std::filesystem::is_directory(path, ec)) continue;
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        diags_.error(inc.span, "include", "Could not read " + path);
        continue;
      }
      std::ostringstream ss;
      ss << in.rdbuf();
      files.push_back(sm_.add(path, ss.str(), SourceKind::File, inc.span));
    }
    return files;
  }

  void expand(std::vector<ast::TopItem>& items, uint32_t file, int depth) {
    std::vector<ast::TopItem> out;
    for (auto& item : items) {
      if (auto* inc = std::get_if<ast::Include>(&item)) {
        for (uint32_t f : resolve(*inc, file, depth)) {
          ast::Ruleset sub = parse_file(sm_, f, diags_);
          expand(sub.items, f, depth + 1);
          for (auto& s : sub.items) out.push_back(std::move(s));
        }
        continue;
      }
      if (auto* cmd = std::get_if<ast::Command>(&item)) expand_command(*cmd, file, depth);
      out.push_back(std::move(item));
    }
    items = std::move(out);
  }

 private:
  void expand_command(ast::Command& cmd, uint32_t file, int depth) {
    if (auto* t = std::get_if<ast::TableDecl>(&cmd.body)) expand_table(*t, file, depth);
    if (auto* c = std::get_if<ast::ChainDecl>(&cmd.body)) expand_chain(*c, file, depth);
  }

  void expand_table(ast::TableDecl& t, uint32_t file, int depth) {
    std::vector<ast::TableItem> out;
    for (auto& item : t.items) {
      if (auto* inc = std::get_if<ast::Include>(&item)) {
        for (uint32_t f : resolve(*inc, file, depth)) {
          ast::TableDecl sub = parse_table_block(sm_, f, diags_);
          expand_table(sub, f, depth + 1);
          for (auto& s : sub.items) out.push_back(std::move(s));
          for (auto& fl : sub.flags) t.flags.push_back(std::move(fl));
        }
        continue;
      }
      if (auto* c = std::get_if<ast::ChainDecl>(&item)) expand_chain(*c, file, depth);
      out.push_back(std::move(item));
    }
    t.items = std::move(out);
  }

  void expand_chain(ast::ChainDecl& c, uint32_t file, int depth) {
    std::vector<ast::ChainItem> out;
    for (auto& item : c.items) {
      if (auto* inc = std::get_if<ast::Include>(&item)) {
        for (uint32_t f : resolve(*inc, file, depth)) {
          ast::ChainDecl sub = parse_chain_block(sm_, f, diags_);
          expand_chain(sub, f, depth + 1);
          for (auto& s : sub.items) out.push_back(std::move(s));
        }
        continue;
      }
      out.push_back(std::move(item));
    }
    c.items = std::move(out);
  }

  SourceManager& sm_;
  const std::vector<std::string>& paths_;
  Diagnostics& diags_;
};

}  // namespace

ast::Ruleset load(SourceManager& sm, uint32_t file, const std::vector<std::string>& include_paths,
                  Diagnostics& diags) {
  ast::Ruleset rs = parse_file(sm, file, diags);
  Loader(sm, include_paths, diags).expand(rs.items, file, 0);
  return rs;
}

}  // namespace nftx::parser
