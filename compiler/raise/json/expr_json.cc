// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/json/expr_json.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "compiler/raise/json/stmt_json.h"
#include "compiler/raise/json/value_json.h"
#include "compiler/raise/expr_print.h"
#include "compiler/raise/payload_raise.h"
#include "compiler/raise/ruleset.h"

namespace nftx::raise {
namespace {

constexpr uint32_t kExthdrTcpopt = 1, kExthdrIpv4 = 2, kExthdrSctp = 3, kExthdrDccp = 4;
constexpr uint32_t kExthdrFlagPresent = 1;
constexpr uint32_t kFibPresent = 1u << 5;
constexpr uint32_t kDataVerdict = 0xffffff00;

// nft's operator symbols; the implicit flag test has none and prints as "in".
std::string op_name(Op op) {
  if (op == Op::Implicit) return "in";
  if (op == Op::Invalid) return "invalid";
  return op_symbol(op);
}

std::string base_token(uint32_t base) {
  switch (base) {
    case kBaseLL:
      return "ll";
    case kBaseNetwork:
      return "nh";
    case kBaseTransport:
      return "th";
    case kBaseInner:
      return "ih";
    default:
      return "invalid";
  }
}

Json payload_json(const Expr& e) {
  if (payload_is_known(e)) {
    return Json{{"payload", Json{{"protocol", std::string(e.desc->name)},
                                 {"field", std::string(e.tmpl->name)}}}};
  }
  return Json{
      {"payload", Json{{"base", base_token(e.base)}, {"offset", e.offset}, {"len", e.len}}}};
}

// The TCP option name nft prints: the option's name and, for the later SACK blocks, the block
// number taken from the field offset (sack1 .. sack3).
std::string tcp_option_name(const Expr& e) {
  std::string name(e.ext->name);
  if (name.starts_with("sack") && name != "sack-perm") name = "sack";
  static constexpr const char* kBlocks[] = {"", "1", "2", "3"};
  const uint32_t block = e.offset / 64;
  return block < 4 ? name + kBlocks[block] : name;
}

Json exthdr_json(const Expr& e) {
  const bool present = (e.ext_flags & kExthdrFlagPresent) != 0;
  const std::string field = e.tmpl != nullptr ? std::string(e.tmpl->name) : "unknown";
  if (e.ext_op == kExthdrTcpopt) {
    Json root;
    if (e.ext != nullptr) {
      root = Json{{"name", tcp_option_name(e)}};
      if (!present) root["field"] = field;
    } else {
      root = Json{{"base", e.ext_type}, {"offset", e.offset}, {"len", e.len}};
    }
    return Json{{"tcp option", root}};
  }
  if (e.ext_op == kExthdrDccp) return Json{{"dccp option", Json{{"type", e.ext_type}}}};
  Json root{{"name", e.ext != nullptr ? std::string(e.ext->name) : std::string("unknown")}};
  if (!present) root["field"] = field;
  switch (e.ext_op) {
    case kExthdrIpv4:
      return Json{{"ip option", root}};
    case kExthdrSctp:
      return Json{{"sctp chunk", root}};
    default:
      return Json{{"exthdr", root}};
  }
}

Json ct_json(const Expr& e) {
  const proto::Key* k = proto::ct_key(e.key);
  Json root{{"key", k != nullptr ? std::string(k->name) : std::string("unknown")}};
  if (e.dir == 0) root["dir"] = "original";
  if (e.dir == 1) root["dir"] = "reply";
  return Json{{"ct", root}};
}

const proto::Key* key_by_number(std::span<const proto::Key> keys, uint32_t key) {
  for (const proto::Key& k : keys) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

Json rt_json(const Expr& e) {
  const proto::Key* k = key_by_number(proto::rt_keys(), e.key);
  std::string name = k != nullptr ? std::string(k->name) : "unknown";
  std::string family;
  // nftx names the nexthop keys after their family; nft's token is "nexthop" for both.
  if (name.starts_with("ip6 ")) {
    family = "ip6";
    name.erase(0, 4);
  } else if (name.starts_with("ip ")) {
    family = "ip";
    name.erase(0, 3);
  }
  Json root{{"key", name}};
  if (!family.empty()) root["family"] = family;
  return Json{{"rt", root}};
}

Json fib_json(const Expr& e, const JsonCtx& ctx) {
  static constexpr const char* kFlags[] = {"saddr", "daddr", "mark", "iif", "oif"};
  std::string result;
  if ((e.aux & kFibPresent) != 0 && !ctx.relational) {
    result = "check";
  } else {
    switch (e.key) {
      case 1:
        result = "oif";
        break;
      case 2:
        result = "oifname";
        break;
      case 3:
        result = "type";
        break;
      default:
        result = "unknown";
        break;
    }
  }
  Json root{{"result", result}};
  Json flags = Json::array();
  uint32_t rest = e.aux & ~kFibPresent;
  for (uint32_t i = 0; i < 5; ++i) {
    if ((rest & (1u << i)) != 0) {
      flags.push_back(kFlags[i]);
      rest &= ~(1u << i);
    }
  }
  if (rest != 0) flags.push_back(rest);
  if (!flags.empty()) root["flags"] = flags;
  return Json{{"fib", root}};
}

Json hash_json(const Expr& e, const JsonCtx& ctx) {
  const bool sym = e.aux == 1;
  Json root{{"mod", e.modulus}};
  if (e.seed_set && !sym) root["seed"] = e.seed;
  if (e.num_offset != 0) root["offset"] = e.num_offset;
  if (!sym && e.left) root["expr"] = expr_json(*e.left, ctx);
  return Json{{sym ? "symhash" : "jhash", root}};
}

Json xfrm_json(const Expr& e) {
  std::string key = "unknown";
  std::string family;
  switch (e.key) {
    case 1:
      key = "daddr";
      family = e.len == 128 ? "ip6" : "ip";
      break;
    case 2:
      key = "saddr";
      family = e.len == 128 ? "ip6" : "ip";
      break;
    case 3:
      key = "reqid";
      break;
    case 4:
      key = "spi";
      break;
    default:
      break;
  }
  Json root{{"key", key}};
  if (!family.empty()) root["family"] = family;
  root["dir"] = e.dir == 1 ? "out" : "in";
  root["spnum"] = e.aux;
  return Json{{"ipsec", root}};
}

// __binop_expr_json: a chain of the same operator is one flat list.
void binop_operands(Op op, const Expr& e, const JsonCtx& ctx, Json& out) {
  if (e.kind == ExprKind::Binop && e.op == op) {
    binop_operands(op, *e.left, ctx, out);
    binop_operands(op, *e.right, ctx, out);
    return;
  }
  out.push_back(expr_json(e, ctx));
}

bool is_constant_or_chain(const Expr& e) {
  if (e.kind == ExprKind::Value) return true;
  return e.kind == ExprKind::Binop && e.op == Op::Or && is_constant_or_chain(*e.left) &&
         is_constant_or_chain(*e.right);
}

Json binop_json(const Expr& e, const JsonCtx& ctx) {
  Json operands = Json::array();
  binop_operands(e.op, e, ctx, operands);
  // nft 1.0.6 keeps flag combinations (`syn | ack`) as a plain list.
  if (ctx.nft106 && e.op == Op::Or && is_constant_or_chain(e)) return operands;
  return Json{{op_name(e.op), operands}};
}

Json relational_json(const Expr& e, const JsonCtx& ctx) {
  JsonCtx inner = ctx;
  inner.relational = true;
  return Json{{"match", Json{{"op", op_name(e.op)},
                             {"left", expr_json(*e.left, inner)},
                             {"right", expr_json(*e.right, inner)}}}};
}

// expr_msort_value (nft's mergesort.c): what set elements are ordered by when nft lists them.
// Concatenations compare as their member bytes read as one little-endian number.
Num msort_value(const Expr& e) {
  switch (e.kind) {
    case ExprKind::SetElem:
    case ExprKind::Binop:
    case ExprKind::Mapping:
    case ExprKind::Range:
    case ExprKind::Prefix:
      return e.left ? msort_value(*e.left) : Num();
    case ExprKind::Value:
      return e.value;
    case ExprKind::Concat: {
      std::vector<uint8_t> bytes;
      for (const ExprPtr& i : e.items) {
        const uint32_t n = (i->len + 7) / 8;
        const Num v = msort_value(*i);
        std::vector<uint8_t> b = i->byteorder == proto::ByteOrder::Big ? v.to_be(n) : v.to_le(n);
        bytes.insert(bytes.end(), b.begin(), b.end());
      }
      return Num::from_le(bytes);
    }
    default:
      return Num();
  }
}

bool is_catchall(const Expr& e) {
  if (e.kind == ExprKind::Catchall) return true;
  if ((e.kind == ExprKind::SetElem || e.kind == ExprKind::Mapping) && e.left) {
    return is_catchall(*e.left);
  }
  return false;
}

// The catch-all element comes last, as the kernel dumps it after the others.
std::vector<ExprPtr> sorted_elements(const std::vector<ExprPtr>& items) {
  std::vector<std::tuple<bool, Num, ExprPtr>> keyed;
  keyed.reserve(items.size());
  for (const ExprPtr& i : items) keyed.emplace_back(is_catchall(*i), msort_value(*i), i);
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(b);
    return std::get<1>(a) < std::get<1>(b);
  });
  std::vector<ExprPtr> out;
  out.reserve(items.size());
  for (auto& [c, k, i] : keyed) out.push_back(std::move(i));
  return out;
}

Json list_json(const std::vector<ExprPtr>& items, const JsonCtx& ctx) {
  Json out = Json::array();
  for (const ExprPtr& i : items) out.push_back(expr_json(*i, ctx));
  return out;
}

// __set_elem_expr_json: element attributes need the {"elem": {"val": ...}} form.
Json set_elem_value_json(const Expr& elem, const Expr& val, const JsonCtx& ctx) {
  Json root = expr_json(val, ctx);
  const bool stateful_shown = !elem.stmts.empty();
  const bool expires = elem.expiration != 0;
  if (elem.timeout == 0 && !expires && !elem.comment && !stateful_shown) return root;
  Json obj{{"val", root}};
  if (elem.timeout != 0) obj["timeout"] = elem.timeout / 1000;
  if (expires) obj["expires"] = elem.expiration / 1000;
  if (elem.comment) obj["comment"] = *elem.comment;
  if (!elem.stmts.empty()) {
    Json st = stmt_json(*elem.stmts.front(), ctx);
    for (const auto& [k, v] : st.items()) {
      if (!obj.contains(k)) obj[k] = v;
    }
  }
  return Json{{"elem", obj}};
}

Json set_elem_json(const Expr& e, const JsonCtx& ctx) {
  const Expr& key = *e.left;
  if (key.kind == ExprKind::Mapping) {
    return Json::array({set_elem_value_json(e, *key.left, ctx), expr_json(*key.right, ctx)});
  }
  return set_elem_value_json(e, key, ctx);
}

bool is_vmap(const Expr& map) {
  const Expr& m = *map.right;
  return m.kind == ExprKind::SetRef && m.set != nullptr && m.set->decl.data_type &&
         *m.set->decl.data_type == kDataVerdict;
}

Json keyed_json(const char* name, std::span<const proto::Key> keys, uint32_t key) {
  const proto::Key* k = key_by_number(keys, key);
  return Json{{name, Json{{"key", k != nullptr ? std::string(k->name) : std::string("unknown")}}}};
}

}  // namespace

