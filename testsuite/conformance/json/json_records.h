// SPDX-License-Identifier: GPL-2.0-or-later
// The corpus `<name>.t.json` and `<name>.t.json.output` files: per rule, a "# <rule>" header
// followed by the JSON "expr" array nft produces for it (.json.output: when the listing differs
// from the input form). Parsed once per file, looked up by rule text.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nftx::conformance {

struct JsonRecords {
  std::map<std::string, nlohmann::json, std::less<>> by_rule;
  std::vector<std::string> problems;  // records whose JSON does not parse

  const nlohmann::json* find(std::string_view rule) const;
};

JsonRecords parse_json_records(std::string_view text);

// The JSON nft lists for a rule: the .json.output record when there is one, else the .json one.
const nlohmann::json* expected_json(const JsonRecords& input, const JsonRecords& output,
                                    std::string_view rule);

}  // namespace nftx::conformance
