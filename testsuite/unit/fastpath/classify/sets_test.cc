// SPDX-License-Identifier: GPL-2.0-or-later
// Set lookups from compiled rulesets: anonymous and named sets, intervals in the kernel's form,
// concatenations, concatenated ranges, maps, verdict maps, catch-all, dynset with timeouts.
#include <gtest/gtest.h>

#include "backends/fastpath/classify/kernel_consts.h"
#include "backends/fastpath/classify/testing.h"

namespace nftx::fastpath::classify {
namespace {

using testing::L4;
using testing::TestFrame;

struct Rig {
  testing::Compiled c;
  testing::RecordingEnv env;
  IfInfo in = testing::iface(2, "eth0");

  explicit Rig(const std::string& text) : c(testing::compile_text(text)) {
    EXPECT_EQ(c.diagnostics, "");
    EXPECT_TRUE(c.out.errors.empty());
  }
  Result run(TestFrame& f, ir::Family pf = ir::Family::Ip, uint64_t now = 0,
             uint32_t hooknum = k::kHookInput) {
    Packet p;
    p.frame = &f.frame;
    p.pf = pf;
    p.hooknum = hooknum;
    p.in = &in;
    p.now_ns = now;
    return run_hook(c.out.ruleset, p, env);
  }
  Code tcp(const char* src, uint16_t dport, uint64_t now = 0) {
    TestFrame f = testing::ipv4(src, "192.0.2.2", L4{.dport = dport});
    return run(f, ir::Family::Ip, now).code;
  }
  Set& set(const std::string& name) {
    CompiledTable& t = c.out.ruleset.tables.front();
    return t.sets.at(static_cast<size_t>(t.find_set(name)));
  }
};

constexpr uint64_t kSec = 1000000000ULL;

// nftx's sema drops a dynset's element timeout and statements (reported to the lead): put them
// into the IR the way nft sends them, then compile again.
void patch_dynset(Rig& r, std::optional<uint64_t> timeout_ms, std::vector<ir::Instr> exprs) {
  for (raise::ChainState& cs : r.c.state.tables.front().chains) {
    for (raise::RuleState& rs : cs.rules) {
      for (ir::Instr& in : rs.rule.exprs) {
        if (auto* d = std::get_if<ir::DynsetBox>(&in.op)) {
          if (!d->v.front().timeout) d->v.front().timeout = timeout_ms;
          if (d->v.front().exprs.empty()) d->v.front().exprs = exprs;
        }
      }
    }
  }
  r.c.out = compile(r.c.state, 0);
}

TEST(ClassifySets, AnonymousAndNamed) {
  Rig r(
      "table ip t {\n"
      "  set blocked { type ipv4_addr; elements = { 198.51.100.7, 203.0.113.9 } }\n"
      "  chain in { type filter hook input priority 0;\n"
      "    ip saddr @blocked drop\n"
      "    tcp dport { 22, 23, 3389 } drop\n"
      "    ip saddr != { 192.0.2.0/24 } tcp dport 8080 drop\n"
      "  }\n"
      "}\n");
  EXPECT_EQ(r.tcp("198.51.100.7", 80), Code::Drop);
  EXPECT_EQ(r.tcp("198.51.100.8", 80), Code::Accept);
  EXPECT_EQ(r.tcp("192.0.2.1", 23), Code::Drop);
  EXPECT_EQ(r.tcp("192.0.2.1", 24), Code::Accept);
  EXPECT_EQ(r.tcp("192.0.2.1", 8080), Code::Accept);   // inside the prefix: != fails
  EXPECT_EQ(r.tcp("10.0.0.1", 8080), Code::Drop);
}

TEST(ClassifySets, IntervalsInKernelForm) {
  Rig r(
      "table ip t {\n"
      "  set nets { type ipv4_addr; flags interval;\n"
      "    elements = { 10.0.0.0/8, 172.16.0.0-172.31.255.255, 192.168.1.1 } }\n"
      "  chain in { type filter hook input priority 0;\n"
      "    ip saddr @nets drop\n"
      "    tcp dport { 1000-2000, 5000 } drop\n"
      "  }\n"
      "}\n");
  EXPECT_EQ(r.tcp("10.255.255.255", 80), Code::Drop);
  EXPECT_EQ(r.tcp("11.0.0.0", 80), Code::Accept);   // the end element
  EXPECT_EQ(r.tcp("9.255.255.255", 80), Code::Accept);
  EXPECT_EQ(r.tcp("172.31.255.255", 80), Code::Drop);
  EXPECT_EQ(r.tcp("172.32.0.0", 80), Code::Accept);
  EXPECT_EQ(r.tcp("192.168.1.1", 80), Code::Drop);
  EXPECT_EQ(r.tcp("192.168.1.2", 80), Code::Accept);
  EXPECT_EQ(r.tcp("1.1.1.1", 999), Code::Accept);
  EXPECT_EQ(r.tcp("1.1.1.1", 1000), Code::Drop);
  EXPECT_EQ(r.tcp("1.1.1.1", 2000), Code::Drop);
  EXPECT_EQ(r.tcp("1.1.1.1", 2001), Code::Accept);
  EXPECT_EQ(r.tcp("1.1.1.1", 5000), Code::Drop);
}

TEST(ClassifySets, Concatenations) {
  Rig r(
      "table ip t {\n"
      "  set pairs { type ipv4_addr . inet_service; elements = { 192.0.2.1 . 22 } }\n"
      "  set ranges { type ipv4_addr . inet_service; flags interval;\n"
      "    elements = { 10.0.0.0/8 . 100-200 } }\n"
      "  chain in { type filter hook input priority 0;\n"
      "    ip saddr . tcp dport @pairs drop\n"
      "    ip saddr . tcp dport @ranges drop\n"
      "  }\n"
      "}\n");
  EXPECT_EQ(r.tcp("192.0.2.1", 22), Code::Drop);
  EXPECT_EQ(r.tcp("192.0.2.1", 23), Code::Accept);
  EXPECT_EQ(r.tcp("192.0.2.3", 22), Code::Accept);
  EXPECT_EQ(r.tcp("10.9.9.9", 150), Code::Drop);
  EXPECT_EQ(r.tcp("10.9.9.9", 200), Code::Drop);
  EXPECT_EQ(r.tcp("10.9.9.9", 201), Code::Accept);
  EXPECT_EQ(r.tcp("11.0.0.1", 150), Code::Accept);
}

TEST(ClassifySets, MapsAndVerdictMaps) {
  Rig r(
      "table ip t {\n"
      "  chain ssh { counter drop; }\n"
      "  chain pre { type filter hook prerouting priority 0;\n"
      "    meta mark set tcp dport map { 80 : 1, 443 : 2 }\n"
      "  }\n"
      "  chain in { type filter hook input priority 0;\n"
      "    tcp dport vmap { 22 : jump ssh, 25 : drop, 80 : accept }\n"
      "    ip saddr vmap { 10.0.0.0/8 : drop }\n"
      "  }\n"
      "}\n");
  TestFrame f = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.dport = 443});
  EXPECT_EQ(r.run(f, ir::Family::Ip, 0, k::kHookPrerouting).code, Code::Accept);
  EXPECT_EQ(f.frame.mark, 2u);
  TestFrame g = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.dport = 8443});
  r.run(g, ir::Family::Ip, 0, k::kHookPrerouting);
  EXPECT_EQ(g.frame.mark, 0u);  // no element: the rule broke before meta set
  EXPECT_EQ(r.tcp("192.0.2.1", 22), Code::Drop);
  EXPECT_EQ(r.tcp("192.0.2.1", 25), Code::Drop);
  EXPECT_EQ(r.tcp("10.1.1.1", 80), Code::Accept);  // accept ends the chain first
  EXPECT_EQ(r.tcp("10.1.1.1", 81), Code::Drop);
  EXPECT_EQ(r.tcp("192.0.2.1", 81), Code::Accept);
}