Json flag_list_json(Json items, const JsonCtx& ctx) {
  if (ctx.nft106 && items.size() == 1) return items.front();
  return items;
}

Json set_items_json(const Expr& set, const JsonCtx& ctx) {
  return list_json(sorted_elements(set.items), ctx);
}

Json expr_json(const Expr& e, const JsonCtx& ctx) {
  switch (e.kind) {
    case ExprKind::Value:
    case ExprKind::Verdict:
      return value_json(e, ctx.print, ctx.nft106);
    case ExprKind::Payload:
      return payload_json(e);
    case ExprKind::Exthdr:
      return exthdr_json(e);
    case ExprKind::Meta: {
      const proto::Key* k = proto::meta_key(e.key);
      return Json{
          {"meta", Json{{"key", k != nullptr ? std::string(k->name) : std::string("unknown")}}}};
    }
    case ExprKind::Ct:
      return ct_json(e);
    case ExprKind::Rt:
      return rt_json(e);
    case ExprKind::Fib:
      return fib_json(e, ctx);
    case ExprKind::Socket:
      return keyed_json("socket", proto::socket_keys(), e.key);
    case ExprKind::Osf: {
      Json root{{"key", (e.aux & 1) != 0 ? "version" : "name"}};
      if (e.ttl == 1) root["ttl"] = "loose";
      if (e.ttl == 2) root["ttl"] = "skip";
      return Json{{"osf", root}};
    }
    case ExprKind::Numgen:
      return Json{{"numgen", Json{{"mode", e.aux == 0   ? "inc"
                                           : e.aux == 1 ? "random"
                                                        : "unknown"},
                                  {"mod", e.modulus},
                                  {"offset", e.num_offset}}}};
    case ExprKind::Hash:
      return hash_json(e, ctx);
    case ExprKind::Xfrm:
      return xfrm_json(e);
    case ExprKind::Unary:
      return expr_json(*e.left, ctx);
    case ExprKind::Binop:
      return binop_json(e, ctx);
    case ExprKind::Relational:
      return relational_json(e, ctx);
    case ExprKind::Concat:
      return Json{{"concat", list_json(e.items, ctx)}};
    case ExprKind::List:
      return list_json(e.items, ctx);
    case ExprKind::Set:
      return Json{{"set", set_items_json(e, ctx)}};
    case ExprKind::SetRef:
      if (e.set != nullptr && e.set->anonymous()) {
        if ((e.set->decl.flags & kSetEval) != 0) return Json(e.set->decl.name);
        return e.right ? expr_json(*e.right, ctx) : Json{{"set", Json::array()}};
      }
      return Json("@" + (e.set != nullptr ? e.set->decl.name : std::string("?")));
    case ExprKind::SetElem:
      return set_elem_json(e, ctx);
    case ExprKind::Catchall:
      return Json("*");
    case ExprKind::Mapping:
      return Json::array({expr_json(*e.left, ctx), expr_json(*e.right, ctx)});
    case ExprKind::Map:
      return Json{{is_vmap(e) ? "vmap" : "map",
                   Json{{"key", expr_json(*e.left, ctx)}, {"data", expr_json(*e.right, ctx)}}}};
    case ExprKind::Prefix:
      return Json{{"prefix", Json{{"addr", expr_json(*e.left, ctx)}, {"len", e.prefix_len}}}};
    case ExprKind::Range: {
      JsonCtx numeric = ctx;
      numeric.print.numeric_proto = true;
      numeric.print.service = false;
      return Json{
          {"range", Json::array({expr_json(*e.left, numeric), expr_json(*e.right, numeric)})}};
    }
  }
  return Json();
}

}  // namespace nftx::raise
