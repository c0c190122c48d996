// SPDX-License-Identifier: GPL-2.0-or-later
// IR objects -> libnftnl objects, one function per object kind, shared by the --debug=netlink
// printer and the kernel backend. Each returns the complete object nft 1.0.6 sends for that
// verb (src/mnl.c mnl_nft_*_add/_del/_rename): the caller only has to wrap it into a message
// (nftnl_*_nlmsg_build_payload) whose type follows from the verb.
//
// What each verb carries (attributes in brackets only when the IR has them):
//   table    add/create: family name flags [comment]; delete/destroy: family name|handle;
//            flush: family name (the kernel backend sends it as DELRULE, see encode_flush_rules)
//   chain    add/create: family table name [hook type prio dev(s)] [policy] [flags] [comment]
//            rename: family table [handle] name=new_name; delete/destroy: family table name|handle
//   rule     add/create/insert: family table chain [position] [comment] exprs
//            replace: + handle; delete/destroy: family table chain handle
//   set      add/create: everything the IR set carries; delete/destroy: family table name|handle;
//            flush: family table name (DELSETELEM without elements)
//   elements every verb: family table set [set id] elements (none for flush)
//   flowtable add/create: family table name hook prio [devices] flags;
//            delete/destroy: family table name|handle [hook prio devices]
//   object   add/create: family table name type body [comment];
//            delete/destroy: family table type name|handle
//
// Device lists: the IR keeps them in source order; nft 1.0.6 sends (and prints) them last
// first, so the encoders reverse them. Verbs that make no sense for a kind (e.g. rename on a
// rule) encode like add.
#pragma once

#include <optional>
#include <string>

#include "backends/netlink/encode_expr.h"
#include "backends/netlink/nftnl_ptr.h"
#include "compiler/ir/ir.h"

namespace nftx::netlink {

TablePtr encode_table(const ir::Table& table, ir::Verb verb);
ChainPtr encode_chain(const ir::Chain& chain, ir::Verb verb);
RulePtr encode_rule(const ir::Rule& rule, ir::Verb verb);
SetPtr encode_set(const ir::Set& set, ir::Verb verb);
// A set object holding only the set's identity and the elements (NEWSETELEM/DELSETELEM).
SetPtr encode_set_elems(const ir::SetElems& elems, ir::Verb verb);
SetElemPtr encode_set_elem(const ir::SetElem& elem);
FlowtablePtr encode_flowtable(const ir::Flowtable& flowtable, ir::Verb verb);
ObjPtr encode_object(const ir::Object& object, ir::Verb verb);

// The add/create objects without the attributes nft 1.0.6 appends to the message only after
// printing the object (table, name and, for chains, the policy): exactly what
// `nft --debug=netlink` shows. encode_chain/_flowtable/_object(add) = body + those attributes.
// (They cannot be stripped afterwards: libnftnl's *_unset frees a string but leaves the
// pointer that its printer then reads, and 1.2.4 exports no nftnl_obj_unset at all.)
ChainPtr encode_chain_body(const ir::Chain& chain);
FlowtablePtr encode_flowtable_body(const ir::Flowtable& flowtable);
ObjPtr encode_object_body(const ir::Object& object);

// `flush table` / `flush chain` are DELRULE messages naming only the table (and chain).
RulePtr encode_flush_rules(ir::Family family, const std::string& table,
                           const std::optional<std::string>& chain);

}  // namespace nftx::netlink
