// SPDX-License-Identifier: GPL-2.0-or-later
// Set userdata (see set_udata.h). The numbers below are nft 1.0.6's: its expression types, its
// protocol description ids and the order of each header's field templates (index 0 of a
// template table is unused), which nft writes instead of names so that `nft list` can rebuild
// the `typeof` expressions.
#include "compiler/sema/set_udata.h"

#include <linux/netfilter/nf_tables.h>

#include <array>
#include <cstring>
#include <utility>
#include <vector>

namespace nftx::sema {
namespace {

using proto::ByteOrder;
using proto::TypeId;

// NFTNL_UDATA_SET_* (libnftnl udata.h) and the typeof nest's members.
constexpr uint8_t kKeyByteorder = 0, kDataByteorder = 1, kMergeElements = 2, kKeyTypeof = 3,
                  kDataTypeof = 4, kDataInterval = 6, kComment = 7;
constexpr uint8_t kTypeofExpr = 0, kTypeofData = 1;
// Concatenation members: nest i holds the member's expression type and its data.
constexpr uint8_t kConcatSubType = 0, kConcatSubData = 1;
// nft keeps at most this many concatenation members (NFT_REG32_SIZE).
constexpr size_t kMaxConcatMembers = 16;

// nft's enum expr_types.
enum class NftExpr : uint32_t {
  Verdict = 1, Payload = 7, Exthdr = 8, Meta = 9, Socket = 10, Osf = 11, Ct = 12, Concat = 13,
  Numgen = 23, Hash = 24, Rt = 25, Fib = 26, Xfrm = 27,
};

// nft's enum byteorder (not ours: Big and Host are the other way round).
uint32_t nft_byteorder(ByteOrder b) {
  switch (b) {
    case ByteOrder::Invalid: return 0;
    case ByteOrder::Host: return 1;
    case ByteOrder::Big: return 2;
  }
  return 0;
}

// ---- payload: protocol description ids and template order (nft's include/proto.h) ----
struct NftDesc {
  std::string_view name;  // our protocol name
  uint32_t id;            // enum proto_desc_id
  std::span<const std::string_view> fields;  // templates 1..n, by our field names
};
// clang-format off
constexpr std::string_view kAhT[] = {"nexthdr", "hdrlength", "reserved", "spi", "sequence"};
constexpr std::string_view kEspT[] = {"spi", "sequence"};
constexpr std::string_view kCompT[] = {"nexthdr", "flags", "cpi"};
constexpr std::string_view kIcmpT[] = {"type", "code", "checksum", "id", "sequence", "gateway",
                                       "mtu"};
constexpr std::string_view kIgmpT[] = {"type", "checksum", "mrt", "group"};
constexpr std::string_view kUdpT[] = {"sport", "dport", "length", "checksum"};
constexpr std::string_view kUdpliteT[] = {"sport", "dport", "csumcov", "checksum"};
constexpr std::string_view kTcpT[] = {"sport", "dport", "sequence", "ackseq", "doff", "reserved",
                                      "flags", "window", "checksum", "urgptr"};
constexpr std::string_view kDccpT[] = {"sport", "dport", "type"};
constexpr std::string_view kSctpT[] = {"sport", "dport", "vtag", "checksum"};
constexpr std::string_view kThT[] = {"sport", "dport"};
constexpr std::string_view kIpT[] = {"version", "hdrlength", "dscp", "ecn", "length", "id",
                                     "frag-off", "ttl", "protocol", "checksum", "saddr", "daddr"};
constexpr std::string_view kIp6T[] = {"version", "dscp", "ecn", "flowlabel", "length", "nexthdr",
                                      "hoplimit", "saddr", "daddr"};
constexpr std::string_view kIcmp6T[] = {"type", "code", "checksum", "parameter-problem", "mtu",
                                        "id", "sequence", "max-delay", "taddr", "daddr"};
constexpr std::string_view kArpT[] = {"htype", "ptype", "hlen", "plen", "operation",
                                      "saddr ether", "saddr ip", "daddr ether", "daddr ip"};
constexpr std::string_view kVlanT[] = {"pcp", "dei", "cfi", "id", "type"};
constexpr std::string_view kEtherT[] = {"daddr", "saddr", "type"};
constexpr std::string_view kVxlanT[] = {"vni", "flags"};
constexpr std::string_view kGeneveT[] = {"vni", "type"};
constexpr std::string_view kGreT[] = {"version", "flags", "protocol"};

constexpr NftDesc kDescs[] = {
    {"ah", 1, kAhT},       {"esp", 2, kEspT},         {"comp", 3, kCompT},
    {"icmp", 4, kIcmpT},   {"igmp", 5, kIgmpT},       {"udp", 6, kUdpT},
    {"udplite", 7, kUdpliteT}, {"tcp", 8, kTcpT},     {"dccp", 9, kDccpT},
    {"sctp", 10, kSctpT},  {"th", 11, kThT},          {"ip", 12, kIpT},
    {"ip6", 13, kIp6T},    {"icmpv6", 14, kIcmp6T},   {"arp", 15, kArpT},
    {"vlan", 16, kVlanT},  {"ether", 17, kEtherT},    {"vxlan", 18, kVxlanT},
    {"geneve", 19, kGeneveT}, {"gre", 20, kGreT},     {"gretap", 21, {}},
};
// IPv6 extension headers: enum exthdr_desc_id; their templates are ours shifted by one.
constexpr std::string_view kExtHeaderOrder[] = {"hbh", "rt", "rt0", "rt2", "srh", "frag", "dst",
                                                "mh"};
// IPv4 options share one template table (enum ipopt_fields).
constexpr std::string_view kIpOptT[] = {"type", "length", "value", "ptr", "addr"};
// clang-format on

const NftDesc* nft_desc(std::string_view proto) {
  for (const NftDesc& d : kDescs) {
    if (d.name == proto) return &d;
  }
  return nullptr;
}

template <typename T>
std::optional<uint32_t> index_of(std::span<const T> names, std::string_view name) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<uint32_t>(i);
  }
  return std::nullopt;
}