TEST(ClassifySets, CatchAll) {
  Rig r(
      "table ip t {\n"
      "  map ports { type inet_service : verdict; elements = { 22 : accept, * : drop } }\n"
      "  chain in { type filter hook input priority 0;\n"
      "    tcp dport vmap @ports\n"
      "  }\n"
      "}\n");
  EXPECT_EQ(r.tcp("192.0.2.1", 22), Code::Accept);
  EXPECT_EQ(r.tcp("192.0.2.1", 23), Code::Drop);
}

TEST(ClassifySets, DynsetAddWithTimeout) {
  Rig r(
      "table ip t {\n"
      "  set seen { type ipv4_addr; timeout 10s; }\n"
      "  chain in { type filter hook input priority 0;\n"
      "    ip saddr @seen drop\n"
      "    tcp dport 22 add @seen { ip saddr timeout 5s }\n"
      "  }\n"
      "}\n");
  patch_dynset(r, 5000, {});
  EXPECT_EQ(r.tcp("192.0.2.1", 22, 1 * kSec), Code::Accept);  // added now
  EXPECT_EQ(r.set("seen").size(), 1u);
  EXPECT_EQ(r.tcp("192.0.2.1", 80, 2 * kSec), Code::Drop);
  EXPECT_EQ(r.tcp("192.0.2.9", 80, 2 * kSec), Code::Accept);
  EXPECT_EQ(r.tcp("192.0.2.1", 80, 5 * kSec + 999), Code::Drop);
  EXPECT_EQ(r.tcp("192.0.2.1", 80, 6 * kSec + 1), Code::Accept);  // expired after 5 s
}

