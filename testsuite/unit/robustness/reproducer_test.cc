// SPDX-License-Identifier: GPL-2.0-or-later
// Replays the inputs the fuzzer once crashed on (testsuite/fuzz/crashes/, one file each; see
// testsuite/fuzz/README.md). Each must now compile robustly, in a child with a deadline.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "testsuite/unit/robustness/isolated_run.h"
#include "testsuite/unit/robustness/robust_check.h"

namespace nftx::robustness {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> reproducers() {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e :
       fs::directory_iterator(fs::path(NFTX_SOURCE_DIR) / "testsuite/fuzz/crashes", ec)) {
    if (!e.is_regular_file() || e.path().filename().string().starts_with("README")) continue;
    out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(FuzzReproducers, AllAreHandled) {
  const auto files = reproducers();
  if (files.empty()) GTEST_SKIP() << "no reproducers in testsuite/fuzz/crashes";
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(run_isolated([&] { return check_text(text).problem; }, 60), "")
        << path.filename() << ": " << excerpt(text);
  }
}

}  // namespace
}  // namespace nftx::robustness
