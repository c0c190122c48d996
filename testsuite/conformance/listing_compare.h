// SPDX-License-Identifier: GPL-2.0-or-later
// The secondary check: how the added rule reads back in `nft list ruleset`. nft-test.py lists
// the table with -s (stateless) and -p (numeric protocols) and compares the chain's rule with the
// third `.t` field, or with the rule itself when there is none.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nftx::conformance {

// The rule lines of `chain` inside `table <family> <table> { ... }`: the chain's lines minus its
// header statements (lines ending in ';', e.g. "type filter hook input priority filter; ...").
// nullopt when the table or chain is not in the listing.
std::optional<std::vector<std::string>> chain_rule_lines(std::string_view listing,
                                                         std::string_view family,
                                                         std::string_view table,
                                                         std::string_view chain);

// Removes the runtime state that `nft -s` leaves out: "counter packets 0 bytes 0" -> "counter",
// "quota 25 mbytes used 0 bytes" -> "quota 25 mbytes", "last used never" -> "last".
std::string make_stateless(std::string_view rule);

// nft-test.py's comparison: equal after right-stripping, or -- when the input rule has a `{` --
// equal outside the first `{...}` and equal inside it as a sorted, space-free element list.
bool listing_matches(std::string_view rule_text, std::string_view expected, std::string_view got);

}  // namespace nftx::conformance
