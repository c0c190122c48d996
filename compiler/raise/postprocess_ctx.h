// SPDX-License-Identifier: GPL-2.0-or-later
// Internal to the postprocess files: the state carried through one rule (nft's rule_pp_ctx and
// payload_dep_ctx) and the expression-level steps.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "compiler/raise/proto_ctx.h"
#include "compiler/raise/ruleset.h"
#include "compiler/raise/stmt.h"

namespace nftx::raise {

// Matches that may be dependencies of a later, higher layer match (payload_dep_ctx).
struct DepCtx {
  std::array<Stmt*, kBaseMax + 2> pdeps{};  // indexed by base + 1 of the match
  Stmt* prev = nullptr;                     // the previous statement (range merging)
  uint8_t icmp_type = 0;

  void reset() { *this = DepCtx{}; }
  bool exists(uint32_t base) const;
  Stmt* get(uint32_t base) const;
  void store(Stmt* stmt, uint32_t base);
  void release(uint32_t base);
};

inline constexpr uint32_t kInConcat = 1, kInSetElem = 2;

struct RuleCtx {
  RuleCtx(const TableState& t, ir::Family f) : table(t), pctx(f) {}
  const TableState& table;
  ProtoCtx pctx;
  DepCtx pdctx;
  StmtPtr stmt;                   // the statement being processed; null once replaced
  std::vector<StmtPtr> out;       // statements done (and ones inserted before `stmt`)
  const SetState* set = nullptr;  // set whose elements are being processed
  uint32_t flags = 0;
};

void expr_postprocess(RuleCtx& ctx, ExprPtr& e);
// The value of a small constant (protocol numbers, types), or nullopt.
inline std::optional<uint64_t> small_value(const Expr& e) {
  if (e.kind != ExprKind::Value || !e.value.fits64()) return std::nullopt;
  return e.value.low64();
}

// postprocess_match.cc: payload (and binop) matches; `expr` holds `payload` (or is a map).
void payload_match_postprocess(RuleCtx& ctx, ExprPtr& expr, ExprPtr& payload);
void relational_binop_postprocess(RuleCtx& ctx, ExprPtr& rel);
// postprocess_meta.cc: a meta or ct match may establish or replace a protocol dependency.
void ct_meta_postprocess(RuleCtx& ctx, Expr& rel);

// __binop_postprocess: when the mask of `binop_ref` (a binop inside `expr`) selects whole fields,
// replaces it by the narrowed load and shifts what `expr` compares it with.
bool binop_mask_postprocess(RuleCtx& ctx, ExprPtr& expr, ExprPtr& binop_ref);
void payload_dependency_kill(RuleCtx& ctx, Expr& payload);
// Decodes an anonymous set's (or a map's) elements the first time they are needed. `lhs` is what
// the elements are matched against, `data` what a map's values are used as; they supply the byte
// order and raw-ness the set declaration leaves open (integer types).
void ensure_elements(Expr& set_ref, const Expr* lhs, const Expr* data = nullptr);

}  // namespace nftx::raise
