// SPDX-License-Identifier: GPL-2.0-or-later
// NAT maps whose data is more than one address: `dnat to ip saddr map { k : a . p }` (address and
// port), `{ k : a-b }` and `{ k : 10.0.0.0/24 }` (address ranges), and both at once. nft stores
// the data members side by side, each padded to 32 bits; when any element of the map has a range
// or prefix in its data, every element stores all low bounds followed by all high bounds (single
// values become one-value ranges). The nat expression then reads its operands from consecutive
// registers of the lookup result: addr_min, [proto_min], [addr_max, [proto_max]].
#include <linux/netfilter/nf_tables.h>

#include "compiler/sema/rule_checker.h"

namespace nftx::sema {

namespace {

ir::Bytes padded(ir::Bytes b) {
  b.resize((b.size() + 3) / 4 * 4, 0);
  return b;
}

bool is_range(const ast::ExprPtr& e) { return ast::as<ast::Range>(e) || ast::as<ast::Prefix>(e); }

}  // namespace

std::optional<bool> RuleChecker::nat_map(const ast::ExprPtr& raw, const ValueType& addr_type,
                                         const ValueType& port_type, checked::Nat& out) {
  ast::ExprPtr addr = expand(raw);
  const auto* ml = addr ? ast::as<ast::MapLookup>(addr) : nullptr;
  ast::ExprPtr map = ml ? expand(ml->map) : nullptr;
  const auto* lit = map ? ast::as<ast::SetLiteral>(map) : nullptr;
  if (!lit) return std::nullopt;
  bool concat = false, ranges = false;
  for (const auto& item : lit->elems) {
    const auto* se = ast::as<ast::SetElem>(expand(item));
    ast::ExprPtr v = se && se->value ? expand(se->value) : nullptr;
    if (!v) continue;
    if (const auto* c = ast::as<ast::Concat>(v)) {
      concat = true;
      for (const auto& part : c->parts) ranges = ranges || is_range(expand(part));
    } else {
      ranges = ranges || is_range(v);
    }
  }
  if (!concat && !ranges) return std::nullopt;

  std::vector<ValueType> members{addr_type};
  if (concat) members.push_back(port_type);
  uint32_t member_bytes = 0;
  for (const auto& m : members) member_bytes += (m.len_bits / 8 + 3) / 4 * 4;
  MapData data;
  data.len_bytes = member_bytes * (ranges ? 2 : 1);
  const proto::TypeId types[] = {addr_type.type, port_type.type};
  data.type = concat ? proto::concat_type(types) : static_cast<uint32_t>(addr_type.type);
  data.encode = [&](const ast::ExprPtr& value) -> std::optional<ir::Bytes> {
    ast::ExprPtr v = expand(value);
    if (!v) return std::nullopt;
    std::vector<ast::ExprPtr> parts{v};
    if (concat) {
      const auto* c = ast::as<ast::Concat>(v);
      if (!c || c->parts.size() != members.size()) {
        error(v->span, "concat", "datatype mismatch: the map's data is an address and a port");
        return std::nullopt;
      }
      parts = c->parts;
    }
    ir::Bytes lo, hi;
    for (size_t i = 0; i < members.size(); ++i) {
      Lhs one;
      one.parts = {members[i]};
      one.expr = checked::make(checked::Const{}, members[i].type, members[i].byteorder,
                               members[i].len_bits, parts[i]->span);
      bool failed = false;
      ir::Bytes from, to;
      if (auto iv = interval(parts[i], one, failed)) {
        from = iv->from;
        to = iv->to;
      } else if (failed) {
        return std::nullopt;
      } else {
        auto k = key(parts[i], one);
        if (!k) return std::nullopt;
        from = to = *k;
      }
      from = padded(from);
      to = padded(to);
      lo.insert(lo.end(), from.begin(), from.end());
      hi.insert(hi.end(), to.begin(), to.end());
    }
    if (ranges) lo.insert(lo.end(), hi.begin(), hi.end());
    return lo;
  };
  const ValueType want{addr_type.type, addr_type.byteorder, data.len_bytes * 8};
  auto lookup = value_expr(addr, want, &data);
  if (!lookup) return false;
  const uint32_t addr_units = (addr_type.len_bits + 31) / 32;
  out.map = *lookup;
  out.map_addr_min = 0;
  if (concat) out.map_proto_min = addr_units;
  if (ranges) {
    out.map_addr_max = concat ? addr_units + 1 : addr_units;
    if (concat) out.map_proto_max = 2 * addr_units + 1;
  }
  return true;
}

}  // namespace nftx::sema