// ---- TLV writing ----
void put_u32(ir::Bytes& b, uint8_t type, uint32_t v) {
  std::array<uint8_t, sizeof v> raw{};
  std::memcpy(raw.data(), &v, sizeof v);  // host order, as libnftnl stores it
  b.push_back(type);
  b.push_back(static_cast<uint8_t>(raw.size()));
  b.insert(b.end(), raw.begin(), raw.end());
}

void put_nest(ir::Bytes& b, uint8_t type, const ir::Bytes& content) {
  b.push_back(type);
  b.push_back(static_cast<uint8_t>(content.size() > 255 ? 255 : content.size()));
  b.insert(b.end(), content.begin(), content.end());
}

// TYPEOF_EXPR + TYPEOF_DATA.
ir::Bytes typeof_nest(NftExpr type, const ir::Bytes& data) {
  ir::Bytes out;
  put_u32(out, kTypeofExpr, static_cast<uint32_t>(type));
  put_nest(out, kTypeofData, data);
  return out;
}

// ---- payload ----
// NFTNL_UDATA_SET_KEY_PAYLOAD_*: description, template index, and for headers nft does not
// know (raw `@base,offset,len`) the base and bit offset; the length for integer fields.
ir::Bytes payload_data(uint32_t desc, uint32_t index, std::optional<std::pair<uint32_t, uint32_t>>
                                                          raw_at, std::optional<uint32_t> len) {
  ir::Bytes d;
  put_u32(d, 0, desc);
  put_u32(d, 1, index);
  if (raw_at) {
    put_u32(d, 2, raw_at->first);
    put_u32(d, 3, raw_at->second);
  }
  if (len) put_u32(d, 4, *len);
  return d;
}

// A field of `p` at this bit offset and width (the header a concatenation member belongs to
// is not recorded by sema: the rule's protocol context tells).
const proto::Field* field_at(const proto::Protocol& p, uint32_t off, uint32_t len, TypeId type) {
  for (const proto::Field& f : p.fields) {
    if (f.offset_bits == off && f.len_bits == len && f.type == type) return &f;
  }
  return nullptr;
}

