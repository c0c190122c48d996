// SPDX-License-Identifier: GPL-2.0-or-later
// Tables, chains, sets, flowtables and objects as `nft list ruleset` prints them.
#include <gtest/gtest.h>

#include "compiler/raise/object_print.h"
#include "compiler/raise/ruleset.h"
#include "testsuite/unit/raise/ir_make.h"

namespace nftx::raise {
namespace {

using namespace testing;  // NOLINT: test helpers
constexpr ir::Family kInet = ir::Family::Inet;
constexpr uint32_t kForward = 2, kPostrouting = 4, kOutput = 3;

TEST(ObjectListing, PrintsTheFlowtableExample) {
  ir::Flowtable f;
  f.family = kInet;
  f.table = "filter";
  f.name = "f";
  f.hooknum = 0;
  f.priority = -1;
  f.devices = {"lo"};
  f.flags = 2;  // counter
  ir::Chain y = base_chain(kInet, "filter", "y", kForward, 0);
  const std::string out = list_ruleset(
      ir::Batch{{msg(table(kInet, "filter")), msg(f), msg(y),
                 msg(rule(kInet, "filter", "y", {I(ir::FlowOffload{"f"}), I(ir::Counter{})}))}},
      {});
  EXPECT_EQ(out,
            "table inet filter {\n"
            "\tflowtable f {\n"
            "\t\thook ingress priority filter - 1\n"
            "\t\tdevices = { \"lo\" }\n"
            "\t\tcounter\n"
            "\t}\n"
            "\n"
            "\tchain y {\n"
            "\t\ttype filter hook forward priority filter; policy accept;\n"
            "\t\tflow add @f counter packets 0 bytes 0\n"
            "\t}\n"
            "}\n");
}

TEST(ObjectListing, OrdersObjectsSetsAndChains) {
  ir::Set s;
  s.family = kInet;
  s.table = "t";
  s.name = "ports";
  s.key_type = 13;  // inet_service
  s.key_len = 2;
  ir::SetElems e = elems(kInet, "t", "ports", 0, {elem(be16(22)), elem(be16(80))});
  ir::Object c;
  c.family = kInet;
  c.table = "t";
  c.name = "c1";
  c.type = 1;
  c.body.push_back(I(ir::Counter{1, 2}));
  ir::Chain post = base_chain(kInet, "t", "post", kPostrouting, 105, "nat");
  post.policy = ir::VerdictCode::Drop;
  const std::string out = listing(
      {msg(table(kInet, "t")), msg(chain(kInet, "t", "plain")), msg(s), msg(e), msg(post), msg(c)});
  EXPECT_EQ(out,
            "table inet t {\n"
            "\tcounter c1 {\n"
            "\t}\n"
            "\n"
            "\tset ports {\n"
            "\t\ttype inet_service\n"
            "\t\telements = { 22, 80 }\n"
            "\t}\n"
            "\n"
            "\tchain plain {\n"
            "\t}\n"
            "\n"
            "\tchain post {\n"
            "\t\ttype nat hook postrouting priority srcnat + 5; policy drop;\n"
            "\t}\n"
            "}\n");
}

TEST(ObjectListing, PrintsHandles) {
  std::vector<ir::Message> m{msg(table(kInet, "t")), msg(chain(kInet, "t", "c")),
                             msg(rule(kInet, "t", "c", {verdict(ir::VerdictCode::Accept)}))};
  const std::string out = list_ruleset(ir::Batch{m}, {.handles = true});
  EXPECT_NE(out.find("table inet t { # handle 1\n"), std::string::npos);
  EXPECT_NE(out.find("\tchain c { # handle 1\n"), std::string::npos);
  EXPECT_NE(out.find("\t\taccept # handle 2\n"), std::string::npos);
}

TEST(ObjectListing, PrintsSetAttributesFromUserdata) {
  ir::Set s;
  s.family = kInet;
  s.table = "t";
  s.name = "s";
  s.key_type = 7;  // ipv4_addr
  s.key_len = 4;
  s.flags = kSetInterval | kSetTimeout;
  s.timeout = 60000;
  // NFTNL_UDATA_SET_MERGE_ELEMENTS = 1, NFTNL_UDATA_SET_COMMENT = "hi".
  s.userdata = {2, 4, 1, 0, 0, 0, 7, 3, 'h', 'i', 0};
  const std::string out = listing({msg(table(kInet, "t")), msg(s)});
  EXPECT_NE(out.find("\tset s {\n"
                     "\t\ttype ipv4_addr\n"
                     "\t\tflags interval,timeout\n"
                     "\t\tauto-merge\n"
                     "\t\ttimeout 1m\n"
                     "\t\tcomment \"hi\"\n"
                     "\t}\n"),
            std::string::npos)
      << out;
}

TEST(Priority, NamesStandardPrioritiesWhereTheHookAllows) {
  EXPECT_EQ(priority_string(ir::Family::Ip, kOutput, -100, false), "dstnat");
  EXPECT_EQ(priority_string(ir::Family::Ip, kForward, -100, false), "-100");
  EXPECT_EQ(priority_string(ir::Family::Inet, kForward, 10, false), "filter + 10");
  EXPECT_EQ(priority_string(ir::Family::Inet, kForward, 11, false), "11");
  EXPECT_EQ(priority_string(ir::Family::Netdev, 0, -300, false), "-300");
  EXPECT_EQ(priority_string(ir::Family::Bridge, 0, -300, false), "dstnat");
  EXPECT_EQ(priority_string(ir::Family::Bridge, kOutput, 100, false), "out");
  EXPECT_EQ(priority_string(ir::Family::Inet, kForward, 0, true), "0");
}

TEST(ObjectListing, DecodesWildcardInterfaceIntervals) {
  ir::Set s;
  s.family = kInet;
  s.table = "t";
  s.name = "ifs";
  s.key_type = 41;  // ifname
  s.key_len = 16;
  s.flags = kSetInterval;
  auto name = [](std::string text, uint8_t last) {
    ir::Bytes b(16, 0);
    for (size_t i = 0; i < text.size(); ++i) b[i] = static_cast<uint8_t>(text[i]);
    b[15] = static_cast<uint8_t>(b[15] + last);
    return b;
  };
  const ir::SetElem zero = elem(ir::Bytes(16, 0), kElemIntervalEnd), eth = elem(name("eth", 0)),
                    eti = elem(name("eti", 0), kElemIntervalEnd), lo = elem(name("lo", 0)),
                    lo_end = elem(name("lo", 1), kElemIntervalEnd);
  ir::SetElems e = elems(kInet, "t", "ifs", 0, {zero, eth, eti, lo, lo_end});
  const std::string out = listing({msg(table(kInet, "t")), msg(s), msg(e)});
  EXPECT_NE(out.find("elements = { \"eth*\",\n\t\t\t     \"lo\" }"), std::string::npos) << out;
}

}  // namespace
}  // namespace nftx::raise
