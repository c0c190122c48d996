// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/net/address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace nftx::fastpath::net {

IpAddr IpAddr::v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  IpAddr r;
  r.family = Family::V4;
  r.bytes[0] = a;
  r.bytes[1] = b;
  r.bytes[2] = c;
  r.bytes[3] = d;
  return r;
}

IpAddr IpAddr::v4_host(uint32_t host_order) {
  return v4(static_cast<uint8_t>(host_order >> 24), static_cast<uint8_t>(host_order >> 16),
            static_cast<uint8_t>(host_order >> 8), static_cast<uint8_t>(host_order));
}

IpAddr IpAddr::v6(const std::array<uint8_t, 16>& network_order) {
  IpAddr r;
  r.family = Family::V6;
  r.bytes = network_order;
  return r;
}

IpAddr IpAddr::any(Family f) {
  IpAddr r;
  r.family = f;
  return r;
}

unsigned IpAddr::bit_width() const {
  switch (family) {
    case Family::None:
      return 0;
    case Family::V4:
      return 32;
    case Family::V6:
      return 128;
  }
  return 0;
}

uint32_t IpAddr::v4_host_order() const {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
         uint32_t{bytes[3]};
}

bool IpAddr::is_unspecified() const {
  for (uint8_t b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

bool IpAddr::is_loopback() const {
  switch (family) {
    case Family::None:
      return false;
    case Family::V4:
      return bytes[0] == 127;
    case Family::V6:
      for (size_t i = 0; i < 15; ++i) {
        if (bytes[i] != 0) return false;
      }
      return bytes[15] == 1;
  }
  return false;
}

bool IpAddr::is_link_local() const {
  switch (family) {
    case Family::None:
      return false;
    case Family::V4:
      return bytes[0] == 169 && bytes[1] == 254;
    case Family::V6:
      return bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80;
  }
  return false;
}

std::optional<IpAddr> parse_ip(std::string_view text) {
  // inet_pton needs a terminated string; the longest valid IPv6 text is 45 characters.
  char buf[INET6_ADDRSTRLEN + 1];
  if (text.empty() || text.size() >= sizeof(buf)) return std::nullopt;
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  IpAddr r;
  if (text.find(':') == std::string_view::npos) {
    if (inet_pton(AF_INET, buf, r.bytes.data()) != 1) return std::nullopt;
    r.family = Family::V4;
  } else {
    if (inet_pton(AF_INET6, buf, r.bytes.data()) != 1) return std::nullopt;
    r.family = Family::V6;
  }
  return r;
}

std::string format_ip(const IpAddr& a) {
  char buf[INET6_ADDRSTRLEN];
  switch (a.family) {
    case Family::None:
      return "none";
    case Family::V4:
      inet_ntop(AF_INET, a.bytes.data(), buf, sizeof(buf));
      return buf;
    case Family::V6:
      inet_ntop(AF_INET6, a.bytes.data(), buf, sizeof(buf));
      return buf;
  }
  return "none";
}

std::optional<Prefix> parse_prefix(std::string_view text) {
  const size_t slash = text.find('/');
  auto addr = parse_ip(text.substr(0, slash));
  if (!addr) return std::nullopt;
  Prefix p{*addr, static_cast<uint8_t>(addr->bit_width())};
  if (slash == std::string_view::npos) return p;
  const std::string_view len_text = text.substr(slash + 1);
  unsigned len = 0;
  const auto [end, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), len);
  if (len_text.empty() || ec != std::errc{} || end != len_text.data() + len_text.size() ||
      len > addr->bit_width()) {
    return std::nullopt;
  }
  p.len = static_cast<uint8_t>(len);
  return p;
}

std::string format_prefix(const Prefix& p) {
  return format_ip(p.addr) + "/" + std::to_string(p.len);
}

std::string format_route_dst(const Prefix& p) {
  if (p.len == 0) return "default";
  if (p.is_host()) return format_ip(p.addr);
  return format_prefix(p);
}

bool MacAddr::is_zero() const {
  for (uint8_t b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<MacAddr> parse_mac(std::string_view text) {
  MacAddr m;
  size_t pos = 0;
  for (size_t i = 0; i < m.bytes.size(); ++i) {
    if (i > 0) {
      if (pos >= text.size() || (text[pos] != ':' && text[pos] != '-')) return std::nullopt;
      ++pos;
    }
    int value = 0;
    size_t digits = 0;
    while (pos < text.size() && digits < 2 && hex_value(text[pos]) >= 0) {
      value = value * 16 + hex_value(text[pos]);
      ++pos;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    m.bytes[i] = static_cast<uint8_t>(value);
  }
  if (pos != text.size()) return std::nullopt;
  return m;
}

std::string format_mac(const MacAddr& m) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(17);
  for (size_t i = 0; i < m.bytes.size(); ++i) {
    if (i > 0) out += ':';
    out += kHex[m.bytes[i] >> 4];
    out += kHex[m.bytes[i] & 0xf];
  }
  return out;
}

}  // namespace nftx::fastpath::net
