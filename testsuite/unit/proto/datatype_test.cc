// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/proto/datatype.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace nftx::proto {
namespace {

TEST(Datatype, TableIsIndexedByTypeId) {
  auto all = all_datatypes();
  ASSERT_EQ(all.size(), static_cast<size_t>(TypeId::Count_));
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(all[i].id), i) << all[i].name;
    EXPECT_EQ(&datatype(all[i].id), &all[i]);
  }
}

TEST(Datatype, IdsMatchNftEnum) {
  // enum datatypes in nft's include/datatype.h; these numbers go on the wire as set key types.
  EXPECT_EQ(static_cast<uint32_t>(TypeId::Ipaddr), 7u);
  EXPECT_EQ(static_cast<uint32_t>(TypeId::InetService), 13u);
  EXPECT_EQ(static_cast<uint32_t>(TypeId::Mark), 19u);
  EXPECT_EQ(static_cast<uint32_t>(TypeId::CtState), 26u);
  EXPECT_EQ(static_cast<uint32_t>(TypeId::Ifname), 41u);
  EXPECT_EQ(static_cast<uint32_t>(TypeId::Cgroupv2), 46u);
}

TEST(Datatype, NamesAsNftSpellsThem) {
  const std::pair<TypeId, std::string_view> expected[] = {
      {TypeId::Nfproto, "nf_proto"},     {TypeId::Lladdr, "ll_addr"},
      {TypeId::Ipaddr, "ipv4_addr"},     {TypeId::Ip6addr, "ipv6_addr"},
      {TypeId::Etheraddr, "ether_addr"}, {TypeId::Ethertype, "ether_type"},
      {TypeId::InetProto, "inet_proto"}, {TypeId::InetService, "inet_service"},
      {TypeId::Ifindex, "iface_index"},  {TypeId::Arphrd, "iface_type"},
      {TypeId::Pkttype, "pkt_type"},     {TypeId::FibAddr, "fib_addrtype"},
      {TypeId::CtEventbit, "ct_event"},  {TypeId::Icmp6Type, "icmpv6_type"},
      {TypeId::Cgroupv2, "cgroupsv2"},   {TypeId::TimeDay, "day"},
      {TypeId::TimeHour, "hour"},        {TypeId::Classid, "classid"},
  };
  for (const auto& [id, name] : expected) EXPECT_EQ(datatype(id).name, name);
}

TEST(Datatype, ByName) {
  ASSERT_NE(datatype_by_name("ipv4_addr"), nullptr);
  EXPECT_EQ(datatype_by_name("ipv4_addr")->id, TypeId::Ipaddr);
  EXPECT_EQ(datatype_by_name("inet_service")->id, TypeId::InetService);
  // Two types are called "time"; nft's lookup finds the relative time first.
  EXPECT_EQ(datatype_by_name("time")->id, TypeId::Time);
  EXPECT_EQ(datatype_by_name("pkttype"), nullptr);
  EXPECT_EQ(datatype_by_name("nonsense"), nullptr);
}

TEST(Datatype, SizesAndByteOrder) {
  EXPECT_EQ(datatype(TypeId::Ipaddr).size_bits, 32u);
  EXPECT_EQ(datatype(TypeId::Ip6addr).size_bits, 128u);
  EXPECT_EQ(datatype(TypeId::Etheraddr).size_bits, 48u);
  EXPECT_EQ(datatype(TypeId::InetService).size_bits, 16u);
  EXPECT_EQ(datatype(TypeId::InetService).byteorder, ByteOrder::Big);
  EXPECT_EQ(datatype(TypeId::Mark).byteorder, ByteOrder::Host);
  EXPECT_EQ(datatype(TypeId::Ifname).size_bits, 128u);
  EXPECT_EQ(datatype(TypeId::Dscp).size_bits, 6u);
  EXPECT_EQ(datatype(TypeId::Ecn).size_bits, 2u);
  EXPECT_EQ(datatype(TypeId::DccpPkttype).size_bits, 4u);
  EXPECT_EQ(datatype(TypeId::Boolean).size_bits, 1u);
  EXPECT_EQ(datatype(TypeId::TimeDate).size_bits, 64u);
  EXPECT_EQ(datatype(TypeId::CtLabel).size_bits, 128u);
}

