// SPDX-License-Identifier: GPL-2.0-or-later
// Expected strings are what nft 1.0.6 prints for the same input (checked with `nft -c -f`).
#include <gtest/gtest.h>

#include <string>

#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "test_spans.h"

namespace nftx {
namespace {

using testing::find_span;

TEST(RenderText, SyntaxErrorKeepsTabsInMarkerLine) {
  SourceManager sm;
  const uint32_t f = sm.add("ft1.nft", "table ip t {\n\tchain fwd {\n\t}\n}\n");
  Diagnostics d;
  d.error(find_span(sm, f, "fwd"), "syntax", "syntax error, unexpected fwd, expecting string");
  EXPECT_EQ(render_text(sm, d),
            "ft1.nft:2:8-10: Error: syntax error, unexpected fwd, expecting string\n"
            "\tchain fwd {\n"
            "\t      ^^^\n");
}

TEST(RenderText, SecondarySpanDrawnWithTilde) {
  SourceManager sm;
  const uint32_t f = sm.add("r2.nft",
                            "table ip t {\n\tchain c {\n\t\tip daddr 10.1.0.0/16 snat to "
                            "192.168.0.1:1000-2000\n\t}\n}\n");
  Diagnostics d;
  d.error(find_span(sm, f, "1000-2000"), "mapping-needs-transport",
          "transport protocol mapping is only valid after transport protocol match",
          {find_span(sm, f, "snat")});
  EXPECT_EQ(render_text(sm, d),
            "r2.nft:3:44-52: Error: transport protocol mapping is only valid after transport "
            "protocol match\n"
            "\t\tip daddr 10.1.0.0/16 snat to 192.168.0.1:1000-2000\n"
            "\t\t                     ~~~~                ^^^^^^^^^\n");
}

TEST(RenderText, SecondaryAfterPrimaryAndPrimaryWinsOverlap) {
  SourceManager sm;
  const uint32_t f = sm.add("o.nft", "a\tbb cc\tdd ee\n");
  Diagnostics d;
  // Primary "bb", secondary "dd" (beyond a tab) and "bb cc" overlapping the primary.
  d.error(find_span(sm, f, "bb"), "c", "m", {find_span(sm, f, "dd"), find_span(sm, f, "bb cc")});
  EXPECT_EQ(render_text(sm, d),
            "o.nft:1:3-4: Error: m\n"
            "a\tbb cc\tdd ee\n"
            " \t^^~~~\t~~\n");
}

TEST(RenderText, SecondaryOnAnotherLineUsesItsColumns) {
  // nft draws every location by column under the primary's line.
  SourceManager sm;
  const uint32_t f = sm.add("z.nft",
                            "table ip t {\n\tset s {\n\t\ttype ipv4_addr\n\t\tflags interval\n"
                            "\t\telements = { 1.1.1.0/24,\n 1.1.1.1 }\n\t}\n}\n");
  Span primary = find_span(sm, f, "1.1.1.1 }");
  primary.end = primary.begin + 7;
  Diagnostics d;
  d.error(primary, "conflicting-intervals", "conflicting intervals specified",
          {find_span(sm, f, "1.1.1.0/24")});
  EXPECT_EQ(render_text(sm, d),
            "z.nft:6:2-8: Error: conflicting intervals specified\n"
            " 1.1.1.1 }\n"
            " ^^^^^^^       ~~~~~~~~~~\n");
}

TEST(RenderText, SecondaryInAnotherFileIsNotDrawn) {
  SourceManager sm;
  const uint32_t f = sm.add("a.nft", "x y\n");
  const uint32_t g = sm.add("b.nft", "0123456789\n");
  Diagnostics d;
  d.error(find_span(sm, f, "y"), "c", "m", {find_span(sm, g, "789")});
  EXPECT_EQ(render_text(sm, d), "a.nft:1:3-3: Error: m\nx y\n  ^\n");
}

TEST(RenderText, Warning) {
  SourceManager sm;
  const uint32_t f = sm.add("w.nft", "\t\tcounter accept counter\n");
  Diagnostics d;
  d.warning(find_span(sm, f, "counter", 1), "after-verdict",
            "Statement after terminal statement has no effect");
  EXPECT_EQ(render_text(sm, d),
            "w.nft:1:18-24: Warning: Statement after terminal statement has no effect\n"
            "\t\tcounter accept counter\n"
            "\t\t               ^^^^^^^\n");
}

TEST(RenderText, IncludeChain) {
  // nft's include statement location ends with its newline separator, hence "1:1-26" for a
  // 25-character statement.
  SourceManager sm;
  const uint32_t top = sm.add("inc1.nft", "include \"/tmp/erec/b.nft\"\n");
  const uint32_t mid =
      sm.add("/tmp/erec/b.nft", "  include \"/tmp/erec/a.nft\"\n", SourceKind::File,
             find_span(sm, top, "include \"/tmp/erec/b.nft\"\n"));
  const uint32_t leaf = sm.add("/tmp/erec/a.nft", "table ip t {\n\tchain fwd {\n", SourceKind::File,
                               find_span(sm, mid, "include \"/tmp/erec/a.nft\"\n"));
  Diagnostics d;
  d.error(find_span(sm, leaf, "fwd"), "syntax", "syntax error, unexpected fwd, expecting string");
  d.error(find_span(sm, mid, "include"), "include", "directly included");
  EXPECT_EQ(render_text(sm, d),
            "In file included from /tmp/erec/b.nft:1:3-28:\n"
            "                 from inc1.nft:1:1-26:\n"
            "/tmp/erec/a.nft:2:8-10: Error: syntax error, unexpected fwd, expecting string\n"
            "\tchain fwd {\n"
            "\t      ^^^\n"
            "In file included from inc1.nft:1:1-26:\n"
            "/tmp/erec/b.nft:1:3-9: Error: directly included\n"
            "  include \"/tmp/erec/a.nft\"\n"
            "  ^^^^^^^\n");
}

TEST(RenderText, IncludedFromCommandLineUsesBufferName) {
  SourceManager sm;
  const uint32_t cli = sm.add("<cmdline>", "include \"/tmp/erec/a.nft\"", SourceKind::Buffer);
  const uint32_t f =
      sm.add("/tmp/erec/a.nft", "\tchain fwd {\n", SourceKind::File, Span{cli, 0, 25});
  Diagnostics d;
  d.error(find_span(sm, f, "fwd"), "syntax", "bad");
  EXPECT_EQ(render_text(sm, d),
            "In file included from <cmdline>:1:1-25:\n"
            "/tmp/erec/a.nft:1:8-10: Error: bad\n"
            "\tchain fwd {\n"
            "\t      ^^^\n");
}

TEST(RenderText, BufferHasNoLocationPrefix) {
  SourceManager sm;
  const uint32_t b =
      sm.add("<cmdline>", "add rule ip t c ip saddr 1.1.1.1 ip6 saddr ::1\n", SourceKind::Buffer);
  Diagnostics d;
  d.error(find_span(sm, b, "ip6 saddr"), "conflicting-protocols",
          "conflicting protocols specified: ip vs. ip6");
  EXPECT_EQ(render_text(sm, d),
            "Error: conflicting protocols specified: ip vs. ip6\n"
            "add rule ip t c ip saddr 1.1.1.1 ip6 saddr ::1\n"
            "                                 ^^^^^^^^^\n");
}

TEST(RenderText, MarkerPastEndOfLine) {
  // nft: `nft 'add rule ip t c ip saddr'` -> "unexpected newline" one column past the text.
  SourceManager sm;
  const uint32_t b = sm.add("<cmdline>", "add rule ip t c ip saddr\n", SourceKind::Buffer);
  Diagnostics d;
  d.error(Span{b, 24, 25}, "syntax", "syntax error, unexpected newline");
  EXPECT_EQ(render_text(sm, d),
            "Error: syntax error, unexpected newline\n"
            "add rule ip t c ip saddr\n"
            "                        ^\n");
}

TEST(RenderText, InvalidSpanPrintsMessageOnly) {
  SourceManager sm;
  Diagnostics d;
  d.error(Span{}, "internal", "Could not process rule: No such file or directory");
  d.warning(Span{}, "internal", "something odd");
  EXPECT_EQ(render_text(sm, d),
            "Error: Could not process rule: No such file or directory\n"
            "Warning: something odd\n");
}

TEST(RenderText, EmptySpanGetsOneCaret) {
  SourceManager sm;
  const uint32_t f = sm.add("e2.nft", "table ip t {\n\tchain c {");
  Diagnostics d;
  d.error(Span{f, 23, 23}, "syntax", "syntax error, unexpected end of file");
  EXPECT_EQ(render_text(sm, d),
            "e2.nft:2:11-11: Error: syntax error, unexpected end of file\n"
            "\tchain c {\n"
            "\t         ^\n");
}

TEST(RenderText, EndOfFileAfterNewlineShowsLastLine) {
  // nft's end-of-file token keeps the line of the last newline: it prints "3:1" but shows
  // line 2, and the tab under the caret is overwritten.
  SourceManager sm;
  const uint32_t f = sm.add("e.nft", "table ip t {\n\tchain c {\n");
  Diagnostics d;
  d.error(Span{f, 24, 24}, "syntax", "syntax error, unexpected end of file");
  EXPECT_EQ(render_text(sm, d),
            "e.nft:3:1-1: Error: syntax error, unexpected end of file\n"
            "\tchain c {\n"
            "^\n");
}

TEST(RenderText, EndOfFileAfterBlankLine) {
  SourceManager sm;
  const uint32_t f = sm.add("e3.nft", "table ip t {\n\tchain c {\n\n");
  Diagnostics d;
  d.error(Span{f, 25, 25}, "syntax", "syntax error, unexpected end of file");
  EXPECT_EQ(render_text(sm, d),
            "e3.nft:4:1-1: Error: syntax error, unexpected end of file\n"
            "\n"
            "^\n");
}

TEST(RenderText, MultiLineSpanMarksToEndOfFirstLine) {
  SourceManager sm;
  const uint32_t f = sm.add("m.nft", "\t\ttcp dport { 22,\n\t\t\t23 } accept\n");
  Diagnostics d;
  const Span open = find_span(sm, f, "{");
  const Span close = find_span(sm, f, "}");
  d.error(Span::cover(open, close), "set", "bad set");
  // The prefix is nft's first_line:first_column-last_column, the last column being on line 2.
  EXPECT_EQ(render_text(sm, d),
            "m.nft:1:13-7: Error: bad set\n"
            "\t\ttcp dport { 22,\n"
            "\t\t          ^^^^^\n");
}

TEST(RenderText, MultiLineSpanStartingAtNewline) {
  SourceManager sm;
  const uint32_t f = sm.add("n.nft", "ab\ncd\n");
  Diagnostics d;
  d.error(Span{f, 2, 5}, "c", "m");
  EXPECT_EQ(render_text(sm, d), "n.nft:1:3-2: Error: m\nab\n  ^\n");
}

TEST(RenderText, LongFileLinesAreCutLikeNft) {
  SourceManager sm;
  const std::string line = std::string(1100, 'x') + " y";
  const uint32_t f = sm.add("long.nft", line + "\n");
  const uint32_t b = sm.add("<cmdline>", line, SourceKind::Buffer);
  Diagnostics d;
  d.error(Span{f, 0, 1}, "c", "m");
  d.error(Span{b, 0, 1}, "c", "m");
  EXPECT_EQ(render_text(sm, d), "long.nft:1:1-1: Error: m\n" + std::string(1023, 'x') +
                                    "\n^\nError: m\n" + line + "\n^\n");
}

TEST(RenderText, DiagnosticsInCollectionOrder) {
  SourceManager sm;
  const uint32_t f = sm.add("o.nft", "a\nb\n");
  Diagnostics d;
  d.error(find_span(sm, f, "b"), "c", "second line");
  d.warning(find_span(sm, f, "a"), "c", "first line");
  d.error(find_span(sm, f, "b"), "c", "second line");  // duplicate, dropped
  EXPECT_EQ(render_text(sm, d),
            "o.nft:2:1-1: Error: second line\nb\n^\n"
            "o.nft:1:1-1: Warning: first line\na\n^\n");
}

TEST(RenderText, EmptyCollectionRendersNothing) {
  SourceManager sm;
  EXPECT_EQ(render_text(sm, Diagnostics{}), "");
}

}  // namespace
}  // namespace nftx
