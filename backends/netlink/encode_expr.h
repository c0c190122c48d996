// SPDX-License-Identifier: GPL-2.0-or-later
// IR operation -> libnftnl expression. Every attribute is set the way nft 1.0.6
// (src/netlink_linearize.c) sets it, so that the object both prints like `nft --debug=netlink`
// and serialises (nftnl_expr_build_payload) to the same netlink attributes nft sends.
//
// Attribute presence follows nft, not "everything the IR has":
//  - optional IR fields become attributes only when present (ct dir, lookup dreg, nat regs...);
//  - a few plain fields are left out when nft leaves them out: counter packets/bytes when 0,
//    limit burst when 0, queue flags when 0, hash seed when 0 (see encode_expr.cc);
//  - lookup/dynset/objref always carry the set id, as nft does (0 for sets not in the batch).
#pragma once

#include <stdexcept>
#include <vector>

#include "backends/netlink/nftnl_ptr.h"
#include "compiler/ir/ir.h"

namespace nftx::netlink {

// Thrown when the IR breaks one of its documented invariants (data longer than the 64 bytes
// of an nf_tables data register, an object body that does not match the object type, ...).
class EncodeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Builds a new expression; never returns null. Throws EncodeError for IR that breaks an
// invariant or that libnftnl 1.2.4 cannot represent.
ExprPtr encode_expr(const ir::Op& op);

// Appends the encoded expressions of `instrs` to `rule` in order.
void add_exprs(nftnl_rule* rule, const std::vector<ir::Instr>& instrs);

}  // namespace nftx::netlink
