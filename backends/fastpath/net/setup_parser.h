// SPDX-License-Identifier: GPL-2.0-or-later
// Reads a network setup written as iproute2/sysctl commands, one per line:
//
//   ip link add [name] NAME [address MAC] [mtu N] [link DEV] [type KIND [ARGS]]
//       KIND veth: `peer [name] NAME [address MAC] [mtu N]` creates the other end too;
//       KIND vlan: `id N [protocol 802.1Q]`; other kinds are recorded, their ARGS ignored.
//   ip link set [dev] NAME [up|down] [address MAC] [mtu N]
//   ip [-4|-6] {address|addr|a} add [local] PREFIX dev NAME
//       (`brd|broadcast|label|scope|valid_lft|preferred_lft X` are accepted and ignored)
//   ip [-4|-6] {route|ro|r} {add|replace|append} [TYPE] {PREFIX|default} [via ADDR] [dev NAME]
//       [metric|priority N] [mtu [lock] N] [src ADDR] [proto X] [scope X] [onlink]
//       [table main|local]; `default` is IPv4 unless -6 or an IPv6 `via` says otherwise
//       TYPE: unicast, local, blackhole, unreachable, prohibit, throw
//   ip [-4|-6] {neighbour|neighbor|neigh|n} {add|replace} ADDR lladdr MAC dev NAME
//       [nud permanent|reachable|stale|failed|incomplete]
//   sysctl [-w] KEY=VALUE        (also `KEY = VALUE`; '/' in KEY is stored as '.')
// `-f inet|inet6` may replace -4/-6; objects accept iproute2's
// abbreviations (l, a, addr, r, ro, n, neigh).
//
// `#` starts a comment (at the start of a word); blank lines are ignored. Commands apply in
// file order, as a shell script would run them, so a route through a link must follow the
// `ip link set NAME up` and the address that make its gateway reachable.
//
// Every error becomes a Diagnostic whose primary span is the offending word, with the
// iproute2/kernel wording where there is one (`Cannot find device "eth9"`, `Nexthop has
// invalid gateway`, `RTNETLINK answers: File exists`); the line is skipped and parsing
// continues, so one run reports every error. Diagnostic codes: "setup-syntax",
// "setup-unknown-command", "setup-bad-value", "setup-unknown-device", "setup-refused"
// (the kernel would refuse the operation), "setup-io" (load_setup_file), and the warning
// "setup-ignored".
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "backends/fastpath/net/network_setup.h"
#include "common/diagnostics.h"
#include "common/source_manager.h"

namespace nftx::fastpath::net {

// Parses file `file` of `sm`.
NetworkSetup parse_setup(const SourceManager& sm, uint32_t file, Diagnostics& diags);

// Adds `text` to `sm` as a file called `name` and parses it.
NetworkSetup parse_setup_text(SourceManager& sm, std::string name, std::string text,
                              Diagnostics& diags);

// Reads `path` into `sm` and parses it. nullopt (with one diagnostic "setup-io") when the
// file cannot be read; otherwise the setup, even when diags has errors.
std::optional<NetworkSetup> load_setup_file(SourceManager& sm, const std::string& path,
                                            Diagnostics& diags);

}  // namespace nftx::fastpath::net
