// SPDX-License-Identifier: GPL-2.0-or-later
// AST statements: one struct per statement family, words kept as written.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "parser/ast_expr.h"

namespace nftx::ast {

enum class RelOp { Implicit, Eq, Neq, Lt, Gt, Lte, Gte, Not };  // Not: `flags ! a,b`

struct Match { ExprPtr left; RelOp op = RelOp::Implicit; ExprPtr right; Span op_span; };
struct VerdictStmt { ExprPtr verdict; };         // Verdict, or MapLookup for `vmap`
struct Counter { std::optional<std::string> packets, bytes; ExprPtr name; };  // name: `counter name x`
struct Limit {
  ExprPtr name;  // `limit name x`
  bool over = false;
  std::string rate;        // number as written
  std::string rate_unit;   // "bytes", "kbytes", "mbytes" for byte limits; empty for packets
  std::string per;         // second, minute, hour, day, week
  std::optional<std::string> burst;
  std::string burst_unit;  // "packets", "bytes", "kbytes", "mbytes"
};
struct Quota {
  ExprPtr name;
  bool over = false;  // `over` vs `until`
  std::string amount; std::string unit;
  std::optional<std::string> used; std::string used_unit;
};
struct Log {
  std::optional<ExprPtr> prefix; std::optional<std::string> level;
  std::optional<std::string> group, snaplen, qthreshold;
  std::vector<std::string> flags;  // tcp sequence, tcp options, ip options, skuid, ether, all
};
struct Reject { std::string with; ExprPtr code; };  // with: "", "icmp", "icmpv6", "icmpx", "tcp reset"
enum class NatKind { Snat, Dnat, Masquerade, Redirect };
struct Nat {
  NatKind kind;
  std::string family;  // "ip" / "ip6" for inet tables, else empty
  ExprPtr addr;        // may be null
  ExprPtr port;        // may be null
  bool addr_is_map_pair = false;  // `dnat to ip daddr map { x : a . p }` (addr . port in one map)
  bool prefix_flag = false;       // `snat prefix to ...`
  std::vector<std::string> flags; // random, fully-random, persistent, netmap
  Span flags_span;
};
struct Notrack {};
struct FlowOffload { std::string flowtable; Span name_span; bool legacy = false; };
struct SetField { ExprPtr target; ExprPtr value; };  // `meta mark set X`, `ip ttl set 1`, `ct mark set`
enum class DynsetOp { Add, Update, Delete };
struct Stmt;
struct Dynset {
  DynsetOp op; std::string set; Span set_span; ExprPtr key;  // key may be SetElem with timeout
  std::vector<Stmt> elem_stmts;  // `timeout 5s`, counter, limit, quota for the new element
};
struct MapUpdate { DynsetOp op; std::string map; Span map_span; ExprPtr key; ExprPtr value; };
struct Objref { std::string type; ExprPtr name; };  // `counter name X` etc. (name: Symbol or MapLookup)
// Anything else (queue, dup, fwd, tproxy, synproxy, last, ct count, osf ...): a keyword plus
// option words/expressions, interpreted by sema.
struct Generic { std::string kind; std::vector<std::string> words; std::vector<ExprPtr> args; };

using StmtNode = std::variant<Match, VerdictStmt, Counter, Limit, Quota, Log, Reject, Nat, Notrack,
                              FlowOffload, SetField, Dynset, MapUpdate, Objref, Generic>;

struct Stmt {
  StmtNode node;
  Span span;
};

struct Rule {
  std::vector<Stmt> stmts;
  std::optional<std::string> comment;
  Span span;
};

}  // namespace nftx::ast
