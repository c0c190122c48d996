// SPDX-License-Identifier: GPL-2.0-or-later
// Which IR operations the fastpath VM cannot run (compile() reports them at their span).
#pragma once

#include <optional>
#include <string>

#include "backends/fastpath/classify/ruleset.h"
#include "compiler/ir/ir.h"

namespace nftx::fastpath::classify {

// Null when the VM runs `op`; else the message (nft style: what, then why).
std::optional<std::string> unsupported_reason(const ir::Op& op, const CompiledTable& table);

}  // namespace nftx::fastpath::classify
