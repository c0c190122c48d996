// SPDX-License-Identifier: GPL-2.0-or-later
// What sema rejects and warns about, with the span it points at.
#include <gtest/gtest.h>

#include <string>

#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"

namespace nftx {
namespace {

struct Run {
  Diagnostics diags;
  SourceManager sm;
  std::string text;
};

Run compile_text(const std::string& text) {
  Run r;
  r.text = text;
  uint32_t f = r.sm.add("t.nft", text);
  compile(r.sm, f, CompileOptions{}, r.diags);
  return r;
}

// The first error (or warning) whose message contains `needle`, and the text it points at.
std::string pointed(const Run& r, const std::string& needle, Severity sev = Severity::Error) {
  for (const auto& d : r.diags.all()) {
    if (d.severity == sev && d.message.find(needle) != std::string::npos) {
      return std::string(r.sm.text(d.primary));
    }
  }
  return "<no diagnostic containing '" + needle + "'>";
}

const char* kFt = "table inet t {\n flowtable f { hook ingress priority filter; devices = { lo }; }\n";

TEST(SemaDiagnostics, UnknownChainHookWithSuggestion) {
  auto r = compile_text("table ip t { chain c { type filter hook inptu priority 0; }; }\n");
  EXPECT_EQ(pointed(r, "unknown chain hook; did you mean 'input'"), "inptu");
}

TEST(SemaDiagnostics, ChainTypeFamilyHook) {
  EXPECT_EQ(pointed(compile_text("table ip t { chain c { type nat hook forward priority 0; }; }\n"),
                    "nat chains"),
            "nat");
  EXPECT_EQ(pointed(compile_text("table arp t { chain c { type route hook input priority 0; }; }\n"),
                    "route chains"),
            "route");
}

TEST(SemaDiagnostics, FlowAddOutsideForward) {
  auto r = compile_text(std::string(kFt) +
                        " chain c { type filter hook input priority 0; flow add @f; }\n}\n");
  EXPECT_EQ(pointed(r, "forward"), "flow add @f");
}

TEST(SemaDiagnostics, FlowAddReachedFromInputThroughJump) {
  auto r = compile_text(std::string(kFt) +
                        " chain i { type filter hook input priority 0; jump o; }\n"
                        " chain o { flow add @f; }\n}\n");
  EXPECT_EQ(pointed(r, "reached from a forward hook"), "flow add @f");
}

TEST(SemaDiagnostics, UnknownFlowtableSuggestsName) {
  auto r = compile_text(std::string(kFt) +
                        " chain c { type filter hook forward priority 0; flow add @g; }\n}\n");
  EXPECT_EQ(pointed(r, "did you mean 'f'"), "g");
}

TEST(SemaDiagnostics, FlowtableHookAndPriority) {
  EXPECT_EQ(pointed(compile_text("table inet t { flowtable f { hook egress priority 0; }; }\n"),
                    "flowtable hook"),
            "egress");
  EXPECT_EQ(pointed(compile_text("table inet t { flowtable f { hook ingress priority raw; }; }\n"),
                    "invalid priority"),
            "raw");
}

TEST(SemaDiagnostics, FlowtableOnlyInInetFamilies) {
  auto r = compile_text("table bridge t { flowtable f { hook ingress priority 0; }; }\n");
  EXPECT_NE(pointed(r, "only valid in ip, ip6 and inet").find("flowtable f"), std::string::npos);
}

TEST(SemaDiagnostics, ValueOutOfRangeAndTypeMismatch) {
  auto r = compile_text("table ip t { chain c { tcp dport 70000 accept; }; }\n");
  EXPECT_EQ(pointed(r, "Service out of range"), "70000");
  auto m = compile_text("table ip t { set s { type ipv6_addr; }; chain c { ip saddr @s; }; }\n");
  EXPECT_EQ(pointed(m, "datatype mismatch"), "@s");
}

TEST(SemaDiagnostics, NatOutsideNatChain) {
  auto r = compile_text("table ip t { chain c { type filter hook postrouting priority 0; "
                        "masquerade; }; }\n");
  EXPECT_EQ(pointed(r, "NAT is only valid"), "masquerade");
}

TEST(SemaDiagnostics, JumpLoop) {
  auto r = compile_text("table ip t { chain a { jump b; }; chain b { jump a; }; }\n");
  EXPECT_EQ(pointed(r, "jump loop a -> b -> a"), "a");
}

TEST(SemaDiagnostics, UnknownVariableSuggestsName) {
  auto r = compile_text("define wan = eth0\ntable ip t { chain c { iifname $wna accept; }; }\n");
  EXPECT_EQ(pointed(r, "did you mean 'wan'"), "$wna");
}

TEST(SemaDiagnostics, StatementAfterVerdict) {
  auto r = compile_text("table ip t { chain c { drop counter; }; }\n");
  EXPECT_EQ(pointed(r, "terminal statement"), "counter");
}

TEST(SemaDiagnostics, Warnings) {
  auto r = compile_text("table inet t {\n flowtable f { hook early_ingress priority 0; "
                        "devices = {}; flags offload; }\n"
                        " chain c { type filter hook forward priority 0; flow add @f counter; }\n}\n");
  EXPECT_FALSE(r.diags.has_errors());
  EXPECT_EQ(pointed(r, "has no devices", Severity::Warning), "{}");
  EXPECT_EQ(pointed(r, "early ingress", Severity::Warning), "flags offload");
  EXPECT_EQ(pointed(r, "slow path", Severity::Warning), "counter");
}

TEST(SemaDiagnostics, EveryErrorOfARunIsReported) {
  auto r = compile_text("table ip t {\n chain c {\n  tcp dport 70000 accept\n"
                        "  ip saddr 1.2.3.4.5 drop\n  iifname $nope accept\n }\n}\n");
  EXPECT_GE(r.diags.error_count(), 3u);
}

}  // namespace
}  // namespace nftx