std::optional<ir::Bytes> payload_udata(const UdataExpr& e, const ir::Payload& load,
                                       uint32_t bit_in) {
  const uint32_t len_bits = e.type.len_bits;
  const std::optional<uint32_t> len =
      e.type.type == TypeId::Integer ? std::optional<uint32_t>(len_bits) : std::nullopt;
  std::string_view proto_name = e.proto ? e.proto->name : std::string_view{};
  std::string_view field = e.field;
  const uint32_t off = load.offset * 8 + bit_in;
  if (proto_name.empty() && load.base == ir::PayloadBase::Transport && len_bits == 16 &&
      (off == 0 || off == 16)) {
    // nft finds the th template for raw transport ports (`@th,16,16` is `th dport`).
    proto_name = "th";
    field = off == 0 ? "sport" : "dport";
  }
  const NftDesc* desc = nft_desc(proto_name);
  const std::optional<uint32_t> index = desc ? index_of(desc->fields, field) : std::nullopt;
  if (!desc || !index) {
    const uint32_t base = static_cast<uint32_t>(load.base) + 1;  // nft's enum proto_bases
    return typeof_nest(NftExpr::Payload, payload_data(0, 0, std::pair{base, off}, len_bits));
  }
  const bool th_port = proto_name == "th";
  return typeof_nest(NftExpr::Payload,
                     payload_data(desc->id, *index + 1, std::nullopt, th_port ? std::nullopt : len));
}

// ---- extension headers and options ----
// NFTNL_UDATA_EXTHDR_*: 0 description (IPv6 header id, or the option kind), 1 template, 2 op.
ir::Bytes exthdr_data(uint32_t type, std::optional<uint32_t> op, uint32_t desc) {
  ir::Bytes d;
  put_u32(d, 1, type);
  if (op) put_u32(d, 2, *op);
  put_u32(d, 0, desc);
  return d;
}

std::optional<uint32_t> field_index(const proto::ExtHeader& h, uint32_t off, uint32_t len) {
  for (size_t i = 0; i < h.fields.size(); ++i) {
    if (h.fields[i].offset_bits == off && h.fields[i].len_bits == len) {
      return static_cast<uint32_t>(i);
    }
  }
  return std::nullopt;
}

std::optional<ir::Bytes> ipv6_exthdr_udata(const UdataExpr& e, const ir::Exthdr& x,
                                           uint32_t off, uint32_t len) {
  for (size_t id = 0; id < std::size(kExtHeaderOrder); ++id) {
    if (!e.ext_header.empty() && e.ext_header != kExtHeaderOrder[id]) continue;
    const proto::ExtHeader* h = proto::ext_header(kExtHeaderOrder[id]);
    if (!h || h->type != x.type) continue;
    std::optional<uint32_t> index = field_index(*h, off, len);
    if (!index) {
      // rt0 addr[n] / srh sid[n] past the ones our table lists.
      const proto::Field* first = proto::field(*h, h->name == "rt0" ? "addr[1]" : "sid[1]");
      if (!first || off < first->offset_bits || len != 128 || (off - first->offset_bits) % 128) {
        continue;
      }
      index = static_cast<uint32_t>(first - h->fields.data()) + (off - first->offset_bits) / 128;
    }
    return typeof_nest(NftExpr::Exthdr,
                       exthdr_data(*index + 1, std::nullopt, static_cast<uint32_t>(id) + 1));
  }
  return std::nullopt;
}

// TCP options, IPv4 options, SCTP chunks: the template within the option, the op, the kind.
std::optional<ir::Bytes> option_udata(const ir::Exthdr& x, uint32_t off, uint32_t len) {
  std::span<const proto::ExtHeader> all;
  switch (x.op) {
    case NFT_EXTHDR_OP_TCPOPT: all = proto::all_tcp_options(); break;
    case NFT_EXTHDR_OP_IPV4: all = proto::all_ip_options(); break;
    case NFT_EXTHDR_OP_SCTP: all = proto::all_sctp_chunks(); break;
    default: return std::nullopt;  // nft 1.0.6 cannot describe other ops
  }
  for (const proto::ExtHeader& h : all) {
    if (h.type != x.type) continue;
    const std::optional<uint32_t> pos = field_index(h, off, len);
    if (!pos) continue;
    uint32_t index = *pos;
    if (x.op == NFT_EXTHDR_OP_IPV4) {
      index = index_of(std::span<const std::string_view>(kIpOptT), h.fields[*pos].name)
                  .value_or(0) + 1;
    } else if (x.op == NFT_EXTHDR_OP_TCPOPT && h.type == 5 && off >= 16) {
      index = 2 + (off - 16) / 32;  // sack blocks: left/right of block n are 2n+2 / 2n+3
    }
    return typeof_nest(NftExpr::Exthdr, exthdr_data(index, x.op, x.type));
  }
  return std::nullopt;
}

std::optional<ir::Bytes> exthdr_udata(const UdataExpr& e, const ir::Exthdr& x, uint32_t bit_in) {
  if (x.flags != 0) return std::nullopt;  // `exists`: a boolean, not a key
  const uint32_t off = x.offset * 8 + bit_in;
  const uint32_t len = e.type.len_bits;
  if (x.op == NFT_EXTHDR_OP_IPV6) return ipv6_exthdr_udata(e, x, off, len);
  return option_udata(x, off, len);
}

