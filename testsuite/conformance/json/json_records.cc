// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/json/json_records.h"

#include "testsuite/conformance/text_util.h"

namespace nftx::conformance {
namespace {

void flush(JsonRecords& out, std::string& rule, std::string& body) {
  if (!rule.empty() && !is_blank(body)) {
    nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_discarded()) {
      out.problems.push_back(rule);
    } else {
      // nft-test.py keeps the first record of a rule (json_find_expected stops there).
      out.by_rule.emplace(rule, std::move(parsed));
    }
  }
  rule.clear();
  body.clear();
}

}  // namespace

const nlohmann::json* JsonRecords::find(std::string_view rule) const {
  auto it = by_rule.find(rule);
  return it == by_rule.end() ? nullptr : &it->second;
}

JsonRecords parse_json_records(std::string_view text) {
  JsonRecords out;
  std::string rule, body;
  for (std::string_view line : split_lines(text)) {
    if (line.starts_with("# ")) {
      flush(out, rule, body);
      rule = std::string(rstrip(line.substr(2)));
      continue;
    }
    body += std::string(line) + "\n";
  }
  flush(out, rule, body);
  return out;
}

const nlohmann::json* expected_json(const JsonRecords& input, const JsonRecords& output,
                                    std::string_view rule) {
  if (const nlohmann::json* j = output.find(rule)) return j;
  return input.find(rule);
}

}  // namespace nftx::conformance
