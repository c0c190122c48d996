// SPDX-License-Identifier: GPL-2.0-or-later
// Sending a compiled batch to the kernel (`nftx -f FILE`, `nftx -c --kernel -f FILE`).
#pragma once

#include "cli/check_command.h"
#include "common/diagnostics.h"
#include "compiler/ir/ir.h"

namespace nftx::cli {

// Applies (or, with opts.check, validates and aborts) the batch in one atomic transaction.
// Kernel errors are added to `diags` at their source spans. Returns false on any error.
bool apply_batch(const ir::Batch& batch, const RunOptions& opts, Diagnostics& diags);

}  // namespace nftx::cli