// ---- the other keyed expressions ----
ir::Bytes u32_list(std::initializer_list<uint32_t> values) {
  ir::Bytes d;
  uint8_t type = 0;
  for (uint32_t v : values) put_u32(d, type++, v);
  return d;
}

std::optional<ir::Bytes> load_udata(const UdataExpr& e, const ir::Op& op, uint32_t bit_in) {
  // A lookup by kind: only the loads nft can describe have an answer, the rest none.
  if (const auto* p = std::get_if<ir::Payload>(&op)) return payload_udata(e, *p, bit_in);
  if (const auto* x = std::get_if<ir::Exthdr>(&op)) return exthdr_udata(e, *x, bit_in);
  if (const auto* m = std::get_if<ir::Meta>(&op)) {
    return typeof_nest(NftExpr::Meta, u32_list({m->key}));
  }
  if (const auto* c = std::get_if<ir::Ct>(&op)) {
    // The direction is an int8_t in nft: none is -1.
    const uint32_t dir = c->dir ? uint32_t{*c->dir} : 0xffffffffu;
    return typeof_nest(NftExpr::Ct, u32_list({c->key, dir}));
  }
  if (const auto* r = std::get_if<ir::Rt>(&op)) return typeof_nest(NftExpr::Rt, u32_list({r->key}));
  if (const auto* s = std::get_if<ir::Socket>(&op)) {
    return typeof_nest(NftExpr::Socket, u32_list({s->key}));
  }
  if (std::holds_alternative<ir::Osf>(op)) return typeof_nest(NftExpr::Osf, {});
  if (const auto* f = std::get_if<ir::Fib>(&op)) {
    return typeof_nest(NftExpr::Fib, u32_list({f->result, f->flags}));
  }
  if (const auto* n = std::get_if<ir::Numgen>(&op)) {
    return typeof_nest(NftExpr::Numgen, u32_list({n->type, n->modulus, n->offset}));
  }
  if (const auto* h = std::get_if<ir::Hash>(&op)) {
    // type, offset, modulus, seed, seed given (not recorded by sema: a non-zero seed was).
    return typeof_nest(NftExpr::Hash, u32_list({h->type, h->offset, h->modulus, h->seed,
                                                h->seed != 0 ? 1u : 0u}));
  }
  if (const auto* x = std::get_if<ir::Xfrm>(&op)) {
    return typeof_nest(NftExpr::Xfrm, u32_list({x->key, x->dir, x->spnum}));
  }
  return std::nullopt;
}

// The member of a concatenation a rule built: which header its payload field belongs to
// comes from the protocol context (sema records names only for single expressions).
UdataExpr concat_member(const checked::ExprPtr& expr, const ValueType& type,
                        std::span<const proto::Protocol* const> context) {
  UdataExpr m{expr, type, 0, nullptr, {}, {}};
  checked::ExprPtr inner = expr;
  const auto* mask = inner ? std::get_if<checked::Mask>(&inner->node) : nullptr;
  if (mask) inner = mask->base;
  const auto* load = inner ? std::get_if<checked::Load>(&inner->node) : nullptr;
  const auto* p = load ? std::get_if<ir::Payload>(&load->op) : nullptr;
  if (!p) return m;
  // A masked member (`vlan id`) holds the field in the low bits of the loaded bytes.
  const uint32_t len = type.len_bits;
  const uint32_t off =
      p->offset * 8 + (mask && inner->len_bits > len ? inner->len_bits - len : 0);
  auto try_proto = [&](const proto::Protocol* proto) {
    if (m.proto || !proto || proto->pseudo || proto->base != p->base) return;
    // vlan follows the ether header.
    const uint32_t start = proto->name == "vlan" ? 112 : 0;
    if (off < start) return;
    if (const proto::Field* f = field_at(*proto, off - start, len, type.type)) {
      m.proto = proto;
      m.field = f->name;
    }
  };
  const auto base = static_cast<size_t>(p->base);
  if (base < context.size()) try_proto(context[base]);
  // Without a transport protocol in context the ports were written as `th`.
  try_proto(proto::protocol("th"));
  for (const NftDesc& d : kDescs) try_proto(proto::protocol(d.name));
  return m;
}

