// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/classify/stateful.h"

#include <variant>

#include "backends/fastpath/classify/kernel_consts.h"

namespace nftx::fastpath::classify {

namespace {

constexpr uint64_t kNsPerSec = 1000000000ULL;

// nft_limit's bucket, in nanoseconds of credit: a packet costs nsecs/rate (or nsecs*len/rate
// bytes), the bucket holds `burst` packets (nsecs/rate*burst) or nsecs*(rate+burst)/rate for
// bytes, and refills with elapsed time. It starts full.
uint64_t limit_tokens_max(const ir::Limit& l) {
  const uint64_t nsecs = l.unit * kNsPerSec;
  const uint64_t rate = l.rate == 0 ? 1 : l.rate;
  if (l.type == k::kLimitBytes) return nsecs * (rate + l.burst) / rate;
  const uint32_t burst = l.burst == 0 ? k::kLimitPktBurstDefault : l.burst;
  return nsecs / rate * burst;
}

// Returns true when over the limit (before inversion), as nft_limit_eval.
bool limit_over(const ir::Limit& l, StatefulState& st, uint32_t pkt_len, uint64_t now_ns) {
  const uint64_t nsecs = l.unit * kNsPerSec;
  const uint64_t rate = l.rate == 0 ? 1 : l.rate;
  const uint64_t max = limit_tokens_max(l);
  if (!st.primed) {
    st.primed = true;
    st.tokens = max;
    st.last_ns = now_ns;
  }
  const uint64_t cost = l.type == k::kLimitBytes ? nsecs * pkt_len / rate : nsecs / rate;
  // A clock that went backwards adds nothing (the kernel's is monotonic).
  const uint64_t elapsed = now_ns > st.last_ns ? now_ns - st.last_ns : 0;
  uint64_t tokens = st.tokens + elapsed;
  if (tokens > max || tokens < st.tokens) tokens = max;
  st.last_ns = now_ns;
  if (tokens >= cost) {
    st.tokens = tokens - cost;
    return false;
  }
  st.tokens = tokens;
  return true;
}

}  // namespace

bool is_stateful(const ir::Op& op) {
  return std::holds_alternative<ir::Counter>(op) || std::holds_alternative<ir::Limit>(op) ||
         std::holds_alternative<ir::Quota>(op) || std::holds_alternative<ir::Last>(op) ||
         std::holds_alternative<ir::Numgen>(op);
}

StatefulState initial_state(const ir::Op& op) {
  StatefulState st;
  if (const auto* c = std::get_if<ir::Counter>(&op)) {
    st.packets = c->packets;
    st.bytes = c->bytes;
  } else if (const auto* q = std::get_if<ir::Quota>(&op)) {
    st.bytes = q->consumed;
  } else if (const auto* n = std::get_if<ir::Numgen>(&op)) {
    // nft_ng_inc starts at modulus - 1 so that the first packet gets 0.
    st.seq = n->modulus == 0 ? 0 : n->modulus - 1;
  }
  return st;
}

bool eval_stateful(const ir::Op& op, StatefulState& st, uint32_t pkt_len, uint64_t now_ns) {
  if (std::holds_alternative<ir::Counter>(op)) {
    st.packets += 1;
    st.bytes += pkt_len;
    return true;
  }
  if (const auto* l = std::get_if<ir::Limit>(&op)) {
    const bool invert = (l->flags & k::kLimitFInv) != 0;
    return limit_over(*l, st, pkt_len, now_ns) == invert;
  }
  if (const auto* q = std::get_if<ir::Quota>(&op)) {
    // nft_quota: consumed grows with every packet; "over" once it reaches the quota.
    st.bytes += pkt_len;
    const bool over = st.bytes >= q->bytes;
    const bool invert = (q->flags & k::kQuotaFInv) != 0;
    return over == invert;
  }
  if (std::holds_alternative<ir::Last>(op)) {
    st.last_ns = now_ns;
    st.primed = true;
    return true;
  }
  return true;
}

void store_state(const StatefulState& st, ir::Op& op, uint64_t now_ns) {
  if (auto* c = std::get_if<ir::Counter>(&op)) {
    c->packets = st.packets;
    c->bytes = st.bytes;
  } else if (auto* q = std::get_if<ir::Quota>(&op)) {
    // As nft_quota_do_dump: never report more than the quota.
    q->consumed = st.bytes > q->bytes ? q->bytes : st.bytes;
  } else if (auto* l = std::get_if<ir::Last>(&op)) {
    if (st.primed) {
      l->set = 1;
      l->msecs = now_ns > st.last_ns ? (now_ns - st.last_ns) / 1000000 : 0;
    }
  }
}

}  // namespace nftx::fastpath::classify
