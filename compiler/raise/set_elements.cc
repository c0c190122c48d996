// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/set_elements.h"

#include <algorithm>

#include "compiler/raise/delinearize.h"

namespace nftx::raise {
namespace {

using proto::ByteOrder;
using proto::TypeId;

constexpr uint32_t kDataVerdict = 0xffffff00;  // NFT_DATA_VERDICT
// NFTNL_UDATA_SET_* userdata TLVs (type, length, value) and nft's byteorder values in them.
constexpr uint8_t kUdataKeyByteorder = 0, kUdataDataByteorder = 1, kUdataMergeElements = 2,
                  kUdataComment = 7;
constexpr uint32_t kUdataHost = 1, kUdataBig = 2;

std::optional<std::span<const uint8_t>> udata_find(const ir::Bytes& ud, uint8_t type) {
  for (size_t i = 0; i + 2 <= ud.size();) {
    const uint8_t t = ud[i], len = ud[i + 1];
    if (i + 2 + len > ud.size()) break;
    if (t == type) return std::span<const uint8_t>(ud).subspan(i + 2, len);
    i += 2 + len;
  }
  return std::nullopt;
}

std::optional<uint32_t> udata_u32(const ir::Bytes& ud, uint8_t type) {
  std::optional<std::span<const uint8_t>> v = udata_find(ud, type);
  if (!v || v->size() != 4) return std::nullopt;
  const auto& b = *v;  // host order, as libnftnl writes it
  return static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 |
         static_cast<uint32_t>(b[2]) << 16 | static_cast<uint32_t>(b[3]) << 24;
}

std::optional<ByteOrder> udata_byteorder(const ir::Bytes& ud, uint8_t type) {
  std::optional<uint32_t> v = udata_u32(ud, type);
  if (!v) return std::nullopt;
  if (*v == kUdataHost) return ByteOrder::Host;
  if (*v == kUdataBig) return ByteOrder::Big;
  return ByteOrder::Invalid;
}

ElemType type_from_id(uint32_t id, uint32_t len_bytes, std::optional<ByteOrder> order,
                      std::span<const uint8_t> field_lengths) {
  ElemType t;
  t.len = len_bytes * 8;
  std::vector<TypeId> members = proto::concat_members(id);
  if (members.empty()) {
    t.type = static_cast<TypeId>(id);
    const proto::Datatype& d = proto::datatype(t.type);
    t.byteorder = order.value_or(d.byteorder);
    return t;
  }
  for (size_t i = 0; i < members.size(); ++i) {
    const proto::Datatype& d = proto::datatype(members[i]);
    ElemType m;
    m.type = members[i];
    m.byteorder = d.byteorder;
    m.len = d.size_bits;
    if (i < field_lengths.size() && (m.len == 0 || d.id == TypeId::Integer)) {
      m.len = field_lengths[i] * 8u;
    }
    t.members.push_back(m);
  }
  return t;
}

// The data of a map element: a verdict, or a value typed by the map.
bool is_host(const ElemType& t) { return t.byteorder == ByteOrder::Host; }

// Host order values are turned around, except in interval sets where the kernel keeps them big
// endian for ordering; concatenation members that are strings always are (concat_elem_expr).
ExprPtr typed_value(const ElemType& t, std::span<const uint8_t> bytes, bool interval,
                    bool in_concat = false) {
  ExprPtr v =
      make_value(t.type, t.byteorder, static_cast<uint32_t>(bytes.size() * 8), Num::from_be(bytes));
  v->flavor = t.flavor;
  v->symbols = t.symbols;
  if (t.len != 0 && t.len < v->len) v->len = t.len;
  const bool is_string = proto::root_basetype(t.type) == TypeId::String;
  if ((is_string && in_concat) || (!interval && is_host(t))) {
    v->value = Num::from_be(bytes).switch_bytes(static_cast<uint32_t>(bytes.size()));
  }
  if (is_bitmask_type(t.type)) return bitmask_to_binops(v);
  return v;
}

// Splits concatenated element data into its members (each padded to 32 bits).
ExprPtr concat_value(const ElemType& t, const ir::Bytes& data, bool interval) {
  std::vector<ExprPtr> items;
  size_t pos = 0;
  for (const ElemType& m : t.members) {
    const size_t bytes = (m.len + 7) / 8;
    if (pos + bytes > data.size()) break;
    items.push_back(typed_value(m, std::span(data).subspan(pos, bytes), interval, true));
    pos += register_space(m.len) * 4;
  }
  return make_concat(std::move(items));
}

ExprPtr key_value(const ElemType& t, const ir::Bytes& data, bool interval) {
  if (!t.members.empty()) return concat_value(t, data, interval);
  return typed_value(t, data, interval);
}

// A prefix when [low, high] is an aligned power of two (range_mask_len), else a range.
ExprPtr range_or_prefix(ExprPtr low, ExprPtr high) {
  const bool prefix_type = low->type == TypeId::Ipaddr || low->type == TypeId::Ip6addr;
  if (prefix_type && low->kind == ExprKind::Value && high->kind == ExprKind::Value) {
    Num s = low->value, e = high->value;
    uint32_t len = low->len;
    while (compare(s, e) <= 0 && !s.test(0) && e.test(0) && len > 0) {
      --len;
      s >>= 1;
      e >>= 1;
    }
    if (s == e) return make_prefix(low, len);
  }
  return make_range(std::move(low), std::move(high));
}

ExprPtr data_value(const ElemType& t, const ir::SetElem& el) {
  if (el.verdict) return make_verdict(*el.verdict);
  if (el.objref) {
    ir::Bytes b(el.objref->begin(), el.objref->end());
    b.push_back(0);
    ExprPtr v = make_value(TypeId::String, ByteOrder::Host, static_cast<uint32_t>(b.size() * 8),
                           Num::from_le(b));
    return v;
  }
  if (!el.data) return nullptr;
  const ir::Bytes& d = *el.data;
  if (!t.members.empty()) return concat_value(t, d, false);
  // Interval data (nat maps to address ranges) holds both ends.
  const uint32_t one = (t.len + 7) / 8;
  if (one != 0 && d.size() == 2 * static_cast<size_t>(register_space(t.len) * 4) &&
      t.type != TypeId::Verdict) {
    const size_t half = d.size() / 2;
    ExprPtr low = typed_value(t, std::span(d).subspan(0, one), false);
    ExprPtr high = typed_value(t, std::span(d).subspan(half, one), false);
    return range_or_prefix(low, high);
  }
  return typed_value(t, d, false);
}

ExprPtr value_of(const ExprPtr& elem) {
  const ExprPtr& k = elem->left;
  return k->kind == ExprKind::Mapping ? k->left : k;
}

// Re-wraps `key` the way `like` was (with its mapping data and element attributes).
ExprPtr elem_like(const ExprPtr& like, ExprPtr key) {
  ExprPtr e = clone(like);
  if (e->left->kind == ExprKind::Mapping) {
    e->left->left = std::move(key);
  } else {
    e->left = std::move(key);
  }
  e->flags &= ~kExprIntervalEnd;
  return e;
}

// segtree.c add_interval: [low, i) or [low, i] as a single value, prefix, wildcard or range.
ExprPtr make_interval(const ExprPtr& low, const ExprPtr& i, bool closed) {
  const ExprPtr lv = value_of(low);
  Num range = value_of(i)->value - lv->value;
  if (closed) range = range - Num::from_u64(1);
  const Num p = lv->value & range;
  const bool is_string = proto::root_basetype(lv->type) == TypeId::String;
  if (range.is_zero()) {
    ExprPtr v = clone(lv);
    if (is_string) v->value = v->value.switch_bytes(v->len / 8);
    return elem_like(low, v);
  }
  const bool is_prefix = (range & (range + Num::from_u64(1))).is_zero() && p.is_zero();
  const uint32_t len = value_of(i)->len;
  if (is_prefix) {
    const uint32_t prefix_len = len - range.scan0(0);
    if (lv->type == TypeId::Ipaddr || lv->type == TypeId::Ip6addr) {
      return elem_like(low, make_prefix(clone(lv), prefix_len));
    }
    if (is_string && prefix_len % 8 == 0 && prefix_len <= len) {
      std::vector<uint8_t> data = lv->value.to_be(lv->len / 8);
      size_t n = 0;
      while (n < data.size() && data[n] != 0) ++n;
      if (n != 0 && n < data.size()) {
        data[n] = '*';
        ExprPtr v = make_value(lv->type, ByteOrder::Host, lv->len, Num::from_le(data));
        return elem_like(low, v);
      }
      return elem_like(low, make_prefix(clone(lv), prefix_len));
    }
  }
  ExprPtr high = clone(lv);
  high->value = lv->value + range;
  return elem_like(low, make_range(clone(lv), high));
}

// interval_map_decompose: sorted start/end elements back into values, ranges and prefixes.
std::vector<ExprPtr> decompose(std::vector<ExprPtr> elems, uint32_t key_len) {
  std::vector<ExprPtr> out, sorted;
  ExprPtr catchall;
  for (ExprPtr& e : elems) {
    if (e->left->kind == ExprKind::Catchall ||
        (e->left->kind == ExprKind::Mapping && e->left->left->kind == ExprKind::Catchall)) {
      catchall = e;
    } else {
      sorted.push_back(e);
    }
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const ExprPtr& a, const ExprPtr& b) {
    const int c = compare(value_of(a)->value, value_of(b)->value);
    if (c != 0) return c < 0;
    return (a->flags & kExprIntervalEnd) != 0 && (b->flags & kExprIntervalEnd) == 0;
  });
  std::vector<ExprPtr> ranges;
  bool interval = false;
  for (const ExprPtr& i : sorted) {
    if ((i->flags & kExprIntervalEnd) != 0) {
      interval = false;
    } else if (interval) {
      ExprPtr end = clone(i);
      end->flags |= kExprIntervalEnd;
      ranges.push_back(end);
    } else {
      interval = true;
    }
    ranges.push_back(i);
  }
  ExprPtr low;
  for (const ExprPtr& i : ranges) {
    if (!low) {
      if ((i->flags & kExprIntervalEnd) == 0) low = i;
      continue;
    }
    out.push_back(make_interval(low, i, true));
    if ((i->flags & kExprIntervalEnd) != 0) low = nullptr;
  }
  if (low) {
    ExprPtr top = clone(low);
    value_of(top)->value = Num::bitmask(value_of(low)->len != 0 ? value_of(low)->len : key_len);
    if (value_of(top)->value == value_of(low)->value) {
      out.push_back(low);
    } else {
      out.push_back(make_interval(low, top, false));
    }
  }
  if (catchall) out.push_back(catchall);
  return out;
}

// concat_range_aggregate for elements that carry both ends (NFTA_SET_ELEM_KEY_END).
ExprPtr concat_ranges(const ExprPtr& start, const ExprPtr& end) {
  std::vector<ExprPtr> items;
  for (size_t i = 0; i < start->items.size() && i < end->items.size(); ++i) {
    const ExprPtr& r1 = start->items[i];
    const ExprPtr& r2 = end->items[i];
    if (r1->kind != ExprKind::Value || r2->kind != ExprKind::Value || r1->value == r2->value) {
      items.push_back(r1);
      continue;
    }
    if (proto::root_basetype(r1->type) == TypeId::String) {
      // Wildcard interfaces: "eth*" is the range eth\0..\0 - eth\xff..\xff.
      std::vector<uint8_t> a = r1->value.to_le(r1->len / 8);
      std::vector<uint8_t> b = r2->value.to_le(r2->len / 8);
      size_t n = 0;
      while (n < a.size() && a[n] == b[n]) ++n;
      if (n < a.size()) {
        a[n] = '*';
        for (size_t k = n + 1; k < a.size(); ++k) a[k] = 0;
        items.push_back(make_value(r1->type, ByteOrder::Host, r1->len, Num::from_le(a)));
        continue;
      }
    }
    items.push_back(range_or_prefix(r1, r2));
  }
  return make_concat(std::move(items));
}

}  // namespace

