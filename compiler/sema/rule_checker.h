// SPDX-License-Identifier: GPL-2.0-or-later
// Checks one rule: resolves expressions against the protocol tables, adds the protocol
// dependencies nft adds, types constants, builds anonymous sets, and produces checked statements.
// The implementation is split by category: expr_check.cc (left-hand sides), value_check.cc
// (constants and sets), match_check.cc (relational statements), stmt_check.cc (the others),
// proto_ctx.cc (dependencies).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/proto/protocol.h"
#include "compiler/sema/context.h"
#include "compiler/sema/model.h"

namespace nftx::sema {

class ArgEvaluator;

class RuleChecker {
  friend class ArgEvaluator;

 public:
  RuleChecker(Context& ctx, TableInfo& table, const ChainInfo* chain);
  // nullopt when an error was reported.
  std::optional<checked::Rule> check(const ast::Rule& rule);

  // A typed left-hand side: the expression to load, how constants compared with it are parsed
  // (type, width, byte order) and how far they must be shifted into the loaded bits.
  struct Lhs {
    checked::ExprPtr expr;
    std::vector<ValueType> parts;  // one per concatenation member (one for plain expressions)
    uint32_t shift = 0;            // constants are shifted left by this many bits
    const proto::Protocol* proto = nullptr;  // payload: its protocol (context updates)
    std::string field;
    std::optional<uint32_t> meta_key;
    bool user_mask = false;  // `x & c` written by the user: implicit matches are then equality
  };

  // ---- expr_check.cc ----
  std::optional<Lhs> lhs(const ast::ExprPtr& e);
  ast::ExprPtr expand(const ast::ExprPtr& e, int depth = 0);

 private:
  std::optional<Lhs> payload(const ast::Payload& p, const Span& at);
  std::optional<Lhs> meta(const ast::Meta& m, const Span& at);
  std::optional<Lhs> ct(const ast::Ct& c, const Span& at);
  std::optional<Lhs> keyed(const ast::Keyed& k, const Span& at);
  std::optional<Lhs> option(const ast::Exthdr& x, const Span& at);
  std::optional<Lhs> fib(const ast::Keyed& k, const Span& at);
  std::optional<Lhs> raw_payload(const ast::RawPayload& r, const Span& at);
  std::optional<Lhs> concat(const ast::Concat& c, const Span& at);
  // Reports `ct saddr`/`ct daddr` without ip/ip6 where a key type is needed (sets, maps).
  bool ambiguous_ct_addr(const ast::ExprPtr& e);
  std::optional<Lhs> binop(const ast::Binop& b, const Span& at);
  void merge_payloads();
  // A sub-byte field as a plain value (shifted down, host order as nft does) for keys of named
  // sets and maps and for concatenations, whose elements hold unshifted values.
  Lhs normalized(const Lhs& l);
  bool icmp_dependency(const proto::Protocol& p, proto::IcmpDep dep, const Span& at);
  std::optional<Lhs> exthdr_field(const std::string& hdr, const std::string& field, const Span& at);

  // ---- value_check.cc ----
 public:
  // A constant for `want` (one concatenation member), unshifted, in register byte order.
  std::optional<ConstResult> constant(const ast::ExprPtr& e, const ValueType& want);
  // A full key for `lhs` (concatenations padded per member to 32-bit registers), shifted.
  std::optional<ir::Bytes> key(const ast::ExprPtr& e, const Lhs& lhs);
  // Interval [from, to] of a key (ranges, prefixes); nullopt when e is a single value.
  struct Interval { ir::Bytes from, to; };
  // `plain` (optional): when e is one plain value (no range, no concatenation), receives its
  // parsed constant, so that key_of() can finish it without parsing it a second time.
  std::optional<Interval> interval(const ast::ExprPtr& e, const Lhs& lhs, bool& error,
                                   std::optional<ConstResult>* plain = nullptr);
  // key(e, lhs) for a constant interval() has already parsed (and reported errors of).
  static ir::Bytes key_of(ConstResult&& v, const Lhs& lhs);
  // Map data that is not one value of one type (NAT maps: `addr . port`, ranges): how one
  // element's data is encoded, and the data's wire type and width.
  struct MapData {
    std::function<std::optional<ir::Bytes>(const ast::ExprPtr&)> encode;
    uint32_t type = 0;
    uint32_t len_bytes = 0;
  };
  // An element's `timeout`, `expires`, `comment` and `counter` options; false after an error.
  bool element_options(const ast::SetElem& se, std::optional<uint64_t>& timeout,
                       std::optional<uint64_t>& expiration, std::optional<std::string>& comment,
                       std::vector<ir::Instr>& exprs);
  std::optional<checked::SetRef> anon_set(const ast::SetLiteral& s, const Span& at,
                                          const Lhs& lhs, const std::optional<ValueType>& data,
                                          bool verdict_map, bool force_interval = false,
                                          std::optional<uint32_t> obj_type = std::nullopt,
                                          const MapData* map_data = nullptr);
  // Elements built by the last anon_set() call (named sets reuse the encoding).
  ir::SetElems take_last_elems() { return std::move(out_.anon_elems.back()); }
  bool failed() const { return failed_; }
  std::optional<checked::SetRef> named_set(const std::string& name, const Span& at, bool want_map,
                                           const Lhs* key = nullptr);
  std::optional<ir::Verdict> verdict(const ast::ExprPtr& e);

