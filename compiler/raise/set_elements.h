// SPDX-License-Identifier: GPL-2.0-or-later
// Set and map elements read back as expressions (nft's netlink_delinearize_setelem and segtree.c):
// keys typed by the set (or, for anonymous sets, by what the rule matches them against),
// concatenations split, interval start/end pairs folded back into ranges and prefixes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/raise/expr.h"
#include "compiler/raise/ruleset.h"

namespace nftx::raise {

struct ElemType {
  proto::TypeId type = proto::TypeId::Invalid;
  proto::ByteOrder byteorder = proto::ByteOrder::Invalid;
  uint32_t len = 0;  // bits
  Flavor flavor = Flavor::Plain;
  std::span<const proto::Symbol> symbols = {};
  std::vector<ElemType> members;  // concatenation members, in order
};

// The type an expression gives the elements it is matched against.
ElemType elem_type_of(const Expr& e);
// The key and data types a set declares (NFTA_SET_KEY_TYPE, userdata byte order).
ElemType set_key_type(const SetState& set);
std::optional<ElemType> set_data_type(const SetState& set);

// What nft keeps in the set's userdata besides types: `comment "..."` and `auto-merge`.
std::optional<std::string> set_comment(const SetState& set);
bool set_auto_merge(const SetState& set);

// The set's elements as a Set expression of SetElem items, ready to print.
ExprPtr decode_elements(const SetState& set, const ElemType& key,
                        const std::optional<ElemType>& data);

// range_expr_to_prefix: an address range that is exactly a prefix prints as one.
ExprPtr range_to_prefix(ExprPtr range);

// nft's bitmask_expr_to_binops: `syn | ack` instead of 0x12 for flag types.
ExprPtr bitmask_to_binops(ExprPtr value);

}  // namespace nftx::raise
