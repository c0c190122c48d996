// SPDX-License-Identifier: GPL-2.0-or-later
// Right-hand sides: constants typed by the left side, ranges and prefixes as intervals, and
// anonymous sets (nft's interval encoding: a start element per interval, an end element with
// NFT_SET_ELEM_INTERVAL_END after it unless the next interval starts there).
#include <linux/netfilter/nf_tables.h>

#include <algorithm>
#include <functional>

#include "compiler/proto/value.h"
#include "compiler/sema/rule_checker.h"
#include "compiler/sema/set_udata.h"

namespace nftx::sema {

using proto::ByteOrder;
using proto::TypeId;

namespace {

// Shifts a register image left by `bits`, keeping `out_len` bytes (byte order respected).
ir::Bytes shift_left(ir::Bytes data, uint32_t bits, uint32_t out_len, ByteOrder order) {
  if (order == ByteOrder::Host) std::reverse(data.begin(), data.end());
  ir::Bytes be(out_len > data.size() ? out_len - data.size() : 0, 0);
  be.insert(be.end(), data.begin(), data.end());
  while (be.size() > out_len) be.erase(be.begin());
  for (uint32_t n = 0; n < bits; ++n) {
    uint8_t carry = 0;
    for (auto it = be.rbegin(); it != be.rend(); ++it) {
      uint8_t next = static_cast<uint8_t>(*it >> 7);
      *it = static_cast<uint8_t>(*it << 1 | carry);
      carry = next;
    }
  }
  if (order == ByteOrder::Host) std::reverse(be.begin(), be.end());
  return be;
}

ir::Bytes pad32(ir::Bytes b) {
  b.resize((b.size() + 3) / 4 * 4, 0);
  return b;
}

// Big-endian +1 (for interval end elements); false on overflow.
bool increment(ir::Bytes& be) {
  for (auto it = be.rbegin(); it != be.rend(); ++it) {
    if (++*it != 0) return true;
  }
  return false;
}

bool all_zero(const ir::Bytes& b) {
  return std::all_of(b.begin(), b.end(), [](uint8_t x) { return x == 0; });
}

}  // namespace

std::optional<ConstResult> RuleChecker::constant(const ast::ExprPtr& raw, const ValueType& want) {
  ast::ExprPtr e = expand(raw);
  if (!e) return std::nullopt;
  if (const auto* s = ast::as<ast::Symbol>(e)) return parse_constant(*s, want);
  auto combine = [&](const std::vector<ast::ExprPtr>& items) -> std::optional<ConstResult> {
    ConstResult acc;
    for (const auto& item : items) {
      auto v = constant(item, want);
      if (!v) return std::nullopt;
      if (!v->ok()) return v;
      if (acc.data.empty()) acc.data = v->data;
      for (size_t i = 0; i < acc.data.size() && i < v->data.size(); ++i) acc.data[i] |= v->data[i];
    }
    return acc;
  };
  if (const auto* b = ast::as<ast::Binop>(e)) {
    if (b->op == ast::BinOp::Or) return combine({b->left, b->right});
    // Constant folding: `0xffffffc8 xor 0x16`, `0x16 and 0x16`.
    auto a = constant(b->left, want);
    auto c = constant(b->right, want);
    if (!a || !c) return std::nullopt;
    if (!a->ok()) return a;
    if (!c->ok()) return c;
    for (size_t i = 0; i < a->data.size() && i < c->data.size(); ++i) {
      switch (b->op) {
        case ast::BinOp::And: a->data[i] &= c->data[i]; break;
        case ast::BinOp::Xor: a->data[i] ^= c->data[i]; break;
        case ast::BinOp::Or: break;
        case ast::BinOp::Lshift:
        case ast::BinOp::Rshift:
          error(e->span, "value", "shifts of constants are not supported");
          return std::nullopt;
      }
    }
    return a;
  }
  if (const auto* l = ast::as<ast::List>(e)) {
    if (proto::datatype(want.type).is_flags) return combine(l->items);
  }
  ConstResult r;
  r.error = "a constant value is expected here";
  error(e->span, "value", r.error);
  return std::nullopt;
}

std::optional<ir::Bytes> RuleChecker::key(const ast::ExprPtr& raw, const Lhs& l) {
  ast::ExprPtr e = expand(raw);
  if (!e) return std::nullopt;
  if (l.parts.size() > 1) {
    const auto* c = ast::as<ast::Concat>(e);
    if (!c || c->parts.size() != l.parts.size()) {
      error(e->span, "concat", "datatype mismatch: expected a concatenation of " +
                                   std::to_string(l.parts.size()) + " values");
      return std::nullopt;
    }
    ir::Bytes out;
    for (size_t i = 0; i < l.parts.size(); ++i) {
      auto v = constant(c->parts[i], l.parts[i]);
      if (!v) return std::nullopt;
      if (!v->ok()) {
        error(c->parts[i]->span, "value", v->error);
        return std::nullopt;
      }
      auto padded = pad32(v->data);
      out.insert(out.end(), padded.begin(), padded.end());
    }
    return out;
  }
  auto v = constant(e, l.parts[0]);
  if (!v) return std::nullopt;
  if (!v->ok()) {
    error(e->span, "value", v->error);
    return std::nullopt;
  }
  return key_of(std::move(*v), l);
}

ir::Bytes RuleChecker::key_of(ConstResult&& v, const Lhs& l) {
  if (v.wildcard_len) return std::move(v.data);
  const uint32_t out_len = l.expr->len_bits / 8;
  if (l.shift == 0 && v.data.size() == out_len) return std::move(v.data);
  return shift_left(std::move(v.data), l.shift,
                    out_len ? out_len : static_cast<uint32_t>(v.data.size()),
                    l.parts[0].byteorder);
}

std::optional<RuleChecker::Interval> RuleChecker::interval(const ast::ExprPtr& raw, const Lhs& l,
                                                           bool& failed,
                                                           std::optional<ConstResult>* plain) {
  ast::ExprPtr e = expand(raw);
  if (!e) {
    failed = true;
    return std::nullopt;
  }
  std::optional<ConstResult> last_plain;  // the value of the last plain (non-range) operand
  auto single = [&](const ast::ExprPtr& x, const ValueType& want,
                    bool& is_range) -> std::optional<Interval> {
    ast::ExprPtr ex = expand(x);
    if (!ex) return std::nullopt;
    if (const auto* r = ast::as<ast::Range>(ex)) {
      is_range = true;
      auto lo = constant(r->lo, want);
      auto hi = constant(r->hi, want);
      if (!lo || !hi) return std::nullopt;
      if (!lo->ok() || !hi->ok()) {
        error(ex->span, "value", !lo->ok() ? lo->error : hi->error);
        return std::nullopt;
      }
      ir::Bytes a = to_order(lo->data, want.byteorder), b = to_order(hi->data, want.byteorder);
      if (a > b) {
        error(ex->span, "range", "Range has zero or negative size");
        return std::nullopt;
      }
      return Interval{lo->data, hi->data};
    }
    if (const auto* p = ast::as<ast::Prefix>(ex)) {
      is_range = true;
      auto base = constant(p->base, want);
      const auto* len_sym = ast::as<ast::Symbol>(expand(p->len));
      auto len = len_sym ? parse_number(len_sym->text) : std::nullopt;
      if (!base) return std::nullopt;
      if (!base->ok()) {
        error(ex->span, "value", base->error);
        return std::nullopt;
      }
      if (!len || to_u64(*len) > want.len_bits) {
        error(ex->span, "prefix", "Prefix length " + (len_sym ? len_sym->text : "") +
                                      " is invalid for a " + std::to_string(want.len_bits) +
                                      "-bit value");
        return std::nullopt;
      }
      const uint32_t plen = static_cast<uint32_t>(to_u64(*len));
      // Prefixes count from the most significant bit of the number, whatever the byte order.
      ir::Bytes lo = to_order(base->data, want.byteorder), hi = lo;
      for (uint32_t bit = plen; bit < lo.size() * 8; ++bit) {
        lo[bit / 8] &= static_cast<uint8_t>(~(0x80 >> (bit % 8)));
        hi[bit / 8] |= static_cast<uint8_t>(0x80 >> (bit % 8));
      }
      return Interval{to_order(lo, want.byteorder), to_order(hi, want.byteorder)};
    }
    auto v = constant(ex, want);
    if (!v) return std::nullopt;
    if (!v->ok()) {
      error(ex->span, "value", v->error);
      return std::nullopt;
    }
    Interval out{v->data, v->data};
    last_plain = std::move(v);
    return out;
  };
  bool any_range = false;
  if (l.parts.size() > 1) {
    const auto* c = ast::as<ast::Concat>(e);
    if (!c || c->parts.size() != l.parts.size()) {
      error(e->span, "concat", "datatype mismatch: expected a concatenation of " +
                                   std::to_string(l.parts.size()) + " values");
      failed = true;
      return std::nullopt;
    }
    Interval out;
    for (size_t i = 0; i < l.parts.size(); ++i) {
      auto iv = single(c->parts[i], l.parts[i], any_range);
      if (!iv) {
        failed = true;
        return std::nullopt;
      }
      auto a = pad32(iv->from), b = pad32(iv->to);
      out.from.insert(out.from.end(), a.begin(), a.end());
      out.to.insert(out.to.end(), b.begin(), b.end());
    }
    if (!any_range) return std::nullopt;
    return out;
  }
  auto iv = single(e, l.parts[0], any_range);
  if (!iv) {
    failed = true;
    return std::nullopt;
  }
  if (!any_range) {
    if (plain) *plain = std::move(last_plain);
    return std::nullopt;
  }
  if (l.shift != 0 || iv->from.size() * 8 != l.expr->len_bits) {
    // Sub-byte fields: bounds move to where the field sits in the loaded bytes.
    const uint32_t out_len = l.expr->len_bits / 8;
    iv->from = shift_left(iv->from, l.shift, out_len, l.parts[0].byteorder);
    iv->to = shift_left(iv->to, l.shift, out_len, l.parts[0].byteorder);
  }
  return iv;
}

std::optional<ir::Verdict> RuleChecker::verdict(const ast::ExprPtr& raw) {
  ast::ExprPtr e = expand(raw);
  if (!e) return std::nullopt;
  const auto* v = ast::as<ast::Verdict>(e);
  if (!v) {
    error(e->span, "verdict", "a verdict (accept, drop, continue, return, jump, goto) is expected");
    return std::nullopt;
  }
  ir::Verdict out;
  switch (v->kind) {
    case ast::VerdictKind::Accept: out.code = ir::VerdictCode::Accept; break;
    case ast::VerdictKind::Drop: out.code = ir::VerdictCode::Drop; break;
    case ast::VerdictKind::Continue: out.code = ir::VerdictCode::Continue; break;
    case ast::VerdictKind::Return: out.code = ir::VerdictCode::Return; break;
    case ast::VerdictKind::Jump: out.code = ir::VerdictCode::Jump; break;
    case ast::VerdictKind::Goto: out.code = ir::VerdictCode::Goto; break;
    case ast::VerdictKind::Queue: out.code = ir::VerdictCode::Queue; break;
  }
  if (v->chain) {
    ast::ExprPtr target = expand(v->chain);
    const auto* s = target ? ast::as<ast::Symbol>(target) : nullptr;
    if (!s) {
      if (target) error(target->span, "verdict", "a chain name is expected");
      return std::nullopt;
    }
    if (s->text.size() >= NFT_CHAIN_MAXNAMELEN) {
      error(target->span, "verdict", "Chain name too long");
      return std::nullopt;
    }
    out.chain = s->text;
    ctx_.pending_jumps.push_back({table_.family, table_.name, chain_ ? chain_->name : "",
                                  s->text, target->span});
  }
  return out;
}

std::optional<checked::SetRef> RuleChecker::named_set(const std::string& name, const Span& at,
                                                      bool want_map, const Lhs* key) {
  auto it = table_.sets.find(name);
  if (it == table_.sets.end()) {
    std::vector<std::string> names;
    for (const auto& [n, s] : table_.sets) names.push_back(n);
    std::string hint = closest_name(name, names);
    error(at, "unknown-set", std::string(want_map ? "map" : "set") + " '" + name +
                                 "' does not exist in table " + table_.name +
                                 (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    return std::nullopt;
  }
  if (want_map && !it->second.is_map) {
    error(at, "set-kind", "'" + name + "' is a set, not a map");
    return std::nullopt;
  }
  if (key) {
    const auto& have = it->second.key;
    bool same = have.size() == key->parts.size();
    for (size_t i = 0; same && i < have.size(); ++i) {
      same = proto::root_basetype(have[i].type) == proto::root_basetype(key->parts[i].type) &&
             have[i].len_bits == key->parts[i].len_bits;
    }
    if (!same) {
      error(at, "datatype", "datatype mismatch: " + name + " has key type " +
                                std::string(proto::datatype(have[0].type).name) +
                                (have.size() > 1 ? " . ..." : "") + ", expression has type " +
                                std::string(proto::datatype(key->parts[0].type).name));
      return std::nullopt;
    }
  }
  return checked::SetRef{name, 0};
}

bool RuleChecker::element_options(const ast::SetElem& se, std::optional<uint64_t>& timeout,
                                  std::optional<uint64_t>& expiration,
                                  std::optional<std::string>& comment,
                                  std::vector<ir::Instr>& exprs) {
  auto time = [&](const std::optional<std::string>& text, std::optional<uint64_t>& out) {
    if (!text) return true;
    out = proto::parse_time_ms(*text);
    if (!out) error(se.key ? se.key->span : Span{}, "time", "Wrong time format '" + *text + "'");
    return out.has_value();
  };
  if (!time(se.timeout, timeout) || !time(se.expires, expiration)) return false;
  comment = se.comment;
  for (const ast::ExprPtr& st : se.stmts) {
    const auto* k = st ? ast::as<ast::Keyed>(st) : nullptr;
    if (k == nullptr || k->kind != "counter") continue;
    ir::Counter c;
    if (k->words.size() > 0) c.packets = to_u64(parse_number(k->words[0]).value_or(ir::Bytes{}));
    if (k->words.size() > 1) c.bytes = to_u64(parse_number(k->words[1]).value_or(ir::Bytes{}));
    exprs.push_back(ir::Instr{c, st->span});
  }
  return true;
}

std::optional<checked::SetRef> RuleChecker::anon_set(const ast::SetLiteral& s, const Span& at,
                                                     const Lhs& l,
                                                     const std::optional<ValueType>& data,
                                                     bool verdict_map, bool force_interval,
                                                     std::optional<uint32_t> obj_type,
                                                     const MapData* map_data) {
  const bool is_map = data.has_value() || verdict_map || obj_type.has_value();
  struct Elem {
    Interval key;
    bool range;
    std::optional<ir::Bytes> data;
    std::optional<ir::Verdict> verdict;
    std::optional<std::string> objref;
    std::optional<uint64_t> timeout, expiration;  // ms
    std::optional<std::string> comment;
    std::vector<ir::Instr> exprs;                 // `counter packets N bytes M`
    Span span;
  };
  std::vector<Elem> elems;
  bool any_range = force_interval;
  std::optional<Elem> catchall;
  // Nested sets and variables holding sets contribute their elements.
  std::vector<ast::ExprPtr> flat;
  std::function<bool(const std::vector<ast::ExprPtr>&, int)> flatten =
      [&](const std::vector<ast::ExprPtr>& items, int depth) {
        for (const auto& raw : items) {
          ast::ExprPtr item = expand(raw);
          if (!item || depth > 16) return false;
          const auto* se = ast::as<ast::SetElem>(item);
          // Elements may be bare keys (no value, no options): then the item is the key.
          ast::ExprPtr k = se ? (se->value ? nullptr : expand(se->key)) : item;
          if (const auto* inner = k ? ast::as<ast::SetLiteral>(k) : nullptr) {
            if (!flatten(inner->elems, depth + 1)) return false;
            continue;
          }
          flat.push_back(item);
        }
        return true;
      };
  if (!flatten(s.elems, 0)) return std::nullopt;
  elems.reserve(flat.size());
  for (const auto& item : flat) {
    const auto* se = ast::as<ast::SetElem>(item);
    ast::ExprPtr k = se ? se->key : item;
    ast::ExprPtr v = se ? se->value : nullptr;
    if (k && ast::as<ast::Wildcard>(k)) {
      // `*`: the catch-all element (maps and sets, no key).
      Elem el;
      el.span = item->span;
      el.range = false;
      if (verdict_map) {
        el.verdict = verdict(v);
        if (!el.verdict) return std::nullopt;
      } else if (map_data) {
        el.data = map_data->encode(v);
        if (!el.data) return std::nullopt;
      } else if (data) {
        auto dv = constant(v, *data);
        if (!dv || !dv->ok()) {
          if (dv) error(v->span, "value", dv->error);
          return std::nullopt;
        }
        el.data = dv->data;
      }
      catchall = el;
      continue;
    }
    if (is_map && !v) {
      error(item->span, "map-elem", "map elements need a value: 'key : value'");
      return std::nullopt;
    }
    if (!is_map && v) {
      error(item->span, "set-elem", "a set element cannot have a value; use a map");
      return std::nullopt;
    }
    bool failed = false;
    Elem el;
    el.span = item->span;
    if (se != nullptr && !element_options(*se, el.timeout, el.expiration, el.comment, el.exprs)) {
      return std::nullopt;
    }
    std::optional<ConstResult> plain;
    if (auto iv = interval(k, l, failed, &plain)) {
      el.key = *iv;
      el.range = true;
      any_range = true;
    } else if (failed) {
      return std::nullopt;
    } else {
      auto kb = plain ? std::optional<ir::Bytes>(key_of(std::move(*plain), l)) : key(k, l);
      if (!kb) return std::nullopt;
      // `to` is only filled in if the set turns out to hold intervals (see below): large
      // plain sets then keep one copy of each key.
      el.key.from = std::move(*kb);
      el.range = false;
    }
    if (verdict_map) {
      el.verdict = verdict(v);
      if (!el.verdict) return std::nullopt;
    } else if (obj_type) {
      ast::ExprPtr ov = expand(v);
      const auto* name = ov ? ast::as<ast::Symbol>(ov) : nullptr;
      if (!name) return std::nullopt;
      if (!table_.objects.count(name->text)) {
        error(ov->span, "unknown-object", "object '" + name->text + "' does not exist in table " +
                                              table_.name);
        return std::nullopt;
      }
      el.objref = name->text;
    } else if (map_data) {
      el.data = map_data->encode(v);
      if (!el.data) return std::nullopt;
    } else if (data) {
      auto dv = constant(v, *data);
      if (!dv) return std::nullopt;
      if (!dv->ok()) {
        error(v->span, "value", dv->error);
        return std::nullopt;
      }
      el.data = dv->data;
    }
    elems.push_back(std::move(el));
  }

  ir::Set set;
  set.family = table_.family;
  set.table = table_.name;
  set.name = obj_type ? "__objmap%d" : is_map ? "__map%d" : "__set%d";
  set.id = ctx_.next_set_id++;
  set.flags = NFT_SET_ANONYMOUS | NFT_SET_CONSTANT;
  if (obj_type) {
    set.flags |= NFT_SET_OBJECT;
    set.obj_type = obj_type;
  } else if (is_map) {
    set.flags |= NFT_SET_MAP;
  }
  const bool concat = l.parts.size() > 1;
  if (any_range) set.flags |= NFT_SET_INTERVAL;
  if (any_range && concat) set.flags |= NFT_SET_CONCAT;
  if (concat) {
    std::vector<TypeId> types;
    for (const auto& p : l.parts) {
      types.push_back(p.type);
      set.field_lengths.push_back(static_cast<uint8_t>((p.len_bits + 7) / 8));
    }
    set.key_type = proto::concat_type(types);
  } else {
    set.key_type = static_cast<uint32_t>(l.parts[0].type);
  }
  set.key_len = l.expr->len_bits / 8;
  // Field lengths describe interval keys only: the kernel rejects them (EINVAL) elsewhere.
  if (!concat || !any_range) set.field_lengths.clear();
  if (verdict_map) {
    set.data_type = NFT_DATA_VERDICT;
  } else if (map_data) {
    set.data_type = map_data->type;
    set.data_len = map_data->len_bytes;
  } else if (data) {
    set.data_type = static_cast<uint32_t>(data->type);
    set.data_len = (data->len_bits + 7) / 8;
  }
  set.size = static_cast<uint32_t>(elems.size());
  set.span = at;

  ir::SetElems out{table_.family, table_.name, set.name, set.id, {}, at};
  if (catchall) {
    ir::SetElem ce;
    ce.flags = NFT_SET_ELEM_CATCHALL;
    ce.data = catchall->data;
    ce.verdict = catchall->verdict;
    ce.span = catchall->span;
    out.elements.push_back(std::move(ce));
  }
  auto make_elem = [&](const Elem& e, const ir::Bytes& k) {
    ir::SetElem se;
    se.key = k;
    se.data = e.data;
    se.verdict = e.verdict;
    se.objref = e.objref;
    se.timeout = e.timeout;
    se.expiration = e.expiration;
    se.comment = e.comment;
    se.exprs = e.exprs;
    se.span = e.span;
    return se;
  };
  auto take_elem = [&](Elem&& e) {
    ir::SetElem se;
    se.key = std::move(e.key.from);
    se.data = std::move(e.data);
    se.verdict = std::move(e.verdict);
    se.objref = std::move(e.objref);
    se.timeout = e.timeout;
    se.expiration = e.expiration;
    se.comment = std::move(e.comment);
    se.exprs = std::move(e.exprs);
    se.span = e.span;
    return se;
  };
  if (any_range) {
    for (auto& e : elems) {
      if (!e.range) e.key.to = e.key.from;
    }
  }
  const bool host_swap = any_range && !concat && l.parts[0].byteorder == ByteOrder::Host;
  if (!any_range) {
    out.elements.reserve(out.elements.size() + elems.size());
    for (auto& e : elems) out.elements.push_back(take_elem(std::move(e)));
  } else if (concat) {
    for (const auto& e : elems) {
      ir::SetElem se = make_elem(e, e.key.from);
      se.key_end = e.key.to;
      out.elements.push_back(std::move(se));
    }
  } else {
    // Intervals are kept in network byte order so that the kernel's tree orders them.
    std::vector<Elem> sorted = std::move(elems);
    for (auto& e : sorted) {
      if (host_swap) {
        std::reverse(e.key.from.begin(), e.key.from.end());
        std::reverse(e.key.to.begin(), e.key.to.end());
      }
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const Elem& a, const Elem& b) { return a.key.from < b.key.from; });
    // Merge overlapping and adjacent intervals of a plain set (nft auto-merges anonymous sets).
    std::vector<Elem> merged;
    for (auto& e : sorted) {
      if (!merged.empty() && !is_map) {
        ir::Bytes next = merged.back().key.to;
        const bool grows = increment(next);
        if (e.key.from <= merged.back().key.to || (grows && e.key.from == next)) {
          if (e.key.to > merged.back().key.to) merged.back().key.to = e.key.to;
          continue;
        }
      }
      if (!merged.empty() && e.key.from <= merged.back().key.to) {
        error(e.span, "interval-overlap", "conflicting intervals specified",
              {merged.back().span});
        return std::nullopt;
      }
      merged.push_back(e);
    }
    if (!merged.empty() && !all_zero(merged.front().key.from)) {
      ir::SetElem zero;
      zero.key = ir::Bytes(merged.front().key.from.size(), 0);
      zero.flags = NFT_SET_ELEM_INTERVAL_END;
      zero.span = at;
      out.elements.push_back(std::move(zero));
    }
    for (size_t i = 0; i < merged.size(); ++i) {
      out.elements.push_back(make_elem(merged[i], merged[i].key.from));
      ir::Bytes end = merged[i].key.to;
      if (!increment(end)) continue;  // reaches the top of the key space
      if (i + 1 < merged.size() && merged[i + 1].key.from == end) continue;
      ir::SetElem se;
      se.key = end;
      se.flags = NFT_SET_ELEM_INTERVAL_END;
      se.span = merged[i].span;
      out.elements.push_back(std::move(se));
    }
    // nft sizes an anonymous interval set by its start and end elements: two per range.
    set.size = static_cast<uint32_t>(2 * merged.size());
  }
  set.userdata = anon_set_udata(l, set, data, verdict_map, base_);
  out_.anon_sets.push_back(std::move(set));
  out_.anon_elems.push_back(std::move(out));
  return checked::SetRef{out_.anon_sets.back().name, out_.anon_sets.back().id};
}

}  // namespace nftx::sema
