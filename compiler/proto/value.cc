// SPDX-License-Identifier: GPL-2.0-or-later
// Address values: text <-> network-order bytes, with the C library's inet_pton/inet_ntop so
// that accepted spellings and printed forms are exactly nft's (which uses the same calls).
#include "compiler/proto/value.h"

#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <string>

namespace nftx::proto {
namespace {

template <int Family, size_t Size>
std::optional<ir::Bytes> pton(std::string_view text) {
  // inet_pton needs a NUL-terminated string; an embedded NUL would silently truncate.
  if (text.find('\0') != std::string_view::npos) return std::nullopt;
  const std::string s(text);
  std::array<uint8_t, Size> buf{};
  if (inet_pton(Family, s.c_str(), buf.data()) != 1) return std::nullopt;
  return ir::Bytes(buf.begin(), buf.end());
}

template <int Family, size_t Size, size_t StrLen>
std::string ntop(const ir::Bytes& b) {
  if (b.size() != Size) return {};
  std::array<char, StrLen> buf{};
  if (inet_ntop(Family, b.data(), buf.data(), buf.size()) == nullptr) return {};
  return std::string(buf.data());
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<ir::Bytes> parse_ipv4(std::string_view text) { return pton<AF_INET, 4>(text); }

std::optional<ir::Bytes> parse_ipv6(std::string_view text) { return pton<AF_INET6, 16>(text); }

std::optional<ir::Bytes> parse_lladdr(std::string_view text) {
  // nft reads each byte with strtoul(.., 16) and skips exactly one character after it, so
  // "0:1:2" and "00-01-02" are both fine, and a group may have leading zeros ("000a").
  ir::Bytes out;
  size_t i = 0;
  for (;;) {
    unsigned value = 0;
    size_t digits = 0;
    while (i < text.size() && hex_value(text[i]) >= 0) {
      value = value * 16 + static_cast<unsigned>(hex_value(text[i]));
      if (value > 0xff) return std::nullopt;
      ++i;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    out.push_back(static_cast<uint8_t>(value));
    if (i == text.size()) return out;
    ++i;  // the separator
  }
}

std::optional<ir::Bytes> parse_ether(std::string_view text) {
  std::optional<ir::Bytes> b = parse_lladdr(text);
  if (!b || b->size() != 6) return std::nullopt;
  return b;
}

std::string format_ipv4(const ir::Bytes& b) { return ntop<AF_INET, 4, INET_ADDRSTRLEN>(b); }

std::string format_ipv6(const ir::Bytes& b) { return ntop<AF_INET6, 16, INET6_ADDRSTRLEN>(b); }

std::string format_ether(const ir::Bytes& b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i != 0) out += ':';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0xf];
  }
  return out;
}

}  // namespace nftx::proto
