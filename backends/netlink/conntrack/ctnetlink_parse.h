// SPDX-License-Identifier: GPL-2.0-or-later
// ctnetlink messages (IPCTNL_MSG_CT_NEW, as a CT_GET dump returns them) -> ConntrackEntry.
// Pure functions over bytes, so recorded kernel replies are enough to test them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backends/netlink/conntrack/conntrack_entry.h"

struct nlmsghdr;

namespace nftx::conntrack {

struct MessageResult {
  std::optional<ConntrackEntry> entry;  // empty: not a conntrack message, or malformed
  std::string error;                    // why it was malformed ("" when it was skipped)
};

// One netlink message. Messages of other types are skipped (no entry, no error).
MessageResult parse_ct_message(const nlmsghdr* nlh);

struct MessagesResult {
  std::vector<ConntrackEntry> entries;
  std::vector<std::string> warnings;  // one per malformed entry (that entry is left out)
  bool done = false;                  // NLMSG_DONE seen
  int error = 0;                      // errno from an NLMSG_ERROR, 0 if none
};

// A buffer of netlink messages, as one recv() returns them (or a recording of several),
// appended to `into`. seq/portid 0 accept any message. Returns libmnl's verdict: > 0 more to
// come, 0 done, < 0 error (`into.error` then says which).
int parse_ct_messages(const void* data, size_t len, uint32_t seq, uint32_t portid,
                      MessagesResult& into);

}  // namespace nftx::conntrack
