// SPDX-License-Identifier: GPL-2.0-or-later
// The reader against the real nftables v1.1.6 tests/py corpus. The expected numbers were
// counted independently of this code (see /work/shared/spec/nft-reference.md section 3:
// 1,362 + 398 + 216 active rule lines, 38 disabled, 30 set, 41 element and 25 object lines).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "testsuite/conformance/case_runner.h"
#include "testsuite/conformance/corpus_index.h"
#include "testsuite/conformance/payload_compare.h"
#include "testsuite/conformance/report.h"
#include "testsuite/conformance/text_util.h"
#include "testsuite/conformance/tiers.h"

namespace nftx::conformance {
namespace {

namespace fs = std::filesystem;

class Corpus : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(root_)) GTEST_SKIP() << "corpus not found at " << root_;
  }
  TestFile load(const std::string& rel) const {
    std::optional<std::string> text = read_text_file(root_ / rel);
    EXPECT_TRUE(text.has_value()) << rel;
    return parse_test_file(text.value_or(""));
  }
  fs::path root_{NFTX_CONFORMANCE_CORPUS};
};

TEST_F(Corpus, ListsAllTestFiles) {
  std::vector<std::string> files = list_test_files(root_);
  EXPECT_EQ(files.size(), 105u);
  EXPECT_EQ(files.front(), "any/counter.t");
  EXPECT_EQ(files.back(), "netdev/tunnel.t");
  EXPECT_EQ(resolve_test_file(root_, "ip/ip.t"), "ip/ip.t");
  EXPECT_EQ(resolve_test_file(root_, (root_ / "ip6" / "." / "ip6.t").string()), "ip6/ip6.t");
  EXPECT_FALSE(resolve_test_file(root_, "ip/nonexistent.t").has_value());
}

TEST_F(Corpus, EveryTestFileParsesCleanly) {
  int ok = 0, ok_listing = 0, fail = 0, disabled = 0, sets = 0, elements = 0, objects = 0;
  for (const std::string& rel : list_test_files(root_)) {
    TestFile f = load(rel);
    EXPECT_TRUE(f.warnings.empty()) << rel << ": " << f.warnings.front();
    EXPECT_FALSE(f.tables.empty()) << rel;
    for (const TableSpec& t : f.tables) {
      for (const std::string& c : t.chains) EXPECT_NE(f.chain(c), nullptr) << rel << " " << c;
    }
    disabled += f.disabled;
    for (const Entry& e : f.entries) {
      if (const auto* r = std::get_if<RuleLine>(&e.item)) {
        if (e.expect == Expect::Fail) {
          ++fail;
        } else {
          ++(r->listing ? ok_listing : ok);
        }
      }
      if (const auto* s = std::get_if<SetDecl>(&e.item)) {
        ++sets;
        EXPECT_TRUE(s->unknown.empty()) << rel << ":" << e.line;
        EXPECT_FALSE(s->key.empty()) << rel << ":" << e.line;
      }
      if (std::holds_alternative<ElementAdd>(e.item)) ++elements;
      if (const auto* o = std::get_if<ObjectDecl>(&e.item)) {
        ++objects;
        EXPECT_FALSE(o->type.empty()) << rel << ":" << e.line;
      }
    }
  }
  EXPECT_EQ(ok, 1362);
  EXPECT_EQ(ok_listing, 398);
  EXPECT_EQ(fail, 216);
  EXPECT_EQ(disabled, 38);
  EXPECT_EQ(sets, 30);
  EXPECT_EQ(elements, 41);
  EXPECT_EQ(objects, 25);
}

TEST_F(Corpus, EveryPayloadFileParsesCleanly) {
  size_t files = 0;
  size_t records = 0;
  for (const std::string& rel : list_test_files(root_)) {
    PayloadSet set = load_payloads(root_ / rel);
    std::vector<const PayloadFile*> all;
    if (set.generic) all.push_back(&*set.generic);
    for (const auto& [family, file] : set.by_family) all.push_back(&file);
    for (const PayloadFile* p : all) {
      ++files;
      records += p->records.size();
      EXPECT_TRUE(p->problems.empty()) << rel << ": " << p->problems.front();
    }
  }
  // 136 payload files minus any/icmpX.t.netdev.payload, which belongs to no .t file.
  EXPECT_EQ(files, 135u);
  EXPECT_EQ(records, 2527u);
}

