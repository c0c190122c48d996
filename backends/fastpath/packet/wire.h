// SPDX-License-Identifier: GPL-2.0-or-later
// Wire constants shared by the packet code: header sizes, ethertypes and TCP flag bits.
// IPPROTO_* come from <netinet/in.h>; these are the ones the C library does not name portably.
#pragma once

#include <cstdint>

namespace nftx::fastpath {

inline constexpr uint16_t kEthHdrLen = 14;
inline constexpr uint16_t kVlanHdrLen = 4;
inline constexpr uint16_t kIpv4HdrLen = 20;  // without options
inline constexpr uint16_t kIpv6HdrLen = 40;
inline constexpr uint16_t kTcpHdrLen = 20;  // without options
inline constexpr uint16_t kUdpHdrLen = 8;
inline constexpr uint16_t kIcmpHdrLen = 8;  // ICMP and ICMPv6 (type, code, check, 4 bytes)

// Host-order ethertypes (compare against the value after ntohs).
inline constexpr uint16_t kEthPIpv4 = 0x0800;
inline constexpr uint16_t kEthPArp = 0x0806;
inline constexpr uint16_t kEthP8021Q = 0x8100;
inline constexpr uint16_t kEthPIpv6 = 0x86dd;
inline constexpr uint16_t kEthP8021AD = 0x88a8;

// IPv4 frag_off bits (host order).
inline constexpr uint16_t kIpv4Df = 0x4000;
inline constexpr uint16_t kIpv4Mf = 0x2000;
inline constexpr uint16_t kIpv4OffsetMask = 0x1fff;  // in units of 8 bytes

// TCP flag bits as in byte 13 of the TCP header.
enum class TcpFlags : uint8_t {
  None = 0,
  Fin = 0x01,
  Syn = 0x02,
  Rst = 0x04,
  Psh = 0x08,
  Ack = 0x10,
  Urg = 0x20,
  Ece = 0x40,
  Cwr = 0x80,
};

constexpr TcpFlags operator|(TcpFlags a, TcpFlags b) {
  return static_cast<TcpFlags>(static_cast<uint8_t>(a) | static_cast<uint8_t>(b));
}
constexpr bool has_flag(TcpFlags set, TcpFlags f) {
  return (static_cast<uint8_t>(set) & static_cast<uint8_t>(f)) != 0;
}

}  // namespace nftx::fastpath
