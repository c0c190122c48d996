// SPDX-License-Identifier: GPL-2.0-or-later
// IR objects -> libnftnl objects. The attribute choices mirror nft 1.0.6's src/mnl.c and
// src/netlink.c (alloc_nftnl_setelem); see encode_objects.h for the per-verb summary.
#include "backends/netlink/encode_objects.h"

#include <libnftnl/udata.h>
#include <linux/netfilter/nf_tables.h>

#include <string>
#include <vector>

#include "backends/netlink/encode_util.h"

namespace nftx::netlink {
namespace {

using detail::check_alloc;
using detail::comment_udata;

uint32_t family_of(ir::Family f) { return static_cast<uint32_t>(f); }

// nft 1.0.6 builds device arrays last-first (see encode_objects.h); libnftnl copies the
// strings, so the pointer array only has to live for the call.
std::vector<const char*> reversed_device_array(const std::vector<std::string>& devices) {
  std::vector<const char*> array;
  array.reserve(devices.size() + 1);
  for (auto it = devices.rbegin(); it != devices.rend(); ++it) array.push_back(it->c_str());
  array.push_back(nullptr);
  return array;
}

bool is_delete(ir::Verb verb) {
  switch (verb) {
    case ir::Verb::Delete:
    case ir::Verb::Destroy:
      return true;
    case ir::Verb::Add:
    case ir::Verb::Create:
    case ir::Verb::Insert:
    case ir::Verb::Replace:
    case ir::Verb::Flush:
    case ir::Verb::Rename:
      return false;
  }
  return false;
}

template <typename Op>
const Op& object_body(const ir::Object& object) {
  const Op* op = object.body.size() == 1 ? std::get_if<Op>(&object.body.front().op) : nullptr;
  if (!op) {
    throw EncodeError("object '" + object.name + "' of type " + std::to_string(object.type) +
                      " needs exactly one matching body operation");
  }
  return *op;
}

void set_object_body(nftnl_obj* o, const ir::Object& object) {
  switch (object.type) {
    case NFT_OBJECT_COUNTER: {
      const auto& c = object_body<ir::Counter>(object);
      nftnl_obj_set_u64(o, NFTNL_OBJ_CTR_PKTS, c.packets);
      nftnl_obj_set_u64(o, NFTNL_OBJ_CTR_BYTES, c.bytes);
      return;
    }
    case NFT_OBJECT_QUOTA: {
      const auto& q = object_body<ir::Quota>(object);
      nftnl_obj_set_u64(o, NFTNL_OBJ_QUOTA_BYTES, q.bytes);
      nftnl_obj_set_u64(o, NFTNL_OBJ_QUOTA_CONSUMED, q.consumed);
      nftnl_obj_set_u32(o, NFTNL_OBJ_QUOTA_FLAGS, q.flags);
      return;
    }
    case NFT_OBJECT_LIMIT: {
      const auto& l = object_body<ir::Limit>(object);
      nftnl_obj_set_u64(o, NFTNL_OBJ_LIMIT_RATE, l.rate);
      nftnl_obj_set_u64(o, NFTNL_OBJ_LIMIT_UNIT, l.unit);
      nftnl_obj_set_u32(o, NFTNL_OBJ_LIMIT_BURST, l.burst);
      nftnl_obj_set_u32(o, NFTNL_OBJ_LIMIT_TYPE, l.type);
      nftnl_obj_set_u32(o, NFTNL_OBJ_LIMIT_FLAGS, l.flags);
      return;
    }
    case NFT_OBJECT_SYNPROXY: {
      const auto& s = object_body<ir::Synproxy>(object);
      nftnl_obj_set_u16(o, NFTNL_OBJ_SYNPROXY_MSS, s.mss);
      nftnl_obj_set_u8(o, NFTNL_OBJ_SYNPROXY_WSCALE, s.wscale);
      nftnl_obj_set_u32(o, NFTNL_OBJ_SYNPROXY_FLAGS, s.flags);
      return;
    }
    default:
      // ct helper/timeout/expectation and secmark bodies have no IR operation yet.
      throw EncodeError("object type " + std::to_string(object.type) + " cannot be encoded");
  }
}

}  // namespace

ir::Bytes detail::comment_udata(uint8_t type, const std::string& comment) {
  constexpr uint32_t kUserdataMax = 256;  // nft's NFT_USERDATA_MAXLEN
  UdataBufPtr buf(check_alloc(nftnl_udata_buf_alloc(kUserdataMax)));
  if (!nftnl_udata_put_strz(buf.get(), type, comment.c_str())) {
    throw EncodeError("comment of " + std::to_string(comment.size()) + " bytes is too long");
  }
  const auto* data = static_cast<const uint8_t*>(nftnl_udata_buf_data(buf.get()));
  return ir::Bytes(data, data + nftnl_udata_buf_len(buf.get()));
}

TablePtr encode_table(const ir::Table& table, ir::Verb verb) {
  TablePtr t(check_alloc(nftnl_table_alloc()));
  nftnl_table_set_u32(t.get(), NFTNL_TABLE_FAMILY, family_of(table.family));
  if (is_delete(verb) && table.name.empty() && table.handle) {
    nftnl_table_set_u64(t.get(), NFTNL_TABLE_HANDLE, *table.handle);
    return t;
  }
  nftnl_table_set_str(t.get(), NFTNL_TABLE_NAME, table.name.c_str());
  if (verb == ir::Verb::Add || verb == ir::Verb::Create) {
    nftnl_table_set_u32(t.get(), NFTNL_TABLE_FLAGS, table.flags);
    if (table.comment) {
      ir::Bytes ud = comment_udata(NFTNL_UDATA_TABLE_COMMENT, *table.comment);
      nftnl_table_set_data(t.get(), NFTNL_TABLE_USERDATA, ud.data(),
                           static_cast<uint32_t>(ud.size()));
    }
  }
  return t;
}

ChainPtr encode_chain_body(const ir::Chain& chain) {
  ChainPtr c(check_alloc(nftnl_chain_alloc()));
  nftnl_chain_set_u32(c.get(), NFTNL_CHAIN_FAMILY, family_of(chain.family));
  if (chain.hook) {
    const ir::ChainHook& hook = *chain.hook;
    nftnl_chain_set_u32(c.get(), NFTNL_CHAIN_HOOKNUM, hook.hooknum);
    nftnl_chain_set_s32(c.get(), NFTNL_CHAIN_PRIO, hook.priority);
    nftnl_chain_set_str(c.get(), NFTNL_CHAIN_TYPE, hook.type.c_str());
    if (hook.devices.size() == 1) {
      nftnl_chain_set_str(c.get(), NFTNL_CHAIN_DEV, hook.devices.front().c_str());
    } else if (hook.devices.size() > 1) {
      std::vector<const char*> devs = reversed_device_array(hook.devices);
      nftnl_chain_set_array(c.get(), NFTNL_CHAIN_DEVICES, devs.data());
    }
  }
  // NFT_CHAIN_BASE is implied by the hook; nft sends the flags only for offload/binding.
  if ((chain.flags & ~static_cast<uint32_t>(NFT_CHAIN_BASE)) != 0) {
    nftnl_chain_set_u32(c.get(), NFTNL_CHAIN_FLAGS,
                        chain.flags & ~static_cast<uint32_t>(NFT_CHAIN_BASE));
  }
  if (chain.comment) {
    ir::Bytes ud = comment_udata(NFTNL_UDATA_CHAIN_COMMENT, *chain.comment);
    nftnl_chain_set_data(c.get(), NFTNL_CHAIN_USERDATA, ud.data(),
                         static_cast<uint32_t>(ud.size()));
  }
  return c;
}

ChainPtr encode_chain(const ir::Chain& chain, ir::Verb verb) {
  if (verb != ir::Verb::Rename && verb != ir::Verb::Flush && !is_delete(verb)) {
    ChainPtr c = encode_chain_body(chain);
    nftnl_chain_set_str(c.get(), NFTNL_CHAIN_TABLE, chain.table.c_str());
    nftnl_chain_set_str(c.get(), NFTNL_CHAIN_NAME, chain.name.c_str());
    if (chain.policy) {
      nftnl_chain_set_u32(c.get(), NFTNL_CHAIN_POLICY, static_cast<uint32_t>(*chain.policy));
    }
    return c;
  }
  ChainPtr c(check_alloc(nftnl_chain_alloc()));
  nftnl_chain_set_u32(c.get(), NFTNL_CHAIN_FAMILY, family_of(chain.family));
  nftnl_chain_set_str(c.get(), NFTNL_CHAIN_TABLE, chain.table.c_str());
  if (verb == ir::Verb::Rename) {
    if (chain.handle) nftnl_chain_set_u64(c.get(), NFTNL_CHAIN_HANDLE, *chain.handle);
    nftnl_chain_set_str(c.get(), NFTNL_CHAIN_NAME, chain.new_name.value_or(chain.name).c_str());
  } else if (is_delete(verb) && chain.name.empty() && chain.handle) {
    nftnl_chain_set_u64(c.get(), NFTNL_CHAIN_HANDLE, *chain.handle);
  } else {
    nftnl_chain_set_str(c.get(), NFTNL_CHAIN_NAME, chain.name.c_str());
  }
  return c;
}

RulePtr encode_rule(const ir::Rule& rule, ir::Verb verb) {
  RulePtr r(check_alloc(nftnl_rule_alloc()));
  nftnl_rule_set_u32(r.get(), NFTNL_RULE_FAMILY, family_of(rule.family));
  nftnl_rule_set_str(r.get(), NFTNL_RULE_TABLE, rule.table.c_str());
  nftnl_rule_set_str(r.get(), NFTNL_RULE_CHAIN, rule.chain.c_str());
  if (is_delete(verb)) {
    if (rule.handle) nftnl_rule_set_u64(r.get(), NFTNL_RULE_HANDLE, *rule.handle);
    return r;
  }
  if (verb == ir::Verb::Replace && rule.handle) {
    nftnl_rule_set_u64(r.get(), NFTNL_RULE_HANDLE, *rule.handle);
  }
  // nft sends no position 0 (`position 0` means "no position").
  if (rule.position && *rule.position != 0) {
    nftnl_rule_set_u64(r.get(), NFTNL_RULE_POSITION, *rule.position);
  }
  add_exprs(r.get(), rule.exprs);
  if (rule.comment) {
    ir::Bytes ud = comment_udata(NFTNL_UDATA_RULE_COMMENT, *rule.comment);
    nftnl_rule_set_data(r.get(), NFTNL_RULE_USERDATA, ud.data(), static_cast<uint32_t>(ud.size()));
  }
  return r;
}

RulePtr encode_flush_rules(ir::Family family, const std::string& table,
                           const std::optional<std::string>& chain) {
  RulePtr r(check_alloc(nftnl_rule_alloc()));
  nftnl_rule_set_u32(r.get(), NFTNL_RULE_FAMILY, family_of(family));
  nftnl_rule_set_str(r.get(), NFTNL_RULE_TABLE, table.c_str());
  if (chain) nftnl_rule_set_str(r.get(), NFTNL_RULE_CHAIN, chain->c_str());
  return r;
}

FlowtablePtr encode_flowtable_body(const ir::Flowtable& ft) {
  FlowtablePtr f(check_alloc(nftnl_flowtable_alloc()));
  nftnl_flowtable_set_u32(f.get(), NFTNL_FLOWTABLE_FAMILY, family_of(ft.family));
  // nft always sends a hook, 0/0 when the declaration had none.
  nftnl_flowtable_set_u32(f.get(), NFTNL_FLOWTABLE_HOOKNUM, ft.hooknum.value_or(0));
  nftnl_flowtable_set_s32(f.get(), NFTNL_FLOWTABLE_PRIO, ft.priority.value_or(0));
  if (!ft.devices.empty()) {
    std::vector<const char*> devs = reversed_device_array(ft.devices);
    nftnl_flowtable_set_array(f.get(), NFTNL_FLOWTABLE_DEVICES, devs.data());
  }
  nftnl_flowtable_set_u32(f.get(), NFTNL_FLOWTABLE_FLAGS, ft.flags);
  return f;
}

FlowtablePtr encode_flowtable(const ir::Flowtable& ft, ir::Verb verb) {
  if (!is_delete(verb)) {
    FlowtablePtr f = encode_flowtable_body(ft);
    nftnl_flowtable_set_str(f.get(), NFTNL_FLOWTABLE_TABLE, ft.table.c_str());
    nftnl_flowtable_set_str(f.get(), NFTNL_FLOWTABLE_NAME, ft.name.c_str());
    return f;
  }
  FlowtablePtr f(check_alloc(nftnl_flowtable_alloc()));
  nftnl_flowtable_set_u32(f.get(), NFTNL_FLOWTABLE_FAMILY, family_of(ft.family));
  nftnl_flowtable_set_str(f.get(), NFTNL_FLOWTABLE_TABLE, ft.table.c_str());
  if (ft.name.empty() && ft.handle) {
    nftnl_flowtable_set_u64(f.get(), NFTNL_FLOWTABLE_HANDLE, *ft.handle);
    return f;
  }
  nftnl_flowtable_set_str(f.get(), NFTNL_FLOWTABLE_NAME, ft.name.c_str());
  // A delete names devices only to remove them from the flowtable.
  if (!ft.devices.empty()) {
    nftnl_flowtable_set_u32(f.get(), NFTNL_FLOWTABLE_HOOKNUM, ft.hooknum.value_or(0));
    nftnl_flowtable_set_s32(f.get(), NFTNL_FLOWTABLE_PRIO, ft.priority.value_or(0));
    std::vector<const char*> devs = reversed_device_array(ft.devices);
    nftnl_flowtable_set_array(f.get(), NFTNL_FLOWTABLE_DEVICES, devs.data());
  }
  return f;
}

ObjPtr encode_object_body(const ir::Object& object) {
  ObjPtr o(check_alloc(nftnl_obj_alloc()));
  nftnl_obj_set_u32(o.get(), NFTNL_OBJ_FAMILY, family_of(object.family));
  nftnl_obj_set_u32(o.get(), NFTNL_OBJ_TYPE, object.type);
  set_object_body(o.get(), object);
  if (object.comment) {
    ir::Bytes ud = comment_udata(NFTNL_UDATA_OBJ_COMMENT, *object.comment);
    nftnl_obj_set_data(o.get(), NFTNL_OBJ_USERDATA, ud.data(), static_cast<uint32_t>(ud.size()));
  }
  return o;
}

ObjPtr encode_object(const ir::Object& object, ir::Verb verb) {
  if (!is_delete(verb)) {
    ObjPtr o = encode_object_body(object);
    nftnl_obj_set_str(o.get(), NFTNL_OBJ_TABLE, object.table.c_str());
    nftnl_obj_set_str(o.get(), NFTNL_OBJ_NAME, object.name.c_str());
    return o;
  }
  ObjPtr o(check_alloc(nftnl_obj_alloc()));
  nftnl_obj_set_u32(o.get(), NFTNL_OBJ_FAMILY, family_of(object.family));
  nftnl_obj_set_str(o.get(), NFTNL_OBJ_TABLE, object.table.c_str());
  nftnl_obj_set_u32(o.get(), NFTNL_OBJ_TYPE, object.type);
  if (object.name.empty() && object.handle) {
    nftnl_obj_set_u64(o.get(), NFTNL_OBJ_HANDLE, *object.handle);
  } else {
    nftnl_obj_set_str(o.get(), NFTNL_OBJ_NAME, object.name.c_str());
  }
  return o;
}

}  // namespace nftx::netlink