TEST_F(Corpus, CasesPerTierAndEveryOkCaseHasARecord) {
  std::optional<std::string> tiers_text = read_text_file(NFTX_CONFORMANCE_TIERS);
  ASSERT_TRUE(tiers_text.has_value());
  TierMap tiers = parse_tiers(*tiers_text);
  EXPECT_TRUE(tiers.problems.empty());
  for (const auto& [path, tier] : tiers.tier_of) {
    EXPECT_TRUE(fs::is_regular_file(root_ / path)) << path;
  }
  // A compiler that accepts everything: every ok case then looks for its payload record.
  CompileFn accept_all = [](const Script&) {
    CompileOutcome out;
    out.accepted = true;
    return out;
  };
  Summary summary;
  for (const std::string& rel : list_test_files(root_)) {
    FileRun r = run_test_file(load(rel), load_payloads(root_ / rel), accept_all);
    summary.files.push_back({rel, tiers.tier(rel), r.counts});
  }
  std::map<std::string, Counts> by_tier = summary.by_tier();
  EXPECT_EQ(by_tier["A"].files, 32);
  EXPECT_EQ(by_tier["A"].ok_cases, 3642);
  EXPECT_EQ(by_tier["A"].fail_cases, 241);
  EXPECT_EQ(by_tier["A"].setup_cases, 14);
  EXPECT_EQ(by_tier["B"].files, 29);
  EXPECT_EQ(by_tier["B"].ok_cases, 936);
  EXPECT_EQ(by_tier["B"].fail_cases, 150);
  EXPECT_EQ(by_tier["B"].setup_cases, 248);
  EXPECT_EQ(by_tier["C"].files, 44);
  EXPECT_EQ(by_tier["C"].ok_cases, 1225);
  EXPECT_EQ(by_tier["C"].fail_cases, 179);
  Counts total = summary.total();
  EXPECT_EQ(total.ok_cases, 5803);
  EXPECT_EQ(total.ok_no_record, 0);
  EXPECT_EQ(total.ok_exact, 0);  // empty payloads never match a record
}

TEST_F(Corpus, FamilySpecificRecordWins) {
  PayloadSet ip = load_payloads(root_ / "ip/ip.t");
  const PayloadRecord* generic = ip.find("ip", "ip dscp cs1");
  ASSERT_NE(generic, nullptr);
  EXPECT_EQ(make_payload_view(generic->lines).instructions,
            (std::vector<std::string>{"  [ payload load 1b @ network header + 1 => reg 1 ]",
                                      "  [ bitwise reg 1 = ( reg 1 & 0x000000fc ) ^ 0x00000000 ]",
                                      "  [ cmp eq reg 1 0x00000020 ]"}));
  const PayloadRecord* inet = ip.find("inet", "ip dscp cs1");
  ASSERT_NE(inet, nullptr);
  std::vector<std::string> guarded = make_payload_view(inet->lines).instructions;
  ASSERT_EQ(guarded.size(), 5u);
  EXPECT_EQ(guarded[0], "  [ meta load nfproto => reg 1 ]");
  EXPECT_EQ(guarded[1], "  [ cmp eq reg 1 0x00000002 ]");
}

TEST_F(Corpus, AnonymousSetRecord) {
  PayloadSet sets = load_payloads(root_ / "ip/sets.t");
  EXPECT_FALSE(sets.generic.has_value());  // only family files exist for ip/sets.t
  const PayloadRecord* r = sets.find("ip", "ip saddr { { 1.1.1.0, 3.3.3.0 }, 2.2.2.0 }");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->line, 38);
  PayloadView v = make_payload_view(r->lines);
  EXPECT_EQ(v.elements,
            (std::vector<std::string>{"element 00010101 : 0 [end]", "element 00020202 : 0 [end]",
                                      "element 00030303 : 0 [end]"}));
  EXPECT_EQ(v.instructions.back(), "  [ lookup reg 1 set __set%d ]");
}

TEST_F(Corpus, ObjectAndSetLinesBecomeCommands) {
  TestFile f = load("any/objects.t");
  std::vector<std::string> kinds;
  for (const Entry& e : f.entries) {
    if (const auto* o = std::get_if<ObjectDecl>(&e.item)) kinds.push_back(o->type);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"counter", "quota", "quota", "limit", "limit"}));
  TestFile meta = load("any/meta.t");
  bool found = false;
  for (const Entry& e : meta.entries) {
    const auto* s = std::get_if<SetDecl>(&e.item);
    if (s == nullptr || s->name != "map1") continue;
    found = true;
    EXPECT_EQ(s->key, "typeof vlan id");
    EXPECT_EQ(s->data, "meta mark");
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace nftx::conformance
