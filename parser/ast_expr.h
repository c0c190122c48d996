// SPDX-License-Identifier: GPL-2.0-or-later
// AST expressions: exactly what the user wrote, with spans, nothing resolved. Protocol fields,
// meta/ct keys and symbolic constants stay words here; sema resolves them against the tables
// in compiler/proto (so the grammar needs no keyword per field).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/span.h"

namespace nftx::ast {

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;  // immutable once built; shared by $variables

enum class SymbolKind { Word, Quoted, Number, Asterisk };
// A constant as written: `22`, `0x38`, `http`, `10.0.0.1`, `"eth0"`, `cs1`, `eth*`.
struct Symbol { std::string text; SymbolKind kind = SymbolKind::Word; };
struct Variable { std::string name; };                     // $name
// proto field: `tcp dport`, `ip saddr`, `arp saddr ip`, `vlan id`, `th dport`.
struct Payload { std::string proto; std::string field; Span field_span; };
struct RawPayload { std::string base; ExprPtr offset; ExprPtr len; };  // @th,16,16
// Extension headers and options: `hbh nexthdr`, `frag more-fragments`, `tcp option maxseg size`,
// `ip option rr ptr`, `sctp chunk init tag`, `exthdr hbh exists` (field empty).
struct Exthdr { std::string kind; std::string hdr; std::string field; };
struct Meta { std::string key; bool qualified = true; };   // `meta mark` / unqualified `mark`
struct Ct { std::string key; std::string dir; std::string family; };  // `ct original ip saddr`
// Other keyed expressions: rt, fib, socket, osf, numgen, hash, ipsec, ... (sema knows them).
struct Keyed { std::string kind; std::vector<std::string> words; std::vector<ExprPtr> args; };
struct Prefix { ExprPtr base; ExprPtr len; };              // 10.0.0.0/8
struct Range { ExprPtr lo; ExprPtr hi; };                  // 1-1024
struct List { std::vector<ExprPtr> items; };               // established,related
enum class BinOp { And, Or, Xor, Lshift, Rshift };
struct Binop { BinOp op; ExprPtr left; ExprPtr right; };
struct Concat { std::vector<ExprPtr> parts; };             // ip saddr . tcp dport
struct SetElem {                                           // one element with its options
  ExprPtr key;
  ExprPtr value;  // maps: `key : value`
  std::optional<std::string> timeout, expires, comment;
  std::vector<ExprPtr> stmts;  // per-element counter/quota/limit, as Stmt-like Keyed nodes
};
// { a, b : c, ... }: SetElem nodes, or just the key for elements without value or options.
struct SetLiteral { std::vector<ExprPtr> elems; };
struct SetRef { std::string name; };                       // @name
struct MapLookup { ExprPtr key; ExprPtr map; };            // key map { ... } / key map @m
enum class VerdictKind { Accept, Drop, Continue, Return, Jump, Goto, Queue };
struct Verdict { VerdictKind kind; ExprPtr chain; };       // chain: Symbol or Variable
struct Wildcard {};                                        // `*` (catch-all element)

using ExprNode = std::variant<Symbol, Variable, Payload, RawPayload, Exthdr, Meta, Ct, Keyed,
                              Prefix, Range, List, Binop, Concat, SetElem, SetLiteral, SetRef,
                              MapLookup, Verdict, Wildcard>;

struct Expr {
  ExprNode node;
  Span span;
};

template <typename T>
ExprPtr make_expr(T node, Span span) {
  return std::make_shared<const Expr>(Expr{ExprNode{std::move(node)}, span});
}

template <typename T>
const T* as(const ExprPtr& e) {
  return e ? std::get_if<T>(&e->node) : nullptr;
}

}  // namespace nftx::ast
