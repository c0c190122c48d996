// SPDX-License-Identifier: GPL-2.0-or-later
// The JSON text writer: jansson's default layout, byte for byte.
#include "compiler/raise/json/json_dump.h"

#include <gtest/gtest.h>

namespace nftx::raise {
namespace {

TEST(JsonDump, SeparatesLikeJansson) {
  Json j{{"b", 1}, {"a", Json::array({1, "x", nullptr, true})}, {"c", Json::object()}};
  EXPECT_EQ(dump_json(j), R"({"b": 1, "a": [1, "x", null, true], "c": {}})");
}

TEST(JsonDump, KeepsInsertionOrder) {
  Json j;
  j["family"] = "ip";
  j["name"] = "t";
  j["handle"] = 1;
  EXPECT_EQ(dump_json(j), R"({"family": "ip", "name": "t", "handle": 1})");
}

TEST(JsonDump, EscapesStrings) {
  EXPECT_EQ(dump_json(Json("a\"b\\c\n\t\x01/")), "\"a\\\"b\\\\c\\n\\t\\u0001/\"");
  // Non-ASCII bytes are written as they are.
  EXPECT_EQ(dump_json(Json("\xc3\xa9")), "\"\xc3\xa9\"");
}

TEST(JsonDump, PrintsLargeAndNegativeIntegers) {
  EXPECT_EQ(dump_json(Json(uint64_t{18446744073709551615ULL})), "18446744073709551615");
  EXPECT_EQ(dump_json(Json(-500)), "-500");
  EXPECT_EQ(dump_json(Json::array()), "[]");
}

}  // namespace
}  // namespace nftx::raise