ExprPtr range_to_prefix(ExprPtr range) {
  if (range->kind != ExprKind::Range) return range;
  return range_or_prefix(range->left, range->right);
}

ExprPtr bitmask_to_binops(ExprPtr value) {
  if (value->value.popcount() <= 1) return value;
  ExprPtr binop;
  for (std::optional<uint32_t> n = value->value.scan1(0); n; n = value->value.scan1(*n + 1)) {
    ExprPtr flag = clone(value);
    flag->value = Num::from_u64(1) << *n;
    binop = binop ? make_binop(Op::Or, binop, flag) : flag;
  }
  return binop;
}

ElemType elem_type_of(const Expr& e) {
  ElemType t;
  if (e.kind == ExprKind::Concat) {
    for (const ExprPtr& i : e.items) t.members.push_back(elem_type_of(*i));
    t.len = e.len;
    return t;
  }
  t.type = e.type;
  t.byteorder = e.byteorder;
  t.len = e.len;
  t.flavor = e.flavor;
  t.symbols = e.symbols;
  return t;
}

std::optional<std::string> set_comment(const SetState& set) {
  std::optional<std::span<const uint8_t>> v = udata_find(set.decl.userdata, kUdataComment);
  if (!v) return std::nullopt;
  std::string s(v->begin(), v->end());
  if (const size_t nul = s.find('\0'); nul != std::string::npos) s.resize(nul);
  return s;
}

