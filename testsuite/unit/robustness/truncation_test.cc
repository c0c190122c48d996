// SPDX-License-Identifier: GPL-2.0-or-later
// Every prefix of a realistic ruleset (a file cut off anywhere: inside a word, a string, a
// set, a block) must compile to either success or errors that point into the input.
#include <gtest/gtest.h>

#include <string>

#include "testsuite/unit/robustness/robust_check.h"
#include "testsuite/unit/robustness/sample_rulesets.h"

namespace nftx::robustness {
namespace {

class Truncation : public ::testing::TestWithParam<size_t> {};

TEST_P(Truncation, EveryPrefixIsHandled) {
  const std::string_view text = kSamples[GetParam()];
  size_t rejected = 0;
  for (size_t len = 0; len <= text.size(); ++len) {
    const std::string prefix(text.substr(0, len));
    const Outcome o = check_text(prefix);
    ASSERT_EQ(o.problem, "") << "prefix of " << len << " bytes, ending in: "
                             << excerpt(text.substr(len > 60 ? len - 60 : 0, len > 60 ? 60 : len));
    if (!o.accepted) ++rejected;
  }
  // A cut in the middle of a block can never be a complete ruleset.
  EXPECT_GT(rejected, text.size() / 2);
}

// The same prefixes once more, each with the rest of the file replaced by a lone newline: this
// moves the end-of-file error from "inside a token" to "at the start of a line".
TEST_P(Truncation, EveryLinePrefixIsHandled) {
  const std::string_view text = kSamples[GetParam()];
  for (size_t pos = text.find('\n'); pos != std::string_view::npos;
       pos = text.find('\n', pos + 1)) {
    for (size_t cut = pos; cut > 0 && cut > pos - 4; --cut) {
      const Outcome o = check_text(std::string(text.substr(0, cut)) + "\n");
      ASSERT_EQ(o.problem, "") << "line prefix ending at byte " << cut;
    }
  }
}

TEST(TruncationSamples, CompleteSamplesAreHandled) {
  for (std::string_view text : kSamples) {
    const Outcome o = check_text(std::string(text));
    EXPECT_EQ(o.problem, "") << excerpt(text);
  }
}

INSTANTIATE_TEST_SUITE_P(Samples, Truncation, ::testing::Range<size_t>(0, std::size(kSamples)));

}  // namespace
}  // namespace nftx::robustness
