// SPDX-License-Identifier: GPL-2.0-or-later
// The VM over hand-built frames: payload matches, inet dispatch, jumps, policies, the cases
// that must break (truncated packets, later fragments), register-level ops.
#include <gtest/gtest.h>

#include "backends/fastpath/classify/kernel_consts.h"
#include "backends/fastpath/classify/testing.h"

namespace nftx::fastpath::classify {
namespace {

using testing::compile_text;
using testing::Compiled;
using testing::L4;
using testing::RecordingEnv;
using testing::TestFrame;

struct Hook {
  Compiled c;
  RecordingEnv env;
  IfInfo in = testing::iface(2, "eth0");
  IfInfo out = testing::iface(3, "eth1");

  explicit Hook(const std::string& text) : c(compile_text(text)) {
    EXPECT_EQ(c.diagnostics, "");
    EXPECT_TRUE(c.out.errors.empty());
  }
  Result run(TestFrame& f, ir::Family pf, uint32_t hooknum = k::kHookInput,
             const CtView* ct = nullptr, uint64_t now = 0) {
    Packet p;
    p.frame = &f.frame;
    p.pf = pf;
    p.hooknum = hooknum;
    p.in = &in;
    p.out = hooknum == k::kHookInput ? nullptr : &out;
    p.ct = ct;
    p.now_ns = now;
    return run_hook(c.out.ruleset, p, env);
  }
  uint64_t counter(const std::string& chain, size_t rule) {
    const CompiledTable& t = c.out.ruleset.tables.front();
    const CompiledRule& r = t.chains[static_cast<size_t>(t.find_chain(chain))].rules.at(rule);
    for (const CompiledOp& op : r.ops) {
      if (std::holds_alternative<ir::Counter>(op.instr.op)) {
        return r.states[static_cast<size_t>(op.state)].packets;
      }
    }
    return ~0ULL;
  }
};

TEST(ClassifyVm, TcpPortDropAndPolicy) {
  Hook h(
      "table ip t {\n"
      "  chain in { type filter hook input priority 0; policy accept;\n"
      "    tcp dport 22 counter drop\n"
      "    ip saddr 10.0.0.0/8 udp dport 53 accept\n"
      "    ip protocol icmp icmp type echo-request drop\n"
      "  }\n"
      "}\n");
  TestFrame ssh = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.dport = 22});
  EXPECT_EQ(h.run(ssh, ir::Family::Ip).code, Code::Drop);
  EXPECT_EQ(h.counter("in", 0), 1u);
  TestFrame web = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.dport = 80});
  EXPECT_EQ(h.run(web, ir::Family::Ip).code, Code::Accept);
  EXPECT_EQ(h.counter("in", 0), 1u);
  TestFrame ping = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.proto = 1, .icmp_type = 8});
  EXPECT_EQ(h.run(ping, ir::Family::Ip).code, Code::Drop);
  TestFrame reply = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.proto = 1, .icmp_type = 0});
  EXPECT_EQ(h.run(reply, ir::Family::Ip).code, Code::Accept);
}

TEST(ClassifyVm, PolicyDropAndPrefix) {
  Hook h(
      "table ip t {\n"
      "  chain in { type filter hook input priority 0; policy drop;\n"
      "    ip saddr 10.0.0.0/8 udp dport 53 accept\n"
      "  }\n"
      "}\n");
  TestFrame ok = testing::ipv4("10.1.2.3", "192.0.2.2", L4{.proto = 17, .dport = 53});
  EXPECT_EQ(h.run(ok, ir::Family::Ip).code, Code::Accept);
  TestFrame other = testing::ipv4("11.1.2.3", "192.0.2.2", L4{.proto = 17, .dport = 53});
  EXPECT_EQ(h.run(other, ir::Family::Ip).code, Code::Drop);
  TestFrame tcp53 = testing::ipv4("10.1.2.3", "192.0.2.2", L4{.proto = 6, .dport = 53});
  EXPECT_EQ(h.run(tcp53, ir::Family::Ip).code, Code::Drop);
}

