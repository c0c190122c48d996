// SPDX-License-Identifier: GPL-2.0-or-later
// AST declarations and commands: a Ruleset is the ordered list of top-level items of one input
// (includes already spliced in by the loader).
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "parser/ast_expr.h"
#include "parser/ast_stmt.h"

namespace nftx::ast {

struct Define { std::string name; ExprPtr value; bool redefine = false; Span name_span; };
struct Undefine { std::string name; Span name_span; };
struct Include { std::string pattern; Span span; };

struct Name { std::string text; Span span; };

struct PrioSpec { ExprPtr value; Span span; };  // Symbol "filter + 5", number, or Variable

struct ChainDecl;
struct Hook {
  Name type;   // filter / nat / route
  Name hook;   // prerouting, input, forward, output, postrouting, ingress, egress
  std::optional<ExprPtr> devices;  // `device X` (single) or `devices = { ... }`
  std::optional<PrioSpec> priority;
  Span span;
};

using ChainItem = std::variant<Rule, Define, Undefine, Include>;
struct ChainDecl {
  Name name;
  std::optional<Hook> hook;
  std::optional<Name> policy;
  std::optional<std::string> comment;
  std::vector<Name> flags;
  std::vector<ChainItem> items;
  Span span;
};

struct SetDecl {
  Name name;
  bool is_map = false;
  std::vector<Name> key_types;       // `type a . b` (words); empty when typeof used
  std::vector<ExprPtr> key_typeof;   // `typeof ip saddr . tcp dport`
  std::vector<Name> data_types;      // maps: `: verdict` / `: ipv4_addr . inet_service`
  std::vector<ExprPtr> data_typeof;
  std::optional<Name> data_kind;     // `: counter` / `: quota` object maps
  std::vector<Name> flags;           // constant, interval, timeout, dynamic
  std::optional<std::string> timeout, gc_interval, size, policy, comment;
  bool auto_merge = false;
  std::vector<Stmt> stmts;           // `counter` etc. applying to every element
  std::optional<ExprPtr> elements;   // SetLiteral
  Span span;
};

struct FlowtableDecl {
  Name name;
  std::optional<Name> hook;
  std::optional<PrioSpec> priority;
  std::optional<ExprPtr> devices;    // SetLiteral of device names, or a Variable
  Span devices_span;
  bool offload = false; Span offload_span;
  bool counter = false; Span counter_span;
  std::optional<std::string> comment;
  std::vector<Define> defines;
  Span span;
};

struct ObjDecl {  // counter / quota / limit / ct helper ... declarations
  std::string kind; Name name;
  std::vector<Stmt> body;  // the statement describing the object (Counter / Quota / Limit)
  std::optional<std::string> comment;
  Span span;
};

using TableItem = std::variant<ChainDecl, SetDecl, FlowtableDecl, ObjDecl, Define, Undefine, Include>;
struct TableDecl {
  std::optional<Name> family;
  Name name;
  std::vector<Name> flags;
  std::optional<std::string> comment;
  std::vector<TableItem> items;
  bool has_block = false;
  Span span;
};

enum class Verb { Add, Create, Insert, Replace, Delete, Destroy, Flush, List, Reset, Rename };

// `add rule [family] t c [position N | index N | handle N] stmts`
struct RuleCmd {
  std::optional<Name> family; Name table; Name chain;
  std::optional<std::pair<std::string, std::string>> locator;  // ("position"|"index"|"handle", N)
  Rule rule;
};
struct ElementCmd { std::optional<Name> family; Name table; Name set; ExprPtr elements; };
// A command on one object named by [family] table [name] [handle N], e.g. delete chain,
// flush set, list table, reset counters, rename chain.
struct ObjectCmd {
  std::string object;  // "table", "chain", "set", "map", "flowtable", "counter", "ruleset", ...
  std::optional<Name> family;
  std::optional<Name> table;
  std::optional<Name> name;
  std::optional<std::string> handle;
  std::optional<Name> new_name;  // rename
};

using CommandBody = std::variant<TableDecl, ChainDecl, SetDecl, FlowtableDecl, ObjDecl, RuleCmd,
                                 ElementCmd, ObjectCmd>;
struct Command {
  Verb verb = Verb::Add;
  // For ChainDecl/SetDecl/FlowtableDecl/ObjDecl given as commands: the table they belong to.
  std::optional<Name> family;
  std::optional<Name> table;
  CommandBody body;
  Span span;
};

using TopItem = std::variant<Command, Define, Undefine, Include>;
struct Ruleset {
  std::vector<TopItem> items;
};

}  // namespace nftx::ast
