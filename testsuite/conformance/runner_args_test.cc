// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/runner_args.h"

#include <gtest/gtest.h>

namespace nftx::conformance {
namespace {

RunnerArgs defaults() {
  RunnerArgs d;
  d.corpus = "/default/corpus";
  d.tiers = "/default/tiers.txt";
  return d;
}

TEST(RunnerArgs, DefaultsSurvive) {
  std::string error;
  auto a = parse_runner_args({}, defaults(), error);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->corpus, "/default/corpus");
  EXPECT_EQ(a->tiers, "/default/tiers.txt");
  EXPECT_FALSE(a->verbose);
}

TEST(RunnerArgs, AllOptions) {
  std::string error;
  auto a = parse_runner_args(
      {"--corpus", "/c", "--file", "ip/ip.t", "--file=any/ct.t", "-v", "--json=/j",
       "--check-baseline", "/b", "--write-baseline", "/w", "--tiers", "/t"},
      defaults(), error);
  ASSERT_TRUE(a.has_value()) << error;
  EXPECT_EQ(a->corpus, "/c");
  EXPECT_EQ(a->tiers, "/t");
  EXPECT_EQ(a->files, (std::vector<std::string>{"ip/ip.t", "any/ct.t"}));
  EXPECT_TRUE(a->verbose);
  EXPECT_EQ(a->json, "/j");
  EXPECT_EQ(a->check_baseline, "/b");
  EXPECT_EQ(a->write_baseline, "/w");
}

TEST(RunnerArgs, Errors) {
  std::string error;
  EXPECT_FALSE(parse_runner_args({"--bogus"}, defaults(), error).has_value());
  EXPECT_EQ(error, "unknown argument: --bogus");
  EXPECT_FALSE(parse_runner_args({"--json"}, defaults(), error).has_value());
  EXPECT_EQ(error, "--json needs a value");
  EXPECT_FALSE(parse_runner_args({"--verbose=1"}, defaults(), error).has_value());
}

}  // namespace
}  // namespace nftx::conformance