TEST(ClassifySets, DynsetUpdateWithPerElementLimit) {
  Rig r(
      "table ip t {\n"
      "  set flood { type ipv4_addr; flags dynamic; }\n"
      "  chain in { type filter hook input priority 0;\n"
      "    update @flood { ip saddr limit rate over 1/second burst 2 packets } drop\n"
      "  }\n"
      "}\n");
  patch_dynset(r, std::nullopt,
               {ir::Instr{ir::Limit{1, 1, 2, k::kLimitPkts, k::kLimitFInv}, {}}});
  // burst 2: two packets within the limit, the third over it.
  EXPECT_EQ(r.tcp("192.0.2.1", 80, kSec), Code::Accept);
  EXPECT_EQ(r.tcp("192.0.2.1", 80, kSec), Code::Accept);
  EXPECT_EQ(r.tcp("192.0.2.1", 80, kSec), Code::Drop);
  // Another source has its own bucket.
  EXPECT_EQ(r.tcp("192.0.2.2", 80, kSec), Code::Accept);
  // A second later one token is back.
  EXPECT_EQ(r.tcp("192.0.2.1", 80, 2 * kSec), Code::Accept);
  EXPECT_EQ(r.tcp("192.0.2.1", 80, 2 * kSec), Code::Drop);
  EXPECT_EQ(r.set("flood").size(), 2u);
}

TEST(ClassifySets, ElementCountersAndWriteBack) {
  Rig r(
      "table ip t {\n"
      "  set s { type inet_service; counter; elements = { 22, 80 } }\n"
      "  chain in { type filter hook input priority 0;\n"
      "    tcp dport @s accept\n"
      "  }\n"
      "}\n");
  // nftx's sema does not emit set expressions yet (reported): add the set's `counter` as nft
  // sends it (NFTA_SET_EXPR), every element then gets its own.
  r.c.state.tables.front().sets.front().decl.exprs = {ir::Instr{ir::Counter{}, {}}};
  r.c.out = compile(r.c.state, 0);
  r.tcp("192.0.2.1", 22);
  r.tcp("192.0.2.1", 22);
  r.tcp("192.0.2.1", 80);
  r.c.out.ruleset.write_back(r.c.state, 0);
  const raise::SetState* s = r.c.state.tables.front().find_set("s");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->elements.size(), 2u);
  uint64_t total = 0;
  for (const ir::SetElem& e : s->elements) {
    ASSERT_EQ(e.exprs.size(), 1u);
    const auto* c = std::get_if<ir::Counter>(&e.exprs[0].op);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->packets, e.key[1] == 22 ? 2u : 1u) << int{e.key[1]};
    total += c->packets;
  }
  EXPECT_EQ(total, 3u);
}

}  // namespace
}  // namespace nftx::fastpath::classify
