// SPDX-License-Identifier: GPL-2.0-or-later
// One nftables tests/py `.t` file as data: the chain templates, the tables, and the active
// setup/rule lines in file order. Parsing follows nft-test.py's line rules (see
// /work/shared/spec/nft-reference.md section 3) so that our case list matches its case list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace nftx::conformance {

enum class Expect { Ok, Fail };

// `:input;type filter hook input priority 0`
struct ChainTemplate {
  std::string name;
  std::string config;  // may be empty: the chain is then created without a hook
  int line = 0;        // 1-based
};

// `*netdev;test-netdev;ingress,egress`
struct TableSpec {
  std::string family;
  std::string name;
  std::vector<std::string> chains;
  int line = 0;
};

// `!set1 type ipv4_addr timeout 60s flags interval` or `!map1 typeof vlan id : meta mark`
struct SetDecl {
  std::string name;
  std::string key;                   // "type ipv4_addr . ipv4_addr" or "typeof vlan id"
  std::string data;                  // map data ("mark", "meta mark"), empty for a plain set
  std::string timeout;               // "60s" or empty
  std::string flags;                 // "interval" or empty
  std::vector<std::string> unknown;  // tokens nft-test.py would call a "bad flag"
};

// `?set1 192.168.3.5, 192.168.3.6`
struct ElementAdd {
  std::string set;
  std::string elements;  // the element list as written, without braces
};

// `%cnt1 type counter` or `%cthelp1 type ct helper { type "ftp" protocol tcp; }`
struct ObjectDecl {
  std::string name;
  std::string type;  // "counter", "quota", "ct helper", "ct timeout", "synproxy", ...
  std::string spec;  // everything after the type, may be empty
};

// `rule;ok`, `rule;ok;expected listing`, `rule;fail`
struct RuleLine {
  std::string text;
  std::optional<std::string> listing;  // field 3 when present
};

using EntryItem = std::variant<SetDecl, ElementAdd, ObjectDecl, RuleLine>;

struct Entry {
  int line = 0;      // 1-based
  std::string text;  // the line as written, right-stripped (for messages)
  Expect expect = Expect::Ok;
  EntryItem item;
};

struct TestFile {
  std::vector<ChainTemplate> chains;
  std::vector<TableSpec> tables;
  std::vector<Entry> entries;         // active lines only, in file order
  int disabled = 0;                   // well-formed rule lines starting with "- " (nft-test.py -e)
  std::vector<std::string> warnings;  // malformed lines, "line N: text"

  const ChainTemplate* chain(std::string_view name) const;
};

TestFile parse_test_file(std::string_view text);

// Parsers for the individual line kinds; `body` is the line without its marker character and
// without the `;ok`/`;fail` suffix. Exposed for unit tests.
SetDecl parse_set_decl(std::string_view body);
ElementAdd parse_element_add(std::string_view body);
ObjectDecl parse_object_decl(std::string_view body);

}  // namespace nftx::conformance
