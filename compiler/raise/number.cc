// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/number.h"

#include <algorithm>
#include <bit>

namespace nftx::raise {

Num Num::from_u64(uint64_t v) {
  Num n;
  for (; v != 0; v >>= 8) n.le_.push_back(static_cast<uint8_t>(v & 0xff));
  return n;
}

Num Num::from_be(std::span<const uint8_t> bytes) {
  Num n;
  n.le_.assign(bytes.rbegin(), bytes.rend());
  n.trim();
  return n;
}

Num Num::from_le(std::span<const uint8_t> bytes) {
  Num n;
  n.le_.assign(bytes.begin(), bytes.end());
  n.trim();
  return n;
}

Num Num::bitmask(uint32_t bits) {
  Num n;
  n.le_.assign(bits / 8, 0xff);
  if (bits % 8 != 0) n.le_.push_back(static_cast<uint8_t>((1u << (bits % 8)) - 1));
  n.trim();
  return n;
}

std::vector<uint8_t> Num::to_le(uint32_t bytes) const {
  std::vector<uint8_t> out(bytes, 0);
  for (size_t i = 0; i < bytes && i < le_.size(); ++i) out[i] = le_[i];
  return out;
}

std::vector<uint8_t> Num::to_be(uint32_t bytes) const {
  std::vector<uint8_t> out = to_le(bytes);
  std::reverse(out.begin(), out.end());
  return out;
}

uint64_t Num::low64() const {
  uint64_t v = 0;
  for (size_t i = std::min<size_t>(le_.size(), 8); i > 0; --i) v = v << 8 | le_[i - 1];
  return v;
}

bool Num::fits64() const { return le_.size() <= 8; }
bool Num::is_zero() const { return le_.empty(); }

void Num::trim() {
  while (!le_.empty() && le_.back() == 0) le_.pop_back();
}

Num& Num::operator<<=(uint32_t n) {
  if (le_.empty()) return *this;
  const uint32_t bytes = n / 8, bits = n % 8;
  std::vector<uint8_t> out(le_.size() + bytes + 1, 0);
  for (size_t i = 0; i < le_.size(); ++i) {
    const uint32_t v = static_cast<uint32_t>(le_[i]) << bits;
    out[i + bytes] |= static_cast<uint8_t>(v & 0xff);
    out[i + bytes + 1] |= static_cast<uint8_t>(v >> 8);
  }
  le_ = std::move(out);
  trim();
  return *this;
}

Num& Num::operator>>=(uint32_t n) {
  const uint32_t bytes = n / 8, bits = n % 8;
  if (bytes >= le_.size()) {
    le_.clear();
    return *this;
  }
  std::vector<uint8_t> out(le_.size() - bytes, 0);
  for (size_t i = 0; i < out.size(); ++i) {
    uint32_t v = le_[i + bytes];
    if (i + bytes + 1 < le_.size()) v |= static_cast<uint32_t>(le_[i + bytes + 1]) << 8;
    out[i] = static_cast<uint8_t>((v >> bits) & 0xff);
  }
  le_ = std::move(out);
  trim();
  return *this;
}

namespace {

template <typename F>
Num bytewise(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, F f) {
  std::vector<uint8_t> out(std::max(a.size(), b.size()), 0);
  for (size_t i = 0; i < out.size(); ++i) {
    const uint8_t x = i < a.size() ? a[i] : 0;
    const uint8_t y = i < b.size() ? b[i] : 0;
    out[i] = f(x, y);
  }
  return Num::from_le(out);
}

}  // namespace

Num operator&(const Num& a, const Num& b) {
  return bytewise(a.le_, b.le_, [](uint8_t x, uint8_t y) { return static_cast<uint8_t>(x & y); });
}
Num operator|(const Num& a, const Num& b) {
  return bytewise(a.le_, b.le_, [](uint8_t x, uint8_t y) { return static_cast<uint8_t>(x | y); });
}
Num operator^(const Num& a, const Num& b) {
  return bytewise(a.le_, b.le_, [](uint8_t x, uint8_t y) { return static_cast<uint8_t>(x ^ y); });
}

Num operator+(const Num& a, const Num& b) {
  std::vector<uint8_t> out(std::max(a.le_.size(), b.le_.size()) + 1, 0);
  uint32_t carry = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    uint32_t v = carry;
    if (i < a.le_.size()) v += a.le_[i];
    if (i < b.le_.size()) v += b.le_[i];
    out[i] = static_cast<uint8_t>(v & 0xff);
    carry = v >> 8;
  }
  return Num::from_le(out);
}

Num operator-(const Num& a, const Num& b) {
  std::vector<uint8_t> out(a.le_.size(), 0);
  int32_t borrow = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    int32_t v = static_cast<int32_t>(a.le_[i]) - borrow;
    if (i < b.le_.size()) v -= b.le_[i];
    borrow = v < 0 ? 1 : 0;
    out[i] = static_cast<uint8_t>((v + 256) & 0xff);
  }
  return Num::from_le(out);
}

int compare(const Num& a, const Num& b) {
  if (a.le_.size() != b.le_.size()) return a.le_.size() < b.le_.size() ? -1 : 1;
  for (size_t i = a.le_.size(); i > 0; --i) {
    if (a.le_[i - 1] != b.le_[i - 1]) return a.le_[i - 1] < b.le_[i - 1] ? -1 : 1;
  }
  return 0;
}

bool Num::test(uint32_t bit) const {
  const size_t byte = bit / 8;
  return byte < le_.size() && (le_[byte] >> (bit % 8) & 1) != 0;
}

std::optional<uint32_t> Num::scan1(uint32_t from) const {
  const uint32_t top = static_cast<uint32_t>(le_.size() * 8);
  for (uint32_t b = from; b < top; ++b) {
    if (test(b)) return b;
  }
  return std::nullopt;
}

uint32_t Num::scan0(uint32_t from) const {
  uint32_t b = from;
  while (test(b)) ++b;
  return b;
}

uint32_t Num::popcount() const {
  uint32_t n = 0;
  for (uint8_t b : le_) n += static_cast<uint32_t>(std::popcount(b));
  return n;
}

uint32_t Num::bit_width() const {
  if (le_.empty()) return 0;
  return static_cast<uint32_t>((le_.size() - 1) * 8 + std::bit_width(le_.back()));
}

Num Num::switch_bytes(uint32_t bytes) const {
  std::vector<uint8_t> b = to_le(bytes);
  return from_be(b);
}

std::string Num::decimal() const {
  if (le_.empty()) return "0";
  std::vector<uint8_t> work = le_;
  std::string digits;
  while (!work.empty()) {
    uint32_t rem = 0;
    for (size_t i = work.size(); i > 0; --i) {
      const uint32_t cur = rem << 8 | work[i - 1];
      work[i - 1] = static_cast<uint8_t>(cur / 10);
      rem = cur % 10;
    }
    digits.push_back(static_cast<char>('0' + rem));
    while (!work.empty() && work.back() == 0) work.pop_back();
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::string Num::hex(uint32_t min_digits) const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : le_) {
    out.push_back(kDigits[b & 0xf]);
    out.push_back(kDigits[b >> 4]);
  }
  while (out.size() > 1 && out.back() == '0') out.pop_back();
  if (out.empty()) out.push_back('0');
  while (out.size() < min_digits) out.push_back('0');
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace nftx::raise
