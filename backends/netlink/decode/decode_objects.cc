// SPDX-License-Identifier: GPL-2.0-or-later
// libnftnl objects -> IR objects; see decode_objects.h. Attributes map one to one onto the
// fields encode_objects.cc / encode_set.cc read, in the same order.
#include "backends/netlink/decode/decode_objects.h"

#include <libnftnl/udata.h>
#include <linux/netfilter/nf_tables.h>

#include <string>
#include <vector>

namespace nftx::netlink::decode {
namespace {

struct CommentLookup {
  uint8_t type;
  std::optional<std::string> value;
};

int find_comment(const nftnl_udata* attr, void* data) {
  auto* lookup = static_cast<CommentLookup*>(data);
  if (nftnl_udata_type(attr) != lookup->type) return 0;
  const auto* text = static_cast<const char*>(nftnl_udata_get(attr));
  const uint8_t len = nftnl_udata_len(attr);
  // The comment is NUL-terminated inside its TLV; never read past the TLV.
  std::string s(text, len);
  const size_t nul = s.find('\0');
  if (nul != std::string::npos) s.resize(nul);
  lookup->value = std::move(s);
  return 0;
}

// The comment TLV of type `type` in a userdata blob, as nft's comment parsers read it.
std::optional<std::string> udata_comment(const void* data, uint32_t len, uint8_t type) {
  if (data == nullptr || len == 0) return std::nullopt;
  CommentLookup lookup{type, std::nullopt};
  nftnl_udata_parse(data, len, find_comment, &lookup);
  return lookup.value;
}

ir::Family family_of(uint32_t f) { return static_cast<ir::Family>(f); }

std::vector<std::string> string_array(const char* const* array) {
  std::vector<std::string> out;
  for (; array != nullptr && *array != nullptr; ++array) out.emplace_back(*array);
  return out;
}

std::string str_or_empty(const char* s) { return s != nullptr ? s : ""; }

template <typename Op>
ir::Object with_body(ir::Object o, Op op) {
  o.body.push_back(ir::Instr{std::move(op), {}});
  return o;
}

// Set element callbacks run inside libnftnl (C): park exceptions as ExprCollector does.
struct ElemCollector {
  std::vector<ir::SetElem> elements;
  std::exception_ptr error;
};

int collect_elem(nftnl_set_elem* elem, void* data) {
  auto* out = static_cast<ElemCollector*>(data);
  try {
    out->elements.push_back(decode_set_elem(elem));
  } catch (...) {
    out->error = std::current_exception();
    return -1;
  }
  return 0;
}

ir::Bytes elem_bytes(nftnl_set_elem* e, uint16_t attr) {
  uint32_t len = 0;
  const auto* p = static_cast<const uint8_t*>(nftnl_set_elem_get(e, attr, &len));
  if (p == nullptr) return {};
  return ir::Bytes(p, p + len);
}

}  // namespace

ir::Table decode_table(const nftnl_table* t) {
  ir::Table out{family_of(nftnl_table_get_u32(t, NFTNL_TABLE_FAMILY)),
                str_or_empty(nftnl_table_get_str(t, NFTNL_TABLE_NAME)),
                nftnl_table_get_u32(t, NFTNL_TABLE_FLAGS),
                std::nullopt,
                std::nullopt,
                {}};
  if (nftnl_table_is_set(t, NFTNL_TABLE_USERDATA)) {
    uint32_t len = 0;
    const void* ud = nftnl_table_get_data(t, NFTNL_TABLE_USERDATA, &len);
    out.comment = udata_comment(ud, len, NFTNL_UDATA_TABLE_COMMENT);
  }
  if (nftnl_table_is_set(t, NFTNL_TABLE_HANDLE)) {
    out.handle = nftnl_table_get_u64(t, NFTNL_TABLE_HANDLE);
  }
  return out;
}

ir::Chain decode_chain(const nftnl_chain* c) {
  ir::Chain out;
  out.family = family_of(nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY));
  out.table = str_or_empty(nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE));
  out.name = str_or_empty(nftnl_chain_get_str(c, NFTNL_CHAIN_NAME));
  if (nftnl_chain_is_set(c, NFTNL_CHAIN_HOOKNUM)) {
    ir::ChainHook hook;
    hook.hooknum = nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM);
    hook.priority = nftnl_chain_get_s32(c, NFTNL_CHAIN_PRIO);
    if (nftnl_chain_is_set(c, NFTNL_CHAIN_TYPE)) {
      hook.type = str_or_empty(nftnl_chain_get_str(c, NFTNL_CHAIN_TYPE));
    }
    if (nftnl_chain_is_set(c, NFTNL_CHAIN_DEV)) {
      hook.devices.push_back(str_or_empty(nftnl_chain_get_str(c, NFTNL_CHAIN_DEV)));
    } else if (nftnl_chain_is_set(c, NFTNL_CHAIN_DEVICES)) {
      hook.devices = string_array(nftnl_chain_get_array(c, NFTNL_CHAIN_DEVICES));
    }
    out.hook = std::move(hook);
  }
  if (nftnl_chain_is_set(c, NFTNL_CHAIN_POLICY)) {
    out.policy = static_cast<ir::VerdictCode>(nftnl_chain_get_u32(c, NFTNL_CHAIN_POLICY));
  }
  out.flags = nftnl_chain_get_u32(c, NFTNL_CHAIN_FLAGS);
  if (nftnl_chain_is_set(c, NFTNL_CHAIN_USERDATA)) {
    uint32_t len = 0;
    const void* ud = nftnl_chain_get_data(c, NFTNL_CHAIN_USERDATA, &len);
    out.comment = udata_comment(ud, len, NFTNL_UDATA_CHAIN_COMMENT);
  }
  if (nftnl_chain_is_set(c, NFTNL_CHAIN_HANDLE)) {
    out.handle = nftnl_chain_get_u64(c, NFTNL_CHAIN_HANDLE);
  }
  return out;
}

