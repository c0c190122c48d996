// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/number.h"

#include <gtest/gtest.h>

namespace nftx::raise {
namespace {

TEST(Num, RoundTripsBigEndianBytes) {
  const std::vector<uint8_t> b{0x00, 0x12, 0x34};
  const Num n = Num::from_be(b);
  EXPECT_EQ(n.low64(), 0x1234u);
  EXPECT_EQ(n.to_be(3), b);
  EXPECT_EQ(n.to_le(2), (std::vector<uint8_t>{0x34, 0x12}));
}

TEST(Num, ShiftsAcrossBytes) {
  Num n = Num::from_u64(0x1ff);
  n <<= 12;
  EXPECT_EQ(n.low64(), 0x1ff000u);
  n >>= 13;
  EXPECT_EQ(n.low64(), 0xffu);
  n >>= 9;
  EXPECT_TRUE(n.is_zero());
}

TEST(Num, ScansBits) {
  const Num mask = Num::from_u64(0xfc);  // ip dscp inside the tos byte
  EXPECT_EQ(mask.scan1(0), 2u);
  EXPECT_EQ(mask.scan0(2), 8u);
  EXPECT_EQ(mask.popcount(), 6u);
  EXPECT_FALSE(Num().scan1(0).has_value());
  EXPECT_EQ(Num::bitmask(12).low64(), 0xfffu);
}

TEST(Num, ArithmeticAndCompare) {
  const Num a = Num::from_u64(0x100), b = Num::from_u64(0xff);
  EXPECT_EQ((a - b).low64(), 1u);
  EXPECT_EQ((a + b).low64(), 0x1ffu);
  EXPECT_LT(compare(b, a), 0);
  EXPECT_EQ((a & b).low64(), 0u);
  EXPECT_EQ((a | b).low64(), 0x1ffu);
  EXPECT_EQ((a ^ Num::from_u64(0x101)).low64(), 1u);
}

TEST(Num, PrintsWideValues) {
  // 2^127: a 128-bit value (ct label bit 127, raw 16-byte loads).
  const Num n = Num::from_u64(1) << 127;
  EXPECT_EQ(n.decimal(), "170141183460469231731687303715884105728");
  EXPECT_EQ(n.hex(), "80000000000000000000000000000000");
  EXPECT_EQ(Num::from_u64(4).hex(8), "00000004");
  EXPECT_EQ(Num().decimal(), "0");
}

TEST(Num, SwitchesByteOrder) {
  // A host-order mark 0x12345678 read as a big endian register image.
  const Num raw = Num::from_be(std::vector<uint8_t>{0x78, 0x56, 0x34, 0x12});
  EXPECT_EQ(raw.switch_bytes(4).low64(), 0x12345678u);
}

}  // namespace
}  // namespace nftx::raise
