// SPDX-License-Identifier: GPL-2.0-or-later
// The fastpath engine's connections as the conntrack listing model (ConntrackEntry), so that
// `conntrack -L` text and JSON come from the same formatters as the kernel's, plus the engine's
// own per-flow details (fast-path packets/bytes, idle time, interfaces) for offloaded entries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "backends/fastpath/engine/engine.h"
#include "backends/netlink/conntrack/conntrack_entry.h"
#include "backends/netlink/conntrack/conntrack_filter.h"

namespace nftx::cli {

conntrack::ConntrackEntry to_entry(const fastpath::ct::Conn& c, uint64_t now_ns);

struct EngineListOptions {
  bool offloaded_only = false;
  bool json = false;
  conntrack::ConntrackFilter filter;  // `conntrack -L` filters, as for the kernel's table
  bool extended = false;              // -o extended
  bool show_id = false;               // -o id
};

// Every live connection of the engine that passes the filters, one `conntrack -L` line each (or
// one JSON document); offloaded entries get a trailing `[flow ...]` block with the flowtable
// entry's details. `shown` (if given) receives the number of connections listed.
std::string list_engine_conntrack(fastpath::Engine& engine, const EngineListOptions& opts,
                                  size_t* shown = nullptr);

// Which flowtables to list: empty fields select all.
struct FlowtableSelection {
  std::optional<uint8_t> family;  // NFPROTO_* of the table
  std::string table;
  std::string name;
};

// The flowtables with their entries and the fast-path / not-offloaded reason counters.
// `shown` (if given) receives the number of flowtables listed.
std::string list_engine_flowtables(fastpath::Engine& engine, bool json,
                                   const FlowtableSelection& sel = {}, size_t* shown = nullptr);

// The engine's statistics (format_stats), frames per interface, and per flowtable its hits and
// not-offloaded reasons. `phase` ("replay", "serve") is printed first.
std::string list_engine_stats(fastpath::Engine& engine, bool json, std::string_view phase);

// NFPROTO_* of a family name as nft spells it ("ip", "ip6", "inet", ...).
std::optional<uint8_t> nfproto_of(std::string_view family);

}  // namespace nftx::cli