ir::Rule decode_rule(const nftnl_rule* r) {
  ir::Rule out;
  out.family = family_of(nftnl_rule_get_u32(r, NFTNL_RULE_FAMILY));
  out.table = str_or_empty(nftnl_rule_get_str(r, NFTNL_RULE_TABLE));
  out.chain = str_or_empty(nftnl_rule_get_str(r, NFTNL_RULE_CHAIN));
  out.exprs = decode_rule_exprs(r);
  if (nftnl_rule_is_set(r, NFTNL_RULE_HANDLE))
    out.handle = nftnl_rule_get_u64(r, NFTNL_RULE_HANDLE);
  if (nftnl_rule_is_set(r, NFTNL_RULE_USERDATA)) {
    uint32_t len = 0;
    const void* ud = nftnl_rule_get_data(r, NFTNL_RULE_USERDATA, &len);
    out.comment = udata_comment(ud, len, NFTNL_UDATA_RULE_COMMENT);
  }
  return out;
}

ir::Set decode_set(const nftnl_set* s) {
  ir::Set out;
  out.family = family_of(nftnl_set_get_u32(s, NFTNL_SET_FAMILY));
  out.table = str_or_empty(nftnl_set_get_str(s, NFTNL_SET_TABLE));
  out.name = str_or_empty(nftnl_set_get_str(s, NFTNL_SET_NAME));
  out.id = nftnl_set_get_u32(s, NFTNL_SET_ID);
  out.flags = nftnl_set_get_u32(s, NFTNL_SET_FLAGS);
  out.key_type = nftnl_set_get_u32(s, NFTNL_SET_KEY_TYPE);
  out.key_len = nftnl_set_get_u32(s, NFTNL_SET_KEY_LEN);
  if (nftnl_set_is_set(s, NFTNL_SET_DATA_TYPE)) {
    out.data_type = nftnl_set_get_u32(s, NFTNL_SET_DATA_TYPE);
    out.data_len = nftnl_set_get_u32(s, NFTNL_SET_DATA_LEN);
  }
  if (nftnl_set_is_set(s, NFTNL_SET_OBJ_TYPE))
    out.obj_type = nftnl_set_get_u32(s, NFTNL_SET_OBJ_TYPE);
  if (nftnl_set_is_set(s, NFTNL_SET_DESC_CONCAT)) {
    uint32_t n = 0;
    const auto* lens =
        static_cast<const uint8_t*>(nftnl_set_get_data(s, NFTNL_SET_DESC_CONCAT, &n));
    if (lens != nullptr) out.field_lengths.assign(lens, lens + n);
  }
  if (nftnl_set_is_set(s, NFTNL_SET_POLICY)) out.policy = nftnl_set_get_u32(s, NFTNL_SET_POLICY);
  if (nftnl_set_is_set(s, NFTNL_SET_DESC_SIZE))
    out.size = nftnl_set_get_u32(s, NFTNL_SET_DESC_SIZE);
  if (nftnl_set_is_set(s, NFTNL_SET_TIMEOUT)) out.timeout = nftnl_set_get_u64(s, NFTNL_SET_TIMEOUT);
  if (nftnl_set_is_set(s, NFTNL_SET_GC_INTERVAL)) {
    out.gc_interval = nftnl_set_get_u32(s, NFTNL_SET_GC_INTERVAL);
  }
  if (nftnl_set_is_set(s, NFTNL_SET_USERDATA)) {
    uint32_t len = 0;
    const auto* ud = static_cast<const uint8_t*>(nftnl_set_get_data(s, NFTNL_SET_USERDATA, &len));
    if (ud != nullptr) out.userdata.assign(ud, ud + len);
  }
  ExprCollector exprs;
  nftnl_set_expr_foreach(s, ExprCollector::add, &exprs);
  out.exprs = exprs.take();
  if (nftnl_set_is_set(s, NFTNL_SET_HANDLE)) out.handle = nftnl_set_get_u64(s, NFTNL_SET_HANDLE);
  return out;
}

