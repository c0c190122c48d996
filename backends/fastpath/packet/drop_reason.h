// SPDX-License-Identifier: GPL-2.0-or-later
// Why the engine dropped (or refused to parse) a packet. One X-macro list gives both the enum and
// the snake_case names used by counters, traces and test fixtures, so the two cannot drift apart.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace nftx::fastpath {

// clang-format off
#define NFTX_FP_DROP_REASONS(X)                                                \
  X(None, "none")                                                              \
  /* parse(): malformed or truncated headers */                                \
  X(TruncatedEthernet, "truncated_ethernet")                                   \
  X(TruncatedVlan, "truncated_vlan")                                           \
  X(TruncatedIpv4, "truncated_ipv4")                                           \
  X(BadIpv4Header, "bad_ipv4_header")                                          \
  X(Ipv4Length, "ipv4_length")                                                 \
  X(TruncatedIpv6, "truncated_ipv6")                                           \
  X(BadIpv6Header, "bad_ipv6_header")                                          \
  X(Ipv6Length, "ipv6_length")                                                 \
  X(BadIpv6Exthdr, "bad_ipv6_exthdr")                                          \
  X(TruncatedTcp, "truncated_tcp")                                             \
  X(BadTcpHeader, "bad_tcp_header")                                            \
  X(TruncatedUdp, "truncated_udp")                                             \
  X(BadUdpLength, "bad_udp_length")                                            \
  X(TruncatedIcmp, "truncated_icmp")                                           \
  /* packet/ helpers */                                                        \
  X(BadChecksum, "bad_checksum")                                               \
  X(FragmentDf, "fragment_df")                                                 \
  X(NoBuffer, "no_buffer")                                                     \
  /* forwarding and verdicts (engine) */                                       \
  X(TtlExceeded, "ttl_exceeded")                                               \
  X(NoRoute, "no_route")                                                       \
  X(MtuExceeded, "mtu_exceeded")                                               \
  X(RuleDrop, "rule_drop")                                                     \
  X(PolicyDrop, "policy_drop")                                                 \
  X(CtInvalid, "ct_invalid")                                                   \
  X(NoNeighbour, "no_neighbour")                                               \
  X(Reject, "reject")                                                          \
  X(Martian, "martian")                                                        \
  X(NotIp, "not_ip")                                                           \
  X(Blackhole, "blackhole")                                                    \
  X(Unreachable, "unreachable")                                                \
  X(Prohibited, "prohibited")                                                  \
  X(ForwardingDisabled, "forwarding_disabled")                                 \
  X(LinkDown, "link_down")                                                     \
  X(NoPort, "no_port")                                                         \
  X(CtInsertFailed, "ct_insert_failed")                                        \
  X(NatFailed, "nat_failed")                                                   \
  X(FlowDeviceDown, "flow_device_down")                                       \
  X(Reassembly, "reassembly")
// Further reasons are appended above by the engine lead (keep names snake_case and unique).
// clang-format on

enum class DropReason : uint8_t {
#define NFTX_FP_DROP_ENUM(id, name) id,
  NFTX_FP_DROP_REASONS(NFTX_FP_DROP_ENUM)
#undef NFTX_FP_DROP_ENUM
};

inline constexpr const char* kDropReasonNames[] = {
#define NFTX_FP_DROP_NAME(id, name) name,
    NFTX_FP_DROP_REASONS(NFTX_FP_DROP_NAME)
#undef NFTX_FP_DROP_NAME
};

inline constexpr size_t kDropReasonCount = sizeof(kDropReasonNames) / sizeof(kDropReasonNames[0]);

// "truncated_ethernet", ...; "none" for DropReason::None.
const char* drop_reason_name(DropReason r);

// The inverse, for fixtures and the control socket; nullopt for an unknown name.
std::optional<DropReason> drop_reason_from_name(std::string_view name);

}  // namespace nftx::fastpath
