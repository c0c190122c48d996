// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/proto/protocol.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace nftx::proto {
namespace {

const Field& must_field(std::string_view proto, std::string_view name) {
  const Protocol* p = protocol(proto);
  EXPECT_NE(p, nullptr) << proto;
  static const Field kNone{"", TypeId::Invalid, 0, 0, ByteOrder::Invalid};
  if (p == nullptr) return kNone;
  const Field* f = field(*p, name);
  EXPECT_NE(f, nullptr) << proto << " " << name;
  return f != nullptr ? *f : kNone;
}

struct Expect {
  std::string_view proto, field;
  uint32_t offset, len;
  TypeId type;
};

TEST(Protocol, FieldOffsets) {
  const Expect expected[] = {
      {"ether", "daddr", 0, 48, TypeId::Etheraddr},
      {"ether", "saddr", 48, 48, TypeId::Etheraddr},
      {"ether", "type", 96, 16, TypeId::Ethertype},
      {"vlan", "pcp", 0, 3, TypeId::Integer},
      {"vlan", "dei", 3, 1, TypeId::Integer},
      {"vlan", "cfi", 3, 1, TypeId::Integer},
      {"vlan", "id", 4, 12, TypeId::Integer},
      {"vlan", "type", 16, 16, TypeId::Ethertype},
      {"arp", "operation", 48, 16, TypeId::Arpop},
      {"arp", "saddr ether", 64, 48, TypeId::Etheraddr},
      {"arp", "saddr ip", 112, 32, TypeId::Ipaddr},
      {"arp", "daddr ether", 144, 48, TypeId::Etheraddr},
      {"arp", "daddr ip", 192, 32, TypeId::Ipaddr},
      {"ip", "dscp", 8, 6, TypeId::Dscp},
      {"ip", "ecn", 14, 2, TypeId::Ecn},
      {"ip", "frag-off", 48, 16, TypeId::Integer},
      {"ip", "protocol", 72, 8, TypeId::InetProto},
      {"ip", "saddr", 96, 32, TypeId::Ipaddr},
      {"ip", "daddr", 128, 32, TypeId::Ipaddr},
      {"ip6", "flowlabel", 12, 20, TypeId::Integer},
      {"ip6", "nexthdr", 48, 8, TypeId::InetProto},
      {"ip6", "hoplimit", 56, 8, TypeId::Integer},
      {"ip6", "saddr", 64, 128, TypeId::Ip6addr},
      {"ip6", "daddr", 192, 128, TypeId::Ip6addr},
      {"tcp", "sport", 0, 16, TypeId::InetService},
      {"tcp", "dport", 16, 16, TypeId::InetService},
      {"tcp", "doff", 96, 4, TypeId::Integer},
      {"tcp", "flags", 104, 8, TypeId::TcpFlag},
      {"tcp", "urgptr", 144, 16, TypeId::Integer},
      {"udp", "length", 32, 16, TypeId::Integer},
      {"udplite", "csumcov", 32, 16, TypeId::Integer},
      {"dccp", "type", 67, 4, TypeId::DccpPkttype},
      {"sctp", "vtag", 32, 32, TypeId::Integer},
      {"icmp", "type", 0, 8, TypeId::IcmpType},
      {"icmp", "code", 8, 8, TypeId::IcmpCode},
      {"icmp", "gateway", 32, 32, TypeId::Integer},
      {"icmp", "mtu", 48, 16, TypeId::Integer},
      {"icmpv6", "mtu", 32, 32, TypeId::Integer},
      {"icmpv6", "max-delay", 32, 16, TypeId::Integer},
      {"icmpv6", "taddr", 64, 128, TypeId::Ip6addr},
      {"icmpv6", "daddr", 192, 128, TypeId::Ip6addr},
      {"igmp", "group", 32, 32, TypeId::Integer},
      {"ah", "spi", 32, 32, TypeId::Integer},
      {"esp", "sequence", 32, 32, TypeId::Integer},
      {"comp", "cpi", 16, 16, TypeId::Integer},
      {"th", "dport", 16, 16, TypeId::InetService},
      {"gre", "version", 13, 3, TypeId::Integer},
      {"gre", "protocol", 16, 16, TypeId::Ethertype},
      {"vxlan", "vni", 32, 24, TypeId::Integer},
      {"geneve", "type", 16, 16, TypeId::Ethertype},
  };
  for (const Expect& e : expected) {
    const Field& f = must_field(e.proto, e.field);
    EXPECT_EQ(f.offset_bits, e.offset) << e.proto << " " << e.field;
    EXPECT_EQ(f.len_bits, e.len) << e.proto << " " << e.field;
    EXPECT_EQ(f.type, e.type) << e.proto << " " << e.field;
    EXPECT_EQ(f.byteorder, ByteOrder::Big) << e.proto << " " << e.field;
  }
}

TEST(Protocol, Bases) {
  EXPECT_EQ(protocol("ether")->base, ir::PayloadBase::LinkLayer);
  EXPECT_EQ(protocol("vlan")->base, ir::PayloadBase::LinkLayer);
  EXPECT_EQ(protocol("arp")->base, ir::PayloadBase::Network);
  EXPECT_EQ(protocol("ip6")->base, ir::PayloadBase::Network);
  EXPECT_EQ(protocol("icmpv6")->base, ir::PayloadBase::Transport);
  EXPECT_EQ(protocol("th")->base, ir::PayloadBase::Transport);
  EXPECT_EQ(protocol("ether")->length_bits, 112u);
  EXPECT_EQ(protocol("vlan")->length_bits, 32u);
  EXPECT_EQ(protocol("nonsense"), nullptr);
}

TEST(Protocol, Links) {
  const Protocol& ether = *protocol("ether");
  EXPECT_EQ(ether.key_field, "type");
  EXPECT_EQ(upper_value(ether, "ip"), 0x0800u);
  EXPECT_EQ(upper_value(ether, "arp"), 0x0806u);
  EXPECT_EQ(upper_value(ether, "ip6"), 0x86ddu);
  EXPECT_EQ(upper_value(ether, "vlan"), 0x8100u);
  EXPECT_EQ(upper_protocol(ether, 0x88a8)->name, "vlan");
  EXPECT_EQ(upper_value(*protocol("vlan"), "ip6"), 0x86ddu);

  const Protocol& ip = *protocol("ip");
  EXPECT_EQ(ip.key_field, "protocol");
  EXPECT_EQ(ip.key_meta, 16u);  // NFT_META_L4PROTO
  const std::pair<std::string_view, uint64_t> inet[] = {
      {"icmp", 1}, {"igmp", 2},    {"tcp", 6},    {"udp", 17},      {"dccp", 33},  {"esp", 50},
      {"ah", 51},  {"icmpv6", 58}, {"comp", 108}, {"udplite", 136}, {"sctp", 132}, {"gre", 47},
  };
  for (const auto& [name, value] : inet) {
    EXPECT_EQ(upper_value(ip, name), value) << name;
    EXPECT_EQ(upper_value(*protocol("ip6"), name), value) << name;
  }
  EXPECT_EQ(upper_protocol(ip, 47)->name, "gre");  // gre before gretap
  EXPECT_EQ(upper_protocol(ip, 6)->name, "tcp");
  EXPECT_EQ(upper_protocol(ip, 99), nullptr);
  EXPECT_EQ(protocol("ip6")->key_field, "nexthdr");
  EXPECT_EQ(upper_value(*protocol("inet"), "ip6"), 10u);
  EXPECT_EQ(protocol("inet")->key_meta, 15u);   // NFT_META_NFPROTO
  EXPECT_EQ(protocol("netdev")->key_meta, 1u);  // NFT_META_PROTOCOL
  EXPECT_EQ(upper_value(*protocol("ah"), "tcp"), 6u);
}

TEST(Protocol, FamilyStart) {
  EXPECT_EQ(family_protocol(ir::Family::Ip).name, "ip");
  EXPECT_EQ(family_protocol(ir::Family::Ip6).name, "ip6");
  EXPECT_EQ(family_protocol(ir::Family::Inet).name, "inet");
  EXPECT_EQ(family_protocol(ir::Family::Bridge).name, "ether");
  EXPECT_EQ(family_protocol(ir::Family::Netdev).name, "netdev");
  EXPECT_EQ(family_protocol(ir::Family::Arp).name, "arp");
}

TEST(Protocol, ChecksumsAndPseudoHeader) {
  EXPECT_EQ(protocol("ip")->checksum_field, "checksum");
  EXPECT_EQ(protocol("ip")->checksum_type, 1u);
  EXPECT_EQ(protocol("tcp")->checksum_type, 1u);
  EXPECT_EQ(protocol("sctp")->checksum_type, 2u);
  EXPECT_FALSE(protocol("ip6")->checksum_field.has_value());
  EXPECT_FALSE(protocol("udplite")->checksum_field.has_value());
  EXPECT_EQ(protocol("ip")->pseudo_header.size(), 4u);
}

TEST(Protocol, InnerTunnels) {
  EXPECT_EQ(protocol("vxlan")->inner->type, 1u);
  EXPECT_EQ(protocol("vxlan")->inner->hdrsize, 8u);
  EXPECT_EQ(protocol("vxlan")->inner->flags, 0xfu);
  EXPECT_EQ(protocol("geneve")->inner->type, 2u);
  EXPECT_EQ(protocol("gre")->inner->type, 3u);
  EXPECT_EQ(protocol("gre")->inner->flags, 0xcu);
  EXPECT_EQ(protocol("gretap")->inner->type, 4u);
  EXPECT_EQ(protocol("gretap")->inner->flags, 0xeu);
  EXPECT_FALSE(protocol("udp")->inner.has_value());
}

TEST(Protocol, TableConsistency) {
  std::set<std::string_view> names;
  for (const Protocol& p : all_protocols()) {
    EXPECT_TRUE(names.insert(p.name).second) << "duplicate protocol " << p.name;
    std::set<std::string_view> fields;
    for (const Field& f : p.fields) {
      EXPECT_TRUE(fields.insert(f.name).second) << p.name << " duplicate field " << f.name;
      EXPECT_GT(f.len_bits, 0u) << p.name << " " << f.name;
      EXPECT_LE(f.offset_bits + f.len_bits, p.size_bits) << p.name << " " << f.name;
      EXPECT_LT(static_cast<size_t>(f.type), static_cast<size_t>(TypeId::Count_));
      EXPECT_NE(f.type, TypeId::Invalid) << p.name << " " << f.name;
      // A field whose datatype has a fixed size must be at most that wide.
      const uint32_t type_bits = datatype(f.type).size_bits;
      if (type_bits != 0) {
        EXPECT_LE(f.len_bits, type_bits) << p.name << " " << f.name;
      }
    }
    if (p.key_field) {
      EXPECT_NE(field(p, *p.key_field), nullptr) << p.name;
    }
    if (p.checksum_field) {
      EXPECT_NE(field(p, *p.checksum_field), nullptr) << p.name;
    }
    for (std::string_view f : p.pseudo_header) EXPECT_NE(field(p, f), nullptr) << p.name;
    for (const Upper& u : p.uppers) EXPECT_NE(protocol(u.proto), nullptr) << p.name;
    EXPECT_EQ(p.pseudo, p.fields.empty() && p.name != "gretap") << p.name;
    if (p.length_bits != 0) {
      EXPECT_EQ(p.length_bits, p.size_bits) << p.name;
    }
  }
  for (std::string_view name :
       {"ether", "vlan", "arp", "ip",  "icmp", "igmp", "ip6", "icmpv6", "tcp",   "udp",   "udplite",
        "sctp",  "dccp", "ah",  "esp", "comp", "th",   "gre", "gretap", "vxlan", "geneve"}) {
    EXPECT_NE(protocol(name), nullptr) << name;
  }
}

TEST(Protocol, IcmpDependencies) {
  EXPECT_EQ(must_field("icmp", "id").icmp_dep, IcmpDep::Echo);
  EXPECT_EQ(must_field("icmp", "type").icmp_dep, IcmpDep::None);
  EXPECT_EQ(must_field("icmpv6", "taddr").icmp_dep, IcmpDep::Icmp6Address);
  EXPECT_EQ(icmp_dep_type(IcmpDep::Echo), 8u);
  EXPECT_EQ(icmp_dep_type(IcmpDep::Mtu), 3u);
  EXPECT_EQ(icmp_dep_type(IcmpDep::Address), 5u);
  EXPECT_EQ(icmp_dep_type(IcmpDep::Icmp6Mtu), 2u);
  EXPECT_EQ(icmp_dep_type(IcmpDep::Icmp6Mgmq), 130u);
  EXPECT_EQ(icmp_dep_type(IcmpDep::Icmp6Redirect), 137u);
  EXPECT_EQ(icmp_dep_type(IcmpDep::None), std::nullopt);
  EXPECT_EQ(icmp_dep_types(IcmpDep::Echo).size(), 2u);
  EXPECT_EQ(icmp_dep_types(IcmpDep::Icmp6Address).size(), 6u);
  for (const Protocol& p : all_protocols()) {
    for (const Field& f : p.fields) {
      if (f.icmp_dep == IcmpDep::None) continue;
      EXPECT_TRUE(p.name == "icmp" || p.name == "icmpv6") << p.name << " " << f.name;
      ASSERT_TRUE(icmp_dep_type(f.icmp_dep).has_value());
      const auto types = icmp_dep_types(f.icmp_dep);
      // The dependency nft generates is one of the accepted types.
      EXPECT_NE(std::find(types.begin(), types.end(), *icmp_dep_type(f.icmp_dep)), types.end());
    }
  }
}

TEST(ExtHeader, Fields) {
  const ExtHeader* frag = ext_header("frag");
  ASSERT_NE(frag, nullptr);
  EXPECT_EQ(frag->type, 44u);
  EXPECT_EQ(field(*frag, "frag-off")->offset_bits, 16u);
  EXPECT_EQ(field(*frag, "frag-off")->len_bits, 13u);
  EXPECT_EQ(field(*frag, "more-fragments")->offset_bits, 31u);
  EXPECT_EQ(field(*frag, "id")->offset_bits, 32u);
  EXPECT_EQ(ext_header("hbh")->type, 0u);
  EXPECT_EQ(ext_header("rt")->type, 43u);
  EXPECT_EQ(ext_header("srh")->type, 43u);
  EXPECT_EQ(ext_header("dst")->type, 60u);
  EXPECT_EQ(ext_header("mh")->type, 135u);
  EXPECT_EQ(field(*ext_header("mh"), "type")->type, TypeId::MhType);
  EXPECT_EQ(field(*ext_header("rt"), "seg-left")->offset_bits, 24u);
  EXPECT_EQ(field(*ext_header("srh"), "tag")->offset_bits, 48u);
  // `srh sid[2]` loads 16 bytes at offset 24 in nft's payload tests.
  EXPECT_EQ(field(*ext_header("srh"), "sid[2]")->offset_bits, 24u * 8);
  EXPECT_EQ(ext_header("nonsense"), nullptr);
}

TEST(ExtHeader, ArrayFields) {
  const ExtHeader& rt0 = *ext_header("rt0");
  EXPECT_EQ(ext_header_array_field(rt0, "addr", 1)->offset_bits, 64u);
  EXPECT_EQ(ext_header_array_field(rt0, "addr", 2)->offset_bits,
            field(rt0, "addr[2]")->offset_bits);
  EXPECT_EQ(ext_header_array_field(rt0, "addr", 5)->offset_bits, 64u + 4 * 128);
  EXPECT_EQ(ext_header_array_field(rt0, "addr", 5)->len_bits, 128u);
  EXPECT_FALSE(ext_header_array_field(rt0, "addr", 0).has_value());
  EXPECT_FALSE(ext_header_array_field(rt0, "sid", 1).has_value());
  EXPECT_EQ(ext_header_array_field(*ext_header("srh"), "sid", 3)->offset_bits, 64u + 2 * 128);
}

TEST(ExtHeader, TableConsistency) {
  std::set<std::string_view> names;
  for (const ExtHeader& h : all_ext_headers()) {
    EXPECT_TRUE(names.insert(h.name).second) << h.name;
    std::set<std::string_view> fields;
    for (const Field& f : h.fields) {
      EXPECT_TRUE(fields.insert(f.name).second) << h.name << " " << f.name;
      EXPECT_GT(f.len_bits, 0u);
      EXPECT_NE(f.type, TypeId::Invalid);
    }
  }
  EXPECT_EQ(names.size(), 8u);
}

}  // namespace
}  // namespace nftx::proto
