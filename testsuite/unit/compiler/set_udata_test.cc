// SPDX-License-Identifier: GPL-2.0-or-later
// Set userdata (NFTA_SET_USERDATA) as nft 1.0.6 sends it: the expected bytes below are what
// `nft --debug=mnl` shows for the same input.
#include "compiler/sema/set_udata.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <cstring>
#include <initializer_list>
#include <string>

#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"

namespace nftx {
namespace {

using ir::Bytes;

// libnftnl TLVs: u32 values in host order, nests and strings as they are.
Bytes u32(uint8_t type, uint32_t v) {
  Bytes b{type, 4, 0, 0, 0, 0};
  std::memcpy(b.data() + 2, &v, 4);
  return b;
}
Bytes nest(uint8_t type, std::initializer_list<Bytes> parts) {
  Bytes content;
  for (const Bytes& p : parts) content.insert(content.end(), p.begin(), p.end());
  // Built in one go: GCC 12's -Warray-bounds misfires on inserting into a 2-byte vector.
  Bytes b(content.size() + 2);
  b[0] = type;
  b[1] = static_cast<uint8_t>(content.size());
  std::copy(content.begin(), content.end(), b.begin() + 2);
  return b;
}
Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes b;
  for (const Bytes& p : parts) b.insert(b.end(), p.begin(), p.end());
  return b;
}
// A typeof description: expression type and its data.
Bytes desc(uint32_t expr_type, std::initializer_list<Bytes> data) {
  return cat({u32(0, expr_type), nest(1, data)});
}
Bytes payload(uint32_t proto, uint32_t field) { return desc(7, {u32(0, proto), u32(1, field)}); }

// The userdata of every set of the batch, in message order.
std::vector<std::pair<std::string, Bytes>> sets_of(const std::string& text) {
  Diagnostics diags;
  SourceManager sm;
  const uint32_t f = sm.add("t.nft", text);
  CompileResult r = compile(sm, f, CompileOptions{}, diags);
  EXPECT_FALSE(diags.has_errors()) << text;
  std::vector<std::pair<std::string, Bytes>> out;
  for (const ir::Message& m : r.batch.messages) {
    if (const auto* s = std::get_if<ir::Set>(&m.object)) out.emplace_back(s->name, s->userdata);
  }
  return out;
}

Bytes only_set(const std::string& text) {
  auto sets = sets_of(text);
  EXPECT_EQ(sets.size(), 1u) << text;
  return sets.empty() ? Bytes{} : sets[0].second;
}

constexpr uint32_t kHost = 1, kBig = 2;

TEST(SetUdata, EncodesTopLevelInNftOrder) {
  sema::SetUdata u;
  u.key_order = proto::ByteOrder::Big;
  u.data_order = proto::ByteOrder::Host;
  u.merge = true;
  u.key_typeof = Bytes{0xaa};
  u.data_typeof = Bytes{0xbb};
  u.data_interval = true;
  u.comment = "c";
  EXPECT_EQ(sema::encode_set_udata(u),
            cat({u32(0, kBig), u32(1, kHost), u32(2, 1), Bytes{3, 1, 0xaa}, Bytes{4, 1, 0xbb},
                 u32(6, 1), Bytes{7, 2, 'c', 0}}));
}

TEST(SetUdata, AnonymousSetDescribesItsKey) {
  EXPECT_EQ(only_set("table ip t { chain c { ip daddr { 1.1.1.1, 2.2.2.2 } accept; }; }\n"),
            cat({u32(0, kBig), nest(3, {payload(12, 12)})}));
}

TEST(SetUdata, AnonymousIntervalSetMerges) {
  EXPECT_EQ(only_set("table ip t { chain c { udp dport { 53, 1000-2000 } accept; }; }\n"),
            cat({u32(0, kBig), u32(2, 1), nest(3, {payload(6, 2)})}));
}

TEST(SetUdata, HostOrderMetaKey) {
  EXPECT_EQ(only_set("table inet t { chain c { iifname { \"eth0\", \"lo\" } accept; }; }\n"),
            cat({u32(0, kHost), nest(3, {desc(9, {u32(0, 6)})})}));
}

TEST(SetUdata, CtKeyWithoutDirection) {
  EXPECT_EQ(only_set("table inet t { chain c { ct mark { 1, 3 } accept; }; }\n"),
            cat({u32(0, kHost), nest(3, {desc(12, {u32(0, 3), u32(1, 0xffffffff)})})}));
}

TEST(SetUdata, IntegerPayloadFieldCarriesItsLength) {
  EXPECT_EQ(only_set("table ip t { chain c { ip ttl { 1, 2 } accept; }; }\n"),
            cat({u32(0, kBig), nest(3, {desc(7, {u32(0, 12), u32(1, 8), u32(4, 8)})})}));
}

TEST(SetUdata, MaskedFieldInRuleHasNoDescription) {
  EXPECT_EQ(only_set("table ip t { chain c { ip dscp { cs1, cs2 } accept; }; }\n"), u32(0, kBig));
}

TEST(SetUdata, ConcatenationMembersUseTheRuleContext) {
  const Bytes key = desc(13, {nest(0, {payload(12, 11)}), nest(1, {payload(8, 2)})});
  EXPECT_EQ(only_set("table ip t { chain c { ip saddr . tcp dport { 1.1.1.1 . 22 } accept; }; }\n"),
            cat({u32(0, 0), nest(3, {key})}));
  // `th` ports without a transport protocol in context stay `th`.
  const Bytes th = desc(13, {nest(0, {payload(12, 9)}), nest(1, {payload(11, 2)})});
  EXPECT_EQ(
      only_set("table ip t { chain c { ip protocol . th dport { tcp . 22, udp . 53 } accept; }; }\n"),
      cat({u32(0, 0), nest(3, {th})}));
}

TEST(SetUdata, ConcatenationStopsAtMaskedMember) {
  const Bytes key = desc(13, {nest(0, {payload(12, 11)})});
  EXPECT_EQ(only_set("table ip t { chain c { ip saddr . ip dscp { 1.1.1.1 . cs1 } accept; }; }\n"),
            cat({u32(0, 0), nest(3, {key})}));
}

TEST(SetUdata, ConcatenationLooksThroughOneMask) {
  // `vlan id` is a masked load: nft describes it (with its 12-bit length) inside a concatenation.
  const Bytes key = desc(13, {nest(0, {payload(17, 2)}),
                              nest(1, {desc(7, {u32(0, 16), u32(1, 4), u32(4, 12)})})});
  EXPECT_EQ(only_set("table bridge t { chain c { ether saddr . vlan id "
                     "{ 0a:0b:0c:0d:0e:0f . 42 } accept; }; }\n"),
            cat({u32(0, 0), nest(3, {key})}));
}

TEST(SetUdata, IntervalSetsConvertHostOrderIntegers) {
  // A one-byte host-order key becomes big endian; concatenation members stop the description.
  EXPECT_EQ(only_set("table inet t { chain c { meta l4proto { 33-55, 66-88 } accept; }; }\n"),
            cat({u32(0, kBig), u32(2, 1), nest(3, {desc(9, {u32(0, 16)})})}));
  EXPECT_EQ(only_set("table inet t { chain c { ip saddr . meta mark "
                     "{ 1.2.3.6-1.2.3.8 . 0x200-0x300 } accept; }; }\n"),
            cat({u32(0, 0), u32(2, 1), nest(3, {desc(13, {nest(0, {payload(12, 11)})})})}));
}

TEST(SetUdata, AnonymousMapsDescribeVerdictsAndConcatenatedKeysOnly) {
  const Bytes verdict = desc(1, {});
  EXPECT_EQ(only_set("table ip t { chain c { tcp dport vmap { 22 : accept, 80 : drop }; }; }\n"),
            cat({u32(0, kBig), u32(1, 0), nest(4, {verdict}), u32(6, 0)}));
  EXPECT_EQ(only_set("table ip t { chain c { meta mark set tcp dport map { 22 : 1 }; }; }\n"),
            cat({u32(0, kBig), u32(1, kHost), u32(6, 0)}));
}

TEST(SetUdata, NamedSetsAndMaps) {
  auto sets = sets_of(
      "table ip t {\n"
      " set s { type ipv4_addr . inet_service; flags interval; comment \"sc\"; }\n"
      " map m { type ipv4_addr : verdict; }\n"
      " set a { type ipv4_addr; flags interval; auto-merge; }\n"
      " set f { type ifname; }\n"
      " map o { type ipv4_addr : counter; }\n"
      "}\n");
  ASSERT_EQ(sets.size(), 5u);
  EXPECT_EQ(sets[0].second,
            cat({u32(0, 0), nest(3, {desc(13, {})}), Bytes{7, 3, 's', 'c', 0}}));
  EXPECT_EQ(sets[1].second, cat({u32(0, kBig), u32(1, 0), u32(6, 0)}));
  EXPECT_EQ(sets[2].second, cat({u32(0, kBig), u32(2, 1)}));
  EXPECT_EQ(sets[3].second, u32(0, kHost));
  EXPECT_EQ(sets[4].second, cat({u32(0, kBig), u32(6, 0)}));
}

TEST(SetUdata, TypeofKeepsDeclaredFields) {
  auto sets = sets_of(
      "table inet t {\n"
      " set d { typeof ip dscp; }\n"
      " set v { typeof vlan id; }\n"
      " set r { typeof @nh,3,5; }\n"
      " set o { typeof tcp option sack1 left; }\n"
      " set x { typeof frag more-fragments; }\n"
      " map m { typeof ip saddr : meta mark; }\n"
      "}\n");
  ASSERT_EQ(sets.size(), 6u);
  EXPECT_EQ(sets[0].second, cat({u32(0, kBig), nest(3, {payload(12, 3)})}));
  EXPECT_EQ(sets[1].second,
            cat({u32(0, kBig), nest(3, {desc(7, {u32(0, 16), u32(1, 4), u32(4, 12)})})}));
  EXPECT_EQ(sets[2].second,
            cat({u32(0, kBig), nest(3, {desc(7, {u32(0, 0), u32(1, 0), u32(2, 2), u32(3, 3),
                                                 u32(4, 5)})})}));
  EXPECT_EQ(sets[3].second,
            cat({u32(0, kBig), nest(3, {desc(8, {u32(1, 4), u32(2, 1), u32(0, 5)})})}));
  EXPECT_EQ(sets[4].second, cat({u32(0, kBig), nest(3, {desc(8, {u32(1, 5), u32(0, 6)})})}));
  EXPECT_EQ(sets[5].second, cat({u32(0, kBig), u32(1, kHost), nest(3, {payload(12, 11)}),
                                 nest(4, {desc(9, {u32(0, 3)})}), u32(6, 0)}));
}

}  // namespace
}  // namespace nftx