bool set_auto_merge(const SetState& set) {
  return udata_u32(set.decl.userdata, kUdataMergeElements).value_or(0) != 0;
}

ElemType set_key_type(const SetState& set) {
  return type_from_id(set.decl.key_type, set.decl.key_len,
                      udata_byteorder(set.decl.userdata, kUdataKeyByteorder),
                      set.decl.field_lengths);
}

std::optional<ElemType> set_data_type(const SetState& set) {
  if (!set.decl.data_type) return std::nullopt;
  if (*set.decl.data_type == kDataVerdict) {
    ElemType t;
    t.type = TypeId::Verdict;
    return t;
  }
  return type_from_id(*set.decl.data_type, set.decl.data_len,
                      udata_byteorder(set.decl.userdata, kUdataDataByteorder), {});
}

// nft's expr_msort_value (mergesort.c): the number elements are ordered by. A concatenation
// counts as its members' bytes (each in its own byte order) read as one host-order number;
// the catch-all element sorts last.
Num sort_value(const ExprPtr& e) {
  const ExprKind k = e->kind;
  if (k == ExprKind::SetElem || k == ExprKind::Mapping || k == ExprKind::Range ||
      k == ExprKind::Binop) {
    return e->left ? sort_value(e->left) : Num();
  }
  if (k == ExprKind::Value) return e->value;
  if (k == ExprKind::Catchall) return Num::bitmask(64 * 8);
  if (k != ExprKind::Concat) return Num();
  std::vector<uint8_t> bytes;
  for (const ExprPtr& m : e->items) {
    const uint32_t n = (m->len + 7) / 8;
    const std::vector<uint8_t> b =
        m->byteorder == ByteOrder::Host ? m->value.to_le(n) : m->value.to_be(n);
    bytes.insert(bytes.end(), b.begin(), b.end());
  }
  return Num::from_le(bytes);
}

