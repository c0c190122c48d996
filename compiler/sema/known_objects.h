// SPDX-License-Identifier: GPL-2.0-or-later
// Objects that exist before the input is read (the kernel's ruleset, read back as IR), so that
// `nftx add rule inet fw input ...` can refer to a table, chain, set or flowtable the input does
// not declare, as nft does with its cache. Offline checks (`-c`) start from nothing.
#pragma once

#include "compiler/ir/ir.h"
#include "compiler/sema/context.h"

namespace nftx::sema {

// Adds the tables, chains, named sets and maps, flowtables and named objects of `existing`
// (Add messages, as the kernel dump produces them) to the context.
void seed_known_objects(Context& ctx, const ir::Batch& existing);

}  // namespace nftx::sema
