// SPDX-License-Identifier: GPL-2.0-or-later
// The datatype table: one row per nft `enum datatypes` value, with nft's name, description,
// byte order, size and base type (src/datatype.c, proto.c, meta.c, ct.c, fib.c, rt.c).
#include "compiler/proto/datatype.h"

#include <array>
#include <bit>

#include "compiler/proto/inet_proto_table.h"
#include "compiler/proto/symbol_tables.h"

namespace nftx::proto {
namespace {

using enum TypeId;
constexpr ByteOrder kNone = ByteOrder::Invalid;  // nft leaves it unset (mostly 1-byte types)
constexpr ByteOrder kBig = ByteOrder::Big;
constexpr ByteOrder kHost = ByteOrder::Host;
constexpr SymbolBase kDec = SymbolBase::Decimal;
constexpr SymbolBase kHex = SymbolBase::Hexadecimal;

// Indexed by TypeId; datatype() checks the order once at compile time below.
constexpr std::array<Datatype, static_cast<size_t>(Count_)> kDatatypes = {{
    {Invalid, "invalid", "invalid", kNone, 0, Invalid, false, {}},
    {Verdict, "verdict", "netfilter verdict", kNone, 0, Invalid, false, {}},
    {Nfproto, "nf_proto", "netfilter protocol", kNone, 8, Integer, false, symbols::kNfproto, kDec},
    {Bitmask, "bitmask", "bitmask", kNone, 0, Integer, true, {}},
    {Integer, "integer", "integer", kNone, 0, Invalid, false, {}},
    {String, "string", "string", kHost, 0, Invalid, false, {}},
    {Lladdr, "ll_addr", "link layer address", kBig, 0, Integer, false, {}},
    {Ipaddr, "ipv4_addr", "IPv4 address", kBig, 32, Integer, false, {}},
    {Ip6addr, "ipv6_addr", "IPv6 address", kBig, 128, Integer, false, {}},
    {Etheraddr, "ether_addr", "Ethernet address", kBig, 48, Lladdr, false, {}},
    {Ethertype, "ether_type", "Ethernet protocol", kBig, 16, Integer, false, symbols::kEthertype,
     kHex},
    {Arpop, "arp_op", "ARP operation", kBig, 16, Integer, false, symbols::kArpop, kHex},
    {InetProto, "inet_proto", "Internet protocol", kNone, 8, Integer, false, symbols::kInetProto,
     kDec},
    // Service names are resolved by lookup_service() (value.h), not as symbols: nft prints
    // ports as numbers unless asked to (-S).
    {InetService, "inet_service", "internet network service", kBig, 16, Integer, false, {}},
    {IcmpType, "icmp_type", "ICMP type", kBig, 8, Integer, false, symbols::kIcmpType, kDec},
    {TcpFlag, "tcp_flag", "TCP flag", kBig, 8, Bitmask, true, symbols::kTcpFlag, kHex},
    {DccpPkttype, "dccp_pkttype", "DCCP packet type", kNone, 4, Integer, false,
     symbols::kDccpPkttype, kHex},
    {MhType, "mh_type", "Mobility Header Type", kBig, 8, Integer, false, symbols::kMhType, kDec},
    {Time, "time", "relative time", kHost, 32, Integer, false, {}},
    // mark, realm and devgroup names come from iproute2 files at run time in nft; none built in.
    {Mark, "mark", "packet mark", kHost, 32, Integer, false, {}},
    {Ifindex, "iface_index", "network interface index", kHost, 32, Integer, false, {}},
    {Arphrd, "iface_type", "network interface type", kHost, 16, Integer, false, symbols::kArphrd,
     kHex},
    {Realm, "realm", "routing realm", kHost, 32, Integer, false, {}},
    {Classid, "classid", "TC classid", kHost, 32, Integer, false, symbols::kClassid, kHex},
    {Uid, "uid", "user ID", kHost, 32, Integer, false, {}},
    {Gid, "gid", "group ID", kHost, 32, Integer, false, {}},
    {CtState, "ct_state", "conntrack state", kHost, 32, Bitmask, true, symbols::kCtState, kHex},
    {CtDir, "ct_dir", "conntrack direction", kNone, 8, Integer, false, symbols::kCtDir, kDec},
    {CtStatus, "ct_status", "conntrack status", kHost, 32, Bitmask, true, symbols::kCtStatus, kHex},
    {Icmp6Type, "icmpv6_type", "ICMPv6 type", kBig, 8, Integer, false, symbols::kIcmpv6Type, kDec},
    // Label names come from connlabel.conf at run time in nft.
    {CtLabel, "ct_label", "conntrack label", kHost, 128, Bitmask, true, {}},
    {Pkttype, "pkt_type", "packet type", kHost, 8, Integer, false, symbols::kPkttype, kDec},
    {IcmpCode, "icmp_code", "icmp code", kBig, 8, Integer, false, symbols::kIcmpCode, kDec},
    {Icmpv6Code, "icmpv6_code", "icmpv6 code", kBig, 8, Integer, false, symbols::kIcmpv6Code, kDec},
    {IcmpxCode, "icmpx_code", "icmpx code", kBig, 8, Integer, false, symbols::kIcmpxCode, kDec},
    {Devgroup, "devgroup", "devgroup name", kHost, 32, Integer, false, {}},
    {Dscp, "dscp", "Differentiated Services Code Point", kBig, 6, Integer, false, symbols::kDscp,
     kHex},
    {Ecn, "ecn", "Explicit Congestion Notification", kBig, 2, Integer, false, symbols::kEcn, kHex},
    {FibAddr, "fib_addrtype", "fib address type", kHost, 32, Integer, false, symbols::kFibAddr,
     kDec},
    {Boolean, "boolean", "boolean type", kNone, 1, Integer, false, symbols::kBoolean, kDec},
    {CtEventbit, "ct_event", "conntrack event bits", kHost, 32, Bitmask, true, symbols::kCtEvent,
     kHex},
    {Ifname, "ifname", "network interface name", kHost, 128, String, false, {}},
    {IgmpType, "igmp_type", "IGMP type", kBig, 8, Integer, false, symbols::kIgmpType, kDec},
    // Named "time" like TYPE_TIME: `type time` finds the relative time type first, as in nft.
    {TimeDate, "time", "Relative time of packet reception", kHost, 64, Integer, false, {}},
    {TimeHour, "hour", "Hour of day of packet reception", kHost, 32, Integer, false, {}},
    {TimeDay, "day", "Day of week of packet reception", kHost, 8, Integer, false, symbols::kDay,
     kDec},
    {Cgroupv2, "cgroupsv2", "cgroupsv2 path", kHost, 64, Integer, false, {}},
}};

constexpr bool table_in_order() {
  for (size_t i = 0; i < kDatatypes.size(); ++i) {
    if (static_cast<size_t>(kDatatypes[i].id) != i) return false;
  }
  return true;
}
static_assert(table_in_order(), "kDatatypes must be indexed by TypeId");

bool valid(TypeId id) { return static_cast<size_t>(id) < kDatatypes.size(); }

}  // namespace

const Datatype& datatype(TypeId id) {
  return valid(id) ? kDatatypes[static_cast<size_t>(id)] : kDatatypes[0];
}

const Datatype* datatype_by_name(std::string_view name) {
  for (const Datatype& t : kDatatypes) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::span<const Datatype> all_datatypes() { return kDatatypes; }

std::optional<uint64_t> lookup_symbol(TypeId type, std::string_view name) {
  // Like nft's symbol_parse(): the first type in the chain that has a table decides.
  for (TypeId t = type; valid(t) && t != TypeId::Invalid; t = datatype(t).basetype) {
    const Datatype& d = datatype(t);
    if (d.symbols.empty()) continue;
    for (const Symbol& s : d.symbols) {
      if (s.name == name) return s.value;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string_view> symbol_name(TypeId type, uint64_t value) {
  for (TypeId t = type; valid(t) && t != TypeId::Invalid; t = datatype(t).basetype) {
    const Datatype& d = datatype(t);
    if (d.symbols.empty()) continue;
    for (const Symbol& s : d.symbols) {
      if (s.value == value) return s.name;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

bool derives_from(TypeId type, TypeId base) {
  for (TypeId t = type; valid(t); t = datatype(t).basetype) {
    if (t == base) return true;
    if (t == TypeId::Invalid) break;
  }
  return false;
}

TypeId root_basetype(TypeId type) {
  TypeId t = type;
  while (valid(t) && datatype(t).basetype != TypeId::Invalid) t = datatype(t).basetype;
  return t;
}

uint32_t concat_type(std::span<const TypeId> members) {
  uint32_t packed = 0;
  for (TypeId m : members) packed = packed << kConcatTypeBits | static_cast<uint32_t>(m);
  return packed;
}

std::vector<TypeId> concat_members(uint32_t concat) {
  constexpr uint32_t kMask = (1u << kConcatTypeBits) - 1;
  std::vector<TypeId> out;
  // A packed type is wider than one id; single ids are not concatenations.
  if (concat <= kMask) return out;
  uint32_t n =
      (static_cast<uint32_t>(std::bit_width(concat)) + kConcatTypeBits - 1) / kConcatTypeBits;
  while (n > 0) {
    --n;
    uint32_t id = (concat >> (n * kConcatTypeBits)) & kMask;
    if (id == 0) break;  // nft stops at an empty slot as well
    out.push_back(static_cast<TypeId>(id));
  }
  return out;
}

}  // namespace nftx::proto
