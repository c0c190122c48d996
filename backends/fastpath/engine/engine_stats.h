// SPDX-License-Identifier: GPL-2.0-or-later
// What the engine counts: frames in and out per interface, local deliveries, generated replies,
// and every drop by reason. Flowtable hits and not-offloaded reasons live in each Flowtable.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "backends/fastpath/packet/drop_reason.h"

namespace nftx::fastpath {

struct EngineStats {
  uint64_t rx = 0;
  uint64_t tx = 0;
  uint64_t fast_path = 0;     // forwarded by a flowtable
  uint64_t classic = 0;       // forwarded by the classic path
  uint64_t local = 0;         // delivered to the gateway itself
  uint64_t generated = 0;     // ICMP errors and TCP resets sent by the gateway
  uint64_t fragments_out = 0;
  uint64_t bursts = 0;        // port sends (one per output port and batch)
  std::array<uint64_t, kDropReasonCount> drops{};
  std::vector<uint64_t> rx_if, tx_if;  // by ifindex

  uint64_t dropped() const;
};

// Human-readable summary (one `key value` per line, drop reasons by name, zero counts omitted).
std::string format_stats(const EngineStats& s);

}  // namespace nftx::fastpath
