// SPDX-License-Identifier: GPL-2.0-or-later
// Datatypes as data: every type nft knows, with its size, byte order, base type and symbolic
// constants. Type ids equal nft's `enum datatypes` (they go on the wire in set key types).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nftx::proto {

enum class ByteOrder : uint8_t { Invalid, Big, Host };

enum class TypeId : uint32_t {
  Invalid = 0, Verdict, Nfproto, Bitmask, Integer, String, Lladdr, Ipaddr, Ip6addr, Etheraddr,
  Ethertype, Arpop, InetProto, InetService, IcmpType, TcpFlag, DccpPkttype, MhType, Time, Mark,
  Ifindex, Arphrd, Realm, Classid, Uid, Gid, CtState, CtDir, CtStatus, Icmp6Type, CtLabel,
  Pkttype, IcmpCode, Icmpv6Code, IcmpxCode, Devgroup, Dscp, Ecn, FibAddr, Boolean, CtEventbit,
  Ifname, IgmpType, TimeDate, TimeHour, TimeDay, Cgroupv2,
  Count_  // not a type
};

// How nft lists a type's symbol table (`nft describe`): decimal or hexadecimal values.
enum class SymbolBase : uint8_t { Decimal, Hexadecimal };

struct Symbol {
  std::string_view name;
  uint64_t value;  // numeric value in host order, before shifting into a field
};

struct Datatype {
  TypeId id;
  std::string_view name;  // as in `type ipv4_addr`, e.g. "ipv4_addr", "inet_service"
  std::string_view desc;  // human description, e.g. "IPv4 address"
  ByteOrder byteorder;    // Invalid: nft leaves it unset (1-byte and sub-byte types, verdict)
  uint32_t size_bits;     // 0 = variable (string) or unspecified (integer)
  TypeId basetype;        // Invalid if none
  bool is_flags;          // bitmask type: `a,b,c` and `a|b` combine symbols
  std::span<const Symbol> symbols;  // symbolic constants (may be empty)
  SymbolBase symbol_base = SymbolBase::Decimal;
};

const Datatype& datatype(TypeId id);
const Datatype* datatype_by_name(std::string_view name);  // for `type NAME` in set declarations
std::span<const Datatype> all_datatypes();

// Symbol lookup on the type or its base types; nullopt if not a symbol of that type.
std::optional<uint64_t> lookup_symbol(TypeId type, std::string_view name);
// The symbol name for a value, if the type has one (for listings: `ip dscp cs7`).
std::optional<std::string_view> symbol_name(TypeId type, uint64_t value);

// True when `type` is `base` or has it somewhere in its base type chain
// (ether_addr -> ll_addr -> integer; tcp_flag -> bitmask -> integer).
bool derives_from(TypeId type, TypeId base);
// The last type of the base chain (integer for most, string for ifname; the type itself if none).
TypeId root_basetype(TypeId type);

// Set key types of concatenations: nft packs the member type ids 6 bits each, first member in
// the most significant position (`ipv4_addr . inet_service` = 7 << 6 | 13).
inline constexpr uint32_t kConcatTypeBits = 6;
uint32_t concat_type(std::span<const TypeId> members);
// The member ids of a packed concatenation type, first member first (empty if not a concat).
std::vector<TypeId> concat_members(uint32_t concat);

}  // namespace nftx::proto
