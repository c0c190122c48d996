// SPDX-License-Identifier: GPL-2.0-or-later
// Names conntrack-tools prints for protocols, protocol states and status bits, as data.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "backends/netlink/conntrack/conntrack_entry.h"

namespace nftx::conntrack {

// Which layer 4 fields a protocol's tuple shows.
enum class L4Fields : uint8_t { Ports, GreKeys, Icmp };

struct L4Protocol {
  uint8_t number;
  std::string_view name;
  L4Fields fields;
};

// The protocols conntrack-tools knows by name; any other number prints as "unknown".
inline constexpr std::array<L4Protocol, 8> kL4Protocols = {{
    {6, "tcp", L4Fields::Ports},
    {17, "udp", L4Fields::Ports},
    {136, "udplite", L4Fields::Ports},
    {1, "icmp", L4Fields::Icmp},
    {58, "icmpv6", L4Fields::Icmp},
    {132, "sctp", L4Fields::Ports},
    {47, "gre", L4Fields::GreKeys},
    {33, "dccp", L4Fields::Ports},
}};

inline constexpr uint8_t kProtoTcp = 6;
inline constexpr uint8_t kProtoSctp = 132;
inline constexpr uint8_t kProtoDccp = 33;

// Kernel state numbering per protocol (TCP_CONNTRACK_*, SCTP_CONNTRACK_*, DCCP_CONNTRACK_*).
inline constexpr std::array<std::string_view, 10> kTcpStates = {
    "NONE",       "SYN_SENT", "SYN_RECV",  "ESTABLISHED", "FIN_WAIT",
    "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE",       "SYN_SENT2"};
inline constexpr std::array<std::string_view, 10> kSctpStates = {
    "NONE",          "CLOSED",        "COOKIE_WAIT",       "COOKIE_ECHOED",  "ESTABLISHED",
    "SHUTDOWN_SENT", "SHUTDOWN_RECD", "SHUTDOWN_ACK_SENT", "HEARTBEAT_SENT", "HEARTBEAT_ACKED"};
inline constexpr std::array<std::string_view, 10> kDccpStates = {
    "NONE",     "REQUEST", "RESPOND",  "PARTOPEN", "OPEN",
    "CLOSEREQ", "CLOSING", "TIMEWAIT", "IGNORE",   "INVALID"};

struct StatusBit {
  uint32_t mask;
  std::string_view name;
};

inline constexpr std::array<StatusBit, 16> kStatusBits = {{
    {status::kExpected, "EXPECTED"},
    {status::kSeenReply, "SEEN_REPLY"},
    {status::kAssured, "ASSURED"},
    {status::kConfirmed, "CONFIRMED"},
    {status::kSrcNat, "SRC_NAT"},
    {status::kDstNat, "DST_NAT"},
    {status::kSeqAdjust, "SEQ_ADJUST"},
    {status::kSrcNatDone, "SRC_NAT_DONE"},
    {status::kDstNatDone, "DST_NAT_DONE"},
    {status::kDying, "DYING"},
    {status::kFixedTimeout, "FIXED_TIMEOUT"},
    {status::kTemplate, "TEMPLATE"},
    {status::kUntracked, "UNTRACKED"},
    {status::kHelper, "HELPER"},
    {status::kOffload, "OFFLOAD"},
    {status::kHwOffload, "HW_OFFLOAD"},
}};

const L4Protocol* find_l4_protocol(uint8_t number);
// "unknown" for protocols conntrack-tools has no name for.
std::string_view l4_protocol_name(uint8_t number);
// By name (case-sensitive, as conntrack-tools) or decimal number.
std::optional<uint8_t> parse_l4_protocol(std::string_view text);

// The state machine a protocol reports in CTA_PROTOINFO, if any.
std::optional<StateKind> state_kind_of(uint8_t l4proto);
// Out-of-range states print as "NONE", as conntrack-tools does.
std::string_view state_name(const ProtoState& state);

std::string_view family_name(uint8_t family);  // "ipv4", "ipv6" or "unknown"
// Case-insensitive status bit name; "UNSET" is conntrack-tools' name for no bit (0).
std::optional<uint32_t> parse_status_bit(std::string_view name);

}  // namespace nftx::conntrack
