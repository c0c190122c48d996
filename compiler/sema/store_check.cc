// SPDX-License-Identifier: GPL-2.0-or-later
// Statements that write: `meta mark set X`, `ct mark set X`, payload writes, and dynamic set
// updates (`add @s { ip saddr }`). Values are constants of the target's type or expressions.
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter_bridge.h>

#include "compiler/proto/value.h"
#include "compiler/sema/rule_checker.h"

namespace nftx::sema {

using checked::make;
using proto::ByteOrder;

std::optional<checked::ExprPtr> RuleChecker::value_expr(const ast::ExprPtr& raw,
                                                        const ValueType& want,
                                                        const MapData* map_data) {
  ast::ExprPtr e = expand(raw);
  if (!e) return std::nullopt;
  const uint32_t len = (want.len_bits + 7) / 8 * 8;
  if (const auto* ml = ast::as<ast::MapLookup>(e)) {
    if (ambiguous_ct_addr(ml->key)) return std::nullopt;
    auto key = lhs(ml->key);
    if (!key) return std::nullopt;
    ast::ExprPtr map = expand(ml->map);
    if (!map) return std::nullopt;
    std::optional<checked::SetRef> ref;
    if (const auto* lit = ast::as<ast::SetLiteral>(map)) {
      ref = anon_set(*lit, map->span, *key, want, false, false, std::nullopt, map_data);
    } else if (const auto* sr = ast::as<ast::SetRef>(map)) {
      ref = named_set(sr->name, map->span, true);
      key = normalized(*key);
    }
    if (!ref) return std::nullopt;
    if (ref->id && key->parts.size() == 1 && key->parts[0].byteorder == ByteOrder::Host &&
        key->expr->len_bits > 8 && (out_.anon_sets.back().flags & NFT_SET_INTERVAL)) {
      key->expr = make(checked::Swap{key->expr, ir::ByteorderOp::Hton, key->expr->len_bits / 8},
                       key->expr->type, ByteOrder::Big, key->expr->len_bits, key->expr->span);
    }
    return make(checked::MapLookup{key->expr, *ref}, want.type, want.byteorder, len, e->span);
  }
  const bool is_constant = ast::as<ast::Symbol>(e) || ast::as<ast::List>(e) ||
                           (ast::as<ast::Binop>(e) && proto::datatype(want.type).is_flags) ||
                           (ast::as<ast::Binop>(e) && ast::as<ast::Symbol>(ast::as<ast::Binop>(e)->left));
  const auto* binop = ast::as<ast::Binop>(e);
  const auto* left_word = binop ? ast::as<ast::Symbol>(expand(binop->left)) : nullptr;
  if (left_word && left_word->kind == ast::SymbolKind::Word && proto::meta_key(left_word->text) &&
      !parse_constant(*left_word, want).ok()) {
    // `mark set mark or 0x4000`: an expression on a bare meta key, not a constant.
    auto l = lhs(e);
    if (!l) return std::nullopt;
    return l->expr;
  }
  if (is_constant) {
    auto c = constant(e, want);
    if (!c) return std::nullopt;
    const auto* sym = ast::as<ast::Symbol>(e);
    if (!c->ok() && sym && sym->kind == ast::SymbolKind::Word && proto::meta_key(sym->text)) {
      // `ct mark set mark`: a bare meta key, not a constant.
      auto l = lhs(e);
      if (!l) return std::nullopt;
      return l->expr;
    }
    if (!c->ok()) {
      error(e->span, "value", c->error);
      return std::nullopt;
    }
    return make(checked::Const{c->data}, want.type, want.byteorder, len, e->span);
  }
  auto l = lhs(e);
  if (!l) return std::nullopt;
  if (l->expr->byteorder == ByteOrder::Host && want.byteorder == ByteOrder::Big &&
      l->expr->len_bits > 8) {
    // A host-order value stored into a network-order field (`dnat to numgen ...`).
    return make(checked::Swap{l->expr, ir::ByteorderOp::Hton, l->expr->len_bits / 8},
                want.type, ByteOrder::Big, l->expr->len_bits, e->span);
  }
  return l->expr;
}

bool RuleChecker::store(const ast::SetField& s, const Span& at) {
  auto target = lhs(s.target);
  if (!target) return false;
  if (target->parts.size() != 1) {
    error(s.target->span, "store", "cannot set a concatenation");
    return false;
  }
  const checked::Expr* base = target->expr.get();
  if (const auto* m = std::get_if<checked::Mask>(&base->node)) base = m->base.get();
  const auto* load = std::get_if<checked::Load>(&base->node);
  if (load && std::holds_alternative<ir::Payload>(load->op)) return payload_store(*target, s, at);
  if (load && std::holds_alternative<ir::Exthdr>(load->op) && base == target->expr.get()) {
    // `tcp option maxseg size set rt mtu`: rewrite an option field in place.
    auto value = value_expr(s.value, target->parts[0]);
    if (!value) return false;
    emit(checked::Store{target->expr, *value, std::nullopt}, at);
    return true;
  }
  if (!load || (!std::holds_alternative<ir::Meta>(load->op) &&
                !std::holds_alternative<ir::Ct>(load->op))) {
    error(s.target->span, "store", "this expression cannot be set");
    return false;
  }
  if (const auto* meta = std::get_if<ir::Meta>(&load->op)) {
    const proto::Key* k = proto::meta_key(meta->key);
    if (k && !k->writable) {
      error(s.target->span, "store", "meta " + std::string(k->name) + " cannot be set");
      return false;
    }
    if (k && k->name == "broute" && chain_ && chain_->hooknum &&
        *chain_->hooknum != NF_BR_PRE_ROUTING) {
      // The kernel validates the hook: bridge routing is decided before the bridge.
      error(s.target->span, "hook", "meta broute can only be set in the prerouting hook",
            {chain_->span});
      return false;
    }
  }
  if (const auto* ct = std::get_if<ir::Ct>(&load->op)) {
    const proto::Key* k = proto::ct_key(ct->key);
    if (k && !k->writable) {
      error(s.target->span, "store", "ct " + std::string(k->name) + " cannot be set");
      return false;
    }
  }
  auto value = is_arg_expression(s.value) ? arg_value(s.value, target->parts[0])
                                          : value_expr(s.value, target->parts[0]);
  if (!value) return false;
  emit(checked::Store{target->expr, *value, std::nullopt}, at);
  return true;
}

bool RuleChecker::payload_store(const Lhs& target, const ast::SetField& s, const Span& at) {
  const checked::Expr* base = target.expr.get();
  if (const auto* m = std::get_if<checked::Mask>(&base->node)) base = m->base.get();
  const auto& load = std::get<ir::Payload>(std::get<checked::Load>(base->node).op);
  const ValueType& vt = target.parts[0];
  // The field's absolute bit position inside its base.
  const uint32_t field_off = load.offset * 8 + (load.len * 8 - target.shift - vt.len_bits);
  ir::PayloadWrite write{0, load.base, 0, 0, 0, 0, 0};
  const proto::Protocol* p = target.proto;
  bool csum = false;
  if (p && p->checksum_field && p->checksum_type) {
    const proto::Field* cf = proto::field(*p, *p->checksum_field);
    write.csum_type = p->checksum_type;
    write.csum_offset = cf ? cf->offset_bits / 8 : 0;
    csum = true;
  }
  if (p && (p->name == "udp" || p->name == "udplite")) {
    // UDP's checksum may be zero: the kernel updates it itself when asked (pseudo header flag).
    write.csum_type = 0;
    write.csum_offset = 0;
    write.csum_flags = NFT_PAYLOAD_L4CSUM_PSEUDOHDR;
    csum = false;
  } else if (p) {
    for (const auto& name : p->pseudo_header) {
      if (name == target.field) write.csum_flags = NFT_PAYLOAD_L4CSUM_PSEUDOHDR;
    }
  }
  // Checksummed headers are rewritten in aligned 16-bit words (incremental checksum update).
  uint32_t start = field_off / 8, end = (field_off + vt.len_bits + 7) / 8;
  if (csum) {
    start &= ~1u;
    end = (end + 1) & ~1u;
  }
  const uint32_t n = end - start;
  write.offset = start;
  write.len = n;
  const bool whole = n * 8 == vt.len_bits && field_off % 8 == 0;
  auto word = make(checked::Load{ir::Payload{0, load.base, start, n}}, vt.type, vt.byteorder,
                   n * 8, at);
  if (whole) {
    auto value = value_expr(s.value, vt);
    if (!value) return false;
    emit(checked::Store{word, *value, write}, at);
    return true;
  }
  // Read-modify-write of the covering word: (word & keep) ^ set.
  const uint32_t shift = end * 8 - field_off - vt.len_bits;
  Lhs shifted = target;
  shifted.expr = word;
  shifted.shift = shift;
  ir::Bytes field_mask(n, 0);
  for (uint32_t b = field_off - start * 8; b < field_off - start * 8 + vt.len_bits; ++b) {
    field_mask[b / 8] |= static_cast<uint8_t>(0x80 >> (b % 8));
  }
  ir::Bytes keep(n), set(n, 0);
  for (uint32_t i = 0; i < n; ++i) keep[i] = static_cast<uint8_t>(~field_mask[i]);
  ast::ExprPtr v = expand(s.value);
  if (!v) return false;
  const auto* bin = ast::as<ast::Binop>(v);
  // `field set field | a | b`: the left spine holds the field, the rest are constants.
  std::vector<ast::ExprPtr> operands;
  const ast::Binop* spine = bin;
  while (spine) {
    operands.push_back(spine->right);
    ast::ExprPtr left = expand(spine->left);
    const auto* next = left ? ast::as<ast::Binop>(left) : nullptr;
    if (next && next->op == bin->op) {
      spine = next;
      continue;
    }
    if (!left || !ast::as<ast::Payload>(left)) bin = nullptr;
    break;
  }
  if (bin) {
    std::optional<ir::Bytes> c;
    for (const auto& operand : operands) {
      auto part = key(operand, shifted);
      if (!part) return false;
      if (!c) {
        c = *part;
        continue;
      }
      for (uint32_t i = 0; i < n; ++i) {
        (*c)[i] = bin->op == ast::BinOp::And ? static_cast<uint8_t>((*c)[i] & (*part)[i])
                                              : static_cast<uint8_t>((*c)[i] | (*part)[i]);
      }
    }
    if (!c) return false;
    for (uint32_t i = 0; i < n; ++i) {
      if (((*c)[i] & keep[i]) != 0) {
        error(v->span, "value", "Value exceeds the field it is combined with");
        return false;
      }
    }
    switch (bin->op) {
      case ast::BinOp::Or:
        for (uint32_t i = 0; i < n; ++i) {
          keep[i] = static_cast<uint8_t>(~(*c)[i]);
          set[i] = (*c)[i];
        }
        break;
      case ast::BinOp::And:
        for (uint32_t i = 0; i < n; ++i) keep[i] = static_cast<uint8_t>(keep[i] | (*c)[i]);
        break;
      case ast::BinOp::Xor:
        for (uint32_t i = 0; i < n; ++i) {
          keep[i] = 0xff;
          set[i] = (*c)[i];
        }
        break;
      case ast::BinOp::Lshift:
      case ast::BinOp::Rshift:
        error(v->span, "store", "shifts are not supported in payload writes");
        return false;
    }
  } else {
    auto c = key(v, shifted);
    if (!c) return false;
    set = *c;
  }
  auto value = make(checked::Mask{word, keep, set, true}, vt.type, vt.byteorder, n * 8, at);
  emit(checked::Store{word, value, write}, at);
  return true;
}

bool RuleChecker::dynset(const ast::Dynset& d, const Span& at) {
  auto it = table_.sets.find(d.set);
  if (it == table_.sets.end()) {
    error(d.set_span, "unknown-set", "set '" + d.set + "' does not exist in table " + table_.name);
    return false;
  }
  ast::ExprPtr k = expand(d.key);
  if (!k) return false;
  std::optional<uint64_t> timeout;
  if (const auto* se = ast::as<ast::SetElem>(k)) {
    if (se->timeout) timeout = proto::parse_time_ms(*se->timeout);
    k = se->key;
  }
  auto key = lhs(k);
  if (!key) return false;
  uint32_t op = NFT_DYNSET_OP_ADD;
  switch (d.op) {
    case ast::DynsetOp::Add: op = NFT_DYNSET_OP_ADD; break;
    case ast::DynsetOp::Update: op = NFT_DYNSET_OP_UPDATE; break;
    case ast::DynsetOp::Delete: op = NFT_DYNSET_OP_DELETE; break;
  }
  // `{ ip saddr timeout 5s limit rate 10/second }`: the element's timeout and the stateful
  // expressions the kernel attaches to it (checked as statements, then taken back out).
  std::vector<ir::Instr> exprs;
  for (const ast::Stmt& es : d.elem_stmts) {
    if (const auto* g = std::get_if<ast::Generic>(&es.node)) {
      if (g->kind == "timeout" && !g->words.empty()) {
        timeout = proto::parse_time_ms(g->words.front());
        if (!timeout) {
          error(es.span, "dynset", "invalid timeout '" + g->words.front() + "'");
          return false;
        }
      }
      continue;
    }
    const size_t before = out_.stmts.size();
    if (!statement(es)) return false;
    for (size_t i = before; i < out_.stmts.size(); ++i) {
      if (const auto* e = std::get_if<checked::Emit>(&out_.stmts[i].node)) {
        exprs.push_back(ir::Instr{e->op, out_.stmts[i].span});
      }
    }
    out_.stmts.resize(before);
  }
  emit(checked::Dynset{op, checked::SetRef{d.set, 0}, key->expr, nullptr, timeout,
                       std::move(exprs)},
       at);
  return true;
}

bool RuleChecker::map_update(const ast::MapUpdate& u, const Span& at) {
  auto it = table_.sets.find(u.map);
  if (it == table_.sets.end() || !it->second.is_map) {
    error(u.map_span, "unknown-set", "map '" + u.map + "' does not exist in table " + table_.name);
    return false;
  }
  const SetInfo& info = it->second;
  auto key = lhs(u.key);
  if (!key) return false;
  if (!info.data) {
    error(at, "map-update", "only maps with a data type can be updated from the packet path");
    return false;
  }
  auto data = value_expr(u.value, *info.data);
  if (!data) return false;
  const uint32_t op = u.op == ast::DynsetOp::Update ? NFT_DYNSET_OP_UPDATE : NFT_DYNSET_OP_ADD;
  emit(checked::Dynset{op, checked::SetRef{u.map, 0}, key->expr, *data, std::nullopt, {}}, at);
  return true;
}

}  // namespace nftx::sema
