// SPDX-License-Identifier: GPL-2.0-or-later
// Fluent packet builder for tests, fixtures and benchmarks (in the spirit of Katran's
// PacketBuilder): every layer is optional and build() fills in lengths and all checksums.
//
//   auto bytes = PacketBuilder()
//                    .eth("02:00:00:00:00:01", "02:00:00:00:00:02").vlan(100)
//                    .ipv4("10.0.0.1", "10.0.1.2").ttl(64)
//                    .tcp(1234, 80).flags(TcpFlags::Syn).seq(1).window(65535).mss(1460)
//                    .payload(100)
//                    .build();
//
// Bad address text throws std::invalid_argument (a test bug, not a runtime condition).
// Without eth() the MACs are 02:00:00:00:00:01 -> 02:00:00:00:00:02. Without an L3 call the
// frame is L2-only with the ethertype given by ethertype() (ARP-like test frames).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "backends/fastpath/packet/addr_text.h"
#include "backends/fastpath/packet/wire.h"

namespace nftx::fastpath {

class PacketBuilder {
 public:
  // L2.
  PacketBuilder& eth(std::string_view src_mac, std::string_view dst_mac);
  PacketBuilder& vlan(uint16_t tci);        // one 802.1Q tag (0x8100)
  PacketBuilder& ethertype(uint16_t type);  // L2-only frames (no ipv4()/ipv6())

  // L3. ttl/tos apply to both families (hop limit / traffic class for IPv6).
  PacketBuilder& ipv4(std::string_view src, std::string_view dst);
  PacketBuilder& ipv6(std::string_view src, std::string_view dst);
  PacketBuilder& ttl(uint8_t ttl);
  PacketBuilder& tos(uint8_t tos);
  PacketBuilder& ip_id(uint32_t id);  // IPv4 id (low 16 bits); IPv6 fragment header id
  PacketBuilder& df(bool on = true);  // IPv4 only
  // Fragment: `offset` in bytes (multiple of 8), `more` = MF / M. IPv4 sets frag_off; IPv6 adds
  // a fragment header after the other extension headers. The transport header is still built
  // (with the payload's checksum) only when offset == 0; later fragments carry payload only.
  PacketBuilder& fragment(uint16_t offset, bool more);
  PacketBuilder& ip_options(std::span<const uint8_t> options);  // IPv4, padded with EOL to 4
  PacketBuilder& flow_label(uint32_t label);                    // IPv6
  // IPv6 extension header (hop-by-hop 0, routing 43, destination options 60) in the order added.
  // `body` follows the next-header/length bytes and is padded (PadN) to a multiple of 8 in total.
  PacketBuilder& ext_hdr(uint8_t type, std::span<const uint8_t> body = {});

  // L4: exactly one of these (or none: IP with raw payload via l4proto()).
  PacketBuilder& tcp(uint16_t sport, uint16_t dport);
  PacketBuilder& udp(uint16_t sport, uint16_t dport);
  PacketBuilder& icmp_echo(uint16_t id, uint16_t seq, bool reply = false);    // ICMPv4 8/0
  PacketBuilder& icmpv6_echo(uint16_t id, uint16_t seq, bool reply = false);  // 128/129
  // Any ICMP/ICMPv6 message: type, code and the 4 bytes after the checksum (host order).
  PacketBuilder& icmp(uint8_t type, uint8_t code, uint32_t rest = 0);
  PacketBuilder& icmpv6(uint8_t type, uint8_t code, uint32_t rest = 0);
  PacketBuilder& l4proto(uint8_t proto);  // raw protocol number, payload only

  // TCP fields and options (options are written in the order MSS, SACK-perm, timestamps,
  // wscale with NOP padding, like Linux SYNs).
  PacketBuilder& flags(TcpFlags f);
  PacketBuilder& seq(uint32_t seq);
  PacketBuilder& ack(uint32_t ack);  // sets the number only, not the ACK flag
  PacketBuilder& window(uint16_t window);
  PacketBuilder& urg_ptr(uint16_t ptr);
  PacketBuilder& mss(uint16_t mss);
  PacketBuilder& wscale(uint8_t shift);
  PacketBuilder& sack_perm();
  PacketBuilder& timestamps(uint32_t tsval, uint32_t tsecr);
  PacketBuilder& tcp_options(std::span<const uint8_t> raw);  // appended, NOP-padded to 4

  // UDP: send checksum 0 (IPv4 "no checksum"; invalid for IPv6, useful in tests).
  PacketBuilder& zero_checksum();
  // Store this L4 checksum instead of the right one (tests of bad-checksum handling).
  PacketBuilder& bad_l4_checksum(uint16_t value);
  PacketBuilder& bad_ip_checksum(uint16_t value);  // IPv4 header

  // Payload: `size` bytes of a deterministic pattern (i & 0xff), or the given bytes.
  PacketBuilder& payload(size_t size);
  PacketBuilder& payload(std::span<const uint8_t> bytes);
  PacketBuilder& payload_text(std::string_view text);

  std::vector<uint8_t> build() const;

 private:
  enum class L3 : uint8_t { None, V4, V6 };
  enum class L4 : uint8_t { None, Tcp, Udp, Icmp, Icmpv6, Raw };
  struct ExtHdr {
    uint8_t type;
    std::vector<uint8_t> body;
  };

  std::vector<uint8_t> tcp_option_bytes() const;
  // Transport header + payload (payload only for a later fragment), checksum included.
  std::vector<uint8_t> l4_segment(bool v6) const;
  uint8_t l4_protocol() const;

  MacAddr src_mac_{0x02, 0, 0, 0, 0, 0x01};
  MacAddr dst_mac_{0x02, 0, 0, 0, 0, 0x02};
  bool vlan_ = false;
  uint16_t tci_ = 0;
  uint16_t ethertype_ = 0;
  L3 l3_ = L3::None;
  Ip6Addr src_ip_{};  // IPv4 uses the first 4 bytes
  Ip6Addr dst_ip_{};
  uint8_t ttl_ = 64;
  uint8_t tos_ = 0;
  uint32_t ip_id_ = 0;
  bool df_ = false;
  bool frag_ = false;
  uint16_t frag_offset_ = 0;
  bool frag_more_ = false;
  std::vector<uint8_t> ip_options_;
  uint32_t flow_label_ = 0;
  std::vector<ExtHdr> ext_hdrs_;
  L4 l4_ = L4::None;
  uint8_t raw_proto_ = 0;
  uint16_t sport_ = 0, dport_ = 0;
  uint8_t icmp_type_ = 0, icmp_code_ = 0;
  uint32_t icmp_rest_ = 0;
  TcpFlags tcp_flags_ = TcpFlags::None;
  uint32_t seq_ = 0, ack_ = 0;
  uint16_t window_ = 65535, urg_ptr_ = 0;
  uint16_t mss_ = 0;
  bool has_wscale_ = false;
  uint8_t wscale_ = 0;
  bool sack_perm_ = false;
  bool has_ts_ = false;
  uint32_t tsval_ = 0, tsecr_ = 0;
  std::vector<uint8_t> raw_tcp_options_;
  bool zero_udp_check_ = false;
  bool has_bad_l4_ = false;
  uint16_t bad_l4_ = 0;
  bool has_bad_ip_ = false;
  uint16_t bad_ip_ = 0;
  std::vector<uint8_t> payload_;
};

}  // namespace nftx::fastpath
