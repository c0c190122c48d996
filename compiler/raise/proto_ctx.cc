// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/proto_ctx.h"

namespace nftx::raise {
namespace {

using proto::Protocol;
using proto::TypeId;

constexpr uint32_t kMetaProtocol = 1, kMetaIiftype = 8, kMetaNfproto = 15, kMetaL4proto = 16;
constexpr uint32_t kCtL3proto = 7;
constexpr uint32_t kCtSrc = 8, kCtDst = 9, kCtProtoSrc = 11, kCtProtoDst = 12;
constexpr uint8_t kIcmpEcho = 8, kIcmp6EchoRequest = 128, kIcmp6EchoReply = 129;
constexpr uint64_t kNfprotoIpv4 = 2, kNfprotoIpv6 = 10;

constexpr Protocol kUnknown{.name = "unknown",
                            .base = ir::PayloadBase::LinkLayer,
                            .fields = {},
                            .key_field = std::nullopt,
                            .uppers = {},
                            .length_bits = 0};

// ARPHRD_* values of the devices whose link layer nft knows (proto_dev_desc).
const Protocol* dev_protocol(uint64_t arphrd) {
  if (arphrd == 1) return proto::protocol("ether");  // ARPHRD_ETHER
  return nullptr;
}

// The numeric value of a constant as nft exports it for protocol lookups.
std::optional<uint64_t> const_value(const Expr& e) {
  if (e.kind != ExprKind::Value || !e.value.fits64()) return std::nullopt;
  return e.value.low64();
}

void payload_update(ProtoCtx& ctx, const Expr& left, uint64_t value) {
  const Protocol* base = ctx.protocol[left.base];
  if (base == nullptr) return;
  const Protocol* desc = proto::upper_protocol(*base, value);
  if (desc == nullptr) {
    if (base->name == "icmp") {
      // Type 0 is echo-reply; nft pretends it is echo so that id/sequence keep their names.
      ctx.icmp_type = value != 0 ? static_cast<uint8_t>(value) : kIcmpEcho;
    } else if (base->name == "icmpv6") {
      ctx.icmp_type = value == kIcmp6EchoReply ? kIcmp6EchoRequest : static_cast<uint8_t>(value);
    }
    return;
  }
  if (proto_base(*desc) == proto_base(*base) && !left.is_raw && proto_base(*desc) == kBaseLL &&
      ctx.stacked_ll.size() < 16) {
    ctx.stacked_ll.push_back(base);
  }
  ctx.update(proto_base(*desc), desc);
}

void meta_update(ProtoCtx& ctx, const Expr& left, uint64_t value) {
  const Protocol& h = hook_protocol(ctx.family);
  const uint32_t hbase = hook_base(ctx.family);
  switch (left.key) {
    case kMetaIiftype: {
      if (hbase < kBaseNetwork && ctx.family != ir::Family::Inet &&
          ctx.family != ir::Family::Netdev) {
        return;
      }
      const Protocol* desc = dev_protocol(value);
      ctx.update(kBaseLL, desc != nullptr ? desc : &kUnknown);
      return;
    }
    case kMetaNfproto: {
      if (value == kNfprotoIpv4 && h.name == "ip") return;
      if (value == kNfprotoIpv6 && h.name == "ip6") return;
      const Protocol* desc = proto::upper_protocol(h, value);
      if (desc == nullptr) {
        desc = &kUnknown;
        if (value == static_cast<uint64_t>(ctx.family) && hbase == kBaseNetwork) desc = &h;
      }
      ctx.update(kBaseNetwork, desc);
      return;
    }
    case kMetaL4proto: {
      const Protocol* desc = proto::upper_protocol(*proto::protocol("inet-service"), value);
      ctx.update(kBaseTransport, desc != nullptr ? desc : &kUnknown);
      return;
    }
    case kMetaProtocol: {
      if (hbase != kBaseLL) return;
      if (ctx.family != ir::Family::Netdev && ctx.family != ir::Family::Bridge) return;
      const Protocol* desc = proto::upper_protocol(h, value);
      ctx.update(kBaseNetwork, desc != nullptr ? desc : &kUnknown);
      return;
    }
    default:
      return;
  }
}

void ct_update(ProtoCtx& ctx, const Expr& left, uint64_t value) {
  const uint32_t base = left.key == kCtL3proto ? kBaseLL : kBaseNetwork;
  const Protocol* lower = ctx.protocol[base];
  if (lower == nullptr) return;
  const Protocol* desc = proto::upper_protocol(*lower, value);
  if (desc == nullptr) return;
  ctx.update(base + 1, desc);
}

void update_one(ProtoCtx& ctx, const Expr& left, const Expr& right) {
  std::optional<uint64_t> v = const_value(right);
  if (!v) return;
  if (left.kind == ExprKind::Payload) {
    payload_update(ctx, left, *v);
  } else if (left.kind == ExprKind::Meta) {
    meta_update(ctx, left, *v);
  } else if (left.kind == ExprKind::Ct) {
    ct_update(ctx, left, *v);
  }
}

}  // namespace

const Protocol& unknown_protocol() { return kUnknown; }

uint32_t proto_base(const Protocol& p) { return static_cast<uint32_t>(p.base) + 1; }

const Protocol& hook_protocol(ir::Family f) { return proto::family_protocol(f); }
uint32_t hook_base(ir::Family f) { return proto_base(hook_protocol(f)); }

ProtoCtx::ProtoCtx(ir::Family f) : family(f) { protocol[hook_base(f)] = &hook_protocol(f); }

void pctx_update(ProtoCtx& ctx, const Expr& rel) {
  const Expr& left = *rel.left;
  const Expr& right = *rel.right;
  if ((left.flags & kExprProtocol) == 0) return;
  if (left.kind != ExprKind::Payload && left.kind != ExprKind::Meta && left.kind != ExprKind::Ct) {
    return;
  }
  if (right.kind == ExprKind::Value) {
    update_one(ctx, left, right);
  } else if (right.kind == ExprKind::Set) {
    for (const auto& i : right.items) {
      if (i->kind == ExprKind::SetElem && i->left->kind == ExprKind::Value) {
        update_one(ctx, left, *i->left);
      }
    }
  } else if (right.kind == ExprKind::SetRef && left.kind == ExprKind::Meta) {
    // A lookup tells nothing about the value: nft updates with a zero of the key's type.
    update_one(ctx, left, *make_value(TypeId::Integer, proto::ByteOrder::Invalid, 8, Num()));
  }
}

void ct_update_type(const ProtoCtx& ctx, Expr& e) {
  switch (e.key) {
    case kCtSrc:
    case kCtDst: {
      const Protocol* desc = ctx.protocol[kBaseNetwork];
      if (desc != nullptr && desc->name == "ip") {
        e.type = TypeId::Ipaddr;
        e.nfproto = kNfprotoIpv4;
        e.len = 32;
      } else if (desc != nullptr && desc->name == "ip6") {
        e.type = TypeId::Ip6addr;
        e.nfproto = kNfprotoIpv6;
        e.len = 128;
      }
      return;
    }
    case kCtProtoSrc:
    case kCtProtoDst:
      if (ctx.protocol[kBaseTransport] != nullptr) e.type = TypeId::InetService;
      return;
    default:
      return;
  }
}

}  // namespace nftx::raise
