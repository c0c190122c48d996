// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/diagnostics.h"

#include <gtest/gtest.h>

namespace nftx {
namespace {

TEST(Diagnostics, CountsErrorsAndWarnings) {
  Diagnostics d;
  EXPECT_TRUE(d.empty());
  EXPECT_FALSE(d.has_errors());
  d.warning(Span{1, 0, 1}, "w", "careful");
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(d.warning_count(), 1u);
  d.error(Span{1, 2, 3}, "e", "broken");
  d.error(Span{1, 4, 5}, "e", "broken again");
  EXPECT_TRUE(d.has_errors());
  EXPECT_EQ(d.error_count(), 2u);
  EXPECT_EQ(d.warning_count(), 1u);
  ASSERT_EQ(d.all().size(), 3u);
  EXPECT_EQ(d.all()[0].severity, Severity::Warning);
  EXPECT_EQ(d.all()[1].code, "e");
  EXPECT_EQ(d.all()[2].message, "broken again");
  EXPECT_EQ(d.all()[2].primary, (Span{1, 4, 5}));
}

TEST(Diagnostics, KeepsSecondarySpans) {
  Diagnostics d;
  d.error(Span{1, 10, 12}, "c", "m", {Span{1, 0, 2}, Span{1, 4, 6}});
  ASSERT_EQ(d.all().size(), 1u);
  EXPECT_EQ(d.all()[0].secondary, (std::vector<Span>{{1, 0, 2}, {1, 4, 6}}));
}

TEST(Diagnostics, DropsExactDuplicates) {
  Diagnostics d;
  d.error(Span{1, 0, 3}, "c", "m");
  d.error(Span{1, 0, 3}, "c", "m");
  EXPECT_EQ(d.all().size(), 1u);
  EXPECT_EQ(d.error_count(), 1u);
  d.add(Diagnostic{Severity::Error, "c", "m", Span{1, 0, 3}, {}});
  EXPECT_EQ(d.all().size(), 1u);
  EXPECT_EQ(d.error_count(), 1u);
}

TEST(Diagnostics, KeepsNearDuplicates) {
  Diagnostics d;
  d.error(Span{1, 0, 3}, "c", "m");
  d.warning(Span{1, 0, 3}, "c", "m");                 // other severity
  d.error(Span{1, 0, 4}, "c", "m");                   // other span
  d.error(Span{1, 0, 3}, "c2", "m");                  // other code
  d.error(Span{1, 0, 3}, "c", "m2");                  // other message
  d.error(Span{1, 0, 3}, "c", "m", {Span{1, 5, 6}});  // other secondary
  EXPECT_EQ(d.all().size(), 6u);
  EXPECT_EQ(d.error_count(), 5u);
  EXPECT_EQ(d.warning_count(), 1u);
}

TEST(Diagnostics, DuplicateNeedNotBeAdjacent) {
  Diagnostics d;
  d.error(Span{1, 0, 3}, "c", "m");
  d.error(Span{1, 5, 6}, "c", "other");
  d.error(Span{1, 0, 3}, "c", "m");
  EXPECT_EQ(d.all().size(), 2u);
  EXPECT_EQ(d.all()[1].message, "other");
}

TEST(Diagnostics, AppendKeepsOrderAndDeduplicates) {
  Diagnostics a;
  a.error(Span{1, 0, 1}, "x", "first");
  Diagnostics b;
  b.warning(Span{1, 1, 2}, "y", "second");
  b.error(Span{1, 0, 1}, "x", "first");  // already in a
  b.error(Span{1, 2, 3}, "z", "third");
  a.append(b);
  ASSERT_EQ(a.all().size(), 3u);
  EXPECT_EQ(a.all()[0].message, "first");
  EXPECT_EQ(a.all()[1].message, "second");
  EXPECT_EQ(a.all()[2].message, "third");
  EXPECT_EQ(a.error_count(), 2u);
  EXPECT_EQ(a.warning_count(), 1u);
  a.append(a);
  EXPECT_EQ(a.all().size(), 3u);
}

}  // namespace
}  // namespace nftx
