// SPDX-License-Identifier: GPL-2.0-or-later
// Named sets and maps: key and data types (`type a . b : c` or `typeof expr`), flags, timeout,
// size, policy, and their elements (encoded exactly as anonymous sets' elements).
#include <linux/netfilter/nf_tables.h>

#include "compiler/proto/value.h"
#include "compiler/sema/rule_checker.h"
#include "compiler/sema/ruleset_checker.h"
#include "compiler/sema/set_udata.h"

namespace nftx::sema {

using checked::make;
using proto::TypeId;

namespace {

std::optional<ValueType> type_by_name(const ast::Name& n, Diagnostics& diags) {
  const proto::Datatype* dt = proto::datatype_by_name(n.text);
  if (!dt || dt->id == TypeId::Invalid) {
    diags.error(n.span, "unknown-type", "unknown datatype " + n.text);
    return std::nullopt;
  }
  uint32_t bits = dt->size_bits;
  if (dt->id == TypeId::Ifname) bits = 16 * 8;
  if (bits == 0 && dt->id != TypeId::Verdict) {
    diags.error(n.span, "set-type", "unqualified type " + n.text +
                                        " specified in set definition; use typeof instead");
    return std::nullopt;
  }
  return ValueType{dt->id, dt->byteorder, bits};
}

}  // namespace

void RulesetChecker::set_decl(ir::Verb verb, TableInfo& table, ast::SetDecl& s) {
  if (s.name.text.size() >= NFT_SET_MAXNAMELEN) {
    ctx_.diags.error(s.name.span, "name", "Set name too long");
    return;
  }
  if (table.sets.count(s.name.text) && verb == ir::Verb::Create) {
    ctx_.diags.error(s.name.span, "duplicate", "Could not process rule: File exists");
    return;
  }
  SetInfo info;
  info.name = s.name.text;
  info.is_map = s.is_map;
  info.span = s.name.span;
  RuleChecker rc(ctx_, table, nullptr);
  std::vector<RuleChecker::Lhs> key_typeof;   // for the set's userdata
  std::optional<RuleChecker::Lhs> data_typeof;
  if (!s.key_types.empty()) {
    for (const auto& n : s.key_types) {
      auto vt = type_by_name(n, ctx_.diags);
      if (!vt) return;
      info.key.push_back(*vt);
    }
  } else if (!s.key_typeof.empty()) {
    for (const auto& e : s.key_typeof) {
      auto l = rc.lhs(e);
      if (!l) return;
      info.key.push_back(l->parts[0]);
      key_typeof.push_back(*l);
    }
  } else {
    ctx_.diags.error(s.span, "set-type", std::string(s.is_map ? "map" : "set") +
                                             " definition does not specify key");
    return;
  }
  if (s.is_map) {
    if (s.data_kind) {
      info.obj_type = s.data_kind->text == "counter" ? NFT_OBJECT_COUNTER
                      : s.data_kind->text == "quota" ? NFT_OBJECT_QUOTA
                                                     : NFT_OBJECT_LIMIT;
    } else if (s.data_types.size() == 1 && s.data_types[0].text == "verdict") {
      info.verdict_map = true;
    } else if (s.data_types.size() == 1) {
      auto vt = type_by_name(s.data_types[0], ctx_.diags);
      if (!vt) return;
      info.data = *vt;
    } else if (s.data_typeof.size() == 1) {
      auto l = rc.lhs(s.data_typeof[0]);
      if (!l) return;
      data_typeof = *l;
      info.data = l->parts[0];
    } else {
      ctx_.diags.error(s.span, "map-type", "map definition does not specify a single data type");
      return;
    }
  } else if (!s.data_types.empty() || !s.data_typeof.empty() || s.data_kind) {
    ctx_.diags.error(s.span, "set-type", "a set has no data type; declare a map instead");
    return;
  }
  ir::Set out;
  out.family = table.family;
  out.table = table.name;
  out.name = s.name.text;
  out.id = ctx_.next_set_id++;
  info.id = out.id;
  for (const auto& f : s.flags) {
    if (f.text == "constant") out.flags |= NFT_SET_CONSTANT;
    else if (f.text == "interval") out.flags |= NFT_SET_INTERVAL;
    else if (f.text == "timeout") out.flags |= NFT_SET_TIMEOUT;
    else if (f.text == "dynamic") out.flags |= NFT_SET_EVAL;
    else {
      ctx_.diags.error(f.span, "set-flag", "unknown set flag '" + f.text + "'");
      return;
    }
  }
  if (s.is_map) out.flags |= NFT_SET_MAP;
  if (info.obj_type) {
    out.flags = (out.flags & ~uint32_t{NFT_SET_MAP}) | NFT_SET_OBJECT;
    out.obj_type = info.obj_type;
  }
  uint32_t key_len = 0;
  std::vector<TypeId> types;
  for (const auto& k : info.key) {
    types.push_back(k.type);
    key_len += info.key.size() > 1 ? (k.len_bits + 31) / 32 * 4 : (k.len_bits + 7) / 8;
    // The field lengths (NFTA_SET_DESC_CONCAT) only describe interval keys: the kernel
    // rejects them (EINVAL) on other sets, and nft sends none there.
    if (info.key.size() > 1 && (out.flags & NFT_SET_INTERVAL)) {
      out.field_lengths.push_back(static_cast<uint8_t>((k.len_bits + 7) / 8));
    }
  }
  if (info.key.size() > 1 && (out.flags & NFT_SET_INTERVAL)) out.flags |= NFT_SET_CONCAT;
  out.key_type = info.key.size() > 1 ? proto::concat_type(types)
                                     : static_cast<uint32_t>(info.key[0].type);
  out.key_len = key_len;
  if (info.verdict_map) out.data_type = NFT_DATA_VERDICT;
  if (info.data) {
    out.data_type = static_cast<uint32_t>(info.data->type);
    out.data_len = (info.data->len_bits + 7) / 8;
  }
  if (s.timeout) {
    out.flags |= NFT_SET_TIMEOUT;  // a default timeout makes it a timeout set (as nft does)
    out.timeout = proto::parse_time_ms(*s.timeout);
    if (!out.timeout) {
      ctx_.diags.error(s.span, "time", "Wrong timeout format '" + *s.timeout + "'");
      return;
    }
  }
  if (s.gc_interval) {
    auto gc = proto::parse_time_ms(*s.gc_interval);
    if (!gc) {
      ctx_.diags.error(s.span, "time", "Wrong gc-interval format '" + *s.gc_interval + "'");
      return;
    }
    out.gc_interval = static_cast<uint32_t>(*gc);
  }
  if (s.size) {
    auto n = parse_number(*s.size);
    out.size = n ? static_cast<uint32_t>(to_u64(*n)) : 0;
  }
  if (s.policy) {
    if (*s.policy == "performance") out.policy = NFT_SET_POL_PERFORMANCE;
    else if (*s.policy == "memory") out.policy = NFT_SET_POL_MEMORY;
    else {
      ctx_.diags.error(s.span, "set-policy", "unknown set policy '" + *s.policy + "'");
      return;
    }
  }
  // `counter;` in the declaration: NFTA_SET_EXPR, a counter the kernel gives every element.
  for (const ast::Stmt& st : s.stmts) {
    if (std::holds_alternative<ast::Counter>(st.node)) {
      out.exprs.push_back(ir::Instr{ir::Counter{}, st.span});
    }
  }
  out.userdata = named_set_udata(s, info, key_typeof, data_typeof);
  out.span = s.span;
  info.flags = out.flags;
  table.sets[info.name] = info;
  push(verb, out, s.span);
  if (s.elements) {
    elements(ir::Verb::Add, table, table.sets[info.name], *s.elements, s.span);
    s.elements.reset();  // the largest part of a big input's AST: not needed any more
  }
}

void RulesetChecker::elements(ir::Verb verb, TableInfo& table, SetInfo& set,
                              const ast::ExprPtr& elems, const Span& at) {
  RuleChecker rc(ctx_, table, nullptr);
  ast::ExprPtr e = rc.expand(elems);
  const auto* lit = e ? ast::as<ast::SetLiteral>(e) : nullptr;
  if (!lit) {
    if (e) ctx_.diags.error(e->span, "elements", "a set of elements { ... } is expected");
    return;
  }
  RuleChecker::Lhs key;
  key.parts = set.key;
  uint32_t len = 0;
  for (const auto& k : set.key) {
    len += set.key.size() > 1 ? (k.len_bits + 31) / 32 * 32 : (k.len_bits + 7) / 8 * 8;
  }
  key.expr = make(checked::Const{}, set.key[0].type, set.key[0].byteorder, len, at);
  auto ref = rc.anon_set(*lit, e->span, key, set.data, set.verdict_map,
                         (set.flags & NFT_SET_INTERVAL) != 0);
  if (!ref) return;
  ir::SetElems out = rc.take_last_elems();
  out.set = set.name;
  out.set_id = set.id;
  out.span = at;
  push(verb, out, at);
}

}  // namespace nftx::sema