TEST(ClassifyVm, InetChainsServeBothFamilies) {
  Hook h(
      "table inet t {\n"
      "  chain in { type filter hook input priority 0; policy accept;\n"
      "    ip saddr 192.0.2.1 drop\n"
      "    ip6 saddr 2001:db8::1 drop\n"
      "    meta l4proto udp th dport 9 drop\n"
      "  }\n"
      "}\n");
  TestFrame v4 = testing::ipv4("192.0.2.1", "192.0.2.2");
  EXPECT_EQ(h.run(v4, ir::Family::Ip).code, Code::Drop);
  TestFrame v6 = testing::ipv6("2001:db8::1", "2001:db8::2");
  EXPECT_EQ(h.run(v6, ir::Family::Ip6).code, Code::Drop);
  TestFrame v6b = testing::ipv6("2001:db8::5", "2001:db8::2");
  EXPECT_EQ(h.run(v6b, ir::Family::Ip6).code, Code::Accept);
  TestFrame discard = testing::ipv6("2001:db8::5", "2001:db8::2", L4{.proto = 17, .dport = 9});
  EXPECT_EQ(h.run(discard, ir::Family::Ip6).code, Code::Drop);
  // The ip table's hook list does not see ip6-only chains and vice versa.
  EXPECT_EQ(h.c.out.ruleset.hooks(ir::Family::Ip, k::kHookInput).size(), 1u);
  EXPECT_EQ(h.c.out.ruleset.hooks(ir::Family::Ip6, k::kHookInput).size(), 1u);
  EXPECT_EQ(h.c.out.ruleset.hooks(ir::Family::Ip, k::kHookForward).size(), 0u);
}

TEST(ClassifyVm, JumpGotoReturn) {
  Hook h(
      "table ip t {\n"
      "  chain web { tcp dport 80 accept; tcp dport 81 return; tcp dport 82 drop; }\n"
      "  chain other { tcp dport 90 drop; }\n"
      "  chain in { type filter hook input priority 0; policy drop;\n"
      "    tcp dport 80-89 jump web\n"
      "    tcp dport 81 accept\n"
      "    tcp dport 90-99 goto other\n"
      "    tcp dport 91 accept\n"
      "  }\n"
      "}\n");
  auto verdict = [&](uint16_t port) {
    TestFrame f = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.dport = port});
    return h.run(f, ir::Family::Ip).code;
  };
  EXPECT_EQ(verdict(80), Code::Accept);  // accepted in web
  EXPECT_EQ(verdict(81), Code::Accept);  // return, then the next rule of in
  EXPECT_EQ(verdict(82), Code::Drop);
  EXPECT_EQ(verdict(83), Code::Drop);    // falls off web, back in in: policy
  EXPECT_EQ(verdict(90), Code::Drop);
  // goto does not come back: the end of `other` ends the base chain (policy drop) even though
  // `in` would have accepted 91.
  EXPECT_EQ(verdict(91), Code::Drop);
}

TEST(ClassifyVm, TruncatedAndFragmentsBreak) {
  Hook h(
      "table ip t {\n"
      "  chain in { type filter hook input priority 0; policy accept;\n"
      "    tcp dport 22 drop\n"
      "    ip protocol tcp tcp dport != 22 drop\n"
      "  }\n"
      "}\n");
  // A later fragment has no transport header: both rules break, the policy accepts.
  TestFrame frag = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.dport = 22}, 100);
  EXPECT_EQ(h.run(frag, ir::Family::Ip).code, Code::Accept);
  // A transport header cut short: the load fails, the rules break.
  TestFrame cut = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.dport = 22});
  cut.frame.len = 14 + 20 + 2;
  cut.frame.hdr.l3_len = 22;
  EXPECT_EQ(h.run(cut, ir::Family::Ip).code, Code::Accept);
  // The same packet complete is dropped.
  TestFrame whole = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.dport = 22});
  EXPECT_EQ(h.run(whole, ir::Family::Ip).code, Code::Drop);
}

TEST(ClassifyVm, MetaMarkSetAndMatch) {
  Hook h(
      "table ip t {\n"
      "  chain pre { type filter hook prerouting priority -150; policy accept;\n"
      "    tcp dport 443 meta mark set 0x2a\n"
      "  }\n"
      "  chain in { type filter hook prerouting priority 0; policy accept;\n"
      "    meta mark 0x2a drop\n"
      "  }\n"
      "}\n");
  TestFrame https = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.dport = 443});
  EXPECT_EQ(h.run(https, ir::Family::Ip, k::kHookPrerouting).code, Code::Drop);
  EXPECT_EQ(https.frame.mark, 0x2au);
  TestFrame web = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.dport = 80});
  EXPECT_EQ(h.run(web, ir::Family::Ip, k::kHookPrerouting).code, Code::Accept);
  EXPECT_EQ(web.frame.mark, 0u);
}

