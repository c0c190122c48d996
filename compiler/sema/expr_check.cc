// SPDX-License-Identifier: GPL-2.0-or-later
// Left-hand sides: payload fields, meta/ct keys, raw payloads, concatenations and bit operations,
// resolved against compiler/proto. Sub-byte fields load the covering bytes and mask them;
// constants compared with them are shifted into place (see Lhs::shift).
#include <linux/netfilter/nf_tables.h>

#include <algorithm>

#include "compiler/sema/rule_checker.h"

namespace nftx::sema {

using checked::make;
using proto::ByteOrder;
using proto::TypeId;

namespace {

constexpr std::string_view kUnqualifiedMeta[] = {
    "mark", "iif", "iifname", "iiftype", "oif", "oifname", "oiftype", "skuid", "skgid",
    "nftrace", "rtclassid", "ibriport", "obriport", "ibrname", "obrname", "pkttype", "cpu",
    "iifgroup", "oifgroup", "cgroup", "ipsec", "time", "day", "hour"};

ir::Bytes mask_bytes(uint32_t load_bytes, uint32_t first_bit, uint32_t len_bits) {
  ir::Bytes m(load_bytes, 0);
  for (uint32_t b = first_bit; b < first_bit + len_bits; ++b) m[b / 8] |= 0x80 >> (b % 8);
  return m;
}

// A field that does not fill its loaded bytes: mask it, and note how far constants compared
// with it must be shifted.
checked::ExprPtr mask_field(checked::ExprPtr expr, uint32_t bit_in, uint32_t len_bits,
                            uint32_t& shift) {
  const uint32_t load_bytes = expr->len_bits / 8;
  if (bit_in == 0 && len_bits % 8 == 0) return expr;
  shift = load_bytes * 8 - bit_in - len_bits;
  return make(checked::Mask{expr, mask_bytes(load_bytes, bit_in, len_bits),
                            ir::Bytes(load_bytes, 0), true},
              expr->type, expr->byteorder, expr->len_bits, expr->span);
}

}  // namespace

RuleChecker::RuleChecker(Context& ctx, TableInfo& table, const ChainInfo* chain)
    : ctx_(ctx), table_(table), chain_(chain) {
  const proto::Protocol& start = proto::family_protocol(table.family);
  base_[static_cast<int>(start.base)] = &start;
}

ast::ExprPtr RuleChecker::expand(const ast::ExprPtr& e, int depth) {
  const auto* var = ast::as<ast::Variable>(e);
  if (!var) return e;
  if (depth > 16) {
    error(e->span, "variable", "Variable '" + var->name + "' expands recursively");
    return nullptr;
  }
  const ast::ExprPtr* def = ctx_.scopes.lookup(var->name);
  if (!def) {
    std::string hint = closest_name(var->name, ctx_.scopes.names());
    error(e->span, "unknown-variable",
          "unknown identifier '" + var->name + "'" +
              (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    return nullptr;
  }
  return expand(*def, depth + 1);
}

std::optional<RuleChecker::Lhs> RuleChecker::lhs(const ast::ExprPtr& raw) {
  ast::ExprPtr e = expand(raw);
  if (!e) return std::nullopt;
  const Span& at = e->span;
  if (const auto* p = ast::as<ast::Payload>(e)) return payload(*p, at);
  if (const auto* m = ast::as<ast::Meta>(e)) return meta(*m, at);
  if (const auto* c = ast::as<ast::Ct>(e)) return ct(*c, at);
  if (const auto* k = ast::as<ast::Keyed>(e)) return keyed(*k, at);
  if (const auto* x = ast::as<ast::Exthdr>(e)) return option(*x, at);
  if (const auto* r = ast::as<ast::RawPayload>(e)) return raw_payload(*r, at);
  if (const auto* c = ast::as<ast::Concat>(e)) return concat(*c, at);
  if (const auto* b = ast::as<ast::Binop>(e)) return binop(*b, at);
  if (const auto* s = ast::as<ast::Symbol>(e)) {
    // A bare word where an expression is needed: an unqualified meta key (`iifname . ip saddr`).
    if (s->kind == ast::SymbolKind::Word) return meta(ast::Meta{s->text, false}, at);
  }
  error(at, "expr", "This expression cannot be matched against: a payload, meta, ct or other "
                    "packet expression is needed here");
  return std::nullopt;
}

std::optional<RuleChecker::Lhs> RuleChecker::payload(const ast::Payload& p, const Span& at) {
  const proto::Protocol* proto = proto::protocol(p.proto);
  if (!proto || proto->pseudo) {
    if (proto::ext_header(p.proto)) return exthdr_field(p.proto, p.field, at);
    error(at, "unknown-protocol", "unknown protocol '" + p.proto + "'");
    return std::nullopt;
  }
  const proto::Field* f = proto::field(*proto, p.field);
  if (!f) {
    std::vector<std::string> names;
    for (const auto& fl : proto->fields) names.emplace_back(fl.name);
    std::string hint = closest_name(p.field, names);
    error(p.field_span.valid() ? p.field_span : at, "unknown-field",
          "unknown " + p.proto + " field '" + p.field + "'" +
              (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    return std::nullopt;
  }
  if (!need(*proto, at)) return std::nullopt;
  if (f->icmp_dep != proto::IcmpDep::None && !icmp_dependency(*proto, f->icmp_dep, at)) {
    return std::nullopt;
  }
  const uint32_t off = f->offset_bits + link_offset_bits(*proto);
  const uint32_t first_byte = off / 8;
  const uint32_t bit_in = off % 8;
  const uint32_t load_bytes = (bit_in + f->len_bits + 7) / 8;
  Lhs out;
  out.proto = proto;
  out.field = std::string(f->name);
  out.parts = {ValueType{f->type, f->byteorder, f->len_bits}};
  ir::Payload load{0, proto->base, first_byte, load_bytes};
  auto expr = make(checked::Load{load}, f->type, f->byteorder, load_bytes * 8, at);
  expr = mask_field(expr, bit_in, f->len_bits, out.shift);
  out.expr = expr;
  return out;
}

// Fields that exist only for some ICMP types (`icmp id`: echo) also need the type matched,
// unless an earlier `icmp type` already did.
bool RuleChecker::icmp_dependency(const proto::Protocol& p, proto::IcmpDep dep, const Span& at) {
  auto types = proto::icmp_dep_types(dep);
  if (icmp_type_matched_ && !icmp_type_) return true;
  if (icmp_type_ && std::find(types.begin(), types.end(), *icmp_type_) == types.end()) {
    error(at, "proto-conflict", "conflicting protocols specified: this " + std::string(p.name) +
                                    " field does not exist for the icmp type matched before");
    return false;
  }
  if (icmp_type_ && std::find(types.begin(), types.end(), *icmp_type_) != types.end()) return true;
  auto type = payload(ast::Payload{std::string(p.name), "type", at}, at);
  if (!type) return false;
  if (types.size() == 1) {
    emit(checked::Cmp{type->expr, ir::CmpOp::Eq, ir::Bytes{types[0]}}, at);
  } else {
    ast::SetLiteral lit;
    for (uint8_t t : types) {
      lit.elems.push_back(ast::make_expr(
          ast::Symbol{std::to_string(t), ast::SymbolKind::Number}, at));
    }
    auto ref = anon_set(lit, at, *type, std::nullopt, false);
    if (!ref) return false;
    emit(checked::Lookup{type->expr, *ref, false}, at);
  }
  icmp_type_ = types[0];
  return true;
}

std::optional<RuleChecker::Lhs> RuleChecker::meta(const ast::Meta& m, const Span& at) {
  if (!m.qualified &&
      std::find(std::begin(kUnqualifiedMeta), std::end(kUnqualifiedMeta), m.key) ==
          std::end(kUnqualifiedMeta)) {
    error(at, "syntax", "syntax error, unexpected string '" + m.key + "'");
    return std::nullopt;
  }
  const proto::Key* k = proto::meta_key(m.key);
  if (!k) {
    std::vector<std::string> names;
    for (const auto& mk : proto::meta_keys()) names.emplace_back(mk.name);
    std::string hint = closest_name(m.key, names);
    error(at, "unknown-meta", "unknown meta key '" + m.key + "'" +
                                  (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    return std::nullopt;
  }
  const std::string_view kname = k->name;
  if (kname == "nfproto" && table_.family != ir::Family::Inet) {
    error(at, "meta-family", "meta nfproto is only useful in the inet family");
    return std::nullopt;
  }
  if ((kname == "ibrname" || kname == "obrname" || kname == "ibrpvid" || kname == "ibrvproto" ||
       kname == "broute") &&
      table_.family != ir::Family::Bridge) {
    error(at, "meta-family", "meta " + std::string(kname) + " is only valid in bridge tables");
    return std::nullopt;
  }
  Lhs out;
  out.meta_key = k->key;
  out.parts = {ValueType{k->type, k->byteorder, k->len_bits}};
  out.expr = make(checked::Load{ir::Meta{0, std::nullopt, k->key}}, k->type, k->byteorder,
                  k->len_bits, at);
  return out;
}

std::optional<RuleChecker::Lhs> RuleChecker::ct(const ast::Ct& c, const Span& at) {
  std::string name = c.key;
  if (!c.family.empty()) name = c.family + " " + c.key;
  const proto::Key* k = proto::ct_key(name);
  if (!k) {
    std::vector<std::string> names;
    for (const auto& ck : proto::ct_keys()) names.emplace_back(ck.name);
    std::string hint = closest_name(c.key, names);
    error(at, "unknown-ct", "unknown ct key '" + c.key + "'" +
                                (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    return std::nullopt;
  }
  ValueType vt{k->type, k->byteorder, k->len_bits};
  if (k->type == TypeId::Invalid) {
    // `ct original saddr`: the address family comes from the table or the network context.
    const proto::Protocol* nh = base_[static_cast<int>(ir::PayloadBase::Network)];
    const bool v4 = table_.family == ir::Family::Ip || (nh && nh->name == "ip");
    const bool v6 = table_.family == ir::Family::Ip6 || (nh && nh->name == "ip6");
    if (!v4 && !v6) {
      error(at, "ct-family", "cannot determine ip protocol version, use \"ip " + c.key +
                                 "\" or \"ip6 " + c.key + "\" instead");
      return std::nullopt;
    }
    vt = v4 ? ValueType{TypeId::Ipaddr, ByteOrder::Big, 32}
            : ValueType{TypeId::Ip6addr, ByteOrder::Big, 128};
  }
  const proto::Protocol* net = base_[static_cast<int>(ir::PayloadBase::Network)];
  if (net && !net->pseudo && (c.family == "ip" || c.family == "ip6") &&
      (net->name == "ip" || net->name == "ip6") && net->name != c.family) {
    error(at, "proto-conflict", "conflicting protocols specified: " + std::string(net->name) +
                                    " vs. " + c.family);
    return std::nullopt;
  }
  static constexpr std::string_view kDirKeys[] = {
      "saddr", "daddr", "ip saddr", "ip daddr", "ip6 saddr", "ip6 daddr", "l3proto",
      "protocol", "proto-src", "proto-dst", "bytes", "packets", "avgpkt", "zone"};
  if (!c.dir.empty() && std::find(std::begin(kDirKeys), std::end(kDirKeys), name) ==
                            std::end(kDirKeys)) {
    error(at, "ct-dir", "ct " + c.key + " has no direction: use `ct " + c.key + "`");
    return std::nullopt;
  }
  std::optional<uint8_t> dir;
  if (c.dir == "original") dir = 0;
  if (c.dir == "reply") dir = 1;
  Lhs out;
  out.parts = {vt};
  out.expr = make(checked::Load{ir::Ct{0, std::nullopt, k->key, dir}}, vt.type, vt.byteorder,
                  vt.len_bits, at);
  return out;
}

std::optional<RuleChecker::Lhs> RuleChecker::keyed(const ast::Keyed& k, const Span& at) {
  if (k.kind == "rt" && !k.words.empty()) {
    const std::string& last = k.words.back();
    if (!proto::rt_key(last) && !proto::rt_key("ip " + last) && proto::ext_header("rt")) {
      return exthdr_field("rt", last, at);
    }
    std::string name = k.words.size() == 2 ? k.words[0] + " " + last : last;
    if (last == "nexthop" && k.words.size() == 1) {
      if (table_.family != ir::Family::Ip && table_.family != ir::Family::Ip6) {
        error(at, "rt-family", "rt nexthop needs the address family here: use `rt ip nexthop` "
                               "or `rt ip6 nexthop`");
        return std::nullopt;
      }
      name = table_.family == ir::Family::Ip6 ? "ip6 nexthop" : "ip nexthop";
    }
    if (k.words.size() == 2 &&
        ((k.words[0] == "ip" && table_.family == ir::Family::Ip6) ||
         (k.words[0] == "ip6" && table_.family == ir::Family::Ip))) {
      error(at, "rt-family", "rt " + k.words[0] + " " + last + " does not match the table family");
      return std::nullopt;
    }
    const proto::Key* key = proto::rt_key(name);
    if (!key) {
      error(at, "unknown-rt", "unknown rt key '" + last + "'");
      return std::nullopt;
    }
    Lhs out;
    out.parts = {ValueType{key->type, key->byteorder, key->len_bits}};
    out.expr = make(checked::Load{ir::Rt{0, key->key}}, key->type, key->byteorder,
                    key->len_bits, at);
    return out;
  }
  if (k.kind == "fib") return fib(k, at);
  if (k.kind == "numgen") {
    Lhs out;
    uint32_t type = 0;
    if (k.words[0] == "inc") type = NFT_NG_INCREMENTAL;
    else if (k.words[0] == "random") type = NFT_NG_RANDOM;
    else {
      error(at, "numgen", "unknown numgen type '" + k.words[0] + "': use inc or random");
      return std::nullopt;
    }
    auto mod = parse_number(k.words[1]);
    auto off = parse_number(k.words[2]);
    if (!mod || to_u64(*mod) == 0 || mod->size() > 4 || !off || off->size() > 4) {
      error(at, "numgen", "numgen modulus must be between 1 and 2^32-1");
      return std::nullopt;
    }
    out.parts = {ValueType{TypeId::Integer, ByteOrder::Host, 32}};
    out.expr = make(checked::Load{ir::Numgen{0, static_cast<uint32_t>(to_u64(*mod)), type,
                                             static_cast<uint32_t>(to_u64(*off))}},
                    TypeId::Integer, ByteOrder::Host, 32, at);
    return out;
  }
  error(at, "unsupported", "the '" + k.kind + "' expression is not supported yet");
  return std::nullopt;
}

// fib KEYS RESULT: a routing lookup; exactly one of saddr/daddr, iif and oif exclusive.
std::optional<RuleChecker::Lhs> RuleChecker::fib(const ast::Keyed& k, const Span& at) {
  uint32_t flags = 0;
  for (size_t i = 0; i + 1 < k.words.size(); ++i) {
    const std::string& w = k.words[i];
    if (w == "saddr") flags |= NFTA_FIB_F_SADDR;
    else if (w == "daddr") flags |= NFTA_FIB_F_DADDR;
    else if (w == "mark") flags |= NFTA_FIB_F_MARK;
    else if (w == "iif") flags |= NFTA_FIB_F_IIF;
    else if (w == "oif") flags |= NFTA_FIB_F_OIF;
    else {
      error(at, "fib", "unknown fib key '" + w + "': use saddr, daddr, mark, iif or oif");
      return std::nullopt;
    }
  }
  const bool s = flags & NFTA_FIB_F_SADDR, d = flags & NFTA_FIB_F_DADDR;
  if (s == d) {
    error(at, "fib", "fib needs exactly one of saddr and daddr");
    return std::nullopt;
  }
  if ((flags & NFTA_FIB_F_IIF) && (flags & NFTA_FIB_F_OIF)) {
    error(at, "fib", "fib: iif and oif cannot be used together");
    return std::nullopt;
  }
  const std::string& result = k.words.back();
  Lhs out;
  ValueType vt;
  uint32_t res = 0;
  if (result == "oif") {
    res = NFT_FIB_RESULT_OIF;
    vt = ValueType{TypeId::Ifindex, ByteOrder::Host, 32};
  } else if (result == "oifname") {
    res = NFT_FIB_RESULT_OIFNAME;
    vt = ValueType{TypeId::Ifname, ByteOrder::Host, 128};
  } else if (result == "type") {
    res = NFT_FIB_RESULT_ADDRTYPE;
    vt = ValueType{TypeId::FibAddr, ByteOrder::Host, 32};
    if (flags & NFTA_FIB_F_OIF) {
      error(at, "fib", "fib ... type: oif is not valid here (use iif)");
      return std::nullopt;
    }
  } else if (result == "check") {
    res = NFT_FIB_RESULT_OIF;
    flags |= NFTA_FIB_F_PRESENT;
    // The kernel stores a whole 32-bit word (0 or 1); nft compares all four bytes.
    vt = ValueType{TypeId::Boolean, ByteOrder::Host, 32};
  } else {
    error(at, "fib", "unknown fib result '" + result + "': use oif, oifname, type or check");
    return std::nullopt;
  }
  out.parts = {vt};
  out.expr = make(checked::Load{ir::Fib{0, res, flags}}, vt.type, vt.byteorder, vt.len_bits, at);
  return out;
}

std::optional<RuleChecker::Lhs> RuleChecker::exthdr_field(const std::string& hdr,
                                                          const std::string& field,
                                                          const Span& at) {
  const proto::ExtHeader* h = proto::ext_header(hdr);
  const proto::Field* f = h ? proto::field(*h, field) : nullptr;
  if (!f) {
    error(at, "unknown-field", "unknown " + hdr + " field '" + field + "'");
    return std::nullopt;
  }
  const uint32_t first_byte = f->offset_bits / 8;
  const uint32_t bit_in = f->offset_bits % 8;
  const uint32_t load_bytes = (bit_in + f->len_bits + 7) / 8;
  Lhs out;
  out.parts = {ValueType{f->type, f->byteorder, f->len_bits}};
  ir::Exthdr op{0, std::nullopt, NFT_EXTHDR_OP_IPV6, h->type, first_byte, load_bytes, 0};
  auto expr = make(checked::Load{op}, f->type, f->byteorder, load_bytes * 8, at);
  expr = mask_field(expr, bit_in, f->len_bits, out.shift);
  out.expr = expr;
  return out;
}

// TCP options, IPv4 options and SCTP chunks: found by the exthdr expression; without a field
// the match tests presence (`tcp option sack exists`).
std::optional<RuleChecker::Lhs> RuleChecker::option(const ast::Exthdr& x, const Span& at) {
  const proto::ExtHeader* h = nullptr;
  uint32_t op = NFT_EXTHDR_OP_TCPOPT;
  if (x.kind == "tcp option") h = proto::tcp_option(x.hdr);
  if (x.kind == "ip option") {
    h = proto::ip_option(x.hdr);
    op = NFT_EXTHDR_OP_IPV4;
  }
  if (x.kind == "sctp chunk") {
    h = proto::sctp_chunk(x.hdr);
    op = NFT_EXTHDR_OP_SCTP;
  }
  if (!h) {
    error(at, "unknown-option", "unknown " + x.kind + " '" + x.hdr + "'");
    return std::nullopt;
  }
  if (x.kind == "ip option" && !need(*proto::protocol("ip"), at)) return std::nullopt;
  Lhs out;
  if (x.field.empty()) {
    out.parts = {ValueType{TypeId::Boolean, ByteOrder::Host, 8}};
    out.expr = make(checked::Load{ir::Exthdr{0, std::nullopt, op, h->type, 0, 1,
                                             NFT_EXTHDR_F_PRESENT}},
                    TypeId::Boolean, ByteOrder::Host, 8, at);
    return out;
  }
  const proto::Field* f = proto::field(*h, x.field);
  if (!f) {
    std::vector<std::string> names;
    for (const auto& fl : h->fields) names.emplace_back(fl.name);
    std::string hint = closest_name(x.field, names);
    error(at, "unknown-field", "unknown " + x.kind + " " + x.hdr + " field '" + x.field + "'" +
                                   (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    return std::nullopt;
  }
  const uint32_t bit_in = f->offset_bits % 8;
  const uint32_t load_bytes = (bit_in + f->len_bits + 7) / 8;
  out.parts = {ValueType{f->type, f->byteorder, f->len_bits}};
  auto expr = make(checked::Load{ir::Exthdr{0, std::nullopt, op, h->type, f->offset_bits / 8,
                                            load_bytes, 0}},
                   f->type, f->byteorder, load_bytes * 8, at);
  expr = mask_field(expr, bit_in, f->len_bits, out.shift);
  out.expr = expr;
  return out;
}

std::optional<RuleChecker::Lhs> RuleChecker::raw_payload(const ast::RawPayload& r,
                                                         const Span& at) {
  ir::PayloadBase base;
  if (r.base == "ll") base = ir::PayloadBase::LinkLayer;
  else if (r.base == "nh") base = ir::PayloadBase::Network;
  else if (r.base == "th") base = ir::PayloadBase::Transport;
  else if (r.base == "ih") base = ir::PayloadBase::Inner;
  else {
    error(at, "raw-payload", "unknown raw payload base '" + r.base + "'");
    return std::nullopt;
  }
  auto off = parse_number(ast::as<ast::Symbol>(r.offset)->text);
  auto len = parse_number(ast::as<ast::Symbol>(r.len)->text);
  if (!off || !len || to_u64(*len) == 0 || to_u64(*len) > 128) {
    error(at, "raw-payload", "raw payload length must be between 1 and 128 bits");
    return std::nullopt;
  }
  const uint32_t o = static_cast<uint32_t>(to_u64(*off));
  const uint32_t l = static_cast<uint32_t>(to_u64(*len));
  const uint32_t bit_in = o % 8;
  const uint32_t load_bytes = (bit_in + l + 7) / 8;
  Lhs out;
  out.parts = {ValueType{TypeId::Integer, ByteOrder::Big, l}};
  auto expr = make(checked::Load{ir::Payload{0, base, o / 8, load_bytes}}, TypeId::Integer,
                   ByteOrder::Big, load_bytes * 8, at);
  expr = mask_field(expr, bit_in, l, out.shift);
  out.expr = expr;
  return out;
}

RuleChecker::Lhs RuleChecker::normalized(const Lhs& l) {
  if (l.shift == 0 || l.parts.size() != 1) return l;
  Lhs out = l;
  checked::ExprPtr e = l.expr;
  const uint32_t len = e->len_bits;
  if (len > 8) {
    e = make(checked::Swap{e, ir::ByteorderOp::Ntoh, len / 8}, e->type, ByteOrder::Host, len,
             e->span);
  }
  e = make(checked::Shift{e, ir::BitwiseOp::Rshift, l.shift}, e->type, e->byteorder, len,
           e->span);
  out.expr = e;
  out.shift = 0;
  return out;
}

// `ct original saddr` takes its address family from the rule; nft refuses it as a set or map
// key and inside concatenations, where the key type must be known up front.
bool RuleChecker::ambiguous_ct_addr(const ast::ExprPtr& raw) {
  ast::ExprPtr e = expand(raw);
  if (!e) return false;
  if (const auto* c = ast::as<ast::Concat>(e)) {
    for (const auto& part : c->parts) {
      if (ambiguous_ct_addr(part)) return true;
    }
    return false;
  }
  const auto* ct = ast::as<ast::Ct>(e);
  if (!ct || !ct->family.empty() || (ct->key != "saddr" && ct->key != "daddr")) return false;
  error(e->span, "ct-family", "specify either ip or ip6 for address matching");
  return true;
}

std::optional<RuleChecker::Lhs> RuleChecker::concat(const ast::Concat& c, const Span& at) {
  Lhs out;
  checked::Concat cc;
  uint32_t total = 0;
  for (const auto& part : c.parts) {
    if (ambiguous_ct_addr(part)) return std::nullopt;
    auto l = lhs(part);
    if (!l) return std::nullopt;
    l = normalized(*l);
    if (l->parts.size() != 1) {
      error(part->span, "concat", "this expression cannot be part of a concatenation");
      return std::nullopt;
    }
    total += (l->expr->len_bits + 31) / 32 * 32;
    out.parts.push_back(l->parts[0]);
    cc.parts.push_back(l->expr);
  }
  out.expr = make(std::move(cc), TypeId::Invalid, ByteOrder::Big, total, at);
  return out;
}

std::optional<RuleChecker::Lhs> RuleChecker::binop(const ast::Binop& b, const Span& at) {
  auto l = lhs(b.left);
  if (!l) return std::nullopt;
  if (l->parts.size() != 1) {
    error(at, "binop", "binary operations on concatenations are not supported");
    return std::nullopt;
  }
  const uint32_t len = l->expr->len_bits;
  if (b.op == ast::BinOp::Lshift || b.op == ast::BinOp::Rshift) {
    auto amount = constant(b.right, ValueType{TypeId::Integer, ByteOrder::Host, 32});
    if (!amount || !amount->ok()) {
      if (amount) error(b.right->span, "value", amount->error);
      return std::nullopt;
    }
    ir::Bytes be(amount->data.rbegin(), amount->data.rend());
    l->expr = make(checked::Shift{l->expr, b.op == ast::BinOp::Lshift ? ir::BitwiseOp::Lshift
                                                                      : ir::BitwiseOp::Rshift,
                                  static_cast<uint32_t>(to_u64(be))},
                   l->expr->type, l->expr->byteorder, len, at);
    return l;
  }
  // The operand is a constant of the left side's type, shifted like compared values.
  auto value = key(b.right, *l);
  if (!value) return std::nullopt;
  ir::Bytes mask(len / 8, 0xff), x(len / 8, 0);
  switch (b.op) {
    case ast::BinOp::And: mask = *value; break;
    case ast::BinOp::Or:
      for (size_t i = 0; i < mask.size(); ++i) mask[i] = static_cast<uint8_t>(~(*value)[i]);
      x = *value;
      break;
    case ast::BinOp::Xor: x = *value; break;
    case ast::BinOp::Lshift:
    case ast::BinOp::Rshift: break;
  }
  l->user_mask = true;
  if (const auto* inner = std::get_if<checked::Mask>(&l->expr->node)) {
    // Fold into the field mask: (v & m1) & m2 == v & (m1 & m2).
    if (b.op == ast::BinOp::And) {
      for (size_t i = 0; i < mask.size(); ++i) mask[i] &= inner->mask[i];
      l->expr = make(checked::Mask{inner->base, mask, x, true}, l->expr->type, l->expr->byteorder,
                     len, at);
      return l;
    }
  }
  l->expr = make(checked::Mask{l->expr, mask, x, true}, l->expr->type, l->expr->byteorder, len, at);
  return l;
}

}  // namespace nftx::sema
