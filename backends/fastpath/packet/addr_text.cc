// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/addr_text.h"

#include <arpa/inet.h>

#include <cstdio>

namespace nftx::fastpath {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

template <typename Addr>
std::optional<Addr> pton(int family, std::string_view text) {
  // inet_pton needs a NUL-terminated string; addresses are short, so a stack copy suffices.
  char buf[64];
  if (text.size() >= sizeof(buf)) return std::nullopt;
  text.copy(buf, text.size());
  buf[text.size()] = '\0';
  Addr a{};
  if (inet_pton(family, buf, a.data()) != 1) return std::nullopt;
  return a;
}

}  // namespace

std::optional<MacAddr> mac_from_text(std::string_view text) {
  // "xx:xx:xx:xx:xx:xx": 6 pairs of hex digits and 5 separators.
  if (text.size() != 17) return std::nullopt;
  MacAddr mac{};
  for (size_t i = 0; i < 6; ++i) {
    int hi = hex_digit(text[i * 3]);
    int lo = hex_digit(text[i * 3 + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    if (i < 5 && text[i * 3 + 2] != ':' && text[i * 3 + 2] != '-') return std::nullopt;
    mac[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return mac;
}

std::optional<Ip4Addr> ip4_from_text(std::string_view text) { return pton<Ip4Addr>(AF_INET, text); }

std::optional<Ip6Addr> ip6_from_text(std::string_view text) {
  return pton<Ip6Addr>(AF_INET6, text);
}

std::string mac_to_text(const MacAddr& mac) {
  char buf[18];
  std::snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return buf;
}

}  // namespace nftx::fastpath
