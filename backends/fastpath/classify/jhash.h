// SPDX-License-Identifier: GPL-2.0-or-later
// Bob Jenkins' lookup3 hash as the kernel's jhash() uses it (include/linux/jhash.h): 12-byte
// blocks read as host-order words, the tail added byte by byte, initval 0xdeadbeef + length +
// seed. nft_hash relies on it, so the results must be bit-identical.
#pragma once

#include <cstdint>
#include <cstring>

namespace nftx::fastpath::classify {

inline uint32_t rol32(uint32_t w, unsigned s) { return (w << s) | (w >> (32 - s)); }

inline void jhash_mix(uint32_t& a, uint32_t& b, uint32_t& c) {
  a -= c; a ^= rol32(c, 4);  c += b;
  b -= a; b ^= rol32(a, 6);  a += c;
  c -= b; c ^= rol32(b, 8);  b += a;
  a -= c; a ^= rol32(c, 16); c += b;
  b -= a; b ^= rol32(a, 19); a += c;
  c -= b; c ^= rol32(b, 4);  b += a;
}

inline void jhash_final(uint32_t& a, uint32_t& b, uint32_t& c) {
  c ^= b; c -= rol32(b, 14);
  a ^= c; a -= rol32(c, 11);
  b ^= a; b -= rol32(a, 25);
  c ^= b; c -= rol32(b, 16);
  a ^= c; a -= rol32(c, 4);
  b ^= a; b -= rol32(a, 14);
  c ^= b; c -= rol32(b, 24);
}

inline uint32_t jhash(const uint8_t* k, uint32_t length, uint32_t initval) {
  uint32_t a = 0xdeadbeefU + length + initval;
  uint32_t b = a, c = a;
  auto word = [](const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  };
  while (length > 12) {
    a += word(k);
    b += word(k + 4);
    c += word(k + 8);
    jhash_mix(a, b, c);
    length -= 12;
    k += 12;
  }
  if (length == 0) return c;
  // The tail: byte i of the remaining 1..12 goes to word i/4, bits 8*(i%4), as the kernel's
  // fall-through switch does.
  uint32_t* words[3] = {&a, &b, &c};
  for (uint32_t i = 0; i < length; ++i) {
    *words[i / 4] += static_cast<uint32_t>(k[i]) << (8 * (i % 4));
  }
  jhash_final(a, b, c);
  return c;
}

// reciprocal_scale(): maps a 32-bit value to [0, n).
inline uint32_t reciprocal_scale(uint32_t val, uint32_t n) {
  return static_cast<uint32_t>((static_cast<uint64_t>(val) * n) >> 32);
}

}  // namespace nftx::fastpath::classify
