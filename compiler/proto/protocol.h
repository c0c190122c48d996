// SPDX-License-Identifier: GPL-2.0-or-later
// Protocol headers as data (name, base, fields with bit offset/length/type), plus the links
// between layers that protocol dependencies are built from.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "compiler/ir/ir.h"
#include "compiler/proto/datatype.h"

namespace nftx::proto {

// ICMP/ICMPv6 fields that exist only for some message types (nft's `icmp_dep`): matching
// `icmp id` makes nft add a dependency on the icmp type as well as on the protocol.
enum class IcmpDep : uint8_t {
  None,           // any type (type, code, checksum)
  Echo,           // icmp id/sequence: echo-request or echo-reply
  Mtu,            // icmp mtu: destination-unreachable
  Address,        // icmp gateway: redirect
  Icmp6Echo,      // icmpv6 id/sequence: echo-request or echo-reply
  Icmp6Mtu,       // icmpv6 mtu: packet-too-big
  Icmp6Mgmq,      // icmpv6 max-delay: mld-listener-query
  Icmp6Pptr,      // icmpv6 parameter-problem: parameter-problem
  Icmp6Redirect,  // icmpv6 daddr: nd-redirect
  Icmp6Address,   // icmpv6 taddr: neighbour discovery, redirect and MLD messages
};

struct Field {
  std::string_view name;  // "saddr", "dport", "dscp", ...
  TypeId type;
  uint32_t offset_bits;   // from the start of this header
  uint32_t len_bits;
  ByteOrder byteorder;    // Big for header fields unless nft says otherwise
  IcmpDep icmp_dep = IcmpDep::None;
  // Field-specific symbolic constants where nft uses an integer alias with its own table
  // (`tcp option mptcp subtype mp-join`); empty otherwise: use the datatype's symbols.
  std::span<const Symbol> symbols = {};
};

// The type value nft generates as the dependency for `dep` (echo: echo-request; the caller
// matches echo-request and echo-reply as a set), nullopt for IcmpDep::None.
std::optional<uint8_t> icmp_dep_type(IcmpDep dep);
// Every icmp/icmpv6 type value for which a field with this dependency is meaningful (what an
// explicit `icmp type X` earlier in the rule must be for nft to skip its own dependency).
std::span<const uint8_t> icmp_dep_types(IcmpDep dep);

// An upper-layer protocol and the value the lower layer's key field has for it.
struct Upper {
  std::string_view proto;  // name of another Protocol
  uint64_t value;          // e.g. ip protocol 6 for tcp, ether type 0x0800 for ip
};

// Tunnel protocols matched with the `inner` expression (NFT_INNER_* values).
struct InnerInfo {
  uint32_t type;     // NFTA_INNER_TYPE: vxlan 1, geneve 2, gre 3, gretap 4
  uint32_t hdrsize;  // NFTA_INNER_HDRSIZE in bytes
  uint32_t flags;    // NFT_INNER_HDRSIZE 1 | LL 2 | NH 4 | TH 8
};

struct Protocol {
  std::string_view name;        // "ip", "tcp", "ether", "vlan", "arp", "ip6", "icmp", ...
  ir::PayloadBase base;         // LinkLayer, Network, Transport; Inner: vxlan/geneve fields,
                                // which nft loads from the tunnel header inside `inner`
  std::span<const Field> fields;
  // The field selecting the next header ("protocol", "type", "nexthdr").
  std::optional<std::string_view> key_field;
  std::span<const Upper> uppers;
  uint32_t length_bits;         // fixed header length used for "header size" ops (0 if unknown)
  // ---- additions (all defaulted) ----
  // nft's template 0: the meta key whose value selects the upper protocol in dependencies
  // (ip/ip6: `meta l4proto`, inet: `meta nfproto`, netdev: `meta protocol`).
  std::optional<uint32_t> key_meta = std::nullopt;
  std::optional<std::string_view> checksum_field = std::nullopt;  // updated on payload writes
  uint32_t checksum_type = 0;   // NFT_PAYLOAD_CSUM_NONE 0 / INET 1 / SCTP 2
  // Fields that are part of the transport pseudo header: writing them needs
  // NFT_PAYLOAD_L4CSUM_PSEUDOHDR.
  std::span<const std::string_view> pseudo_header = {};
  uint32_t size_bits = 0;       // size of the fixed header struct the fields are laid out in
  bool pseudo = false;          // "inet", "netdev", "inet-service": no header, only a meta key
  std::optional<InnerInfo> inner = std::nullopt;
};

const Protocol* protocol(std::string_view name);
const Field* field(const Protocol& p, std::string_view name);
std::span<const Protocol> all_protocols();
// The upper protocol the lower's key has `value` for (first match: gre before gretap), or null.
const Protocol* upper_protocol(const Protocol& lower, uint64_t value);
// The key value linking `lower` to the protocol named `upper`, if they are linked.
std::optional<uint64_t> upper_value(const Protocol& lower, std::string_view upper);
// The protocol a family's hooks start with (nft's hook_proto_desc): bridge -> ether,
// netdev -> "netdev", inet -> "inet" (link layer); ip -> ip, ip6 -> ip6, arp -> arp (network).
const Protocol& family_protocol(ir::Family family);

// ---- IPv6 extension headers (matched with the exthdr expression, NFT_EXTHDR_OP_IPV6) ----
struct ExtHeader {
  std::string_view name;  // "hbh", "rt", "rt0", "rt2", "srh", "frag", "dst", "mh"
  uint8_t type;           // IPPROTO_* next-header value (option kind, chunk type) to search for
  std::span<const Field> fields;  // offsets from the start of the extension header
};
const ExtHeader* ext_header(std::string_view name);
std::span<const ExtHeader> all_ext_headers();
const Field* field(const ExtHeader& h, std::string_view name);
// rt0 `addr[n]` and srh `sid[n]` (n >= 1): the tables list [1] and [2], this computes any n.
std::optional<Field> ext_header_array_field(const ExtHeader& h, std::string_view base, uint32_t n);

// ---- Options and chunks, in the same shape: `type` is the TCP option kind, IPv4 option type or
// SCTP chunk type the kernel searches for; field offsets are from the start of the option. ----
// TCP options (NFT_EXTHDR_OP_TCPOPT): eol nop maxseg window sack-perm sack sack0..sack3
// timestamp md5sig mptcp fastopen; also the spellings "mss" and "sack-permitted".
// sack0 is sack; sack1..sack3 are the same option (kind 5) with left/right of later blocks.
const ExtHeader* tcp_option(std::string_view name);
std::span<const ExtHeader> all_tcp_options();
// IPv4 options (NFT_EXTHDR_OP_IPV4): lsrr rr ssrr ra.
const ExtHeader* ip_option(std::string_view name);
std::span<const ExtHeader> all_ip_options();
// SCTP chunks (NFT_EXTHDR_OP_SCTP): data init init-ack sack heartbeat ... asconf.
const ExtHeader* sctp_chunk(std::string_view name);
std::span<const ExtHeader> all_sctp_chunks();

// ---- meta / ct / rt / fib / socket keys ----
struct Key {
  std::string_view name;  // "l4proto", "mark", "iifname", "state", "saddr" ...
  uint32_t key;           // NFT_META_* / NFT_CT_* / NFT_RT_* ...
  TypeId type;
  uint32_t len_bits;      // the expression's length in nft (nftrace: 1); registers hold whole
                          // 32-bit words, so 1..32 bits all occupy one
  ByteOrder byteorder;
  bool writable = false;  // `meta mark set`, `ct mark set` ...
};

std::span<const Key> meta_keys();
std::span<const Key> ct_keys();
const Key* meta_key(std::string_view name);  // also the old spellings ibriport, obriport, secpath
const Key* ct_key(std::string_view name);    // tuple keys: "ip saddr", "ip6 daddr", "saddr" ...
const Key* meta_key(uint32_t key);           // by NFT_META_* number (listings)
const Key* ct_key(uint32_t key);

// rt keys: "classid", "ip nexthop", "ip6 nexthop", "mtu", "ipsec" (nft picks the nexthop
// variant from the network protocol; `rt nexthop` in an ip6 table is "ip6 nexthop").
std::span<const Key> rt_keys();
const Key* rt_key(std::string_view name);
// socket keys: "transparent", "mark", "wildcard", "cgroupv2".
std::span<const Key> socket_keys();
const Key* socket_key(std::string_view name);

}  // namespace nftx::proto
