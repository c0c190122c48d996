// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "compiler/proto/value.h"

namespace nftx::proto {
namespace {

// nft's payload tests reproduce with TZ=UTC-2, a fixed UTC+2 (checked with nft 1.0.6).
int64_t utc_plus_2(int64_t) { return 7200; }
int64_t utc(int64_t) { return 0; }

TEST(ClockValue, HourAsNftRecordedIt) {
  // tests/py any/meta.t.payload (UTC+2).
  EXPECT_EQ(parse_hour("17:00", 7200), 0xd2f0u);
  EXPECT_EQ(parse_hour("17:00:00", 7200), 0xd2f0u);
  EXPECT_EQ(parse_hour("17:00:01", 7200), 0xd2f1u);
  EXPECT_EQ(parse_hour("00:00", 7200), 0x13560u);
  EXPECT_EQ(parse_hour("00:01", 7200), 0x1359cu);
  EXPECT_EQ(parse_hour("01:01", 7200), 0x143acu);
  EXPECT_EQ(parse_hour("02:02", 7200), 0x78u);
}

TEST(ClockValue, HourForms) {
  EXPECT_EQ(parse_hour("17:00", 0), 61200u);
  EXPECT_EQ(parse_hour("7:05", 0), 7u * 3600 + 5 * 60);
  EXPECT_EQ(parse_hour("3600", 7200), 3600u);  // plain seconds: no time zone adjustment
  EXPECT_EQ(parse_hour("1h30m", 0), 5400u);
  EXPECT_EQ(parse_hour("23:59:59", -3600), 3599u);  // UTC-1 wraps to the next day
  EXPECT_FALSE(parse_hour("24:00", 0));
  EXPECT_FALSE(parse_hour("17:00x", 0));
  EXPECT_FALSE(parse_hour("noon", 0));
}

TEST(ClockValue, DateAsNftRecordedIt) {
  EXPECT_EQ(parse_date_ns("1970-05-23 21:07:14", utc_plus_2), 0x002bd50343f05400u);
  EXPECT_EQ(parse_date_ns("12341234", utc_plus_2), 0x002bd84974a8f400u);
  EXPECT_EQ(parse_date_ns("2019-06-21 17:00:00", utc_plus_2), 0x15aa3ebc767d6000u);
  EXPECT_EQ(parse_date_ns("2019-07-01 00:00:00", utc_plus_2), 0x15ad18e0e750c000u);
  EXPECT_EQ(parse_date_ns("2019-07-01 00:01:00", utc_plus_2), 0x15ad18eedf981800u);
  EXPECT_EQ(parse_date_ns("2019-07-01 00:00:01", utc_plus_2), 0x15ad18e122eb8a00u);
}

TEST(ClockValue, DateForms) {
  // nft 1.0.6 with TZ=UTC: meta time "2019-06-06 17:00".
  EXPECT_EQ(parse_date_ns("2019-06-06 17:00", utc), 0x15a5aa94544da000u);
  EXPECT_EQ(parse_date_ns("2019-06-06", utc), uint64_t{1559779200} * 1000000000);
  EXPECT_EQ(parse_date_ns("1970-01-01", utc), 0u);
  EXPECT_EQ(parse_date_ns("2019-02-30", utc), parse_date_ns("2019-03-02", utc));
  EXPECT_FALSE(parse_date_ns("2019-13-01", utc));
  EXPECT_FALSE(parse_date_ns("yesterday", utc));
  EXPECT_FALSE(parse_date_ns("", utc));
}

TEST(ClockValue, Units) {
  EXPECT_EQ(time_unit_seconds("second"), 1u);
  EXPECT_EQ(time_unit_seconds("minute"), 60u);
  EXPECT_EQ(time_unit_seconds("week"), 604800u);
  EXPECT_FALSE(time_unit_seconds("month"));
  EXPECT_EQ(data_unit_bytes("kbytes"), 1024u);
  EXPECT_EQ(data_unit_bytes("mbytes"), 1048576u);
  EXPECT_FALSE(data_unit_bytes("gbytes"));
}

}  // namespace
}  // namespace nftx::proto
