// SPDX-License-Identifier: GPL-2.0-or-later
// NAT bindings and packet rewriting (nf_nat_core.c, nf_nat_proto.c).
//
// A binding is chosen once per conn and manip type, on its first (NEW, unconfirmed) packet:
// DST at prerouting/output, SRC at postrouting/input. It is stored only as the conn's reply
// tuple (the inverse of the original tuple after NAT) plus the IPS_*_NAT / *_DONE bits; every
// later packet is rewritten from the tuples by manip_packet().
#pragma once

#include <cstdint>

#include "backends/fastpath/conntrack/conn.h"
#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/packet/frame.h"

namespace nftx::fastpath::ct {

// enum nf_nat_manip_type.
enum class ManipType : uint8_t { kSrc = 0, kDst = 1 };

// NF_NAT_RANGE_* flags.
namespace natf {
inline constexpr uint32_t kMapIps = 1;
inline constexpr uint32_t kProtoSpecified = 2;
inline constexpr uint32_t kProtoRandom = 4;
inline constexpr uint32_t kPersistent = 8;
inline constexpr uint32_t kProtoRandomFully = 16;
inline constexpr uint32_t kProtoOffset = 32;
inline constexpr uint32_t kNetmap = 64;
inline constexpr uint32_t kProtoRandomAll = kProtoRandom | kProtoRandomFully;
}  // namespace natf

// struct nf_nat_range2. Addresses as in the packet (IPv4: first 4 bytes); ports/ids in host
// order. Without kMapIps the address is kept; without kProtoSpecified the port is kept when
// unique (else SNAT searches 1-511 / 600-1023 / 1024-65535 by the original port's class).
struct NatRange {
  uint32_t flags = 0;
  uint8_t min_addr[16] = {};
  uint8_t max_addr[16] = {};
  uint16_t min_proto = 0;
  uint16_t max_proto = 0;
  uint16_t base_proto = 0;  // kProtoOffset: the port the offset is computed from
};

// nf_nat_initialized(): the binding of this manip type was already set up.
bool nat_initialized(const Conn& conn, ManipType type);

// nf_nat_setup_info(): binds an unconfirmed conn (confirmed or already bound: no-op).
// Chooses the new tuple so that the reply is unique in `table` (get_unique_tuple):
// the original tuple if SNAT and it is in range and free; else an address from the range by a
// hash of the source (find_best_ips_proto; kPersistent ignores the destination), kNetmap maps
// the prefix; then the port: kept if in range and free, else searched from a random offset
// (SNAT or random flags) or from the range start (DNAT), at most 128 tries per round.
// A tuple that stays taken is caught by confirm() as the kernel does (insert_failed).
void setup_info(Table& table, Conn& conn, const NatRange& range, ManipType type);

// nf_nat_alloc_null_binding(): the binding for a hook without a NAT rule: same address, port
// kept unless it clashes.
void null_binding(Table& table, Conn& conn, ManipType type);

// Masquerade: SNAT to `addr` (the out interface's address, supplied by the engine), with
// optional port range/flags from `range` (its address fields are ignored).
void masquerade(Table& table, Conn& conn, const uint8_t* addr, uint32_t out_ifindex,
                const NatRange& range);

// Redirect: DNAT to `local_addr` (address of the in interface, or loopback for output).
void redirect(Table& table, Conn& conn, const uint8_t* local_addr, const NatRange& range);

// nf_nat_packet(): rewrites the packet's source (kSrc) or destination (kDst) to what the conn's
// tuples say for direction `dir`, when the conn has that NAT in that direction. Checksums are
// updated incrementally (RFC 1624): IPv4 header, TCP, UDP (a zero IPv4 UDP checksum stays 0;
// a result of 0 is sent as 0xffff), ICMP echo id, IPv6 pseudo-header.
// ICMP/ICMPv6 error packets (RELATED) are translated as nf_nat_icmp_reply_translation: the
// embedded header gets the reverse manip and the outer one this manip; the ICMP checksum is
// recomputed. False: malformed packet (the caller drops it).
bool manip_packet(Frame& frame, const Conn& conn, Dir dir, ManipType type);

}  // namespace nftx::fastpath::ct