bool is_host_integer(const ValueType& t) {
  return t.byteorder == ByteOrder::Host && proto::root_basetype(t.type) == TypeId::Integer;
}

// The width of one map value of this (possibly concatenated) type, members padded to 32 bits.
std::optional<uint32_t> value_width(uint32_t type) {
  std::vector<TypeId> members = proto::concat_members(type);
  if (members.empty()) members.push_back(static_cast<TypeId>(type));
  uint32_t width = 0;
  for (TypeId m : members) {
    if (m >= TypeId::Count_) return std::nullopt;
    const uint32_t bits = proto::datatype(m).size_bits;
    if (bits == 0) return std::nullopt;
    width += (bits / 8 + 3) / 4 * 4;
  }
  return width;
}

// nft describes anonymous sets by their key expression, which for maps is a plain value
// unless the key is a concatenation. `converted`: an interval set's concatenation, whose
// host-order integer members nft wraps in byte order conversions.
std::optional<ir::Bytes> lhs_typeof(const RuleChecker::Lhs& key, bool converted,
                                    std::span<const proto::Protocol* const> context) {
  if (const auto* c = std::get_if<checked::Concat>(&key.expr->node)) {
    std::vector<UdataExpr> parts;
    for (size_t i = 0; i < c->parts.size() && i < key.parts.size(); ++i) {
      parts.push_back(concat_member(c->parts[i], key.parts[i], context));
      if (converted && is_host_integer(key.parts[i])) parts.back().expr = nullptr;
    }
    return concat_typeof_udata(parts, false);
  }
  if (key.parts.empty()) return std::nullopt;
  return typeof_udata(UdataExpr{key.expr, key.parts[0], key.shift, key.proto, key.field, {}},
                      false);
}

UdataExpr declared_member(const RuleChecker::Lhs& l, const ast::ExprPtr& source) {
  UdataExpr m{l.expr, l.parts.empty() ? ValueType{} : l.parts[0], l.shift, l.proto, l.field, {}};
  if (const auto* p = source ? ast::as<ast::Payload>(source) : nullptr) {
    if (proto::ext_header(p->proto)) m.ext_header = proto::ext_header(p->proto)->name;
  }
  return m;
}

}  // namespace

ir::Bytes encode_set_udata(const SetUdata& s) {
  ir::Bytes out;
  put_u32(out, kKeyByteorder, nft_byteorder(s.key_order));
  if (s.data_order) put_u32(out, kDataByteorder, nft_byteorder(*s.data_order));
  if (s.merge) put_u32(out, kMergeElements, 1);
  if (s.key_typeof) put_nest(out, kKeyTypeof, *s.key_typeof);
  if (s.data_typeof) put_nest(out, kDataTypeof, *s.data_typeof);
  if (s.data_interval) put_u32(out, kDataInterval, *s.data_interval ? 1 : 0);
  if (s.comment) {
    ir::Bytes text(s.comment->begin(), s.comment->end());
    text.push_back(0);
    put_nest(out, kComment, text);
  }
  return out;
}

std::optional<ir::Bytes> typeof_udata(const UdataExpr& e, bool declared) {
  checked::ExprPtr cur = e.expr;
  // nft builds bit operations for masked or shifted loads in rules, and those cannot describe
  // themselves; a declared `typeof` keeps the field.
  while (cur && !std::holds_alternative<checked::Load>(cur->node)) {
    if (!declared) return std::nullopt;
    if (const auto* m = std::get_if<checked::Mask>(&cur->node)) cur = m->base;
    else if (const auto* s = std::get_if<checked::Shift>(&cur->node)) cur = s->base;
    else if (const auto* w = std::get_if<checked::Swap>(&cur->node)) cur = w->base;
    else return std::nullopt;
  }
  if (!cur) return std::nullopt;
  const auto& load = std::get<checked::Load>(cur->node);
  uint32_t bit_in = 0;
  if (cur != e.expr && cur->len_bits >= e.shift + e.type.len_bits) {
    bit_in = cur->len_bits - e.shift - e.type.len_bits;
  }
  return load_udata(e, load.op, bit_in);
}