ir::SetElem decode_set_elem(nftnl_set_elem* e) {
  ir::SetElem out;
  out.key = elem_bytes(e, NFTNL_SET_ELEM_KEY);
  if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_KEY_END)) {
    out.key_end = elem_bytes(e, NFTNL_SET_ELEM_KEY_END);
  }
  if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_TIMEOUT)) {
    out.timeout = nftnl_set_elem_get_u64(e, NFTNL_SET_ELEM_TIMEOUT);
  }
  if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_EXPIRATION)) {
    out.expiration = nftnl_set_elem_get_u64(e, NFTNL_SET_ELEM_EXPIRATION);
  }
  ExprCollector exprs;
  nftnl_set_elem_expr_foreach(e, ExprCollector::add, &exprs);
  out.exprs = exprs.take();
  if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_USERDATA)) {
    uint32_t len = 0;
    const void* ud = nftnl_set_elem_get(e, NFTNL_SET_ELEM_USERDATA, &len);
    out.comment = udata_comment(ud, len, NFTNL_UDATA_SET_ELEM_COMMENT);
  }
  if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_VERDICT)) {
    ir::Verdict v;
    v.code = static_cast<ir::VerdictCode>(
        static_cast<int32_t>(nftnl_set_elem_get_u32(e, NFTNL_SET_ELEM_VERDICT)));
    if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_CHAIN)) {
      v.chain = str_or_empty(nftnl_set_elem_get_str(e, NFTNL_SET_ELEM_CHAIN));
    }
    out.verdict = std::move(v);
  }
  if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_DATA)) out.data = elem_bytes(e, NFTNL_SET_ELEM_DATA);
  if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_OBJREF)) {
    out.objref = str_or_empty(nftnl_set_elem_get_str(e, NFTNL_SET_ELEM_OBJREF));
  }
  // libnftnl 1.2.4's element getters dereference unset attributes: test first.
  if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_FLAGS)) {
    out.flags = nftnl_set_elem_get_u32(e, NFTNL_SET_ELEM_FLAGS);
  }
  return out;
}

ir::SetElems decode_set_elems(const nftnl_set* s) {
  ir::SetElems out;
  out.family = family_of(nftnl_set_get_u32(s, NFTNL_SET_FAMILY));
  out.table = str_or_empty(nftnl_set_get_str(s, NFTNL_SET_TABLE));
  out.set = str_or_empty(nftnl_set_get_str(s, NFTNL_SET_NAME));
  ElemCollector elems;
  // nftnl_set_elem_foreach takes a non-const set but only reads it.
  nftnl_set_elem_foreach(const_cast<nftnl_set*>(s), collect_elem, &elems);
  if (elems.error) std::rethrow_exception(elems.error);
  out.elements = std::move(elems.elements);
  return out;
}

