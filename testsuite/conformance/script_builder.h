// SPDX-License-Identifier: GPL-2.0-or-later
// Turns one corpus case into an nft script, one top-level command per line, built the way
// nft-test.py drives libnftables: add the table and its chains, replay the sets, elements and
// objects accepted so far, then the command under test last.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "testsuite/conformance/corpus_file.h"

namespace nftx::conformance {

struct Script {
  std::string text;
  uint32_t last_command = 0;  // 0-based index of the command under test
};

std::string set_command(const TableSpec& table, const SetDecl& set);
std::string element_command(const TableSpec& table, const ElementAdd& add);
std::string object_command(const TableSpec& table, const ObjectDecl& object);
std::string rule_command(const TableSpec& table, std::string_view chain, std::string_view rule);

// `add table`, one `add chain` per chain of `table` that has a template in `file`, the `state`
// commands in order, and `last`.
Script build_script(const TestFile& file, const TableSpec& table,
                    const std::vector<std::string>& state, const std::string& last);

}  // namespace nftx::conformance