ir::Bytes concat_typeof_udata(std::span<const UdataExpr> parts, bool declared) {
  ir::Bytes data;
  for (size_t i = 0; i < parts.size() && i < kMaxConcatMembers; ++i) {
    UdataExpr part = parts[i];
    // nft looks through one bit operation of a member (`vlan id` is a masked load), not two
    // (`ip dscp` is masked and shifted).
    if (!declared && part.expr) {
      if (const auto* m = std::get_if<checked::Mask>(&part.expr->node)) part.expr = m->base;
      else if (const auto* s = std::get_if<checked::Shift>(&part.expr->node)) part.expr = s->base;
    }
    std::optional<ir::Bytes> member = typeof_udata(part, declared);
    if (!member) break;  // nft stops at the first member it cannot describe
    // Member i's nest holds its type and data, numbered like a typeof nest's.
    static_assert(kConcatSubType == kTypeofExpr && kConcatSubData == kTypeofData);
    put_nest(data, static_cast<uint8_t>(i), *member);
  }
  return typeof_nest(NftExpr::Concat, data);
}

ir::Bytes verdict_typeof_udata() { return typeof_nest(NftExpr::Verdict, {}); }

ir::Bytes named_set_udata(const ast::SetDecl& s, const SetInfo& info,
                          std::span<const RuleChecker::Lhs> key_typeof,
                          const std::optional<RuleChecker::Lhs>& data_typeof) {
  SetUdata u;
  const bool concat = info.key.size() > 1;
  u.key_order = concat || info.key.empty() ? ByteOrder::Invalid : info.key[0].byteorder;
  if (key_typeof.empty()) {
    // `type a . b`: nft's key is a concatenation of values, which describe nothing.
    if (concat) u.key_typeof = concat_typeof_udata({}, true);
  } else {
    std::vector<UdataExpr> parts;
    for (size_t i = 0; i < key_typeof.size(); ++i) {
      parts.push_back(declared_member(key_typeof[i], i < s.key_typeof.size() ? s.key_typeof[i]
                                                                               : nullptr));
    }
    if (parts.size() > 1) u.key_typeof = concat_typeof_udata(parts, true);
    else u.key_typeof = typeof_udata(parts[0], true);
  }
  const bool has_data = info.data || info.verdict_map || info.obj_type;
  if (info.is_map && !info.obj_type) {
    u.data_order = info.data ? info.data->byteorder : ByteOrder::Invalid;
  }
  if (has_data) {
    if (data_typeof && !s.data_typeof.empty()) {
      u.data_typeof = typeof_udata(declared_member(*data_typeof, s.data_typeof[0]), true);
    } else if (info.verdict_map && !s.data_typeof.empty()) {
      u.data_typeof = verdict_typeof_udata();
    }
    u.data_interval = false;
  }
  u.merge = s.auto_merge;
  u.comment = s.comment;
  return encode_set_udata(u);
}

ir::Bytes anon_set_udata(const RuleChecker::Lhs& key, const ir::Set& set,
                         const std::optional<ValueType>& data, bool verdict_map,
                         std::span<const proto::Protocol* const> context) {
  SetUdata u;
  const bool concat = std::holds_alternative<checked::Concat>(key.expr->node);
  const bool is_map = (set.flags & (NFT_SET_MAP | NFT_SET_OBJECT)) != 0;
  const bool interval = (set.flags & NFT_SET_INTERVAL) != 0;
  u.key_order = concat || key.parts.empty() ? ByteOrder::Invalid : key.parts[0].byteorder;
  if (is_map) {
    const std::optional<uint32_t> width = data && !verdict_map && set.data_type
                                              ? value_width(*set.data_type)
                                              : std::nullopt;
    if (set.flags & NFT_SET_MAP) {
      const bool data_concat =
          set.data_type && !verdict_map && proto::concat_members(*set.data_type).size() > 1;
      u.data_order = data && !data_concat ? data->byteorder : ByteOrder::Invalid;
    }
    if (concat) u.key_typeof = lhs_typeof(key, false, context);
    if (verdict_map) u.data_typeof = verdict_typeof_udata();
    // Range data (nat maps to address ranges) holds both ends: twice the value's width.
    u.data_interval = width && set.data_len == 2 * *width;
  } else {
    // Rules match interval sets in network byte order: nft turns a one-byte host-order key
    // into a big-endian one, and wraps host-order integers of a concatenation in byte order
    // conversions, which describe nothing.
    if (interval && !concat && !key.parts.empty() && key.parts[0].len_bits <= 8 &&
        is_host_integer(key.parts[0])) {
      u.key_order = ByteOrder::Big;
    }
    u.key_typeof = lhs_typeof(key, interval, context);
    u.merge = interval;
  }
  return encode_set_udata(u);
}

}  // namespace nftx::sema
