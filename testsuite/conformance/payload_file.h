// SPDX-License-Identifier: GPL-2.0-or-later
// `*.t.payload[.family]` files: blocks that start with `# <rule text>` and hold the
// `nft --debug=netlink` output nft printed for that rule (libnftnl 1.2.4 text format).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nftx::conformance {

struct PayloadRecord {
  std::string rule;                // header text after "# "
  std::vector<std::string> lines;  // body lines up to (not including) the blank separator
  int line = 0;                    // 1-based line of the header
};

struct PayloadFile {
  std::vector<PayloadRecord> records;
  std::vector<std::string> problems;  // text outside any record, records without instructions

  // nft-test.py semantics: the first record whose header equals the stripped rule text.
  const PayloadRecord* find(std::string_view rule) const;
};

PayloadFile parse_payload_file(std::string_view text);

// The payload files that belong to one `.t` file: the generic `<name>.t.payload` and the
// family-specific `<name>.t.payload.<family>` ones.
struct PayloadSet {
  std::optional<PayloadFile> generic;
  std::map<std::string, PayloadFile> by_family;

  // The family file wins when it exists (even when it lacks the rule, like nft-test.py, which
  // then falls back to the generic file's record).
  const PayloadRecord* find(std::string_view family, std::string_view rule) const;
  bool empty() const { return !generic && by_family.empty(); }
};

// Reads `<test_path>.payload` and every `<test_path>.payload.<family>` next to it.
PayloadSet load_payloads(const std::filesystem::path& test_path);

}  // namespace nftx::conformance
