// SPDX-License-Identifier: GPL-2.0-or-later
// The high-level expressions a rule reads back as (nft's struct expr): what the register operations
// of a rule are turned into before they are simplified and printed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/proto/datatype.h"
#include "compiler/proto/protocol.h"
#include "compiler/raise/number.h"

namespace nftx::raise {

struct SetState;
struct Stmt;

enum class ExprKind : uint8_t {
  Value,
  Verdict,
  Payload,
  Exthdr,
  Meta,
  Ct,
  Rt,
  Fib,
  Socket,
  Osf,
  Numgen,
  Hash,
  Xfrm,
  Unary,
  Binop,
  Relational,
  Concat,
  List,
  Set,
  SetRef,
  SetElem,
  Catchall,
  Mapping,
  Map,
  Prefix,
  Range,
};

enum class Op : uint8_t {
  Invalid,
  Hton,
  Ntoh,
  And,
  Or,
  Xor,
  Lshift,
  Rshift,
  Eq,
  Neq,
  Lt,
  Gt,
  Lte,
  Gte,
  Neg,
  Implicit,
};

// nft's proto_bases: the payload bases shifted by one so that 0 means "below the link layer".
enum Base : uint32_t {
  kBaseInvalid = 0,
  kBaseLL = 1,
  kBaseNetwork = 2,
  kBaseTransport = 3,
  kBaseInner = 4,
  kBaseMax = 4
};

// Datatype flavours nft has besides its registered types.
enum class Flavor : uint8_t {
  Plain,
  Hex,         // xinteger: raw payloads and shifts print in hexadecimal
  RejectIcmp,  // private reject code types
  RejectIcmp6,
  RejectIcmpx,
};

inline constexpr uint32_t kExprProtocol = 1u << 0;     // EXPR_F_PROTOCOL
inline constexpr uint32_t kExprIntervalEnd = 1u << 1;  // EXPR_F_INTERVAL_END

struct Expr;
using ExprPtr = std::shared_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::Value;
  proto::TypeId type = proto::TypeId::Invalid;
  Flavor flavor = Flavor::Plain;
  proto::ByteOrder byteorder = proto::ByteOrder::Invalid;
  uint32_t len = 0;  // bits
  uint32_t flags = 0;
  Op op = Op::Invalid;
  // Field-specific symbolic constants (`tcp option mptcp subtype mp-join`).
  std::span<const proto::Symbol> symbols = {};

  Num value;            // Value
  ir::Verdict verdict;  // Verdict
  ExprPtr left,
      right;                   // Unary(arg)/Binop/Relational/Range/Mapping/Map/Prefix(left)/Hash
  std::vector<ExprPtr> items;  // Concat, List, Set
  uint32_t prefix_len = 0;

  // Payload and Exthdr.
  uint32_t base = kBaseInvalid;  // Payload: nft's proto base
  uint32_t offset = 0;           // bits
  const proto::Protocol* desc = nullptr;
  const proto::Field* tmpl = nullptr;
  bool is_raw = false;
  // Exthdr.
  const proto::ExtHeader* ext = nullptr;
  uint32_t ext_op = 0;
  uint8_t ext_type = 0;
  uint32_t ext_flags = 0;

  // Keyed loads: meta, ct, rt, fib (result), socket, osf, numgen, hash, xfrm.
  uint32_t key = 0;
  int32_t dir = -1;         // ct/xfrm direction, -1 none
  uint32_t nfproto = 0;     // ct saddr/daddr resolved family
  uint32_t aux = 0;         // fib flags, socket level, osf flags, numgen/hash type, xfrm spnum
  uint32_t modulus = 0;     // numgen, hash
  uint32_t seed = 0;        // hash
  bool seed_set = false;    // hash
  uint32_t num_offset = 0;  // numgen, hash
  uint8_t ttl = 0;          // osf

  // SetRef: the set; its elements for anonymous sets are in `right` (a Set expression).
  const SetState* set = nullptr;

  // SetElem: key in `left`; these are printed after it.
  uint64_t timeout = 0;
  uint64_t expiration = 0;
  std::optional<std::string> comment;
  std::vector<std::shared_ptr<Stmt>> stmts;
};

ExprPtr clone(const ExprPtr& e);

ExprPtr make_value(proto::TypeId type, proto::ByteOrder order, uint32_t len, Num value);
// A value from register bytes, typed later (nft's netlink_alloc_value).
ExprPtr make_raw_value(const ir::Bytes& data);
ExprPtr make_verdict(const ir::Verdict& v);
ExprPtr make_unary(Op op, ExprPtr arg);
ExprPtr make_binop(Op op, ExprPtr left, ExprPtr right);
ExprPtr make_relational(Op op, ExprPtr left, ExprPtr right);
ExprPtr make_range(ExprPtr low, ExprPtr high);
ExprPtr make_prefix(ExprPtr value, uint32_t prefix_len);
ExprPtr make_concat(std::vector<ExprPtr> items);
ExprPtr make_list(std::vector<ExprPtr> items);
ExprPtr make_set(std::vector<ExprPtr> elems);
ExprPtr make_set_elem(ExprPtr key);
ExprPtr make_mapping(ExprPtr key, ExprPtr data);
ExprPtr make_map(ExprPtr key, ExprPtr mappings);
ExprPtr make_set_ref(const SetState* set);

// nft's expr_set_type: descends into prefixes, ranges, sets, mappings and set elements.
void set_type(const ExprPtr& e, proto::TypeId type, proto::ByteOrder order,
              Flavor flavor = Flavor::Plain, std::span<const proto::Symbol> symbols = {});
// The type of `from` (its type, byte order, flavour and field symbols).
void set_type_like(const ExprPtr& e, const Expr& from);
// The last type of the base chain (integer, string ...).
proto::TypeId basetype(const Expr& e);
bool is_bitmask_type(proto::TypeId type);  // the type's base type is bitmask

// 32-bit register slots a value of `bits` occupies, and its padded length in bits.
inline uint32_t register_space(uint32_t bits) { return (bits + 31) / 32; }
inline uint32_t padded_len(uint32_t bits) { return register_space(bits) * 32; }

}  // namespace nftx::raise
