// SPDX-License-Identifier: GPL-2.0-or-later
// Protocol header tables (nft's src/proto.c): every header nft can match with a payload
// expression, its fields in bits from the start of the header, and the links between layers.
//
// Key and upper values are plain numbers: ether type ip is 0x0800 (nft stores it htons'd).
#include "compiler/proto/protocol.h"

namespace nftx::proto {
namespace {

using ir::PayloadBase;
using enum TypeId;
constexpr ByteOrder kBig = ByteOrder::Big;

// nf_tables.h / in.h / if_ether.h values used as keys.
constexpr uint32_t kMetaProtocol = 1;  // NFT_META_PROTOCOL
constexpr uint32_t kMetaNfproto = 15;  // NFT_META_NFPROTO
constexpr uint32_t kMetaL4proto = 16;  // NFT_META_L4PROTO
constexpr uint32_t kCsumInet = 1;      // NFT_PAYLOAD_CSUM_INET
constexpr uint32_t kCsumSctp = 2;      // NFT_PAYLOAD_CSUM_SCTP
constexpr uint32_t kInnerHdrsize = 1, kInnerLl = 2, kInnerNh = 4, kInnerTh = 8;  // NFT_INNER_*

// One field per line: the tables are read (and diffed) as data.
// clang-format off
// ---- link layer ----
constexpr Field kEtherFields[] = {
    {"daddr", Etheraddr, 0, 48, kBig},
    {"saddr", Etheraddr, 48, 48, kBig},
    {"type", Ethertype, 96, 16, kBig},
};
// What an ether type (or vlan type, or netdev's meta protocol) can carry. 802.1ad outer tags
// are parsed as vlan as well.
constexpr Upper kEthertypeUppers[] = {
    {"ip", 0x0800}, {"arp", 0x0806}, {"ip6", 0x86dd}, {"vlan", 0x8100}, {"vlan", 0x88a8},
};
// nft links vxlan and geneve payloads (inner ethernet) without 802.1ad.
constexpr Upper kTunnelUppers[] = {
    {"ip", 0x0800}, {"arp", 0x0806}, {"ip6", 0x86dd}, {"vlan", 0x8100},
};

// The vlan header starts at the TCI (struct vlan_hdr), right after the ether header.
constexpr Field kVlanFields[] = {
    {"pcp", Integer, 0, 3, kBig},
    {"dei", Integer, 3, 1, kBig},
    {"cfi", Integer, 3, 1, kBig},  // old name of dei
    {"id", Integer, 4, 12, kBig},
    {"type", Ethertype, 16, 16, kBig},
};

// ---- network layer ----
// struct arphdr followed by the Ethernet/IPv4 addresses (nft's struct arp_hdr).
constexpr Field kArpFields[] = {
    {"htype", Integer, 0, 16, kBig},
    {"ptype", Ethertype, 16, 16, kBig},
    {"hlen", Integer, 32, 8, kBig},
    {"plen", Integer, 40, 8, kBig},
    {"operation", Arpop, 48, 16, kBig},
    {"saddr ether", Etheraddr, 64, 48, kBig},
    {"saddr ip", Ipaddr, 112, 32, kBig},
    {"daddr ether", Etheraddr, 144, 48, kBig},
    {"daddr ip", Ipaddr, 192, 32, kBig},
};

constexpr Field kIpFields[] = {
    {"version", Integer, 0, 4, kBig},
    {"hdrlength", Integer, 4, 4, kBig},
    {"dscp", Dscp, 8, 6, kBig},
    {"ecn", Ecn, 14, 2, kBig},
    {"length", Integer, 16, 16, kBig},
    {"id", Integer, 32, 16, kBig},
    {"frag-off", Integer, 48, 16, kBig},  // nft lists it in hex (xinteger)
    {"ttl", Integer, 64, 8, kBig},
    {"protocol", InetProto, 72, 8, kBig},
    {"checksum", Integer, 80, 16, kBig},
    {"saddr", Ipaddr, 96, 32, kBig},
    {"daddr", Ipaddr, 128, 32, kBig},
};
// What ip protocol / ip6 nexthdr / meta l4proto can carry. gre and gretap share 47: gre comes
// first, so a lookup by value finds gre (as nft's proto_find_upper does).
constexpr Upper kInetUppers[] = {
    {"icmp", 1},    {"igmp", 2},      {"icmpv6", 58}, {"esp", 50},  {"ah", 51},
    {"comp", 108},  {"udp", 17},      {"udplite", 136}, {"tcp", 6}, {"dccp", 33},
    {"sctp", 132},  {"gre", 47},      {"gretap", 47},
};
constexpr std::string_view kIpPseudo[] = {"saddr", "daddr", "protocol", "length"};

constexpr Field kIp6Fields[] = {
    {"version", Integer, 0, 4, kBig},
    {"dscp", Dscp, 4, 6, kBig},
    {"ecn", Ecn, 10, 2, kBig},
    {"flowlabel", Integer, 12, 20, kBig},
    {"length", Integer, 32, 16, kBig},
    {"nexthdr", InetProto, 48, 8, kBig},
    {"hoplimit", Integer, 56, 8, kBig},
    {"saddr", Ip6addr, 64, 128, kBig},
    {"daddr", Ip6addr, 192, 128, kBig},
};
constexpr std::string_view kIp6Pseudo[] = {"saddr", "daddr", "nexthdr", "length"};

// ---- transport layer ----
constexpr Field kIcmpFields[] = {
    {"type", IcmpType, 0, 8, kBig},
    {"code", IcmpCode, 8, 8, kBig},
    {"checksum", Integer, 16, 16, kBig},
    {"id", Integer, 32, 16, kBig, IcmpDep::Echo},
    {"sequence", Integer, 48, 16, kBig, IcmpDep::Echo},
    {"gateway", Integer, 32, 32, kBig, IcmpDep::Address},
    {"mtu", Integer, 48, 16, kBig, IcmpDep::Mtu},
};

constexpr Field kIcmp6Fields[] = {
    {"type", Icmp6Type, 0, 8, kBig},
    {"code", Icmpv6Code, 8, 8, kBig},
    {"checksum", Integer, 16, 16, kBig},
    {"parameter-problem", Integer, 32, 32, kBig, IcmpDep::Icmp6Pptr},
    {"mtu", Integer, 32, 32, kBig, IcmpDep::Icmp6Mtu},
    {"id", Integer, 32, 16, kBig, IcmpDep::Icmp6Echo},
    {"sequence", Integer, 48, 16, kBig, IcmpDep::Icmp6Echo},
    {"max-delay", Integer, 32, 16, kBig, IcmpDep::Icmp6Mgmq},
    {"taddr", Ip6addr, 64, 128, kBig, IcmpDep::Icmp6Address},    // nd_neighbor_solicit target
    {"daddr", Ip6addr, 192, 128, kBig, IcmpDep::Icmp6Redirect},  // nd_redirect destination
};

constexpr Field kIgmpFields[] = {
    {"type", IgmpType, 0, 8, kBig},
    {"mrt", Integer, 8, 8, kBig},
    {"checksum", Integer, 16, 16, kBig},
    {"group", Integer, 32, 32, kBig},
};

constexpr Field kUdpFields[] = {
    {"sport", InetService, 0, 16, kBig},
    {"dport", InetService, 16, 16, kBig},
    {"length", Integer, 32, 16, kBig},
    {"checksum", Integer, 48, 16, kBig},
};

constexpr Field kUdpliteFields[] = {
    {"sport", InetService, 0, 16, kBig},
    {"dport", InetService, 16, 16, kBig},
    {"csumcov", Integer, 32, 16, kBig},
    {"checksum", Integer, 48, 16, kBig},
};

constexpr Field kTcpFields[] = {
    {"sport", InetService, 0, 16, kBig},
    {"dport", InetService, 16, 16, kBig},
    {"sequence", Integer, 32, 32, kBig},
    {"ackseq", Integer, 64, 32, kBig},
    {"doff", Integer, 96, 4, kBig},
    {"reserved", Integer, 100, 4, kBig},
    {"flags", TcpFlag, 104, 8, kBig},
    {"window", Integer, 112, 16, kBig},
    {"checksum", Integer, 128, 16, kBig},
    {"urgptr", Integer, 144, 16, kBig},
};

// struct dccp_hdr: the packet type is the 4-bit field after 3 reserved bits of byte 8.
constexpr Field kDccpFields[] = {
    {"sport", InetService, 0, 16, kBig},
    {"dport", InetService, 16, 16, kBig},
    {"type", DccpPkttype, 67, 4, kBig},
};

constexpr Field kSctpFields[] = {
    {"sport", InetService, 0, 16, kBig},
    {"dport", InetService, 16, 16, kBig},
    {"vtag", Integer, 32, 32, kBig},
    {"checksum", Integer, 64, 32, kBig},
};

constexpr Field kAhFields[] = {
    {"nexthdr", InetProto, 0, 8, kBig},
    {"hdrlength", Integer, 8, 8, kBig},
    {"reserved", Integer, 16, 16, kBig},
    {"spi", Integer, 32, 32, kBig},
    {"sequence", Integer, 64, 32, kBig},
};
// What the nexthdr of ah and comp can carry.
constexpr Upper kIpsecUppers[] = {
    {"esp", 50}, {"ah", 51},    {"comp", 108}, {"udp", 17},
    {"udplite", 136}, {"tcp", 6}, {"dccp", 33}, {"sctp", 132},
};

constexpr Field kEspFields[] = {
    {"spi", Integer, 0, 32, kBig},
    {"sequence", Integer, 32, 32, kBig},
};

constexpr Field kCompFields[] = {
    {"nexthdr", InetProto, 0, 8, kBig},
    {"flags", Bitmask, 8, 8, kBig},
    {"cpi", Integer, 16, 16, kBig},
};

// `th`: the ports common to udp, tcp, dccp and sctp.
constexpr Field kThFields[] = {
    {"sport", InetService, 0, 16, kBig},
    {"dport", InetService, 16, 16, kBig},
};

// ---- tunnels (inner expression) ----
constexpr Field kGreFields[] = {
    {"flags", Integer, 0, 5, kBig},
    {"version", Integer, 13, 3, kBig},
    {"protocol", Ethertype, 16, 16, kBig},
};

constexpr Field kVxlanFields[] = {
    {"flags", Bitmask, 0, 8, kBig},
    {"vni", Integer, 32, 24, kBig},
};

constexpr Field kGeneveFields[] = {
    {"type", Ethertype, 16, 16, kBig},
    {"vni", Integer, 32, 24, kBig},
};

// ---- pseudo protocols: the starting points of families without a fixed link layer ----
constexpr Upper kNfprotoUppers[] = {{"ip", 2}, {"ip6", 10}};  // NFPROTO_IPV4 / IPV6

using Base = PayloadBase;
constexpr Protocol kProtocols[] = {
    {.name = "ether", .base = Base::LinkLayer, .fields = kEtherFields, .key_field = "type",
     .uppers = kEthertypeUppers, .length_bits = 112, .size_bits = 112},
    {.name = "vlan", .base = Base::LinkLayer, .fields = kVlanFields, .key_field = "type",
     .uppers = kEthertypeUppers, .length_bits = 32, .size_bits = 32},
    {.name = "arp", .base = Base::Network, .fields = kArpFields, .key_field = std::nullopt,
     .uppers = {}, .length_bits = 0, .size_bits = 224},
    {.name = "ip", .base = Base::Network, .fields = kIpFields, .key_field = "protocol",
     .uppers = kInetUppers, .length_bits = 0, .key_meta = kMetaL4proto,
     .checksum_field = "checksum", .checksum_type = kCsumInet, .pseudo_header = kIpPseudo,
     .size_bits = 160},
    {.name = "ip6", .base = Base::Network, .fields = kIp6Fields, .key_field = "nexthdr",
     .uppers = kInetUppers, .length_bits = 0, .key_meta = kMetaL4proto,
     .pseudo_header = kIp6Pseudo, .size_bits = 320},
    {.name = "icmp", .base = Base::Transport, .fields = kIcmpFields, .key_field = "type",
     .uppers = {}, .length_bits = 0, .checksum_field = "checksum", .checksum_type = kCsumInet,
     .size_bits = 64},
    {.name = "igmp", .base = Base::Transport, .fields = kIgmpFields, .key_field = std::nullopt,
     .uppers = {}, .length_bits = 0, .checksum_field = "checksum", .checksum_type = kCsumInet,
     .size_bits = 64},
    // Sized as struct nd_redirect, the longest layout with named fields (daddr).
    {.name = "icmpv6", .base = Base::Transport, .fields = kIcmp6Fields, .key_field = "type",
     .uppers = {}, .length_bits = 0, .checksum_field = "checksum", .checksum_type = kCsumInet,
     .size_bits = 320},
    {.name = "udp", .base = Base::Transport, .fields = kUdpFields, .key_field = std::nullopt,
     .uppers = {}, .length_bits = 0, .checksum_field = "checksum", .checksum_type = kCsumInet,
     .size_bits = 64},
    // nft has no checksum key for udplite: payload writes leave its checksum alone.
    {.name = "udplite", .base = Base::Transport, .fields = kUdpliteFields,
     .key_field = std::nullopt, .uppers = {}, .length_bits = 0, .size_bits = 64},
    {.name = "tcp", .base = Base::Transport, .fields = kTcpFields, .key_field = std::nullopt,
     .uppers = {}, .length_bits = 0, .checksum_field = "checksum", .checksum_type = kCsumInet,
     .size_bits = 160},
    {.name = "dccp", .base = Base::Transport, .fields = kDccpFields, .key_field = std::nullopt,
     .uppers = {}, .length_bits = 0, .size_bits = 96},
    {.name = "sctp", .base = Base::Transport, .fields = kSctpFields, .key_field = std::nullopt,
     .uppers = {}, .length_bits = 0, .checksum_field = "checksum", .checksum_type = kCsumSctp,
     .size_bits = 96},
    {.name = "ah", .base = Base::Transport, .fields = kAhFields, .key_field = "nexthdr",
     .uppers = kIpsecUppers, .length_bits = 0, .size_bits = 96},
    {.name = "esp", .base = Base::Transport, .fields = kEspFields, .key_field = std::nullopt,
     .uppers = {}, .length_bits = 0, .size_bits = 64},
    {.name = "comp", .base = Base::Transport, .fields = kCompFields, .key_field = "nexthdr",
     .uppers = kIpsecUppers, .length_bits = 0, .size_bits = 32},
    {.name = "th", .base = Base::Transport, .fields = kThFields, .key_field = std::nullopt,
     .uppers = {}, .length_bits = 0, .size_bits = 32},
    {.name = "gre", .base = Base::Transport, .fields = kGreFields, .key_field = std::nullopt,
     .uppers = {}, .length_bits = 0, .key_meta = kMetaL4proto, .size_bits = 32,
     .inner = InnerInfo{3, 4, kInnerNh | kInnerTh}},
    {.name = "gretap", .base = Base::Transport, .fields = {}, .key_field = std::nullopt,
     .uppers = {}, .length_bits = 0, .key_meta = kMetaL4proto, .size_bits = 32,
     .inner = InnerInfo{4, 4, kInnerLl | kInnerNh | kInnerTh}},
    // nft's PROTO_BASE_INNER_HDR: on the wire these fields use the tunnel header base
    // (NFT_PAYLOAD_TUN_HEADER), inside an inner expression.
    {.name = "vxlan", .base = Base::Inner, .fields = kVxlanFields, .key_field = std::nullopt,
     .uppers = kTunnelUppers, .length_bits = 0, .size_bits = 64,
     .inner = InnerInfo{1, 8, kInnerHdrsize | kInnerLl | kInnerNh | kInnerTh}},
    {.name = "geneve", .base = Base::Inner, .fields = kGeneveFields, .key_field = std::nullopt,
     .uppers = kTunnelUppers, .length_bits = 0, .size_bits = 64,
     .inner = InnerInfo{2, 8, kInnerHdrsize | kInnerLl | kInnerNh | kInnerTh}},
    {.name = "inet", .base = Base::LinkLayer, .fields = {}, .key_field = std::nullopt,
     .uppers = kNfprotoUppers, .length_bits = 0, .key_meta = kMetaNfproto, .pseudo = true},
    {.name = "netdev", .base = Base::LinkLayer, .fields = {}, .key_field = std::nullopt,
     .uppers = kEthertypeUppers, .length_bits = 0, .key_meta = kMetaProtocol, .pseudo = true},
    // The transport layer when the network protocol is not known (ip or ip6).
    {.name = "inet-service", .base = Base::Transport, .fields = {}, .key_field = std::nullopt,
     .uppers = kInetUppers, .length_bits = 0, .key_meta = kMetaL4proto, .pseudo = true},
};

// clang-format on

const Protocol& must_find(std::string_view name) {
  const Protocol* p = protocol(name);
  return p != nullptr ? *p : kProtocols[0];
}

}  // namespace

const Protocol* protocol(std::string_view name) {
  for (const Protocol& p : kProtocols) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const Field* field(const Protocol& p, std::string_view name) {
  for (const Field& f : p.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::span<const Protocol> all_protocols() { return kProtocols; }

const Protocol* upper_protocol(const Protocol& lower, uint64_t value) {
  for (const Upper& u : lower.uppers) {
    if (u.value == value) return protocol(u.proto);
  }
  return nullptr;
}

std::optional<uint64_t> upper_value(const Protocol& lower, std::string_view upper) {
  for (const Upper& u : lower.uppers) {
    if (u.proto == upper) return u.value;
  }
  return std::nullopt;
}

const Protocol& family_protocol(ir::Family family) {
  switch (family) {
    case ir::Family::Inet:
      return must_find("inet");
    case ir::Family::Ip:
      return must_find("ip");
    case ir::Family::Arp:
      return must_find("arp");
    case ir::Family::Netdev:
      return must_find("netdev");
    case ir::Family::Bridge:
      return must_find("ether");
    case ir::Family::Ip6:
      return must_find("ip6");
  }
  return kProtocols[0];
}

}  // namespace nftx::proto
