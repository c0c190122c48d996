// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/payload_raise.h"

namespace nftx::raise {
namespace {

using proto::Field;
using proto::Protocol;
using proto::TypeId;

const Protocol* th_protocol() { return proto::protocol("th"); }

// Fields nft prints in hexadecimal (HDR_HEX_FIELD).
Flavor field_flavor(const Protocol& desc, const Field& f) {
  return desc.name == "ip" && f.name == "frag-off" ? Flavor::Hex : Flavor::Plain;
}

bool is_protocol_key(const Protocol& desc, const Field& f) {
  return desc.key_field && *desc.key_field == f.name;
}

// get_stacked_desc: a link layer load past the current header reads a stacked one (vlan).
const Protocol* stacked_desc(const ProtoCtx& ctx, const Protocol* top, const Expr& e,
                             uint32_t& skip) {
  uint32_t offset = e.offset;
  skip = 0;
  if (e.base != kBaseLL || offset < top->length_bits) return top;
  uint32_t total = 0;
  for (const Protocol* stacked : ctx.stacked_ll) {
    if (offset < stacked->length_bits) {
      skip = total;
      return stacked;
    }
    offset -= stacked->length_bits;
    total += stacked->length_bits;
  }
  skip = total;
  return top;
}

// icmp_dep_type_match: the types for which a field is meaningful.
bool icmp_dep_mismatch(const ProtoCtx& ctx, const Field& f) {
  if (f.icmp_dep == proto::IcmpDep::None || ctx.icmp_type == 0) return false;
  for (uint8_t t : proto::icmp_dep_types(f.icmp_dep)) {
    if (t == ctx.icmp_type) return false;
  }
  return true;
}

uint32_t mask_offset(const Expr& mask) { return mask.value.scan1(0).value_or(0); }
uint32_t mask_length(const Expr& mask) { return mask.value.scan0(mask_offset(mask) + 1); }

uint32_t round_up8(uint32_t bits) { return (bits + 7) / 8 * 8; }

void set_field(Expr& e, const Protocol& desc, const Field& f) {
  e.desc = &desc;
  e.tmpl = &f;
  e.type = f.type;
  e.flavor = field_flavor(desc, f);
  e.byteorder = f.byteorder;
  e.symbols = f.symbols;
}

}  // namespace

ExprPtr make_payload(const Protocol& desc, const Field& f) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Payload;
  set_field(*e, desc, f);
  e->len = f.len_bits;
  e->base = proto_base(desc);
  e->offset = f.offset_bits;
  if (is_protocol_key(desc, f)) e->flags |= kExprProtocol;
  return e;
}

ExprPtr make_raw_payload(uint32_t base, uint32_t offset_bits, uint32_t len_bits) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Payload;
  e->base = base;
  e->offset = offset_bits;
  e->len = len_bits;
  e->type = TypeId::Integer;
  e->flavor = Flavor::Hex;
  e->byteorder = proto::ByteOrder::Invalid;
  if (base == kBaseTransport && len_bits == 16 && (offset_bits == 0 || offset_bits == 16)) {
    const Protocol* th = th_protocol();
    const Field* f = proto::field(*th, offset_bits == 0 ? "sport" : "dport");
    e->desc = th;
    e->tmpl = f;
    e->type = TypeId::InetService;
    e->flavor = Flavor::Plain;
  }
  return e;
}

bool payload_is_known(const Expr& e) {
  return e.desc != nullptr && e.tmpl != nullptr && e.desc != &unknown_protocol();
}

void payload_complete(Expr& e, const ProtoCtx& ctx) {
  const Protocol* desc = ctx.protocol[e.base];
  if (desc == nullptr || desc->name == "inet" || desc == &unknown_protocol()) return;
  uint32_t skip = 0;
  desc = stacked_desc(ctx, desc, e, skip);
  const uint32_t offset = e.offset - skip;
  for (const Field& f : desc->fields) {
    if (f.offset_bits != offset || f.len_bits != e.len) continue;
    if (icmp_dep_mismatch(ctx, f)) continue;
    set_field(e, *desc, f);
    return;
  }
}

