// SPDX-License-Identifier: GPL-2.0-or-later
// `nft --debug=netlink` text for a batch: every message is turned into its real libnftnl object
// and printed with libnftnl's own printer (nftnl_*_fprintf), exactly as nft 1.0.6 does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "compiler/ir/ir.h"

namespace nftx::netlink {

// When `only_command` is set, only messages whose Message::command equals it are printed.
std::string debug_text(const ir::Batch& batch, std::optional<uint32_t> only_command = std::nullopt);

}  // namespace nftx::netlink
