// SPDX-License-Identifier: GPL-2.0-or-later
// Runtime state of the stateful expressions (counter, limit, quota, last, numgen's counter) and
// their evaluation with the kernel's arithmetic. One StatefulState sits next to every stateful
// operation: in a rule, in a named object, in a set element.
#pragma once

#include <cstdint>

#include "compiler/ir/ir.h"

namespace nftx::fastpath::classify {

struct StatefulState {
  uint64_t packets = 0;  // counter
  uint64_t bytes = 0;    // counter; quota: bytes consumed
  uint64_t tokens = 0;   // limit: token bucket in ns of credit (nft_limit)
  uint64_t last_ns = 0;  // limit: last refill; last: time of the last match
  uint32_t seq = 0;      // numgen inc: the last value handed out
  bool primed = false;   // limit: bucket filled; last: seen a packet
};

// True for the ops that own a StatefulState (Counter, Limit, Quota, Last, Numgen).
bool is_stateful(const ir::Op& op);
// Initial state from the IR (a counter's packets/bytes, a quota's consumed, numgen's start),
// so that a recompiled ruleset keeps the values write_back() stored.
StatefulState initial_state(const ir::Op& op);
// Counter/Limit/Quota/Last: account the packet. Returns false when the rule must break
// (limit exceeded, quota over, ...). Other ops: returns true and does nothing.
bool eval_stateful(const ir::Op& op, StatefulState& st, uint32_t pkt_len, uint64_t now_ns);
// Copies the runtime values back into the IR op (Counter packets/bytes, Quota consumed, Last).
void store_state(const StatefulState& st, ir::Op& op, uint64_t now_ns);

}  // namespace nftx::fastpath::classify
