// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/source_manager.h"

#include <gtest/gtest.h>

#include <string>

namespace nftx {
namespace {

TEST(SourceManager, IndexZeroIsReserved) {
  SourceManager sm;
  EXPECT_EQ(sm.size(), 1u);
  EXPECT_EQ(sm.add("a.nft", "x\n"), 1u);
  EXPECT_EQ(sm.add("b.nft", "y\n"), 2u);
  EXPECT_EQ(sm.size(), 3u);
  EXPECT_EQ(sm.file(1).name, "a.nft");
  EXPECT_EQ(sm.file(2).text, "y\n");
  EXPECT_TRUE(sm.file(0).text.empty());
  EXPECT_EQ(sm.position(0, 5).line, 0u);
  EXPECT_EQ(sm.position(0, 5).col, 0u);
  EXPECT_TRUE(sm.line_text(0, 0).empty());
  EXPECT_TRUE(sm.text(Span{}).empty());
}

TEST(SourceManager, KeepsKindAndIncludeLocation) {
  SourceManager sm;
  const uint32_t main = sm.add("main.nft", "include \"x\"\n");
  const uint32_t cli = sm.add("<cmdline>", "list ruleset", SourceKind::Buffer);
  const Span inc{main, 0, 11};
  const uint32_t sub = sm.add("x", "", SourceKind::File, inc);
  EXPECT_EQ(sm.file(main).kind, SourceKind::File);
  EXPECT_FALSE(sm.file(main).included_from.has_value());
  EXPECT_EQ(sm.file(cli).kind, SourceKind::Buffer);
  ASSERT_TRUE(sm.file(sub).included_from.has_value());
  EXPECT_EQ(*sm.file(sub).included_from, inc);
}

TEST(SourceManager, LineStarts) {
  SourceManager sm;
  const uint32_t f = sm.add("f", "ab\n\ncd\n");
  EXPECT_EQ(sm.file(f).line_starts, (std::vector<uint32_t>{0, 3, 4, 7}));
  const uint32_t g = sm.add("g", "no newline");
  EXPECT_EQ(sm.file(g).line_starts, (std::vector<uint32_t>{0}));
  const uint32_t e = sm.add("e", "");
  EXPECT_EQ(sm.file(e).line_starts, (std::vector<uint32_t>{0}));
}

TEST(SourceManager, PositionCountsBytesAndTabsAsOne) {
  SourceManager sm;
  const uint32_t f = sm.add("f", "table ip t {\n\tchain fwd {\n");
  auto at = [&](uint32_t off) {
    const LineCol lc = sm.position(f, off);
    return std::to_string(lc.line) + ":" + std::to_string(lc.col);
  };
  EXPECT_EQ(at(0), "1:1");
  EXPECT_EQ(at(6), "1:7");
  EXPECT_EQ(at(12), "1:13");   // the newline itself belongs to line 1
  EXPECT_EQ(at(13), "2:1");    // the tab
  EXPECT_EQ(at(20), "2:8");    // "fwd": tab + "chain " = 7 bytes before it
  EXPECT_EQ(at(26), "3:1");    // end of file after the final newline
  EXPECT_EQ(at(1000), "3:1");  // past the end clamps
}

TEST(SourceManager, PositionCountsUtf8Bytes) {
  SourceManager sm;
  const uint32_t f = sm.add("f", "# \xc3\xa9t\xc3\xa9\nx");
  EXPECT_EQ(sm.position(f, 7).col, 8u);  // the newline after 2 + 5 bytes
  EXPECT_EQ(sm.position(f, 8).line, 2u);
}

TEST(SourceManager, LineText) {
  SourceManager sm;
  const uint32_t f = sm.add("f", "first\n\tsecond line\n\nlast");
  EXPECT_EQ(sm.line_text(f, 0), "first");
  EXPECT_EQ(sm.line_text(f, 5), "first");  // offset of the newline
  EXPECT_EQ(sm.line_text(f, 6), "\tsecond line");
  EXPECT_EQ(sm.line_text(f, 12), "\tsecond line");
  EXPECT_EQ(sm.line_text(f, 19), "");
  EXPECT_EQ(sm.line_text(f, 20), "last");
  EXPECT_EQ(sm.line_text(f, 24), "last");   // end of file without a newline
  EXPECT_EQ(sm.line_text(f, 999), "last");  // clamped
}

TEST(SourceManager, LineTextKeepsCarriageReturn) {
  SourceManager sm;
  const uint32_t f = sm.add("f", "a\r\nb");
  EXPECT_EQ(sm.line_text(f, 0), "a\r");
}

TEST(SourceManager, SpanText) {
  SourceManager sm;
  const uint32_t f = sm.add("f", "ip saddr 1.2.3.4");
  EXPECT_EQ(sm.text(Span{f, 3, 8}), "saddr");
  EXPECT_EQ(sm.text(Span{f, 9, 9}), "");
  EXPECT_EQ(sm.text(Span{f, 9, 100}), "1.2.3.4");  // end clamped
  EXPECT_EQ(sm.text(Span{f, 100, 200}), "");
}

TEST(SourceManager, ReferencesStayValidWhenFilesAreAdded) {
  SourceManager sm;
  const uint32_t f = sm.add("f", "keep me");
  const std::string& text = sm.file(f).text;
  const std::string_view view = sm.text(Span{f, 0, 4});
  for (int i = 0; i < 1000; ++i) sm.add("g" + std::to_string(i), std::string(100, 'x'));
  EXPECT_EQ(&text, &sm.file(f).text);
  EXPECT_EQ(view, "keep");
}

}  // namespace
}  // namespace nftx
