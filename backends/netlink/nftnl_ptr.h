// SPDX-License-Identifier: GPL-2.0-or-later
// Owning smart pointers for libnftnl objects: one deleter that knows every libnftnl free
// function, so that every encoder returns a std::unique_ptr and nothing leaks on an exception.
#pragma once

#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/flowtable.h>
#include <libnftnl/object.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>

#include <memory>

namespace nftx::netlink {

struct NftnlDeleter {
  void operator()(nftnl_expr* p) const { nftnl_expr_free(p); }
  void operator()(nftnl_table* p) const { nftnl_table_free(p); }
  void operator()(nftnl_chain* p) const { nftnl_chain_free(p); }
  void operator()(nftnl_rule* p) const { nftnl_rule_free(p); }
  void operator()(nftnl_set* p) const { nftnl_set_free(p); }
  void operator()(nftnl_set_elem* p) const { nftnl_set_elem_free(p); }
  void operator()(nftnl_flowtable* p) const { nftnl_flowtable_free(p); }
  void operator()(nftnl_obj* p) const { nftnl_obj_free(p); }
  void operator()(nftnl_udata_buf* p) const { nftnl_udata_buf_free(p); }
};

using ExprPtr = std::unique_ptr<nftnl_expr, NftnlDeleter>;
using TablePtr = std::unique_ptr<nftnl_table, NftnlDeleter>;
using ChainPtr = std::unique_ptr<nftnl_chain, NftnlDeleter>;
using RulePtr = std::unique_ptr<nftnl_rule, NftnlDeleter>;
using SetPtr = std::unique_ptr<nftnl_set, NftnlDeleter>;
using SetElemPtr = std::unique_ptr<nftnl_set_elem, NftnlDeleter>;
using FlowtablePtr = std::unique_ptr<nftnl_flowtable, NftnlDeleter>;
using ObjPtr = std::unique_ptr<nftnl_obj, NftnlDeleter>;
using UdataBufPtr = std::unique_ptr<nftnl_udata_buf, NftnlDeleter>;

}  // namespace nftx::netlink
