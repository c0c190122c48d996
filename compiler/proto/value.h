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
// Any number of hex bytes with one separator character between them, as nft's ll_addr parser.
std::optional<ir::Bytes> parse_lladdr(std::string_view text);
// "ssh" -> 22, from a built-in copy of Debian's /etc/services (tcp, udp, sctp; with aliases).
std::optional<uint16_t> lookup_service(std::string_view name);
// The name nft prints with -S: the first /etc/services entry with that port.
std::optional<std::string_view> service_name(uint16_t port);
// nft time strings: "1d2h3m4s5ms", "30s", "100ms" -> milliseconds. A bare number is seconds.
// Same rules as nft's time_parse(): each unit at most once, in any order, at most 8 digits per
// unit, "ms" only at the end.
std::optional<uint64_t> parse_time_ms(std::string_view text);
std::string format_time_ms(uint64_t ms);  // inverse, as nft prints it ("1d2h3m4s")

// `meta hour` and `meta time` take local clock times; nft converts them with the host's time
// zone (tm_gmtoff). This is that offset in seconds (+3600 for UTC+1) at a given moment, from the
// C library's zone (TZ); pass it, or a fixed offset for reproducible output.
int64_t local_utc_offset(int64_t utc_seconds);
using UtcOffsetFn = int64_t (*)(int64_t utc_seconds);

// `meta hour` values: seconds since midnight UTC. "17:00", "17:00:30", a plain number of
// seconds (taken as is), or a relative time ("1h30m"). Clock times are local: nft subtracts the
// offset in effect now (`gmtoff_seconds`) and wraps around midnight.
std::optional<uint32_t> parse_hour(std::string_view text, int64_t gmtoff_seconds);
// `meta time` values: nanoseconds since the epoch. "2019-06-06 17:00:00", "2019-06-06 17:00",
// "2019-06-06" (local time: nft subtracts the offset in effect at that moment), or a plain
// number of seconds since the epoch. As with nft's strptime(), text after the date is ignored.
std::optional<uint64_t> parse_date_ns(std::string_view text, UtcOffsetFn utc_offset);

// Units of `limit rate` and `quota` (nft's rate_parse): "second" 1, "minute" 60, "hour" 3600,
// "day" 86400, "week" 604800 seconds; "bytes" 1, "kbytes" 1024, "mbytes" 1048576 bytes.
std::optional<uint64_t> time_unit_seconds(std::string_view unit);
std::optional<uint64_t> data_unit_bytes(std::string_view unit);
std::string format_ipv4(const ir::Bytes& b);
std::string format_ipv6(const ir::Bytes& b);  // RFC 5952 compressed form, as inet_ntop
std::string format_ether(const ir::Bytes& b);  // also any ll_addr length: "00:11:22"

}  // namespace nftx::proto
