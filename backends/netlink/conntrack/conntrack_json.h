// SPDX-License-Identifier: GPL-2.0-or-later
// The conntrack table as JSON: every field of the model, absent fields as null or left out
// (see docs in conntrack_json.cc), offload flags and per-direction counters spelled out.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "backends/netlink/conntrack/conntrack_entry.h"

namespace nftx::conntrack {

nlohmann::ordered_json entry_to_json(const ConntrackEntry& entry);

// {"conntrack": [entry, ...]}
nlohmann::ordered_json table_to_json(const std::vector<ConntrackEntry>& entries);

}  // namespace nftx::conntrack