// netlink_list_setelems: elements read back from the kernel are listed sorted (stable, as
// nft >= 1.1 merges), except non-concatenated intervals, which decompose() orders itself.
void sort_elements(std::vector<ExprPtr>& elems) {
  std::vector<std::pair<Num, ExprPtr>> keyed;
  keyed.reserve(elems.size());
  for (ExprPtr& e : elems) keyed.emplace_back(sort_value(e), std::move(e));
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return compare(a.first, b.first) < 0; });
  for (size_t i = 0; i < keyed.size(); ++i) elems[i] = std::move(keyed[i].second);
}

ExprPtr decode_elements(const SetState& set, const ElemType& key,
                        const std::optional<ElemType>& data) {
  const bool interval = (set.decl.flags & kSetInterval) != 0;
  std::vector<ExprPtr> elems;
  for (const ir::SetElem& el : set.elements) {
    ExprPtr k;
    if ((el.flags & kElemCatchall) != 0) {
      k = std::make_shared<Expr>();
      k->kind = ExprKind::Catchall;
      k->type = key.type;
    } else {
      k = key_value(key, el.key, interval);
      if (el.key_end) k = concat_ranges(k, key_value(key, *el.key_end, interval));
    }
    ExprPtr d;
    if (data || el.objref) d = data_value(data.value_or(ElemType{}), el);
    if (!d && el.verdict) d = make_verdict(*el.verdict);
    ExprPtr e = make_set_elem(d ? make_mapping(k, d) : k);
    if ((el.flags & kElemIntervalEnd) != 0) e->flags |= kExprIntervalEnd;
    if (el.timeout) e->timeout = *el.timeout;
    if (el.expiration) e->expiration = *el.expiration;
    e->comment = el.comment;
    for (const ir::Instr& i : el.exprs) {
      if (StmtPtr s = stateful_stmt(i.op)) e->stmts.push_back(s);
    }
    elems.push_back(e);
  }
  const bool aggregated = key.members.size() > 1 || !set.decl.field_lengths.empty();
  if (interval && !aggregated) {
    elems = decompose(std::move(elems), key.len);
  } else {
    sort_elements(elems);
  }
  return make_set(std::move(elems));
}

}  // namespace nftx::raise
