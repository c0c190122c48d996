// SPDX-License-Identifier: GPL-2.0-or-later
// Why `flow add @f` created no entry, and why a packet at the flowtable hook took the classic path.
// The engine counts each one per flowtable; `nftx list flowtable` and the final statistics show them.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace nftx::fastpath::flow {

enum class NotOffloaded : uint8_t {
  IpOptions,         // IPv4 options on the packet (nft_flow_offload_skip)
  Secpath,           // decrypted by IPsec
  Untracked,         // no conntrack entry / notrack
  Protocol,          // neither TCP nor UDP
  TcpFinRst,         // FIN or RST on this packet
  NotEstablished,    // TCP not in ESTABLISHED
  Helper,            // conntrack helper, sequence adjustment or NAT clash
  Unconfirmed,       // first packet: conntrack not confirmed before postrouting
  AlreadyOffloaded,  // IPS_OFFLOAD already set (the normal case for packets that missed the fast path)
  NoRoute,           // no route back to the sender
  DeviceNotInFlowtable,  // a direction would enter through a device the flowtable does not hook
  NoNeighbour,       // next hop's link-layer address unknown
  TableFull,         // flowtable at its maximum size
};
inline constexpr size_t kNotOffloadedCount = 13;

inline constexpr std::array<std::string_view, kNotOffloadedCount> kNotOffloadedNames = {
    "ip_options", "secpath", "untracked", "protocol", "tcp_fin_rst", "not_established",
    "helper", "unconfirmed", "already_offloaded", "no_route", "device_not_in_flowtable",
    "no_neighbour", "table_full"};

// Packets at the flowtable hook that went on to the classic path.
enum class Bypass : uint8_t {
  NotIp,          // not IPv4/IPv6 (or unsupported encapsulation)
  IpOptions,      // IPv4 ihl != 5
  Fragment,
  Protocol,       // not TCP/UDP
  TtlExpiring,    // TTL / hop limit <= 1: the classic path sends time exceeded
  Miss,           // no entry
  Mtu,            // larger than the egress MTU: the classic path fragments or sends PTB
  TcpReopen,      // SYN on a closing flow: torn down, conntrack handles the reopen
  StaleRoute,     // the FIB changed since the entry was created: torn down
  NoNeighbour,    // next hop unresolved
  DeviceDown,     // output device gone or down: dropped and torn down (as DIRECT xmit)
};
inline constexpr size_t kBypassCount = 11;

inline constexpr std::array<std::string_view, kBypassCount> kBypassNames = {
    "not_ip", "ip_options", "fragment", "protocol", "ttl_expiring", "miss", "mtu",
    "tcp_reopen", "stale_route", "no_neighbour", "device_down"};

}  // namespace nftx::fastpath::flow
