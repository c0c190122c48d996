// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/case_runner.h"

#include <gtest/gtest.h>

#include <map>

#include "testsuite/conformance/text_util.h"

namespace nftx::conformance {
namespace {

// A stand-in compiler: throws (reports a crash) on "boom", rejects scripts containing "bad",
// and turns a final "add rule F T C RULE" into payload "[ RULE ]" and a listing of RULE.
CompileOutcome fake_compile(const Script& script) {
  CompileOutcome out;
  if (script.text.find("boom") != std::string::npos) {
    out.crashed = true;
    out.diagnostics = "exception: boom";
    return out;
  }
  if (script.text.find("bad") != std::string::npos) {
    out.diagnostics = "Error: bad";
    return out;
  }
  out.accepted = true;
  std::string last(split_lines(script.text).back());
  std::vector<std::string_view> w = split_ws(last);
  if (w.size() < 6 || w[1] != "rule") return out;
  std::string head =
      "add rule " + std::string(w[2]) + " " + std::string(w[3]) + " " + std::string(w[4]) + " ";
  std::string rule = last.substr(head.size());
  out.payload = std::string(w[2]) + " " + std::string(w[3]) + " " + std::string(w[4]) + "\n  [ " +
                rule + " ]\n\n";
  out.listing = "table " + std::string(w[2]) + " " + std::string(w[3]) + " {\n\tchain " +
                std::string(w[4]) +
                " {\n\t\ttype filter hook input priority filter; policy accept;\n" + "\t\t" + rule +
                "\n\t}\n}\n";
  return out;
}

constexpr std::string_view kFile =
    ":input;type filter hook input priority 0\n"
    ":output;type filter hook output priority 0\n"
    "*ip;t4;input,output\n"
    "*ip6;t6;input\n"
    "!set1 type ipv4_addr;ok\n"
    "!badset type ipv4_addr;ok\n"
    "?set1 1.1.1.1;ok\n"
    "?set1 bad;fail\n"
    "%c1 type counter;fail\n"
    "match a;ok\n"
    "match b;ok;listed b\n"
    "match c;ok\n"
    "match bad;fail\n"
    "match d;fail\n"
    "match boom;ok\n"
    "match norecord;ok\n"
    "- match disabled;ok\n";

constexpr std::string_view kPayloads =
    "# match a\nip t4 input\n  [ match a ]\n\n"
    "# match b\n  [ match b ]\n\n"
    "# match c\n  [ something else ]\n\n"
    "# match boom\n  [ match boom ]\n";

FileRun run_sample(std::vector<Script>* seen) {
  PayloadSet payloads;
  payloads.generic = parse_payload_file(kPayloads);
  CompileFn compile = [seen](const Script& s) {
    seen->push_back(s);
    return fake_compile(s);
  };
  return run_test_file(parse_test_file(kFile), payloads, compile);
}

TEST(CaseRunner, Counts) {
  std::vector<Script> seen;
  FileRun r = run_sample(&seen);
  const Counts& c = r.counts;
  EXPECT_EQ(c.files, 1);
  EXPECT_EQ(c.disabled, 1);
  EXPECT_EQ(c.setup_cases, 10);  // 5 lines x 2 tables
  EXPECT_EQ(c.setup_passed, 6);  // set1, element, rejected bad element
  EXPECT_EQ(c.ok_cases, 15);     // 5 rules x (2 + 1) chains
  EXPECT_EQ(c.ok_accepted, 12);
  EXPECT_EQ(c.ok_exact, 6);
  EXPECT_EQ(c.ok_no_record, 3);
  EXPECT_EQ(c.listing_exact, 9);
  EXPECT_EQ(c.fail_cases, 6);
  EXPECT_EQ(c.fail_rejected, 3);
  EXPECT_EQ(c.crashes, 3);
  EXPECT_EQ(seen.size(), 10u + 15u + 6u);
}

TEST(CaseRunner, MismatchKinds) {
  std::vector<Script> seen;
  FileRun r = run_sample(&seen);
  std::map<MismatchKind, int> kinds;
  for (const Mismatch& m : r.mismatches) ++kinds[m.kind];
  EXPECT_EQ(kinds[MismatchKind::Setup], 4);  // badset x2, %c1 accepted x2
  EXPECT_EQ(kinds[MismatchKind::Payload], 3);
  EXPECT_EQ(kinds[MismatchKind::NoRecord], 3);
  EXPECT_EQ(kinds[MismatchKind::Listing], 3);
  EXPECT_EQ(kinds[MismatchKind::FailAccepted], 3);
  EXPECT_EQ(kinds[MismatchKind::Crash], 3);
  EXPECT_EQ(kinds[MismatchKind::OkRejected], 0);
}

TEST(CaseRunner, ReplaysOnlyAcceptedOkSetup) {
  std::vector<Script> seen;
  run_sample(&seen);
  // The first rule case: table t4, chain input.
  const Script& s = seen[10];
  EXPECT_EQ(s.text,
            "add table ip t4\n"
            "add chain ip t4 input { type filter hook input priority 0; }\n"
            "add chain ip t4 output { type filter hook output priority 0; }\n"
            "add set ip t4 set1 { type ipv4_addr; }\n"
            "add element ip t4 set1 { 1.1.1.1 }\n"
            "add rule ip t4 input match a\n");
  EXPECT_EQ(s.last_command, 5u);
  EXPECT_EQ(seen[11].text.substr(seen[11].text.rfind("add rule")),
            "add rule ip t4 output match a\n");
  EXPECT_NE(seen[12].text.find("add element ip6 t6 set1 { 1.1.1.1 }"), std::string::npos);
}

TEST(CaseRunner, PayloadMismatchCarriesDiff) {
  std::vector<Script> seen;
  FileRun r = run_sample(&seen);
  for (const Mismatch& m : r.mismatches) {
    if (m.kind != MismatchKind::Payload) continue;
    EXPECT_EQ(m.text, "match c");
    EXPECT_EQ(m.detail, "-   [ something else ]\n+   [ match c ]\n");
    EXPECT_EQ(m.line, 12);
    std::string shown = format_mismatch("x/y.t", m);
    EXPECT_EQ(shown.rfind("x/y.t:12: payload [ip t4 input] match c\n", 0), 0u) << shown;
    return;
  }
  FAIL() << "no payload mismatch";
}

}  // namespace
}  // namespace nftx::conformance
