// SPDX-License-Identifier: GPL-2.0-or-later
// `nft -j list ruleset`: the libnftables JSON form of the ruleset a batch leaves behind, printed
// from the same raised statements as the text listing (raise.h), so that both agree.
//
// Two flavours: nft 1.0.6 (the default, the nft installed as the reference) and nft >= 1.1 (what
// the corpus records). They differ in the object order (1.0.6: table, objects, sets, flowtables,
// chains, rules; 1.1: chains right after the table), in single-item flag lists (1.0.6 prints the
// item alone), in table/chain comments and chain devices (1.0.6 omits them), in flag masks
// (1.0.6: ["syn", "ack"], 1.1: {"|": ["syn", "ack"]}) and in icmp codes (1.0.6 names them).
// nftx adds two flowtable keys nft's JSON lacks: "flags": ["offload"] and "counter": true.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/raise/json/json_dump.h"
#include "compiler/raise/raise.h"
#include "compiler/raise/ruleset.h"

namespace nftx::raise {

enum class JsonCompat : uint8_t { Nft1_0_6, Nft1_1 };

struct JsonOptions {
  ListOptions list;  // -s (stateless), -p (numeric protocol); -a/-y do not apply
  JsonCompat compat = JsonCompat::Nft1_0_6;
  // metainfo; empty: the release `compat` follows (1.0.6 "Lester Gooch #5", 1.1.4
  // "Commodore Bullmoose #5").
  std::string version;
  std::string release_name;
};

// The whole listing, one line ending in "\n", as `nft -j list ruleset` prints it.
std::string list_ruleset_json(const ir::Batch& batch, const ListOptions& opts);
std::string list_ruleset_json(const ir::Batch& batch, const JsonOptions& opts);
// The same document as a value: {"nftables": [{"metainfo": ...}, {"table": ...}, ...]}.
Json ruleset_json(const ir::Batch& batch, const JsonOptions& opts);
// The same for a ruleset already applied (e.g. the fastpath engine's, with its counters).
Json ruleset_json(const RulesetState& state, const JsonOptions& opts);
std::string list_state_json(const RulesetState& state, const ListOptions& opts);

// The "expr" arrays of the rules of one chain after the batch, in chain order (empty when the
// chain does not exist). This is what nft-test.py compares with the corpus *.t.json files.
std::vector<Json> chain_rule_exprs_json(const ir::Batch& batch, ir::Family family,
                                        const std::string& table, const std::string& chain,
                                        const ListOptions& opts,
                                        JsonCompat compat = JsonCompat::Nft1_1);

}  // namespace nftx::raise
