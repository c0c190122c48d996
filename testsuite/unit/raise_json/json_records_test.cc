// SPDX-License-Identifier: GPL-2.0-or-later
// The corpus *.t.json record reader of the JSON conformance runner.
#include "testsuite/conformance/json/json_records.h"

#include <gtest/gtest.h>

namespace nftx::conformance {
namespace {

TEST(JsonRecords, ReadsRecordsByRule) {
  JsonRecords r = parse_json_records(
      "# tcp dport 22\n[\n  {\"match\": {\"op\": \"==\", \"right\": 22}}\n]\n\n"
      "# accept\n[ {\"accept\": null} ]\n");
  ASSERT_TRUE(r.problems.empty());
  ASSERT_NE(r.find("tcp dport 22"), nullptr);
  EXPECT_EQ((*r.find("tcp dport 22"))[0]["match"]["right"], 22);
  ASSERT_NE(r.find("accept"), nullptr);
  EXPECT_TRUE((*r.find("accept"))[0]["accept"].is_null());
  EXPECT_EQ(r.find("drop"), nullptr);
}

TEST(JsonRecords, ReportsBrokenJsonAndPrefersOutputRecords) {
  JsonRecords in = parse_json_records("# a\n[1]\n# b\n[oops\n");
  EXPECT_EQ(in.problems, std::vector<std::string>{"b"});
  JsonRecords out = parse_json_records("# a\n[2]\n");
  EXPECT_EQ(*expected_json(in, out, "a"), nlohmann::json::array({2}));
  EXPECT_EQ(*expected_json(in, JsonRecords{}, "a"), nlohmann::json::array({1}));
  EXPECT_EQ(expected_json(in, out, "c"), nullptr);
}

}  // namespace
}  // namespace nftx::conformance
