// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <linux/netfilter/nf_tables.h>

#include <set>

#include "compiler/proto/protocol.h"

namespace nftx::proto {
namespace {

void expect_unique(std::span<const Key> keys) {
  std::set<std::string_view> names;
  std::set<uint32_t> numbers;
  for (const Key& k : keys) {
    EXPECT_TRUE(names.insert(k.name).second) << k.name;
    EXPECT_TRUE(numbers.insert(k.key).second) << k.name;
    EXPECT_LT(static_cast<size_t>(k.type), static_cast<size_t>(TypeId::Count_)) << k.name;
  }
}

TEST(Keys, Unique) {
  expect_unique(meta_keys());
  expect_unique(ct_keys());
  expect_unique(rt_keys());
  expect_unique(socket_keys());
}

TEST(MetaKeys, NumbersMatchKernelHeader) {
  const std::pair<std::string_view, uint32_t> expected[] = {
      {"length", NFT_META_LEN},
      {"protocol", NFT_META_PROTOCOL},
      {"priority", NFT_META_PRIORITY},
      {"mark", NFT_META_MARK},
      {"iif", NFT_META_IIF},
      {"oif", NFT_META_OIF},
      {"iifname", NFT_META_IIFNAME},
      {"oifname", NFT_META_OIFNAME},
      {"iiftype", NFT_META_IIFTYPE},
      {"oiftype", NFT_META_OIFTYPE},
      {"skuid", NFT_META_SKUID},
      {"skgid", NFT_META_SKGID},
      {"nftrace", NFT_META_NFTRACE},
      {"rtclassid", NFT_META_RTCLASSID},
      {"secmark", NFT_META_SECMARK},
      {"nfproto", NFT_META_NFPROTO},
      {"l4proto", NFT_META_L4PROTO},
      {"ibrname", NFT_META_BRI_IIFNAME},
      {"obrname", NFT_META_BRI_OIFNAME},
      {"pkttype", NFT_META_PKTTYPE},
      {"cpu", NFT_META_CPU},
      {"iifgroup", NFT_META_IIFGROUP},
      {"oifgroup", NFT_META_OIFGROUP},
      {"cgroup", NFT_META_CGROUP},
      {"random", NFT_META_PRANDOM},
      {"ipsec", NFT_META_SECPATH},
      {"iifkind", NFT_META_IIFKIND},
      {"oifkind", NFT_META_OIFKIND},
      {"ibrpvid", NFT_META_BRI_IIFPVID},
      {"ibrvproto", NFT_META_BRI_IIFVPROTO},
      {"time", NFT_META_TIME_NS},
      {"day", NFT_META_TIME_DAY},
      {"hour", NFT_META_TIME_HOUR},
      {"sdif", NFT_META_SDIF},
      {"sdifname", NFT_META_SDIFNAME},
  };
  for (const auto& [name, number] : expected) {
    const Key* k = meta_key(name);
    ASSERT_NE(k, nullptr) << name;
    EXPECT_EQ(k->key, number) << name;
    EXPECT_EQ(meta_key(number), k) << name;
  }
  // Newer than the installed uapi header: broute follows sdifname, ibrhwaddr skips a slot.
  EXPECT_EQ(meta_key("broute")->key, static_cast<uint32_t>(NFT_META_SDIFNAME) + 1);
  EXPECT_EQ(meta_key("ibrhwaddr")->key, static_cast<uint32_t>(NFT_META_SDIFNAME) + 3);
}

TEST(MetaKeys, TypesLengthsAndAliases) {
  EXPECT_EQ(meta_key("mark")->type, TypeId::Mark);
  EXPECT_EQ(meta_key("mark")->len_bits, 32u);
  EXPECT_EQ(meta_key("mark")->byteorder, ByteOrder::Host);
  EXPECT_TRUE(meta_key("mark")->writable);
  EXPECT_EQ(meta_key("iifname")->type, TypeId::Ifname);
  EXPECT_EQ(meta_key("iifname")->len_bits, 128u);
  EXPECT_EQ(meta_key("l4proto")->type, TypeId::InetProto);
  EXPECT_EQ(meta_key("l4proto")->len_bits, 8u);
  EXPECT_EQ(meta_key("nfproto")->type, TypeId::Nfproto);
  EXPECT_EQ(meta_key("protocol")->type, TypeId::Ethertype);
  EXPECT_EQ(meta_key("protocol")->byteorder, ByteOrder::Big);
  EXPECT_EQ(meta_key("iif")->type, TypeId::Ifindex);
  EXPECT_EQ(meta_key("priority")->type, TypeId::Classid);
  EXPECT_EQ(meta_key("time")->type, TypeId::TimeDate);
  EXPECT_EQ(meta_key("time")->len_bits, 64u);
  EXPECT_EQ(meta_key("random")->byteorder, ByteOrder::Big);
  EXPECT_EQ(meta_key("nftrace")->len_bits, 1u);
  EXPECT_FALSE(meta_key("iifname")->writable);
  EXPECT_EQ(meta_key("ibriport"), meta_key("ibrname"));
  EXPECT_EQ(meta_key("obriport"), meta_key("obrname"));
  EXPECT_EQ(meta_key("secpath"), meta_key("ipsec"));
  EXPECT_EQ(meta_key("nonsense"), nullptr);
  EXPECT_EQ(meta_key(36u), nullptr);  // __NFT_META_IIFTYPE placeholder
}

TEST(CtKeys, NumbersMatchKernelHeader) {
  const std::pair<std::string_view, uint32_t> expected[] = {
      {"state", NFT_CT_STATE},         {"direction", NFT_CT_DIRECTION},
      {"status", NFT_CT_STATUS},       {"mark", NFT_CT_MARK},
      {"secmark", NFT_CT_SECMARK},     {"expiration", NFT_CT_EXPIRATION},
      {"helper", NFT_CT_HELPER},       {"l3proto", NFT_CT_L3PROTOCOL},
      {"saddr", NFT_CT_SRC},           {"daddr", NFT_CT_DST},
      {"protocol", NFT_CT_PROTOCOL},   {"proto-src", NFT_CT_PROTO_SRC},
      {"proto-dst", NFT_CT_PROTO_DST}, {"label", NFT_CT_LABELS},
      {"packets", NFT_CT_PKTS},        {"bytes", NFT_CT_BYTES},
      {"avgpkt", NFT_CT_AVGPKT},       {"zone", NFT_CT_ZONE},
      {"event", NFT_CT_EVENTMASK},     {"ip saddr", NFT_CT_SRC_IP},
      {"ip daddr", NFT_CT_DST_IP},     {"ip6 saddr", NFT_CT_SRC_IP6},
      {"ip6 daddr", NFT_CT_DST_IP6},   {"id", NFT_CT_ID},
  };
  for (const auto& [name, number] : expected) {
    const Key* k = ct_key(name);
    ASSERT_NE(k, nullptr) << name;
    EXPECT_EQ(k->key, number) << name;
    EXPECT_EQ(ct_key(number), k) << name;
  }
  EXPECT_EQ(ct_keys().size(), static_cast<size_t>(__NFT_CT_MAX));
}

TEST(CtKeys, TypesLengthsAndWritable) {
  EXPECT_EQ(ct_key("state")->type, TypeId::CtState);
  EXPECT_EQ(ct_key("state")->len_bits, 32u);
  EXPECT_EQ(ct_key("direction")->len_bits, 8u);
  EXPECT_EQ(ct_key("expiration")->type, TypeId::Time);
  EXPECT_EQ(ct_key("helper")->len_bits, 128u);
  EXPECT_EQ(ct_key("label")->len_bits, 128u);
  EXPECT_EQ(ct_key("zone")->len_bits, 16u);
  EXPECT_EQ(ct_key("bytes")->len_bits, 64u);
  EXPECT_EQ(ct_key("ip saddr")->type, TypeId::Ipaddr);
  EXPECT_EQ(ct_key("ip6 daddr")->len_bits, 128u);
  EXPECT_EQ(ct_key("proto-dst")->byteorder, ByteOrder::Big);
  EXPECT_EQ(ct_key("id")->byteorder, ByteOrder::Big);
  EXPECT_EQ(ct_key("saddr")->type, TypeId::Invalid);  // typed by the rule's family
  for (std::string_view w : {"mark", "secmark", "label", "event", "zone"}) {
    EXPECT_TRUE(ct_key(w)->writable) << w;
  }
  EXPECT_FALSE(ct_key("state")->writable);
  EXPECT_FALSE(ct_key("helper")->writable);
}

TEST(RtSocketKeys, NumbersMatchKernelHeader) {
  EXPECT_EQ(rt_key("classid")->key, static_cast<uint32_t>(NFT_RT_CLASSID));
  EXPECT_EQ(rt_key("ip nexthop")->key, static_cast<uint32_t>(NFT_RT_NEXTHOP4));
  EXPECT_EQ(rt_key("ip6 nexthop")->key, static_cast<uint32_t>(NFT_RT_NEXTHOP6));
  EXPECT_EQ(rt_key("ip6 nexthop")->len_bits, 128u);
  EXPECT_EQ(rt_key("mtu")->key, static_cast<uint32_t>(NFT_RT_TCPMSS));
  EXPECT_EQ(rt_key("ipsec")->key, static_cast<uint32_t>(NFT_RT_XFRM));
  EXPECT_EQ(socket_key("transparent")->key, static_cast<uint32_t>(NFT_SOCKET_TRANSPARENT));
  EXPECT_EQ(socket_key("mark")->key, static_cast<uint32_t>(NFT_SOCKET_MARK));
  EXPECT_EQ(socket_key("wildcard")->key, static_cast<uint32_t>(NFT_SOCKET_WILDCARD));
  EXPECT_EQ(socket_key("cgroupv2")->key, static_cast<uint32_t>(NFT_SOCKET_CGROUPV2));
  EXPECT_EQ(socket_key("cgroupv2")->len_bits, 64u);
  EXPECT_EQ(rt_key("nexthop"), nullptr);
}

}  // namespace
}  // namespace nftx::proto
