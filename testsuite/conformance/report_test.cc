// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testsuite/conformance/baseline.h"
#include "testsuite/conformance/tiers.h"

namespace nftx::conformance {
namespace {

Summary sample() {
  Summary s;
  Counts a;
  a.files = 1;
  a.ok_cases = 10;
  a.ok_exact = 4;
  a.fail_cases = 2;
  a.fail_rejected = 2;
  Counts c;
  c.files = 1;
  c.ok_cases = 5;
  c.ok_exact = 1;
  s.files.push_back({"ip/ip.t", "A", a});
  s.files.push_back({"ip/ip.t.other", "A", a});
  s.files.push_back({"any/rt.t", "C", c});
  return s;
}

TEST(Tiers, ParseAndDefault) {
  TierMap t =
      parse_tiers("# comment\nip/ip.t A\n\nany/counter.t   B\nbad line\nx.t D\nip/ip.t B\n");
  EXPECT_EQ(t.tier("ip/ip.t"), "A");
  EXPECT_EQ(t.tier("any/counter.t"), "B");
  EXPECT_EQ(t.tier("any/rt.t"), "C");
  EXPECT_EQ(t.problems.size(), 3u);
}

TEST(Report, AggregatesByTier) {
  Summary s = sample();
  auto tiers = s.by_tier();
  ASSERT_EQ(tiers.size(), 3u);
  EXPECT_EQ(tiers["A"].ok_exact, 8);
  EXPECT_EQ(tiers["B"].files, 0);
  EXPECT_EQ(s.total().ok_cases, 25);
  EXPECT_DOUBLE_EQ(percent(1, 4), 25.0);
  EXPECT_DOUBLE_EQ(percent(1, 0), 0.0);
}

TEST(Report, TableHasOneRowPerTierAndTotal) {
  std::string t = render_table(sample());
  EXPECT_NE(t.find("\nA          2       20        8   40.0%        4        4  100.0%"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("\ntotal      3       25        9   36.0%"), std::string::npos) << t;
}

TEST(Report, Json) {
  nlohmann::json j = nlohmann::json::parse(render_json(sample()));
  EXPECT_EQ(j["tiers"]["A"]["ok_exact"], 8);
  EXPECT_EQ(j["tiers"]["B"]["ok_cases"], 0);
  EXPECT_EQ(j["total"]["fail_rejected"], 4);
  EXPECT_EQ(j["files"]["any/rt.t"]["tier"], "C");
  EXPECT_EQ(j["files"]["any/rt.t"]["ok_exact"], 1);
}

TEST(Baseline, RoundTripPasses) {
  Summary s = sample();
  Baseline b = parse_baseline(write_baseline(s));
  EXPECT_TRUE(b.problems.empty());
  EXPECT_EQ(b.entries.size(), 6u);
  EXPECT_TRUE(check_baseline(s, b).empty());
}

TEST(Baseline, DetectsRegression) {
  Baseline b = parse_baseline("A ok_exact 9\nC fail_rejected 0\ntotal listing_exact 1\n");
  ASSERT_TRUE(b.problems.empty());
  std::vector<std::string> r = check_baseline(sample(), b);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], "tier A ok_exact: 8 is below the baseline 9");
}

TEST(Baseline, RejectsMalformedLines) {
  Baseline b =
      parse_baseline("A ok_exact\nD ok_exact 1\nA nonsense 1\nA ok_exact -1\nA ok_exact 1x\n");
  EXPECT_EQ(b.problems.size(), 5u);
  EXPECT_TRUE(b.entries.empty());
}

}  // namespace
}  // namespace nftx::conformance
