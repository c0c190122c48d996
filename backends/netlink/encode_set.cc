// SPDX-License-Identifier: GPL-2.0-or-later
// Sets and set elements -> libnftnl. Mirrors nft 1.0.6 mnl_nft_set_add (the set message) and
// alloc_nftnl_setelem (one element), declared in encode_objects.h.
#include <libnftnl/udata.h>
#include <linux/netfilter/nf_tables.h>

#include <string>

#include "backends/netlink/encode_objects.h"
#include "backends/netlink/encode_util.h"

namespace nftx::netlink {
namespace {

using detail::check_alloc;

void set_elem_bytes(nftnl_set_elem* e, uint16_t attr, const ir::Bytes& data) {
  if (data.size() > NFT_DATA_VALUE_MAXLEN) {
    throw EncodeError("set element data of " + std::to_string(data.size()) +
                      " bytes exceeds an nf_tables data register");
  }
  nftnl_set_elem_set(e, attr, data.data(), static_cast<uint32_t>(data.size()));
}

// Set identity shared by the set message and the element messages.
SetPtr alloc_set(ir::Family family, const std::string& table, const std::string& name) {
  SetPtr s(check_alloc(nftnl_set_alloc()));
  nftnl_set_set_u32(s.get(), NFTNL_SET_FAMILY, static_cast<uint32_t>(family));
  nftnl_set_set_str(s.get(), NFTNL_SET_TABLE, table.c_str());
  nftnl_set_set_str(s.get(), NFTNL_SET_NAME, name.c_str());
  return s;
}

}  // namespace

SetPtr encode_set(const ir::Set& set, ir::Verb verb) {
  switch (verb) {
    case ir::Verb::Delete:
    case ir::Verb::Destroy:
      if (set.name.empty() && set.handle) {
        SetPtr s(check_alloc(nftnl_set_alloc()));
        nftnl_set_set_u32(s.get(), NFTNL_SET_FAMILY, static_cast<uint32_t>(set.family));
        nftnl_set_set_str(s.get(), NFTNL_SET_TABLE, set.table.c_str());
        nftnl_set_set_u64(s.get(), NFTNL_SET_HANDLE, *set.handle);
        return s;
      }
      return alloc_set(set.family, set.table, set.name);
    case ir::Verb::Flush:
      return alloc_set(set.family, set.table, set.name);
    case ir::Verb::Add:
    case ir::Verb::Create:
    case ir::Verb::Insert:
    case ir::Verb::Replace:
    case ir::Verb::Rename:
      break;
  }
  SetPtr s = alloc_set(set.family, set.table, set.name);
  nftnl_set* p = s.get();
  nftnl_set_set_u32(p, NFTNL_SET_ID, set.id);
  nftnl_set_set_u32(p, NFTNL_SET_FLAGS, set.flags);
  nftnl_set_set_u32(p, NFTNL_SET_KEY_TYPE, set.key_type);
  nftnl_set_set_u32(p, NFTNL_SET_KEY_LEN, set.key_len);
  if (set.data_type) {
    nftnl_set_set_u32(p, NFTNL_SET_DATA_TYPE, *set.data_type);
    nftnl_set_set_u32(p, NFTNL_SET_DATA_LEN, set.data_len);
  }
  if (set.obj_type) nftnl_set_set_u32(p, NFTNL_SET_OBJ_TYPE, *set.obj_type);
  if (set.timeout) nftnl_set_set_u64(p, NFTNL_SET_TIMEOUT, *set.timeout);
  if (set.gc_interval) nftnl_set_set_u32(p, NFTNL_SET_GC_INTERVAL, *set.gc_interval);
  if (set.policy) nftnl_set_set_u32(p, NFTNL_SET_POLICY, *set.policy);
  if (set.size) nftnl_set_set_u32(p, NFTNL_SET_DESC_SIZE, *set.size);
  if (!set.field_lengths.empty()) {
    nftnl_set_set_data(p, NFTNL_SET_DESC_CONCAT, set.field_lengths.data(),
                       static_cast<uint32_t>(set.field_lengths.size()));
  }
  if (!set.userdata.empty()) {
    nftnl_set_set_data(p, NFTNL_SET_USERDATA, set.userdata.data(),
                       static_cast<uint32_t>(set.userdata.size()));
  }
  // libnftnl sends one expression as NFTA_SET_EXPR and several as NFTA_SET_EXPRESSIONS.
  for (const ir::Instr& instr : set.exprs) nftnl_set_add_expr(p, encode_expr(instr.op).release());
  return s;
}

SetElemPtr encode_set_elem(const ir::SetElem& elem) {
  SetElemPtr e(check_alloc(nftnl_set_elem_alloc()));
  nftnl_set_elem* p = e.get();
  // The catch-all element has no key at all.
  if ((elem.flags & NFT_SET_ELEM_CATCHALL) == 0) set_elem_bytes(p, NFTNL_SET_ELEM_KEY, elem.key);
  if (elem.key_end) set_elem_bytes(p, NFTNL_SET_ELEM_KEY_END, *elem.key_end);
  if (elem.timeout) nftnl_set_elem_set_u64(p, NFTNL_SET_ELEM_TIMEOUT, *elem.timeout);
  if (elem.expiration) nftnl_set_elem_set_u64(p, NFTNL_SET_ELEM_EXPIRATION, *elem.expiration);
  for (const ir::Instr& instr : elem.exprs) {
    nftnl_set_elem_add_expr(p, encode_expr(instr.op).release());
  }
  if (elem.comment) {
    ir::Bytes ud = detail::comment_udata(NFTNL_UDATA_SET_ELEM_COMMENT, *elem.comment);
    nftnl_set_elem_set(p, NFTNL_SET_ELEM_USERDATA, ud.data(), static_cast<uint32_t>(ud.size()));
  }
  if (elem.verdict) {
    nftnl_set_elem_set_u32(p, NFTNL_SET_ELEM_VERDICT, static_cast<uint32_t>(elem.verdict->code));
    if (!elem.verdict->chain.empty()) {
      nftnl_set_elem_set_str(p, NFTNL_SET_ELEM_CHAIN, elem.verdict->chain.c_str());
    }
  }
  if (elem.data) set_elem_bytes(p, NFTNL_SET_ELEM_DATA, *elem.data);
  if (elem.objref) nftnl_set_elem_set_str(p, NFTNL_SET_ELEM_OBJREF, elem.objref->c_str());
  if (elem.flags != 0) nftnl_set_elem_set_u32(p, NFTNL_SET_ELEM_FLAGS, elem.flags);
  return e;
}

SetPtr encode_set_elems(const ir::SetElems& elems, ir::Verb verb) {
  SetPtr s = alloc_set(elems.family, elems.table, elems.set);
  if (elems.set_id != 0) nftnl_set_set_u32(s.get(), NFTNL_SET_ID, elems.set_id);
  if (verb == ir::Verb::Flush) return s;
  // nftnl_set_elem_add appends, so the elements keep the IR order.
  for (const ir::SetElem& elem : elems.elements) {
    nftnl_set_elem_add(s.get(), encode_set_elem(elem).release());
  }
  return s;
}

}  // namespace nftx::netlink
