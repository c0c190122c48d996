// SPDX-License-Identifier: GPL-2.0-or-later
// Kernel errors -> nft-style diagnostics at the source span of the construct that produced
// the failing message (and, through the extended-ack offset, the failing expression or
// element), with an explanation where the kernel's own word misleads.
#pragma once

#include "backends/netlink/apply.h"
#include "common/diagnostics.h"
#include "compiler/ir/ir.h"

namespace nftx::netlink {

// Adds one error per kernel error (and one for a failed send) to `diags`.
void report_kernel_errors(const SendResult& result, const WireBatch& wire, const ir::Batch& batch,
                          Diagnostics& diags);

// nftx's early_ingress flowtable hook has no kernel equivalent: an error at each such
// flowtable, unless `as_ingress` (the user asked to load it at ingress), in which case a copy
// of the batch with the hook mapped to ingress is returned and a warning is added.
ir::Batch kernel_flowtable_hooks(const ir::Batch& batch, bool as_ingress, Diagnostics& diags);

}  // namespace nftx::netlink
