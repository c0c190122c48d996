// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/corpus_index.h"

#include <algorithm>

namespace nftx::conformance {

std::vector<std::string> list_test_files(const std::filesystem::path& corpus) {
  std::vector<std::string> out;
  for (std::string_view dir : kTestDirs) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(corpus / dir, ec)) {
      if (e.is_regular_file() && e.path().extension() == ".t") {
        names.push_back(e.path().filename().string());
      }
    }
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) out.push_back(std::string(dir) + "/" + n);
  }
  return out;
}

std::optional<std::string> resolve_test_file(const std::filesystem::path& corpus,
                                             const std::string& arg) {
  namespace fs = std::filesystem;
  std::error_code ec;
  bool relative = fs::path(arg).is_relative();
  if (relative && fs::is_regular_file(corpus / arg, ec)) {
    return fs::path(arg).lexically_normal().string();
  }
  if (!fs::is_regular_file(arg, ec)) return std::nullopt;
  fs::path full = fs::weakly_canonical(fs::absolute(arg), ec);
  fs::path root = fs::weakly_canonical(fs::absolute(corpus), ec);
  fs::path rel = full.lexically_relative(root);
  if (rel.empty() || rel.begin()->string() == "..") return std::nullopt;
  return rel.string();
}

}  // namespace nftx::conformance
