// SPDX-License-Identifier: GPL-2.0-or-later
// Naming raw payload loads after header fields (nft's payload_expr_complete, _expand, _trim): a
// load of `len` bits at `offset` of a base becomes `tcp dport` once the rule has said that the
// transport header is tcp; merged loads split back into their fields.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "compiler/raise/expr.h"
#include "compiler/raise/proto_ctx.h"

namespace nftx::raise {

// A payload expression for a protocol field (payload_expr_alloc).
ExprPtr make_payload(const proto::Protocol& desc, const proto::Field& field);
// A raw load as the kernel holds it; transport ports get the `th` name (payload_init_raw).
ExprPtr make_raw_payload(uint32_t base, uint32_t offset_bits, uint32_t len_bits);
bool payload_is_known(const Expr& e);

void payload_complete(Expr& e, const ProtoCtx& ctx);
// Splits a merged load into one payload per field (or a raw rest).
std::vector<ExprPtr> payload_expand(const Expr& e, const ProtoCtx& ctx);
// When `mask` selects exactly one or more whole fields, narrows the load to them and returns the
// shift the right hand side needs.
std::optional<uint32_t> payload_trim(Expr& e, const Expr& mask, const ProtoCtx& ctx);
std::optional<uint32_t> payload_trim_force(Expr& e, const Expr& mask);

// Exthdr loads: finds the option field a load (possibly masked) reads (exthdr_find_template).
void exthdr_complete(Expr& e);
std::optional<uint32_t> exthdr_trim(Expr& e, const Expr& mask);

}  // namespace nftx::raise