TEST(ClassifyVm, HookOrderFollowsPriority) {
  Hook h(
      "table ip a { chain late { type filter hook forward priority 10; meta mark 1 drop; } }\n"
      "table ip b { chain early { type filter hook forward priority -10;\n"
      "  meta mark set 1; } }\n");
  const auto& list = h.c.out.ruleset.hooks(ir::Family::Ip, k::kHookForward);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].priority, -10);
  EXPECT_EQ(list[1].priority, 10);
  // The early chain marks, the late one drops marked packets: only in priority order.
  TestFrame f = testing::ipv4("192.0.2.1", "192.0.2.2");
  EXPECT_EQ(h.run(f, ir::Family::Ip, k::kHookForward).code, Code::Drop);
}

TEST(ClassifyVm, PayloadWriteFixesChecksums) {
  Hook h(
      "table ip t {\n"
      "  chain pre { type filter hook prerouting priority 0;\n"
      "    tcp dport 80 tcp dport set 8080\n"
      "    ip ttl set 9\n"
      "  }\n"
      "}\n");
  TestFrame f = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.dport = 80});
  // Give the TCP header a valid checksum first (pseudo header + segment).
  uint8_t* tcp = f.l4();
  uint8_t pseudo[12] = {};
  std::memcpy(pseudo, f.l3() + 12, 8);
  pseudo[9] = 6;
  pseudo[11] = 20;
  uint32_t sum = 0;
  for (int i = 0; i < 12; i += 2) sum += static_cast<uint32_t>((pseudo[i] << 8) | pseudo[i + 1]);
  testing::put16(tcp + 16, testing::inet_csum(tcp, 20, sum));
  EXPECT_EQ(h.run(f, ir::Family::Ip, k::kHookPrerouting).code, Code::Accept);
  EXPECT_EQ((tcp[2] << 8) | tcp[3], 8080);
  EXPECT_EQ(f.l3()[8], 9);
  EXPECT_EQ(testing::inet_csum(f.l3(), 20), 0);  // IPv4 header checksum still valid
  EXPECT_EQ(testing::inet_csum(tcp, 20, sum), 0);  // TCP checksum still valid
}

TEST(ClassifyVm, ShiftsAndByteorderThroughRanges) {
  Hook h(
      "table ip t {\n"
      "  chain in { type filter hook input priority 0;\n"
      "    meta mark 0x10-0x20 drop\n"
      "    ip dscp cs1 drop\n"
      "  }\n"
      "}\n");
  TestFrame f = testing::ipv4("192.0.2.1", "192.0.2.2");
  f.frame.mark = 0x18;
  EXPECT_EQ(h.run(f, ir::Family::Ip).code, Code::Drop);
  f.frame.mark = 0x21;
  EXPECT_EQ(h.run(f, ir::Family::Ip).code, Code::Accept);
  f.l3()[1] = 0x20;  // dscp cs1 (8 << 2)
  EXPECT_EQ(h.run(f, ir::Family::Ip).code, Code::Drop);
}

TEST(ClassifyVm, LogLineAndReject) {
  Hook h(
      "table ip t {\n"
      "  chain in { type filter hook input priority 0;\n"
      "    tcp dport 23 log prefix \"telnet: \" reject with tcp reset\n"
      "  }\n"
      "}\n");
  TestFrame f = testing::ipv4("192.0.2.1", "192.0.2.2", L4{.dport = 23});
  Result r = h.run(f, ir::Family::Ip);
  EXPECT_EQ(r.code, Code::Drop);
  EXPECT_TRUE(r.has_reject);
  EXPECT_EQ(r.reject.type, 1u);  // NFT_REJECT_TCP_RST
  ASSERT_EQ(h.env.logs.size(), 1u);
  EXPECT_EQ(h.env.logs[0].rfind("telnet: IN=eth0 OUT= MAC=", 0), 0u) << h.env.logs[0];
  EXPECT_NE(h.env.logs[0].find("SRC=192.0.2.1 DST=192.0.2.2 "), std::string::npos);
  EXPECT_NE(h.env.logs[0].find("PROTO=TCP SPT=12345 DPT=23 "), std::string::npos);
  EXPECT_NE(h.env.logs[0].find("SYN "), std::string::npos);
}

}  // namespace
}  // namespace nftx::fastpath::classify
