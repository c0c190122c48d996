// SPDX-License-Identifier: GPL-2.0-or-later
// `-j` listings of compiled rulesets, as nft 1.0.6 (checked against it) and nft 1.1 print them.
#include <gtest/gtest.h>

#include <string>

#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"
#include "compiler/raise/json/json.h"

namespace nftx::raise {
namespace {

ir::Batch compile_text(const std::string& text) {
  SourceManager sm;
  const uint32_t file = sm.add("test.nft", text);
  Diagnostics diags;
  CompileResult r = compile(sm, file, CompileOptions{}, diags);
  EXPECT_FALSE(diags.has_errors()) << render_text(sm, diags);
  return std::move(r.batch);
}

std::string listing(const std::string& text, JsonCompat compat = JsonCompat::Nft1_0_6) {
  JsonOptions opts;
  opts.compat = compat;
  return list_ruleset_json(compile_text(text), opts);
}

// The expr array of the only rule of `ip t c` (nft 1.1 flavour, -s -p like nft-test.py).
std::string rule_exprs(const std::string& rule, const std::string& family = "ip") {
  const std::string text = "add table " + family + " t\nadd chain " + family +
                           " t c { type filter hook input priority 0; }\nadd rule " + family +
                           " t c " + rule + "\n";
  const ir::Family f = family == "inet" ? ir::Family::Inet : ir::Family::Ip;
  std::vector<Json> rules = chain_rule_exprs_json(
      compile_text(text), f, "t", "c", ListOptions{.stateless = true, .numeric_protocol = true});
  return rules.empty() ? "(none)" : dump_json(rules.back());
}

constexpr const char* kMetaInfo106 =
    R"({"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", )"
    R"("json_schema_version": 1}})";

TEST(RulesetJson, ListsTablesChainsAndRulesLikeNft106) {
  const std::string out = listing(
      "table ip nat {\n"
      "  chain post { type nat hook postrouting priority srcnat; policy accept;\n"
      "    oifname \"wan0\" ip saddr 192.168.1.0/24 masquerade\n"
      "  }\n"
      "}\n");
  EXPECT_EQ(out, std::string(R"({"nftables": [)") + kMetaInfo106 +
                     R"(, {"table": {"family": "ip", "name": "nat", "handle": 1}}, )"
                     R"({"chain": {"family": "ip", "table": "nat", "name": "post", "handle": 1, )"
                     R"("type": "nat", "hook": "postrouting", "prio": 100, "policy": "accept"}}, )"
                     R"({"rule": {"family": "ip", "table": "nat", "chain": "post", "handle": 2, )"
                     R"("expr": [{"match": {"op": "==", "left": {"meta": {"key": "oifname"}}, )"
                     R"("right": "wan0"}}, {"match": {"op": "==", "left": {"payload": )"
                     R"({"protocol": "ip", "field": "saddr"}}, "right": {"prefix": )"
                     R"({"addr": "192.168.1.0", "len": 24}}}}, {"masquerade": null}]}}]})"
                     "\n");
}

TEST(RulesetJson, OrdersObjectsByFlavour) {
  const std::string text =
      "table inet f {\n"
      "  set blocked { type ipv4_addr; flags interval; elements = { 192.0.2.0/24 } }\n"
      "  chain input { type filter hook input priority 0; policy drop; }\n"
      "}\n";
  const std::string old = listing(text);
  EXPECT_LT(old.find(R"({"set": )"), old.find(R"({"chain": )"));
  EXPECT_NE(
      old.find(R"("flags": ["interval"], "elem": [{"prefix": {"addr": "192.0.2.0", "len": 24}}])"),
      std::string::npos);
  const std::string now = listing(text, JsonCompat::Nft1_1);
  EXPECT_GT(now.find(R"({"set": )"), now.find(R"({"chain": )"));
  EXPECT_NE(now.find(R"("version": "1.1.4")"), std::string::npos);
}

TEST(RulesetJson, PrintsFlowtablesWithTheNftxExtensions) {
  const std::string out = listing(
      "table inet f {\n"
      "  flowtable ft { hook ingress priority filter + 5; devices = { lo }; flags offload; "
      "counter; }\n"
      "}\n");
  EXPECT_NE(out.find(R"({"flowtable": {"family": "inet", "name": "ft", "table": "f", )"
                     R"("handle": 1, "hook": "ingress", "prio": 5, "dev": "lo", )"
                     R"("flags": ["offload"], "counter": true}})"),
            std::string::npos)
      << out;
}

TEST(RulesetJson, PrintsCounterObjectsAndSetTimeouts) {
  const std::string out = listing(
      "table ip t {\n"
      "  counter c1 { packets 5 bytes 100; }\n"
      "  set s3 { type ipv4_addr; timeout 1h; size 1000; }\n"
      "}\n");
  EXPECT_NE(out.find(R"({"counter": {"family": "ip", "name": "c1", "table": "t", "handle": 1, )"
                     R"("packets": 5, "bytes": 100}})"),
            std::string::npos)
      << out;
  // nft adds the timeout flag itself when a set has a default timeout.
  EXPECT_NE(out.find(R"("size": 1000, "flags": ["timeout"], "timeout": 3600})"), std::string::npos)
      << out;
}

TEST(RuleJson, MatchesTheCorpusForms) {
  EXPECT_EQ(rule_exprs("tcp dport 22 accept"),
            R"([{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": )"
            R"("dport"}}, "right": 22}}, {"accept": null}])");
  EXPECT_EQ(rule_exprs("ct state established,related counter"),
            R"([{"match": {"op": "in", "left": {"ct": {"key": "state"}}, "right": )"
            R"(["established", "related"]}}, {"counter": null}])");
  EXPECT_EQ(rule_exprs("meta l4proto tcp"),
            R"([{"match": {"op": "==", "left": {"meta": {"key": "l4proto"}}, "right": 6}}])");
  EXPECT_EQ(rule_exprs("limit rate 5/second"),
            R"([{"limit": {"rate": 5, "burst": 5, "per": "second"}}])");
}

TEST(RuleJson, SortsAnonymousSetsLikeNft) {
  EXPECT_EQ(rule_exprs("ct state { new, established, related }"),
            R"([{"match": {"op": "==", "left": {"ct": {"key": "state"}}, "right": )"
            R"({"set": ["established", "related", "new"]}}}])");
  EXPECT_EQ(rule_exprs("ip saddr vmap { 1.1.1.1 : drop, * : accept }"),
            R"([{"vmap": {"key": {"payload": {"protocol": "ip", "field": "saddr"}}, "data": )"
            R"({"set": [["1.1.1.1", {"drop": null}], ["*", {"accept": null}]]}}}])");
}

TEST(RuleJson, PrintsFlagMasksPerFlavour) {
  const std::string text =
      "table ip t { chain c { type filter hook input priority 0;\n"
      "  tcp flags & (syn | ack) == syn\n  log flags all\n } }\n";
  const std::string old = listing(text);
  EXPECT_NE(old.find(R"({"&": [{"payload": {"protocol": "tcp", "field": "flags"}}, )"
                     R"(["syn", "ack"]]})"),
            std::string::npos)
      << old;
  EXPECT_NE(old.find(R"({"log": {"flags": "all"}})"), std::string::npos) << old;
  const std::string now = listing(text, JsonCompat::Nft1_1);
  EXPECT_NE(now.find(R"({"|": ["syn", "ack"]})"), std::string::npos) << now;
  EXPECT_NE(now.find(R"({"log": {"flags": ["all"]}})"), std::string::npos) << now;
}

TEST(RuleJson, MissingChainGivesNoRules) {
  ir::Batch b = compile_text("add table ip t\n");
  EXPECT_TRUE(chain_rule_exprs_json(b, ir::Family::Ip, "t", "nope", ListOptions{}).empty());
  EXPECT_TRUE(chain_rule_exprs_json(b, ir::Family::Ip, "x", "c", ListOptions{}).empty());
}

}  // namespace
}  // namespace nftx::raise
