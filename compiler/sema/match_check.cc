// SPDX-License-Identifier: GPL-2.0-or-later
// Relational statements, with nft's choices of VM operations: sets become lookups, ranges
// become range ops, byte-aligned prefixes shorten the load, flag types test bits with an
// implicit operator, and ordering comparisons of host-order values swap to network order first.
#include <linux/netfilter/nf_tables.h>

#include <algorithm>

#include "compiler/sema/rule_checker.h"

namespace nftx::sema {

using checked::make;
using proto::ByteOrder;
using proto::TypeId;

namespace {

ir::CmpOp cmp_op(ast::RelOp op) {
  switch (op) {
    case ast::RelOp::Implicit:
    case ast::RelOp::Eq: return ir::CmpOp::Eq;
    case ast::RelOp::Neq: return ir::CmpOp::Neq;
    case ast::RelOp::Lt: return ir::CmpOp::Lt;
    case ast::RelOp::Gt: return ir::CmpOp::Gt;
    case ast::RelOp::Lte: return ir::CmpOp::Lte;
    case ast::RelOp::Gte: return ir::CmpOp::Gte;
    case ast::RelOp::Not: return ir::CmpOp::Eq;
  }
  return ir::CmpOp::Eq;
}

checked::ExprPtr swap_to_network(const checked::ExprPtr& e) {
  return make(checked::Swap{e, ir::ByteorderOp::Hton, std::min<uint32_t>(e->len_bits / 8, 8)},
              e->type, ByteOrder::Big, e->len_bits, e->span);
}

ir::Bytes reversed(ir::Bytes b) {
  std::reverse(b.begin(), b.end());
  return b;
}

bool is_plain_payload(const checked::ExprPtr& e) {
  const auto* load = std::get_if<checked::Load>(&e->node);
  return load && std::holds_alternative<ir::Payload>(load->op);
}

}  // namespace

bool RuleChecker::match(const ast::Match& m_in, const Span& at) {
  ast::Match m = m_in;
  // `fib daddr oif exists`: a presence test, as `fib daddr check exists`.
  if (const auto* k = ast::as<ast::Keyed>(expand(m.left)); k && k->kind == "fib" &&
                                                            k->words.back() == "oif") {
    const auto* sym = ast::as<ast::Symbol>(expand(m.right));
    if (sym && (sym->text == "exists" || sym->text == "missing")) {
      ast::Keyed check = *k;
      check.words.back() = "check";
      m.left = ast::make_expr(std::move(check), m.left->span);
    }
  }
  if (const auto* c = ast::as<ast::Ct>(expand(m.left)); c && c->key == "count") {
    return connlimit(m.right, false, at);
  }
  auto l = lhs(m.left);
  if (!l) return false;
  if (l->proto && (l->proto->name == "icmp" || l->proto->name == "icmpv6") && l->field == "type") {
    icmp_type_matched_ = true;  // the user chose the types: no implied type dependency
  }
  ast::ExprPtr r = expand(m.right);
  if (!r) return false;
  const bool single = l->parts.size() == 1;
  const ValueType& vt = l->parts[0];
  const bool host = single && vt.byteorder == ByteOrder::Host && l->expr->len_bits > 8;
  const bool flags = single && proto::datatype(vt.type).is_flags;
  const bool eq_like = m.op == ast::RelOp::Implicit || m.op == ast::RelOp::Eq ||
                       m.op == ast::RelOp::Neq;
  if (m.op == ast::RelOp::Not && (ast::as<ast::SetLiteral>(r) || ast::as<ast::SetRef>(r) ||
                                  ast::as<ast::Range>(r) || ast::as<ast::Prefix>(r))) {
    error(m.op_span, "relop", "'!' takes flag values, not sets, ranges or prefixes");
    return false;
  }

  if ((ast::as<ast::SetLiteral>(r) || ast::as<ast::SetRef>(r)) && ambiguous_ct_addr(m.left)) {
    return false;
  }
  if (const auto* s = ast::as<ast::SetLiteral>(r)) {
    if (!eq_like) {
      error(m.op_span, "relop", "Relational expression with a set needs == or !=");
      return false;
    }
    auto ref = anon_set(*s, r->span, *l, std::nullopt, false);
    if (!ref) return false;
    checked::ExprPtr e = l->expr;
    if (host && (out_.anon_sets.back().flags & NFT_SET_INTERVAL)) e = swap_to_network(e);
    if (!single && (out_.anon_sets.back().flags & NFT_SET_INTERVAL)) e = concat_to_network(*l);
    emit(checked::Lookup{e, *ref, m.op == ast::RelOp::Neq}, at);
    if (m.op != ast::RelOp::Neq) learn_set(*l, out_.anon_sets.back(), out_.anon_elems.back());
    return true;
  }
  if (const auto* s = ast::as<ast::SetRef>(r)) {
    if (!eq_like) {
      error(m.op_span, "relop", "Relational expression with a set needs == or !=");
      return false;
    }
    auto ref = named_set(s->name, r->span, false, &*l);
    if (!ref) return false;
    emit(checked::Lookup{normalized(*l).expr, *ref, m.op == ast::RelOp::Neq}, at);
    return true;
  }
  // `tcp flags syn / syn,ack`: value and mask.
  if (const auto* p = ast::as<ast::Prefix>(r); p && flags) {
    auto value = key(p->base, *l);
    auto mask = key(p->len, *l);
    if (!value || !mask) return false;
    auto e = make(checked::Mask{l->expr, *mask, ir::Bytes(mask->size(), 0), true}, vt.type,
                  vt.byteorder, l->expr->len_bits, at);
    emit(checked::Cmp{e, cmp_op(m.op), *value}, at);
    return true;
  }
  if (!cross_day_range(*l, r, m.op)) return false;
  bool failed = false;
  std::optional<ConstResult> plain;  // r's value when it is one plain constant
  if (auto iv = interval(r, *l, failed, &plain)) {
    if (!eq_like) {
      error(m.op_span, "relop", "Relational expression with a range needs == or !=");
      return false;
    }
    const ir::CmpOp op = cmp_op(m.op);
    if (const auto* p = ast::as<ast::Prefix>(r); p && single && l->shift > 0) {
      return sub_byte_prefix(*l, *p, op, at);
    }
    if (const auto* p = ast::as<ast::Prefix>(r); p && single) {
      // Prefix: compare the bits that the prefix fixes.
      const ir::Bytes from_be = to_order(iv->from, vt.byteorder);
      const ir::Bytes to_be = to_order(iv->to, vt.byteorder);
      uint32_t plen = 0;
      for (size_t i = 0; i < from_be.size(); ++i) {
        for (int b = 7; b >= 0; --b) {
          if (((from_be[i] ^ to_be[i]) >> b) & 1) goto done;
          ++plen;
        }
      }
    done:
      if (plen % 8 == 0 && plen > 0 && l->shift == 0 && vt.byteorder == ByteOrder::Big &&
          std::holds_alternative<checked::Load>(l->expr->node) && !is_plain_payload(l->expr)) {
        // Other loads (ct addresses): compare only the bytes the prefix fixes.
        const uint32_t bytes = plen / 8;
        emit(checked::Cmp{l->expr, op, ir::Bytes(iv->from.begin(), iv->from.begin() + bytes)}, at);
        return true;
      }
      if (plen % 8 == 0 && plen > 0 && is_plain_payload(l->expr) && l->shift == 0) {
        auto load = std::get<ir::Payload>(std::get<checked::Load>(l->expr->node).op);
        const uint32_t bytes = plen / 8;
        load.len = bytes;
        auto e = make(checked::Load{load}, vt.type, vt.byteorder, bytes * 8, at);
        emit(checked::Cmp{e, op, ir::Bytes(iv->from.begin(), iv->from.begin() + bytes)}, at);
        return true;
      }
      ir::Bytes mask(iv->from.size(), 0);
      for (uint32_t bit = 0; bit < plen; ++bit) mask[bit / 8] |= 0x80 >> (bit % 8);
      mask = to_order(mask, vt.byteorder);
      auto e = make(checked::Mask{l->expr, mask, ir::Bytes(mask.size(), 0)}, vt.type,
                    vt.byteorder, l->expr->len_bits, at);
      emit(checked::Cmp{e, op, iv->from}, at);
      return true;
    }
    if (!single) {
      error(r->span, "concat-range", "ranges in concatenations need a set: use { ... }");
      return false;
    }
    if (host) {
      emit(checked::RangeCmp{swap_to_network(l->expr), op, reversed(iv->from),
                             reversed(iv->to)},
           at);
    } else {
      emit(checked::RangeCmp{l->expr, op, iv->from, iv->to}, at);
    }
    return true;
  }
  if (failed) return false;
  if (ast::as<ast::List>(r) && !flags) {
    error(r->span, "list", "A comma-separated list needs a flags type (ct state, tcp flags...); "
                           "use a set { a, b } instead");
    return false;
  }
  auto value = plain ? std::optional<ir::Bytes>(key_of(std::move(*plain), *l)) : key(r, *l);
  if (!value) return false;
  if (m.op == ast::RelOp::Not && (!flags || l->user_mask)) {
    error(m.op_span, "relop", "'!' needs a flags type (ct state, tcp flags...)");
    return false;
  }
  if (flags && !l->user_mask && (m.op == ast::RelOp::Implicit || m.op == ast::RelOp::Not)) {
    // Implicit: any of the bits is set; `!`: none of them is.
    auto e = make(checked::Mask{l->expr, *value, ir::Bytes(value->size(), 0)}, vt.type,
                  vt.byteorder, l->expr->len_bits, at);
    emit(checked::Cmp{e, m.op == ast::RelOp::Not ? ir::CmpOp::Eq : ir::CmpOp::Neq,
                      ir::Bytes(value->size(), 0)},
         at);
    return true;
  }
  const ir::CmpOp op = cmp_op(m.op);
  checked::ExprPtr left = l->expr;
  if (const auto* mk = std::get_if<checked::Mask>(&left->node);
      mk && eq_like &&
      std::all_of(mk->mask.begin(), mk->mask.end(), [](uint8_t b) { return b == 0xff; }) &&
      std::any_of(mk->xor_.begin(), mk->xor_.end(), [](uint8_t b) { return b != 0; })) {
    // `x ^ c == v` is `x == v ^ c`: nft moves a pure xor to the constant (an `& all-ones`
    // stays: nft only transfers xor and shifts).
    for (size_t i = 0; i < value->size() && i < mk->xor_.size(); ++i) (*value)[i] ^= mk->xor_[i];
    emit(checked::Cmp{mk->base, op, *value}, at);
    return true;
  }
  if (!eq_like && host) {
    emit(checked::Cmp{swap_to_network(l->expr), op, reversed(*value)}, at);
    return true;
  }
  emit(checked::Cmp{l->expr, op, *value}, at);
  if (op == ir::CmpOp::Eq) learn(*l, *value);
  return true;
}

// Ranges in a concatenation (`meta mark . tcp dport { 10-20 . 80-90 }`) are compared in network
// order: nft swaps host-order members of two bytes or more, in the key and in the elements.
checked::ExprPtr RuleChecker::concat_to_network(const Lhs& l) {
  const auto* c = std::get_if<checked::Concat>(&l.expr->node);
  if (!c) return l.expr;
  checked::Concat out;
  uint32_t offset = 0;
  bool swapped = false;
  for (size_t i = 0; i < c->parts.size(); ++i) {
    checked::ExprPtr part = c->parts[i];
    const uint32_t len = part->len_bits / 8;
    if (part->byteorder == ByteOrder::Host && len >= 2) {
      part = swap_to_network(part);
      swapped = true;
      for (auto& el : out_.anon_elems.back().elements) {
        for (ir::Bytes* k : {&el.key, el.key_end ? &*el.key_end : nullptr}) {
          if (k && k->size() >= offset + len) {
            std::reverse(k->begin() + offset, k->begin() + offset + len);
          }
        }
      }
    }
    out.parts.push_back(part);
    offset += (len + 3) / 4 * 4;
  }
  if (!swapped) return l.expr;
  return make(std::move(out), l.expr->type, l.expr->byteorder, l.expr->len_bits, l.expr->span);
}

// `ip dscp 1/6`: a prefix of a field that does not end on a byte boundary. nft keeps the field
// shifted down to a plain number (its relational context has no byte order to restore, so a
// multi-byte field is shifted as loaded), then masks the prefix bits of the field's width.
bool RuleChecker::sub_byte_prefix(const Lhs& l, const ast::Prefix& p, ir::CmpOp op,
                                  const Span& at) {
  const ValueType& vt = l.parts[0];
  auto base = constant(p.base, vt);
  const auto* len_sym = ast::as<ast::Symbol>(expand(p.len));
  auto len = len_sym ? parse_number(len_sym->text) : std::nullopt;
  if (!base) return false;
  if (!base->ok()) {
    error(p.base->span, "value", base->error);
    return false;
  }
  if (!len || to_u64(*len) > vt.len_bits) {
    error(at, "prefix", "Prefix length is invalid for a " + std::to_string(vt.len_bits) +
                            "-bit value");
    return false;
  }
  const auto plen = static_cast<uint32_t>(to_u64(*len));
  const uint32_t bytes = (vt.len_bits + 7) / 8;
  ir::Bytes mask(bytes, 0);  // big-endian: the plen high bits of a len_bits-wide number
  for (uint32_t bit = vt.len_bits - plen; bit < vt.len_bits; ++bit) {
    mask[bytes - 1 - bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
  }
  ir::Bytes value = to_order(base->data, vt.byteorder);
  value.resize(bytes, 0);
  for (uint32_t i = 0; i < bytes; ++i) value[i] &= mask[i];
  auto shifted = make(checked::Shift{l.expr, ir::BitwiseOp::Rshift, l.shift}, vt.type,
                      vt.byteorder, l.expr->len_bits, at);
  auto masked = make(checked::Mask{shifted, to_order(mask, vt.byteorder), ir::Bytes(bytes, 0)},
                     vt.type, vt.byteorder, bytes * 8, at);
  emit(checked::Cmp{masked, op, to_order(value, vt.byteorder)}, at);
  return true;
}

// `meta hour "21:00"-"02:00"`: local times become UTC seconds of the day (or days of the week),
// so a range may wrap around midnight. nft then matches the complement: bounds swapped and the
// operator inverted (both bounds stay inclusive, as nft does).
bool RuleChecker::cross_day_range(const Lhs& l, ast::ExprPtr& r, ast::RelOp& op) {
  const auto* range = ast::as<ast::Range>(r);
  if (!range || !l.meta_key || l.parts.size() != 1 ||
      (*l.meta_key != NFT_META_TIME_HOUR && *l.meta_key != NFT_META_TIME_DAY)) {
    return true;
  }
  const ValueType& vt = l.parts[0];
  auto lo = constant(range->lo, vt);
  auto hi = constant(range->hi, vt);
  if (!lo || !hi) return false;
  if (!lo->ok() || !hi->ok()) return true;  // interval() reports the error
  if (to_order(lo->data, vt.byteorder) <= to_order(hi->data, vt.byteorder)) return true;
  switch (op) {
    case ast::RelOp::Implicit:
    case ast::RelOp::Eq: op = ast::RelOp::Neq; break;
    case ast::RelOp::Neq: op = ast::RelOp::Eq; break;
    case ast::RelOp::Lt:
    case ast::RelOp::Gt:
    case ast::RelOp::Lte:
    case ast::RelOp::Gte:
    case ast::RelOp::Not: return true;
  }
  r = ast::make_expr(ast::Range{range->hi, range->lo}, r->span);
  return true;
}

// `ct count N` / `ct count over N`: the connlimit statement.
bool RuleChecker::connlimit(const ast::ExprPtr& count, bool over, const Span& at) {
  auto c = constant(count, ValueType{TypeId::Integer, ByteOrder::Host, 32});
  if (!c) return false;
  if (!c->ok()) {
    error(count->span, "value", c->error);
    return false;
  }
  ir::Bytes be(c->data.rbegin(), c->data.rend());
  emit(checked::Emit{ir::Connlimit{static_cast<uint32_t>(to_u64(be)),
                                   over ? uint32_t{NFT_CONNLIMIT_F_INV} : 0}},
       at);
  return true;
}

}  // namespace nftx::sema