ir::Flowtable decode_flowtable(const nftnl_flowtable* f) {
  ir::Flowtable out;
  out.family = family_of(nftnl_flowtable_get_u32(f, NFTNL_FLOWTABLE_FAMILY));
  out.table = str_or_empty(nftnl_flowtable_get_str(f, NFTNL_FLOWTABLE_TABLE));
  out.name = str_or_empty(nftnl_flowtable_get_str(f, NFTNL_FLOWTABLE_NAME));
  if (nftnl_flowtable_is_set(f, NFTNL_FLOWTABLE_HOOKNUM)) {
    out.hooknum = nftnl_flowtable_get_u32(f, NFTNL_FLOWTABLE_HOOKNUM);
  }
  if (nftnl_flowtable_is_set(f, NFTNL_FLOWTABLE_PRIO)) {
    out.priority = nftnl_flowtable_get_s32(f, NFTNL_FLOWTABLE_PRIO);
  }
  if (nftnl_flowtable_is_set(f, NFTNL_FLOWTABLE_DEVICES)) {
    out.devices = string_array(nftnl_flowtable_get_array(f, NFTNL_FLOWTABLE_DEVICES));
  }
  out.flags = nftnl_flowtable_get_u32(f, NFTNL_FLOWTABLE_FLAGS);
  if (nftnl_flowtable_is_set(f, NFTNL_FLOWTABLE_HANDLE)) {
    out.handle = nftnl_flowtable_get_u64(f, NFTNL_FLOWTABLE_HANDLE);
  }
  return out;
}

ir::Object decode_object(nftnl_obj* o) {
  ir::Object out;
  out.family = family_of(nftnl_obj_get_u32(o, NFTNL_OBJ_FAMILY));
  out.table = str_or_empty(nftnl_obj_get_str(o, NFTNL_OBJ_TABLE));
  out.name = str_or_empty(nftnl_obj_get_str(o, NFTNL_OBJ_NAME));
  out.type = nftnl_obj_get_u32(o, NFTNL_OBJ_TYPE);
  if (nftnl_obj_is_set(o, NFTNL_OBJ_USERDATA)) {
    uint32_t len = 0;
    const void* ud = nftnl_obj_get_data(o, NFTNL_OBJ_USERDATA, &len);
    out.comment = udata_comment(ud, len, NFTNL_UDATA_OBJ_COMMENT);
  }
  if (nftnl_obj_is_set(o, NFTNL_OBJ_HANDLE)) out.handle = nftnl_obj_get_u64(o, NFTNL_OBJ_HANDLE);
  switch (out.type) {
    case NFT_OBJECT_COUNTER:
      return with_body(std::move(out), ir::Counter{nftnl_obj_get_u64(o, NFTNL_OBJ_CTR_PKTS),
                                                   nftnl_obj_get_u64(o, NFTNL_OBJ_CTR_BYTES)});
    case NFT_OBJECT_QUOTA:
      return with_body(std::move(out), ir::Quota{nftnl_obj_get_u64(o, NFTNL_OBJ_QUOTA_BYTES),
                                                 nftnl_obj_get_u64(o, NFTNL_OBJ_QUOTA_CONSUMED),
                                                 nftnl_obj_get_u32(o, NFTNL_OBJ_QUOTA_FLAGS)});
    case NFT_OBJECT_LIMIT:
      return with_body(std::move(out), ir::Limit{nftnl_obj_get_u64(o, NFTNL_OBJ_LIMIT_RATE),
                                                 nftnl_obj_get_u64(o, NFTNL_OBJ_LIMIT_UNIT),
                                                 nftnl_obj_get_u32(o, NFTNL_OBJ_LIMIT_BURST),
                                                 nftnl_obj_get_u32(o, NFTNL_OBJ_LIMIT_TYPE),
                                                 nftnl_obj_get_u32(o, NFTNL_OBJ_LIMIT_FLAGS)});
    case NFT_OBJECT_SYNPROXY:
      return with_body(std::move(out),
                       ir::Synproxy{nftnl_obj_get_u16(o, NFTNL_OBJ_SYNPROXY_MSS),
                                    nftnl_obj_get_u8(o, NFTNL_OBJ_SYNPROXY_WSCALE),
                                    nftnl_obj_get_u32(o, NFTNL_OBJ_SYNPROXY_FLAGS)});
    default:
      // ct helper / timeout / expectation, secmark, tunnel: no IR operation yet (ir.h).
      return out;
  }
}

}  // namespace nftx::netlink::decode
