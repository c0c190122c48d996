// SPDX-License-Identifier: GPL-2.0-or-later
// libnftnl objects (as parsed from a kernel dump) -> IR objects: the inverse of
// backends/netlink/encode_objects.h for the add verb. Handles are kept (the listing prints
// them with -a); comments come back out of the userdata TLVs; device lists keep the kernel's
// order, which is the order nft lists them in.
#pragma once

#include <libnftnl/chain.h>
#include <libnftnl/flowtable.h>
#include <libnftnl/object.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>

#include "backends/netlink/decode/decode_expr.h"
#include "compiler/ir/ir.h"

namespace nftx::netlink::decode {

ir::Table decode_table(const nftnl_table* table);
ir::Chain decode_chain(const nftnl_chain* chain);
ir::Rule decode_rule(const nftnl_rule* rule);
// The set declaration only; its elements come from a separate GETSETELEM dump.
ir::Set decode_set(const nftnl_set* set);
// The elements a GETSETELEM dump attached to `set` (family, table and name from the set).
ir::SetElems decode_set_elems(const nftnl_set* set);
ir::SetElem decode_set_elem(nftnl_set_elem* elem);  // libnftnl's getters take non-const
ir::Flowtable decode_flowtable(const nftnl_flowtable* flowtable);
// Counter, quota, limit and synproxy objects get their body; other types (ct helper,
// ct timeout, secmark, ...) have no IR operation and decode with an empty body.
ir::Object decode_object(nftnl_obj* object);  // libnftnl's getters take non-const

}  // namespace nftx::netlink::decode