std::vector<ExprPtr> payload_expand(const Expr& in, const ProtoCtx& ctx) {
  std::vector<ExprPtr> out;
  Expr e = in;
  const Protocol* desc = ctx.protocol[e.base];
  uint32_t offset = e.offset;
  if (desc != nullptr && desc != &unknown_protocol() && !desc->pseudo) {
    uint32_t skip = 0;
    desc = stacked_desc(ctx, desc, e, skip);
    offset -= skip;
    for (const Field& f : desc->fields) {
      if (f.offset_bits != offset) continue;
      if (icmp_dep_mismatch(ctx, f)) continue;
      if (f.len_bits <= e.len) {
        out.push_back(make_payload(*desc, f));
        e.len -= f.len_bits;
        e.offset += f.len_bits;
        offset += f.len_bits;
        if (e.len == 0) return out;
      } else if (e.len > 0) {
        ExprPtr p = make_payload(*desc, f);
        p->len = e.len;
        out.push_back(p);
        return out;
      } else {
        break;
      }
    }
  }
  out.push_back(make_raw_payload(e.base, offset, e.len));
  return out;
}

std::optional<uint32_t> payload_trim(Expr& e, const Expr& mask, const ProtoCtx& ctx) {
  const Protocol* desc = ctx.protocol[e.base];
  if (desc == nullptr || desc == &unknown_protocol()) return std::nullopt;
  uint32_t skip = 0;
  desc = stacked_desc(ctx, desc, e, skip);
  uint32_t offset = e.offset - skip;
  const uint32_t moff = mask_offset(mask);
  const uint32_t mlen = mask_length(mask);
  const uint32_t off = round_up8(mask.len) - mlen;
  offset += off;
  uint32_t payload_len = e.len, len = 0;
  for (const Field& f : desc->fields) {
    if (f.offset_bits != offset) continue;
    if (f.len_bits > payload_len) return std::nullopt;
    payload_len -= f.len_bits;
    offset += f.len_bits;
    len += f.len_bits;
    if (payload_len == 0) return std::nullopt;
    if (moff + len == mlen) {
      e.offset += off;
      e.len = len;
      return moff;
    }
  }
  return std::nullopt;
}

std::optional<uint32_t> payload_trim_force(Expr& e, const Expr& mask) {
  const uint32_t mlen = mask_length(mask);
  if (payload_is_known(e) || e.len <= mlen) return std::nullopt;
  const uint32_t off = round_up8(mask.len) - mlen;
  const uint32_t offset = e.offset + off;
  if (round_up8(offset) > 255) return std::nullopt;
  const uint32_t real_len = mask.value.popcount();
  if (real_len > e.len) return std::nullopt;
  e.offset = offset;
  e.len = real_len;
  return mask_offset(mask);
}

namespace {

constexpr uint32_t kExthdrIpv6 = 0, kExthdrTcpopt = 1, kExthdrIpv4 = 2, kExthdrSctp = 3;

std::span<const proto::ExtHeader> headers_for(uint32_t op) {
  switch (op) {
    case kExthdrIpv6:
      return proto::all_ext_headers();
    case kExthdrTcpopt:
      return proto::all_tcp_options();
    case kExthdrIpv4:
      return proto::all_ip_options();
    case kExthdrSctp:
      return proto::all_sctp_chunks();
    default:
      return {};
  }
}

}  // namespace

void exthdr_complete(Expr& e) {
  for (const proto::ExtHeader& h : headers_for(e.ext_op)) {
    if (h.type != e.ext_type) continue;
    if (e.ext == nullptr) e.ext = &h;
    for (const Field& f : h.fields) {
      if (f.offset_bits == e.offset && f.len_bits == e.len) {
        e.ext = &h;
        e.tmpl = &f;
        e.type = f.type;
        e.flavor = Flavor::Plain;
        e.symbols = f.symbols;
        e.byteorder = f.byteorder;
        return;
      }
    }
  }
}

std::optional<uint32_t> exthdr_trim(Expr& e, const Expr& mask) {
  const uint32_t moff = mask_offset(mask);
  const uint32_t mlen = mask_length(mask);
  const uint32_t off = round_up8(mask.len) - mlen;
  for (const proto::ExtHeader& h : headers_for(e.ext_op)) {
    if (h.type != e.ext_type) continue;
    for (const Field& f : h.fields) {
      if (f.offset_bits == e.offset + off && f.len_bits == mlen - moff) {
        e.ext = &h;
        e.tmpl = &f;
        e.type = f.type;
        e.flavor = Flavor::Plain;
        e.symbols = f.symbols;
        e.byteorder = f.byteorder;
        e.offset += off;
        e.len = f.len_bits;
        return moff;
      }
    }
  }
  return std::nullopt;
}

}  // namespace nftx::raise