TEST(Datatype, BaseChainsEndAndReferToExistingTypes) {
  for (const Datatype& t : all_datatypes()) {
    int steps = 0;
    for (TypeId b = t.basetype; b != TypeId::Invalid; b = datatype(b).basetype) {
      ASSERT_LT(static_cast<size_t>(b), static_cast<size_t>(TypeId::Count_)) << t.name;
      ASSERT_LT(++steps, 5) << t.name << " has a base type cycle";
    }
  }
  EXPECT_EQ(datatype(TypeId::Etheraddr).basetype, TypeId::Lladdr);
  EXPECT_EQ(datatype(TypeId::TcpFlag).basetype, TypeId::Bitmask);
  EXPECT_EQ(datatype(TypeId::Ifname).basetype, TypeId::String);
  EXPECT_TRUE(derives_from(TypeId::Etheraddr, TypeId::Integer));
  EXPECT_TRUE(derives_from(TypeId::CtState, TypeId::Bitmask));
  EXPECT_FALSE(derives_from(TypeId::Ifname, TypeId::Integer));
  EXPECT_EQ(root_basetype(TypeId::Etheraddr), TypeId::Integer);
  EXPECT_EQ(root_basetype(TypeId::Ifname), TypeId::String);
  EXPECT_EQ(root_basetype(TypeId::Integer), TypeId::Integer);
}

TEST(Datatype, FlagTypesAreBitmasks) {
  for (const Datatype& t : all_datatypes()) {
    EXPECT_EQ(t.is_flags, derives_from(t.id, TypeId::Bitmask)) << t.name;
  }
  EXPECT_TRUE(datatype(TypeId::TcpFlag).is_flags);
  EXPECT_FALSE(datatype(TypeId::Dscp).is_flags);
}

TEST(Datatype, NoDuplicateSymbolNamesAndValuesFit) {
  for (const Datatype& t : all_datatypes()) {
    std::set<std::string_view> names;
    for (const Symbol& s : t.symbols) {
      EXPECT_TRUE(names.insert(s.name).second) << t.name << ": " << s.name;
      if (t.size_bits > 0 && t.size_bits < 64) {
        EXPECT_LT(s.value, uint64_t{1} << t.size_bits) << t.name << ": " << s.name;
      }
    }
  }
}

TEST(Datatype, Symbols) {
  EXPECT_EQ(lookup_symbol(TypeId::Dscp, "cs7"), 0x38u);
  EXPECT_EQ(lookup_symbol(TypeId::Dscp, "ef"), 0x2eu);
  EXPECT_EQ(lookup_symbol(TypeId::Ecn, "ce"), 3u);
  EXPECT_EQ(lookup_symbol(TypeId::Ethertype, "ip6"), 0x86ddu);
  EXPECT_EQ(lookup_symbol(TypeId::Ethertype, "vlan"), 0x8100u);
  EXPECT_EQ(lookup_symbol(TypeId::Ethertype, "8021ad"), 0x88a8u);
  EXPECT_EQ(lookup_symbol(TypeId::Arpop, "reply"), 2u);
  EXPECT_EQ(lookup_symbol(TypeId::TcpFlag, "syn"), 0x02u);
  EXPECT_EQ(lookup_symbol(TypeId::TcpFlag, "cwr"), 0x80u);
  EXPECT_EQ(lookup_symbol(TypeId::CtState, "established"), 0x02u);
  EXPECT_EQ(lookup_symbol(TypeId::CtState, "untracked"), 0x40u);
  EXPECT_EQ(lookup_symbol(TypeId::CtStatus, "dying"), 0x200u);
  EXPECT_EQ(lookup_symbol(TypeId::CtEventbit, "label"), 0x400u);
  EXPECT_EQ(lookup_symbol(TypeId::CtDir, "reply"), 1u);
  EXPECT_EQ(lookup_symbol(TypeId::Nfproto, "ipv6"), 10u);
  EXPECT_EQ(lookup_symbol(TypeId::Icmp6Type, "nd-neighbor-solicit"), 135u);
  EXPECT_EQ(lookup_symbol(TypeId::IcmpType, "echo-request"), 8u);
  EXPECT_EQ(lookup_symbol(TypeId::IcmpCode, "admin-prohibited"), 13u);
  EXPECT_EQ(lookup_symbol(TypeId::IcmpxCode, "port-unreachable"), 1u);
  EXPECT_EQ(lookup_symbol(TypeId::IgmpType, "membership-report-v3"), 0x22u);
  EXPECT_EQ(lookup_symbol(TypeId::Pkttype, "other"), 3u);
  EXPECT_EQ(lookup_symbol(TypeId::FibAddr, "local"), 2u);
  EXPECT_EQ(lookup_symbol(TypeId::Boolean, "exists"), 1u);
  EXPECT_EQ(lookup_symbol(TypeId::TimeDay, "Saturday"), 6u);
  EXPECT_EQ(lookup_symbol(TypeId::Arphrd, "loopback"), 772u);
  EXPECT_EQ(lookup_symbol(TypeId::MhType, "binding-update"), 5u);
  EXPECT_EQ(lookup_symbol(TypeId::DccpPkttype, "syncack"), 9u);
  EXPECT_EQ(lookup_symbol(TypeId::Dscp, "tcp"), std::nullopt);
  EXPECT_EQ(lookup_symbol(TypeId::Integer, "cs7"), std::nullopt);
  EXPECT_EQ(lookup_symbol(TypeId::Boolean, "true"), std::nullopt);  // nft does not take it
}