 private:
  // ---- match_check.cc ----
  bool match(const ast::Match& m, const Span& at);
  bool connlimit(const ast::ExprPtr& count, bool over, const Span& at);
  bool cross_day_range(const Lhs& l, ast::ExprPtr& r, ast::RelOp& op);
  bool sub_byte_prefix(const Lhs& l, const ast::Prefix& p, ir::CmpOp op, const Span& at);
  checked::ExprPtr concat_to_network(const Lhs& l);
  // ---- stmt_check.cc ----
  bool statement(const ast::Stmt& s);
  bool nat(const ast::Nat& n, const Span& at);
  bool reject(const ast::Reject& r, const Span& at);
  bool store(const ast::SetField& s, const Span& at);
  bool payload_store(const Lhs& target, const ast::SetField& s, const Span& at);
  bool dynset(const ast::Dynset& d, const Span& at);
  bool map_update(const ast::MapUpdate& u, const Span& at);
  std::optional<checked::ExprPtr> value_expr(const ast::ExprPtr& e, const ValueType& want,
                                             const MapData* map_data = nullptr);
  // ---- nat_map_check.cc ----
  // `dnat to KEY map { k : addr . port }` and maps with range data; nullopt when the map's
  // data is a single value per element (the plain path handles it).
  std::optional<bool> nat_map(const ast::ExprPtr& addr, const ValueType& addr_type,
                              const ValueType& port_type, checked::Nat& out);
  // ---- arg_check.cc ----
  // True when a meta/ct statement's value is an expression nft evaluates with the statement's
  // width (a payload field, or bit operations on a packet or metadata value).
  bool is_arg_expression(const ast::ExprPtr& e);
  std::optional<checked::ExprPtr> arg_value(const ast::ExprPtr& e, const ValueType& target);
  // ---- proto_ctx.cc ----
  // `link_type`: the dependency comes from an icmp/igmp header (nft's special transport
  // dependency), which tests the link header's type even in bridge tables.
  bool need(const proto::Protocol& p, const Span& at, bool link_type = false);
  void learn(const Lhs& lhs, const ir::Bytes& value);
  void learn_set(const Lhs& lhs, const ir::Set& set, const ir::SetElems& elems);
  const proto::Protocol* upper_of(const Lhs& lhs, uint64_t value) const;
  void emit_dep_meta(uint32_t key, const ir::Bytes& value, const Span& at);
  // Where a link-layer protocol's header starts: after the headers stacked below it.
  uint32_t link_offset_bits(const proto::Protocol& p) const;
  // A new innermost link-layer header (`ether type 8021ad`, `vlan type 8021q`).
  void push_link(const proto::Protocol& next);
  bool link_stacked(const proto::Protocol& p) const;

  void emit(checked::StmtNode n, const Span& at) { out_.stmts.push_back({std::move(n), at}); }
  void error(const Span& at, const std::string& code, const std::string& msg,
             std::vector<Span> secondary = {}) {
    ctx_.diags.error(at, code, msg, std::move(secondary));
    failed_ = true;
  }

  Context& ctx_;
  TableInfo& table_;
  const ChainInfo* chain_;
  checked::Rule out_;
  bool failed_ = false;
  // Protocol context: what each base (link, network, transport) is known to carry.
  const proto::Protocol* base_[3] = {nullptr, nullptr, nullptr};
  // Link-layer headers below the current one, outermost first (nft's stacked_ll): the fields
  // of the current link protocol sit after all of them.
  std::vector<const proto::Protocol*> ll_stack_;
  bool ambiguous_[3] = {false, false, false};  // a set match named several protocols
  std::optional<uint64_t> icmp_type_;  // learned from an explicit `icmp[v6] type X`
  bool icmp_type_matched_ = false;
  bool terminal_seen_ = false;
  Span flow_span_;  // the rule's `flow add`, if any
  bool net_learned_ = false;  // the network base came from a match, not from the family
  bool nat_seen_ = false;  // nat/reject: only a verdict may follow
  Span terminal_span_;
  uint32_t anon_count_ = 0;
};

}  // namespace nftx::sema
