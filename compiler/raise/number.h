// SPDX-License-Identifier: GPL-2.0-or-later
// An unsigned integer of any width, for the values the listing printer reads back out of registers
// and set elements (addresses, marks, concatenations). It plays the role nft's GMP numbers play in
// its delinearization: masks, shifts and comparisons on the numeric value.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace nftx::raise {

class Num {
 public:
  Num() = default;
  static Num from_u64(uint64_t v);
  // The bytes as one big-endian number (register images of network-order fields).
  static Num from_be(std::span<const uint8_t> bytes);
  // The bytes as one little-endian number (host-order values on the build machine).
  static Num from_le(std::span<const uint8_t> bytes);
  static Num bitmask(uint32_t bits);  // 2^bits - 1

  // `bytes` big-endian bytes of the low 8*bytes bits.
  std::vector<uint8_t> to_be(uint32_t bytes) const;
  std::vector<uint8_t> to_le(uint32_t bytes) const;
  uint64_t low64() const;
  bool fits64() const;
  bool is_zero() const;

  Num& operator<<=(uint32_t n);
  Num& operator>>=(uint32_t n);
  friend Num operator<<(Num a, uint32_t n) { return a <<= n; }
  friend Num operator>>(Num a, uint32_t n) { return a >>= n; }
  friend Num operator&(const Num& a, const Num& b);
  friend Num operator|(const Num& a, const Num& b);
  friend Num operator^(const Num& a, const Num& b);
  friend Num operator+(const Num& a, const Num& b);
  friend Num operator-(const Num& a, const Num& b);  // a >= b
  friend int compare(const Num& a, const Num& b);
  friend bool operator==(const Num& a, const Num& b) { return compare(a, b) == 0; }
  friend bool operator<(const Num& a, const Num& b) { return compare(a, b) < 0; }

  bool test(uint32_t bit) const;
  // Index of the lowest set (clear) bit at or above `from`; nullopt for scan1 past the top.
  std::optional<uint32_t> scan1(uint32_t from) const;
  uint32_t scan0(uint32_t from) const;
  uint32_t popcount() const;
  uint32_t bit_width() const;  // position of the highest set bit + 1, 0 for zero

  // Reverses the order of the low `bytes` bytes (nft's mpz_switch_byteorder).
  Num switch_bytes(uint32_t bytes) const;

  std::string decimal() const;
  std::string hex(uint32_t min_digits = 0) const;  // lowercase, no prefix

 private:
  void trim();
  std::vector<uint8_t> le_;  // least significant byte first, no trailing zero bytes
};

}  // namespace nftx::raise
