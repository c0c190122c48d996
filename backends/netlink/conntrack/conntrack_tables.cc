// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/conntrack/conntrack_tables.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace nftx::conntrack {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

template <size_t N>
std::string_view pick(const std::array<std::string_view, N>& names, uint8_t state) {
  return state < names.size() ? names[state] : names[0];
}

}  // namespace

const L4Protocol* find_l4_protocol(uint8_t number) {
  for (const auto& p : kL4Protocols) {
    if (p.number == number) return &p;
  }
  return nullptr;
}

std::string_view l4_protocol_name(uint8_t number) {
  const L4Protocol* p = find_l4_protocol(number);
  return p ? p->name : "unknown";
}

std::optional<uint8_t> parse_l4_protocol(std::string_view text) {
  for (const auto& p : kL4Protocols) {
    if (p.name == text) return p.number;
  }
  unsigned value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value > 255) return std::nullopt;
  return static_cast<uint8_t>(value);
}

std::optional<StateKind> state_kind_of(uint8_t l4proto) {
  switch (l4proto) {
    case kProtoTcp:
      return StateKind::Tcp;
    case kProtoSctp:
      return StateKind::Sctp;
    case kProtoDccp:
      return StateKind::Dccp;
    default:
      return std::nullopt;  // a protocol number, not an enum: most have no state
  }
}

std::string_view state_name(const ProtoState& state) {
  switch (state.kind) {
    case StateKind::Tcp:
      return pick(kTcpStates, state.state);
    case StateKind::Sctp:
      return pick(kSctpStates, state.state);
    case StateKind::Dccp:
      return pick(kDccpStates, state.state);
  }
  return "NONE";
}

std::string_view family_name(uint8_t family) {
  switch (family) {
    case kFamilyIpv4:
      return "ipv4";
    case kFamilyIpv6:
      return "ipv6";
    default:
      return "unknown";
  }
}

std::optional<uint32_t> parse_status_bit(std::string_view name) {
  if (iequals(name, "UNSET")) return 0u;
  for (const auto& bit : kStatusBits) {
    if (iequals(name, bit.name)) return bit.mask;
  }
  return std::nullopt;
}

}  // namespace nftx::conntrack
