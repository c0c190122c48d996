// SPDX-License-Identifier: GPL-2.0-or-later
// The conntrack table as plain values. Whoever owns the connections fills these structs (the
// ctnetlink dump today, the userspace fast path later); the filter and the formatters only ever
// see this model, never netlink. Every field the kernel may omit is optional so that "absent"
// (e.g. no timeout on an offloaded entry) stays distinct from zero.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nftx::conntrack {

// Address in network byte order; IPv4 uses the first 4 bytes, the rest stays zero.
using Address = std::array<uint8_t, 16>;

// Layer 3 families, numbered as AF_INET / AF_INET6 (the nfgenmsg family of a dump).
inline constexpr uint8_t kFamilyIpv4 = 2;
inline constexpr uint8_t kFamilyIpv6 = 10;

struct IcmpKey {
  uint8_t type = 0;
  uint8_t code = 0;
  uint16_t id = 0;  // host byte order
  bool operator==(const IcmpKey&) const = default;
};

// One direction of a connection. Ports are in host byte order; for GRE they carry the keys
// (the kernel reports GRE keys in the port attributes).
struct Tuple {
  Address src{};
  Address dst{};
  uint8_t l4proto = 0;
  std::optional<uint16_t> sport;
  std::optional<uint16_t> dport;
  std::optional<IcmpKey> icmp;
  std::optional<uint16_t> zone;  // per-direction zone (CTA_TUPLE_ZONE), rare
  bool operator==(const Tuple&) const = default;
};

struct Counters {
  uint64_t packets = 0;
  uint64_t bytes = 0;
  bool operator==(const Counters&) const = default;
};

// Which state machine `state` belongs to; the numbering is the kernel's per protocol.
enum class StateKind : uint8_t { Tcp, Sctp, Dccp };

struct ProtoState {
  StateKind kind = StateKind::Tcp;
  uint8_t state = 0;
  bool operator==(const ProtoState&) const = default;
};

// TCP window-scale and flag details (CTA_PROTOINFO_TCP), shown only in JSON.
struct TcpDetails {
  std::optional<uint8_t> wscale_orig;
  std::optional<uint8_t> wscale_reply;
  std::optional<uint8_t> flags_orig;  // IP_CT_TCP_FLAG_* bits
  std::optional<uint8_t> flags_reply;
  bool operator==(const TcpDetails&) const = default;
};

struct Timestamp {
  uint64_t start_ns = 0;
  std::optional<uint64_t> stop_ns;
  bool operator==(const Timestamp&) const = default;
};

// Connection status bits (IPS_*), numbered as the kernel numbers them.
namespace status {
inline constexpr uint32_t kExpected = 1u << 0;
inline constexpr uint32_t kSeenReply = 1u << 1;
inline constexpr uint32_t kAssured = 1u << 2;
inline constexpr uint32_t kConfirmed = 1u << 3;
inline constexpr uint32_t kSrcNat = 1u << 4;
inline constexpr uint32_t kDstNat = 1u << 5;
inline constexpr uint32_t kSeqAdjust = 1u << 6;
inline constexpr uint32_t kSrcNatDone = 1u << 7;
inline constexpr uint32_t kDstNatDone = 1u << 8;
inline constexpr uint32_t kDying = 1u << 9;
inline constexpr uint32_t kFixedTimeout = 1u << 10;
inline constexpr uint32_t kTemplate = 1u << 11;
inline constexpr uint32_t kUntracked = 1u << 12;
inline constexpr uint32_t kHelper = 1u << 13;
inline constexpr uint32_t kOffload = 1u << 14;
inline constexpr uint32_t kHwOffload = 1u << 15;
}  // namespace status

struct ConntrackEntry {
  uint8_t l3family = 0;  // kFamilyIpv4 / kFamilyIpv6
  Tuple orig;
  Tuple reply;
  std::optional<Tuple> master;  // the connection that expected this one
  std::optional<uint32_t> status;
  std::optional<uint32_t> timeout;        // seconds left; the kernel omits it for offloaded flows
  std::optional<ProtoState> proto_state;  // likewise omitted for offloaded flows
  std::optional<TcpDetails> tcp;
  std::optional<uint32_t> mark;
  std::optional<uint32_t> secmark;
  std::optional<std::string> secctx;
  std::optional<uint16_t> zone;
  std::optional<uint32_t> use;
  std::optional<uint32_t> id;
  std::optional<Counters> orig_counters;  // present when accounting is on
  std::optional<Counters> reply_counters;
  std::optional<Timestamp> timestamp;  // present when nf_conntrack_timestamp is on
  std::optional<std::string> helper;
  std::optional<std::vector<uint16_t>> labels;  // numbers of the set connlabel bits, ascending

  uint8_t l4proto() const { return orig.l4proto; }
  bool offloaded() const {
    return status && (*status & (status::kOffload | status::kHwOffload)) != 0;
  }
  bool operator==(const ConntrackEntry&) const = default;
};

}  // namespace nftx::conntrack
