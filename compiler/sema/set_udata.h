// SPDX-License-Identifier: GPL-2.0-or-later
// NFTA_SET_USERDATA exactly as nft 1.0.6 writes it for every set it sends (mnl_nft_set_add).
// The kernel stores these bytes opaquely; `nft list` reads them back to know the key's byte
// order (host-order keys such as iifname or mark print wrong without it), whether the set
// auto-merges, its comment, and the `typeof` expressions it was declared with.
//
// libnftnl TLVs: 1-byte type, 1-byte length, value (u32 values in host order, nests hold TLVs).
// Top level, in this order, each only when present:
//   0 KEYBYTEORDER   u32, nft's byteorder (0 invalid: concatenations, 1 host, 2 big); always
//   1 DATABYTEORDER  u32, maps with data or verdicts (NFT_SET_MAP)
//   2 MERGE_ELEMENTS u32 1: `auto-merge`, and every anonymous interval set (not maps)
//   3 KEY_TYPEOF     nest: the key expression, when nft's expression type can describe itself
//   4 DATA_TYPEOF    nest: the same for map data
//   6 DATA_INTERVAL  u32, every set with data (maps, vmaps, object maps): 1 for range data
//   7 COMMENT        NUL-terminated string
// A typeof nest holds 0 TYPEOF_EXPR (u32 nft expression type) and 1 TYPEOF_DATA (nest, per
// expression type; see set_udata.cc). Anonymous sets describe the left-hand side they were
// built for; anonymous maps only a concatenated key and verdict data; named sets their
// `typeof` expressions, and a `type a . b` key as an empty concatenation.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/proto/protocol.h"
#include "compiler/sema/model.h"
#include "compiler/sema/rule_checker.h"
#include "parser/ast.h"

namespace nftx::sema {

// The top-level TLVs of one set, before encoding.
struct SetUdata {
  proto::ByteOrder key_order = proto::ByteOrder::Invalid;  // Invalid for concatenations
  std::optional<proto::ByteOrder> data_order;              // NFT_SET_MAP sets only
  bool merge = false;
  std::optional<ir::Bytes> key_typeof;   // content of the KEY_TYPEOF nest
  std::optional<ir::Bytes> data_typeof;  // content of the DATA_TYPEOF nest
  std::optional<bool> data_interval;     // present on every set that has data
  std::optional<std::string> comment;
};
ir::Bytes encode_set_udata(const SetUdata& s);

// One key (or data) member as nft knows it when it describes the expression.
struct UdataExpr {
  checked::ExprPtr expr;  // a load, possibly masked/shifted; null for a plain `type` member
  ValueType type;         // the member's type and width (payload LEN for integer fields)
  uint32_t shift = 0;     // Lhs::shift: where a sub-byte field sits in the loaded bytes
  const proto::Protocol* proto = nullptr;  // payload: the header the field was named with
  std::string_view field;                  // payload field name ("saddr", "dport", ...)
  std::string_view ext_header;  // IPv6 extension header named in the source ("srh"), if known
};

// The content of a typeof nest (TYPEOF_EXPR + TYPEOF_DATA) for one expression; nullopt when
// nft has no description for it (values, bit operations: masked sub-byte fields of rules).
// `declared`: a `typeof` in a set declaration, where nft keeps the field itself even when
// rules would load it with a mask.
std::optional<ir::Bytes> typeof_udata(const UdataExpr& e, bool declared);
// A concatenation: members are described in order until the first one nft cannot describe.
ir::Bytes concat_typeof_udata(std::span<const UdataExpr> parts, bool declared);
// Map data that is a verdict (vmaps, and `typeof ... : verdict`): an empty verdict description.
ir::Bytes verdict_typeof_udata();

// A named set or map. `key_typeof` / `data_typeof` are the checked `typeof` expressions
// (empty / nullopt for `type` declarations).
ir::Bytes named_set_udata(const ast::SetDecl& s, const SetInfo& info,
                          std::span<const RuleChecker::Lhs> key_typeof,
                          const std::optional<RuleChecker::Lhs>& data_typeof);

// An anonymous set or map built for `key` (a rule's left-hand side). `context` is the rule's
// protocol context per payload base (link, network, transport): it tells which header a
// concatenation member's payload field belongs to.
ir::Bytes anon_set_udata(const RuleChecker::Lhs& key, const ir::Set& set,
                         const std::optional<ValueType>& data, bool verdict_map,
                         std::span<const proto::Protocol* const> context);

}  // namespace nftx::sema
