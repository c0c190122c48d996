// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel's conntrack table over ctnetlink: one IPCTNL_MSG_CT_GET dump request
// (NLM_F_DUMP) on a NETLINK_NETFILTER socket, replies parsed by ctnetlink_parse.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backends/netlink/conntrack/conntrack_entry.h"

namespace nftx::conntrack {

struct DumpResult {
  std::vector<ConntrackEntry> entries;
  std::vector<std::string> warnings;  // malformed entries that were left out
  std::string error;                  // non-empty: the dump failed (entries may be partial)
  int error_number = 0;               // errno of the failure
};

// family: 0 (AF_UNSPEC: both), kFamilyIpv4 or kFamilyIpv6. Uses the caller's network namespace.
DumpResult dump_kernel_conntrack(uint8_t family);

}  // namespace nftx::conntrack
