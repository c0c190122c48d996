// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "test_spans.h"

namespace nftx {
namespace {

using nlohmann::json;
using testing::find_span;

// A file with a tab, an included file, a command-line buffer and one diagnostic of each kind.
struct Fixture {
  SourceManager sm;
  Diagnostics diags;
  uint32_t main = 0;
  uint32_t sub = 0;
  uint32_t cli = 0;

  Fixture() {
    main =
        sm.add("main.nft", "include \"sub.nft\"\n\t\tip daddr 10.1.0.0/16 snat to 1.2.3.4:1000\n");
    sub = sm.add("sub.nft", "table ip t {\n\tchain fwd {\n", SourceKind::File,
                 find_span(sm, main, "include \"sub.nft\""));
    cli = sm.add("<cmdline>", "add rule ip t c ip6 saddr ::1", SourceKind::Buffer);
    diags.error(find_span(sm, main, "1000"), "mapping-needs-transport",
                "transport protocol mapping is only valid after transport protocol match",
                {find_span(sm, main, "snat")});
    diags.error(find_span(sm, sub, "fwd"), "syntax", "syntax error, unexpected fwd");
    diags.warning(find_span(sm, cli, "ip6"), "syntax", "odd");
    diags.error(Span{}, "internal", "Could not process rule");
  }
};

TEST(RenderJson, CompactWithOneTrailingNewline) {
  Fixture fx;
  const std::string out = render_json(fx.sm, fx.diags);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
  EXPECT_EQ(out.rfind("{\"diagnostics\":[{\"severity\":\"error\",\"code\":", 0), 0u);
}

TEST(RenderJson, FieldsParseBack) {
  Fixture fx;
  const json j = json::parse(render_json(fx.sm, fx.diags));
  EXPECT_EQ(j["errors"], 3);
  EXPECT_EQ(j["warnings"], 1);
  ASSERT_EQ(j["diagnostics"].size(), 4u);

  const json& a = j["diagnostics"][0];
  EXPECT_EQ(a["severity"], "error");
  EXPECT_EQ(a["code"], "mapping-needs-transport");
  EXPECT_EQ(a["message"],
            "transport protocol mapping is only valid after transport protocol match");
  EXPECT_EQ(a["file"], "main.nft");
  EXPECT_EQ(a["line"], 2);
  EXPECT_EQ(a["column"], 40);
  EXPECT_EQ(a["end_line"], 2);
  EXPECT_EQ(a["end_column"], 43);
  ASSERT_EQ(a["secondary"].size(), 1u);
  EXPECT_EQ(a["secondary"][0]["file"], "main.nft");
  EXPECT_EQ(a["secondary"][0]["line"], 2);
  EXPECT_EQ(a["secondary"][0]["column"], 24);
  EXPECT_EQ(a["secondary"][0]["end_line"], 2);
  EXPECT_EQ(a["secondary"][0]["end_column"], 27);
  EXPECT_TRUE(a["included_from"].empty());

  const json& b = j["diagnostics"][1];
  EXPECT_EQ(b["file"], "sub.nft");
  EXPECT_EQ(b["line"], 2);
  EXPECT_EQ(b["column"], 8);
  EXPECT_EQ(b["end_column"], 10);
  ASSERT_EQ(b["included_from"].size(), 1u);
  EXPECT_EQ(b["included_from"][0], (json{{"file", "main.nft"}, {"line", 1}, {"column", 1}}));

  const json& c = j["diagnostics"][2];
  EXPECT_EQ(c["severity"], "warning");
  EXPECT_EQ(c["file"], "<cmdline>");
  EXPECT_EQ(c["column"], 17);

  const json& d = j["diagnostics"][3];
  EXPECT_TRUE(d["file"].is_null());
  EXPECT_EQ(d["line"], 0);
  EXPECT_EQ(d["column"], 0);
  EXPECT_TRUE(d["secondary"].empty());
}

TEST(RenderJson, MultiLineSpanEndsOnLastLine) {
  SourceManager sm;
  const uint32_t f = sm.add("m.nft", "x { 1,\n  2 }\n");
  Diagnostics d;
  d.error(Span::cover(find_span(sm, f, "{"), find_span(sm, f, "}")), "c", "m");
  const json j = json::parse(render_json(sm, d));
  const json& e = j["diagnostics"][0];
  EXPECT_EQ(e["line"], 1);
  EXPECT_EQ(e["column"], 3);
  EXPECT_EQ(e["end_line"], 2);
  EXPECT_EQ(e["end_column"], 5);
}

TEST(RenderJson, EmptyCollection) {
  SourceManager sm;
  EXPECT_EQ(render_json(sm, Diagnostics{}), "{\"diagnostics\":[],\"errors\":0,\"warnings\":0}\n");
}

TEST(RenderJson, InvalidUtf8InMessageDoesNotThrow) {
  SourceManager sm;
  Diagnostics d;
  d.error(Span{}, "c", "bad byte \xff here");
  std::string out;
  ASSERT_NO_THROW(out = render_json(sm, d));
  const json j = json::parse(out);
  EXPECT_EQ(j["diagnostics"][0]["message"], "bad byte \xef\xbf\xbd here");  // U+FFFD
}

TEST(RenderSarif, LogShape) {
  Fixture fx;
  const std::string out = render_sarif(fx.sm, fx.diags);
  EXPECT_EQ(out.rfind("{\n  \"$schema\": ", 0), 0u);  // pretty-printed with 2 spaces
  EXPECT_EQ(out.back(), '\n');
  const json j = json::parse(out);
  EXPECT_EQ(j["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(j["version"], "2.1.0");
  ASSERT_EQ(j["runs"].size(), 1u);
  const json& driver = j["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "nftx");
  EXPECT_TRUE(driver["informationUri"].is_string());
  // One rule per distinct code, in first-seen order.
  ASSERT_EQ(driver["rules"].size(), 3u);
  EXPECT_EQ(driver["rules"][0]["id"], "mapping-needs-transport");
  EXPECT_EQ(driver["rules"][1]["id"], "syntax");
  EXPECT_EQ(driver["rules"][2]["id"], "internal");
}

TEST(RenderSarif, Results) {
  Fixture fx;
  const json j = json::parse(render_sarif(fx.sm, fx.diags));
  const json& results = j["runs"][0]["results"];
  ASSERT_EQ(results.size(), 4u);

  const json& a = results[0];
  EXPECT_EQ(a["ruleId"], "mapping-needs-transport");
  EXPECT_EQ(a["ruleIndex"], 0);
  EXPECT_EQ(a["level"], "error");
  EXPECT_EQ(a["message"]["text"],
            "transport protocol mapping is only valid after transport protocol match");
  const json& loc = a["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "main.nft");
  EXPECT_EQ(loc["region"]["startLine"], 2);
  EXPECT_EQ(loc["region"]["startColumn"], 40);
  EXPECT_EQ(loc["region"]["endLine"], 2);
  EXPECT_EQ(loc["region"]["endColumn"], 44);  // exclusive
  ASSERT_EQ(a["relatedLocations"].size(), 1u);
  const json& rel = a["relatedLocations"][0];
  EXPECT_EQ(rel["id"], 0);
  EXPECT_EQ(rel["physicalLocation"]["region"]["startColumn"], 24);
  EXPECT_EQ(rel["physicalLocation"]["region"]["endColumn"], 28);

  EXPECT_EQ(results[1]["ruleIndex"], 1);
  EXPECT_FALSE(results[1].contains("relatedLocations"));
  EXPECT_EQ(results[2]["ruleId"], "syntax");
  EXPECT_EQ(results[2]["ruleIndex"], 1);
  EXPECT_EQ(results[2]["level"], "warning");
  // Names that are not URI characters are percent-encoded.
  EXPECT_EQ(results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "%3Ccmdline%3E");
  EXPECT_EQ(results[3]["ruleIndex"], 2);
  EXPECT_FALSE(results[3].contains("locations"));
}

TEST(RenderSarif, UriKeepsPathsAndEscapesSpaces) {
  SourceManager sm;
  const uint32_t f = sm.add("/etc/nftables rules/a b%.nft", "x\n");
  Diagnostics d;
  d.error(Span{f, 0, 1}, "c", "m");
  const json j = json::parse(render_sarif(sm, d));
  EXPECT_EQ(
      j["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
      "/etc/nftables%20rules/a%20b%25.nft");
}

TEST(RenderSarif, EmptyCollectionIsStillAValidLog) {
  SourceManager sm;
  const json j = json::parse(render_sarif(sm, Diagnostics{}));
  EXPECT_TRUE(j["runs"][0]["results"].empty());
  EXPECT_TRUE(j["runs"][0]["tool"]["driver"]["rules"].empty());
}

TEST(RenderGithub, OneLinePerDiagnostic) {
  Fixture fx;
  EXPECT_EQ(render_github(fx.sm, fx.diags),
            "::error file=main.nft,line=2,col=40,endLine=2,endColumn=43,"
            "title=nftx mapping-needs-transport::transport protocol mapping is only valid after "
            "transport protocol match\n"
            "::error file=sub.nft,line=2,col=8,endLine=2,endColumn=10,title=nftx syntax::"
            "syntax error, unexpected fwd\n"
            "::warning title=nftx syntax::odd\n"
            "::error title=nftx internal::Could not process rule\n");
}

TEST(RenderGithub, Escaping) {
  SourceManager sm;
  const uint32_t f = sm.add("dir,x/a:b%.nft", "x\n");
  Diagnostics d;
  d.error(Span{f, 0, 1}, "a:b,c", "100% sure: a, b\r\nnext");
  EXPECT_EQ(render_github(sm, d),
            "::error file=dir%2Cx/a%3Ab%25.nft,line=1,col=1,endLine=1,endColumn=1,"
            "title=nftx a%3Ab%2Cc::100%25 sure: a, b%0D%0Anext\n");
}

}  // namespace
}  // namespace nftx
