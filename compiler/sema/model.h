// SPDX-License-Identifier: GPL-2.0-or-later
// The checked model: what sema guarantees to lowering. Every name is resolved, every constant is
// a register image of the right width and byte order, protocol dependencies are explicit
// statements, and objects (tables, chains, sets, flowtables) are already in their IR form because
// they involve no registers. Only rule expressions remain trees; lowering allocates registers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/span.h"
#include "compiler/ir/ir.h"
#include "compiler/proto/datatype.h"

namespace nftx::checked {

using proto::ByteOrder;
using proto::TypeId;

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

// A value the VM loads: an IR load operation whose destination register lowering fills in
// (Payload, Meta, Ct, Exthdr, Rt, Fib, Socket, Numgen, Hash, Osf, Xfrm).
struct Load { ir::Op op; };
struct Const { ir::Bytes data; };
// (base & mask) ^ xor_
// with_op: nft sends NFTA_BITWISE_OP for masks of binops and sub-byte fields, not for the
// masks of flag tests and prefixes (ir::Bitwise::with_op).
struct Mask { ExprPtr base; ir::Bytes mask; ir::Bytes xor_; bool with_op = false; };
struct Shift { ExprPtr base; ir::BitwiseOp op; uint32_t amount; };
struct Swap { ExprPtr base; ir::ByteorderOp op; uint32_t size; };  // byteorder (len from Expr)
struct Concat { std::vector<ExprPtr> parts; };
struct SetRef { std::string name; uint32_t id = 0; };
struct MapLookup { ExprPtr key; SetRef map; };

using ExprNode = std::variant<Load, Const, Mask, Shift, Swap, Concat, MapLookup>;

struct Expr {
  ExprNode node;
  TypeId type = TypeId::Invalid;
  ByteOrder byteorder = ByteOrder::Big;
  uint32_t len_bits = 0;
  Span span;
};

template <typename T>
ExprPtr make(T node, TypeId type, ByteOrder order, uint32_t len_bits, Span span) {
  return std::make_shared<const Expr>(Expr{ExprNode{std::move(node)}, type, order, len_bits, span});
}

// ---- statements ----
struct Cmp { ExprPtr left; ir::CmpOp op; ir::Bytes right; };
struct RangeCmp { ExprPtr left; ir::CmpOp op; ir::Bytes from; ir::Bytes to; };
struct Lookup { ExprPtr left; SetRef set; bool invert = false; };
struct Verdict { ir::Verdict verdict; };
struct Vmap { ExprPtr key; SetRef map; };
// A statement that is exactly one register-free IR operation (counter, limit, quota, log,
// reject, notrack, flow_offload, objref by name, connlimit, ...).
struct Emit { ir::Op op; };
// `meta mark set X`, `ct mark set X`, `ip ttl set X`: target is a Load; value any expression.
// Payload targets carry the write (offset, length, checksum update) with sreg unset.
struct Store { ExprPtr target; ExprPtr value; std::optional<ir::PayloadWrite> write; };
struct Nat {
  ir::Nat nat;  // type, family, flags; register fields are filled by lowering
  enum class Kind { Nat, Masq, Redir } kind = Kind::Nat;
  ExprPtr addr_min, addr_max, proto_min, proto_max;
  // `dnat to ip saddr map { k : a . p }`: one lookup leaves the element's data in consecutive
  // registers; each operand present is read at its 32-bit unit offset from the first.
  ExprPtr map;
  std::optional<uint32_t> map_addr_min, map_addr_max, map_proto_min, map_proto_max;
};
struct Dynset {
  uint32_t op;  // NFT_DYNSET_OP_*
  SetRef set;
  ExprPtr key;
  ExprPtr data;
  std::optional<uint64_t> timeout;
  std::vector<ir::Instr> exprs;
};
struct ObjrefMap { ExprPtr key; SetRef map; uint32_t type; };

using StmtNode = std::variant<Cmp, RangeCmp, Lookup, Verdict, Vmap, Emit, Store, Nat, Dynset,
                              ObjrefMap>;
struct Stmt {
  StmtNode node;
  Span span;
};

struct Rule {
  ir::Family family;
  std::string table;
  std::string chain;
  std::vector<ir::Set> anon_sets;  // created in the same batch, before the rule
  std::vector<ir::SetElems> anon_elems;
  std::vector<Stmt> stmts;
  std::optional<uint64_t> handle;
  std::optional<uint64_t> position;
  std::optional<std::string> comment;
  Span span;
};

using Object = std::variant<ir::Table, ir::Chain, Rule, ir::Set, ir::SetElems, ir::Flowtable,
                            ir::Object>;

struct Command {
  ir::Verb verb = ir::Verb::Add;
  Object object;
  uint32_t index = 0;  // top-level command number in the input
  Span span;
};

struct Ruleset {
  std::vector<Command> commands;
};

}  // namespace nftx::checked
