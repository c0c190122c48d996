// SPDX-License-Identifier: GPL-2.0-or-later
// Text <-> register bytes for concrete values: addresses, services, times, rates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/ir/ir.h"

namespace nftx::proto {

std::optional<ir::Bytes> parse_ipv4(std::string_view text);   // 4 bytes, network order
std::optional<ir::Bytes> parse_ipv6(std::string_view text);   // 16 bytes, network order
std::optional<ir::Bytes> parse_ether(std::string_view text);  // 6 bytes ("00:11:22:33:44:55")
std::optional<uint16_t> lookup_service(std::string_view name);  // "ssh" -> 22 (built-in table, /etc/services subset)
std::optional<std::string_view> service_name(uint16_t port);
// nft time strings: "1d2h3m4s5ms", "30s", "100ms" -> milliseconds.
std::optional<uint64_t> parse_time_ms(std::string_view text);
std::string format_time_ms(uint64_t ms);  // inverse, as nft prints it ("1d2h3m4s")
std::string format_ipv4(const ir::Bytes& b);
std::string format_ipv6(const ir::Bytes& b);  // RFC 5952 compressed form, as inet_ntop
std::string format_ether(const ir::Bytes& b);

}  // namespace nftx::proto
