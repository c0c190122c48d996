// SPDX-License-Identifier: GPL-2.0-or-later
// The statements a rule reads back as (nft's struct stmt): matches, verdicts, and the statements
// with side effects, each holding the high-level expressions it prints.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/raise/expr.h"

namespace nftx::raise {

enum class StmtKind : uint8_t {
  Expr,     // a match: `expr` is a Relational (or a Map for vmaps)
  Verdict,  // `expr` is a Verdict
  Counter,
  Limit,
  Quota,
  Last,
  Log,
  Reject,
  Notrack,
  FlowOffload,
  Connlimit,
  Synproxy,
  Nat,       // nat/masq/redir: `kind_op` is NFT_NAT_SNAT/DNAT or the masq/redir
             // marker
  Meta,      // meta KEY set `expr`
  Ct,        // ct KEY set `expr`
  Payload,   // `target` set `expr`
  Exthdr,    // `target` set `expr`
  Optstrip,  // reset `target`
  Objref,    // `expr`: name value or map
  Queue,     // `expr`: queue number(s)
  Dup,       // `target` address/device, `data` device
  Fwd,       // `target` device, `data` address
  Tproxy,    // `target` address, `data` port
  Set,       // dynset without data: `target` key
  Map,       // dynset with data: `target` key, `data` value
  Meter,
};

// nat statement kinds beyond NFT_NAT_SNAT (0) / DNAT (1).
inline constexpr uint32_t kNatMasq = 2, kNatRedir = 3;
// nft's STMT_NAT_F_*: how the nat address was given.
inline constexpr uint32_t kNatPrefix = 1, kNatConcat = 2, kNatInterval = 4;

struct Stmt {
  StmtKind kind = StmtKind::Expr;
  ExprPtr expr;
  ExprPtr target;
  ExprPtr data;
  ir::Op raw = ir::Notrack{};  // the operation for statements printed from their
                               // attributes
  uint32_t key = 0;            // meta/ct key
  int32_t dir = -1;            // ct direction
  uint32_t nat_type = 0;
  uint32_t family = 0;            // nat/reject/tproxy/fwd family, 0 unknown
  uint32_t flags = 0;             // nat flags, queue flags
  bool verbose = false;           // reject: print the full icmp type
  uint32_t nat_type_flags = 0;    // kNatPrefix | kNatConcat | kNatInterval
  const SetState* set = nullptr;  // dynset
  uint32_t set_op = 0;
  uint64_t timeout = 0;
  std::vector<std::shared_ptr<Stmt>> stmts;  // dynset attached statements
  bool dead = false;                         // removed while simplifying (a redundant dependency)
};

using StmtPtr = std::shared_ptr<Stmt>;

}  // namespace nftx::raise
