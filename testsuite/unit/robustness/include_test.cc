// SPDX-License-Identifier: GPL-2.0-or-later
// Include loops and odd include targets, with real files in a temporary directory: a file that
// includes itself (directly, through a partner, through -I, through a glob, from inside a
// table or chain block) must end in an error, not in endless recursion.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "testsuite/unit/robustness/isolated_run.h"
#include "testsuite/unit/robustness/robust_check.h"

namespace nftx::robustness {
namespace {

namespace fs = std::filesystem;

constexpr unsigned kDeadlineSeconds = 30;

class IncludeLoops : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "nftx-robustness-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  // Compiles `name` (from the temp dir, with it on the include path) in a child process.
  // Returns the problem, or "" when robust and rejected (every case here is an error).
  std::string check_file(const std::string& name) {
    const fs::path path = dir_ / name;
    const std::string dir = dir_.string();
    return run_isolated(
        [&] {
          std::ifstream in(path, std::ios::binary);
          std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
          SourceManager sm;
          const uint32_t file = sm.add(path.string(), text);
          CompileOptions options;
          options.include_paths = {dir};
          const Outcome o = check_compile(sm, file, options);
          if (!o.problem.empty()) return o.problem;
          if (o.accepted) return std::string("an include loop was accepted");
          return std::string();
        },
        kDeadlineSeconds);
  }

  fs::path dir_;
};

TEST_F(IncludeLoops, FileIncludesItself) {
  write("self.nft", "include \"self.nft\"\n");
  EXPECT_EQ(check_file("self.nft"), "");
}

TEST_F(IncludeLoops, FileIncludesItselfByAbsolutePath) {
  const std::string path = (dir_ / "abs.nft").string();
  write("abs.nft", "include \"" + path + "\"\n");
  EXPECT_EQ(check_file("abs.nft"), "");
}

TEST_F(IncludeLoops, TwoFilesIncludeEachOther) {
  write("a.nft", "include \"b.nft\"\ntable ip a {\n}\n");
  write("b.nft", "include \"a.nft\"\ntable ip b {\n}\n");
  EXPECT_EQ(check_file("a.nft"), "");
}

TEST_F(IncludeLoops, FoundThroughSubdirectoryAndSearchPath) {
  write("sub/inner.nft", "include \"outer.nft\"\n");
  write("outer.nft", "include \"sub/inner.nft\"\n");
  EXPECT_EQ(check_file("outer.nft"), "");
}

TEST_F(IncludeLoops, GlobMatchesTheIncludingFile) {
  write("g1.nft", "include \"g*.nft\"\n");
  write("g2.nft", "table ip g2 {\n}\n");
  EXPECT_EQ(check_file("g1.nft"), "");
}

TEST_F(IncludeLoops, InsideTableBlock) {
  write("tbl.nft", "table ip t {\n\tinclude \"tbl_body.nft\"\n}\n");
  write("tbl_body.nft", "include \"tbl_body.nft\"\n");
  EXPECT_EQ(check_file("tbl.nft"), "");
}

TEST_F(IncludeLoops, InsideChainBlock) {
  write("chn.nft", "table ip t {\n\tchain c {\n\t\tinclude \"chn_body.nft\"\n\t}\n}\n");
  write("chn_body.nft", "include \"chn_body.nft\"\n");
  EXPECT_EQ(check_file("chn.nft"), "");
}

// Two includes of itself per level: a naive expansion reads 2^16 files before the depth limit
// stops it (nft gives up after its 10-error limit).
TEST_F(IncludeLoops, FileIncludesItselfTwice) {
  write("twice.nft", "include \"twice.nft\"\ninclude \"twice.nft\"\n");
  EXPECT_EQ(check_file("twice.nft"), "");
}

TEST_F(IncludeLoops, MissingFile) {
  write("missing.nft", "include \"does-not-exist.nft\"\n");
  EXPECT_EQ(check_file("missing.nft"), "");
}

TEST_F(IncludeLoops, IncludeOfADirectoryName) {
  write("d/x.nft", "table ip x {\n");  // unterminated: an error if it is read
  write("dir.nft", "include \"d\"\ninclude \"d/\"\ntable ip t {\n\tchain c {\n");
  EXPECT_EQ(check_file("dir.nft"), "");
}

TEST_F(IncludeLoops, BinaryIncludedFile) {
  write("bin.dat", std::string("\x7f"
                               "ELF\0\0\0\xff\xfe{{{\"",
                               14));
  write("bin.nft", "include \"bin.dat\"\n");
  EXPECT_EQ(check_file("bin.nft"), "");
}

}  // namespace
}  // namespace nftx::robustness
