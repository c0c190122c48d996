// SPDX-License-Identifier: GPL-2.0-or-later
// Text to wire addresses for the packet builder, fixtures and tests ("02:00:00:00:00:01",
// "10.0.0.1", "2001:db8::1"). Results are in network byte order as they sit in a packet.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nftx::fastpath {

using MacAddr = std::array<uint8_t, 6>;
using Ip4Addr = std::array<uint8_t, 4>;
using Ip6Addr = std::array<uint8_t, 16>;

// Six hex octets separated by ':' (or '-'); nullopt otherwise.
std::optional<MacAddr> mac_from_text(std::string_view text);
// inet_pton(AF_INET / AF_INET6).
std::optional<Ip4Addr> ip4_from_text(std::string_view text);
std::optional<Ip6Addr> ip6_from_text(std::string_view text);

std::string mac_to_text(const MacAddr& mac);  // lower-case "02:00:00:00:00:01"

}  // namespace nftx::fastpath
