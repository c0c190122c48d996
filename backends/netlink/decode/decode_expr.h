// SPDX-License-Identifier: GPL-2.0-or-later
// libnftnl expression -> IR operation: the inverse of backends/netlink/encode_expr.cc, used to
// read rules (and set/element expressions) back from a kernel dump.
//
// The decoder takes what the kernel reports, not what nft sent: optional IR fields are set
// exactly when the attribute is present, and plain fields that the kernel leaves out (counter
// values of zero, a hash without a user seed, queue flags of zero) decode to the value the
// encoder treats as "not given", so decode(encode(op)) == op for every operation.
#pragma once

// clang-format off
#include <cstdio>  // first: libnftnl's headers use FILE without including <stdio.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
// clang-format on

#include <exception>
#include <stdexcept>
#include <vector>

#include "compiler/ir/ir.h"

namespace nftx::netlink::decode {

// Thrown for an expression nftx has no IR operation for (e.g. xt compat matches written by
// iptables-nft) or one that lacks an attribute the kernel always sends.
class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

ir::Op decode_expr(const nftnl_expr* expr);

// Collects expressions from libnftnl's C iteration callbacks (nftnl_*_expr_foreach): pass
// `&collector` as data and ExprCollector::add as callback, then call take(). An exception must
// not unwind through libnftnl, so a decoding error is parked and rethrown by take().
struct ExprCollector {
  std::vector<ir::Instr> exprs;
  std::exception_ptr error;

  static int add(nftnl_expr* expr, void* collector);
  std::vector<ir::Instr> take();
};

// Every expression of a rule, in order.
std::vector<ir::Instr> decode_rule_exprs(const nftnl_rule* rule);

}  // namespace nftx::netlink::decode