TEST(Datatype, InetProtocolNames) {
  EXPECT_EQ(lookup_symbol(TypeId::InetProto, "tcp"), 6u);
  EXPECT_EQ(lookup_symbol(TypeId::InetProto, "udp"), 17u);
  EXPECT_EQ(lookup_symbol(TypeId::InetProto, "ipv6-icmp"), 58u);
  EXPECT_EQ(lookup_symbol(TypeId::InetProto, "IPv6-ICMP"), 58u);  // alias
  EXPECT_EQ(lookup_symbol(TypeId::InetProto, "icmpv6"), 58u);     // nft keyword
  EXPECT_EQ(lookup_symbol(TypeId::InetProto, "sctp"), 132u);
  EXPECT_EQ(lookup_symbol(TypeId::InetProto, "udplite"), 136u);
  EXPECT_EQ(lookup_symbol(TypeId::InetProto, "mobility-header"), 135u);
  EXPECT_EQ(lookup_symbol(TypeId::InetProto, "ethernet"), 143u);
  EXPECT_EQ(symbol_name(TypeId::InetProto, 0), "ip");
  EXPECT_EQ(symbol_name(TypeId::InetProto, 58), "ipv6-icmp");
  EXPECT_EQ(symbol_name(TypeId::InetProto, 108), "ipcomp");
  EXPECT_EQ(symbol_name(TypeId::InetProto, 253), std::nullopt);
}

TEST(Datatype, SymbolNamePrintsFirstMatch) {
  EXPECT_EQ(symbol_name(TypeId::Dscp, 0x38), "cs7");
  EXPECT_EQ(symbol_name(TypeId::Dscp, 0), "cs0");
  EXPECT_EQ(symbol_name(TypeId::Ethertype, 0x8100), "8021q");
  EXPECT_EQ(symbol_name(TypeId::Pkttype, 0), "host");
  EXPECT_EQ(symbol_name(TypeId::Icmp6Type, 132), "mld-listener-done");
  EXPECT_EQ(symbol_name(TypeId::Dscp, 0x3f), std::nullopt);
  EXPECT_EQ(symbol_name(TypeId::Mark, 1), std::nullopt);
}

TEST(Datatype, ConcatTypes) {
  const TypeId members[] = {TypeId::Ipaddr, TypeId::InetService};
  EXPECT_EQ(concat_type(members), 7u << 6 | 13u);
  EXPECT_EQ(concat_members(7u << 6 | 13u),
            (std::vector<TypeId>{TypeId::Ipaddr, TypeId::InetService}));
  const TypeId three[] = {TypeId::Ifname, TypeId::Ipaddr, TypeId::Etheraddr};
  EXPECT_EQ(concat_members(concat_type(three)),
            (std::vector<TypeId>{TypeId::Ifname, TypeId::Ipaddr, TypeId::Etheraddr}));
  EXPECT_TRUE(concat_members(static_cast<uint32_t>(TypeId::Ipaddr)).empty());
}

}  // namespace
}  // namespace nftx::proto
