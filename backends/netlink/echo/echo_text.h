// SPDX-License-Identifier: GPL-2.0-or-later
// `nftx -e`: the objects the kernel echoed back (NLM_F_ECHO) printed as nft -e prints them, one
// command per line ("add table inet t", "add chain inet t c { type filter hook input priority
// filter; policy drop; }", "add rule inet t c ip saddr @s accept", "insert rule ...",
// "add element inet t s { 10.0.0.0/8 }", "# new generation 7 by process 1234 (nftx)"), with
// "# handle N" under -a.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace nftx::netlink {

// `notifications`: the echoed netlink messages in arrival order (SendResult::notifications).
// `batch`: what was sent, for the context rules need to print (set names, anonymous sets).
std::string echo_text(const std::vector<std::vector<uint8_t>>& notifications,
                      const ir::Batch& batch, bool handles);

}  // namespace nftx::netlink
