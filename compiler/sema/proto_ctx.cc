// SPDX-License-Identifier: GPL-2.0-or-later
// Protocol dependencies, as nft adds them. The checker tracks what each base (link, network,
// transport) is known to carry: the family says where it starts, explicit matches such as
// `meta l4proto tcp` or `ip protocol tcp` teach it more, and a header field of an unknown layer
// gets the match that makes it known (`meta nfproto`, `meta protocol`, `meta l4proto`,
// `meta iiftype`, `ether type vlan`).
#include <linux/netfilter/nf_tables.h>

#include <algorithm>

#include "compiler/sema/rule_checker.h"

namespace nftx::sema {

using checked::make;
using proto::ByteOrder;

namespace {

constexpr int kLink = static_cast<int>(ir::PayloadBase::LinkLayer);
constexpr int kNet = static_cast<int>(ir::PayloadBase::Network);
constexpr int kTrans = static_cast<int>(ir::PayloadBase::Transport);
constexpr uint64_t kArphrdEther = 1;

uint64_t value_of(ir::Bytes b, ByteOrder order) {
  if (order == ByteOrder::Host) std::reverse(b.begin(), b.end());
  return to_u64(b);
}

}  // namespace

void RuleChecker::emit_dep_meta(uint32_t key, const ir::Bytes& value, const Span& at) {
  const proto::Key* k = proto::meta_key(key);
  auto e = make(checked::Load{ir::Meta{0, std::nullopt, key}}, k->type, k->byteorder,
                k->len_bits, at);
  emit(checked::Cmp{e, ir::CmpOp::Eq, value}, at);
}

uint32_t RuleChecker::link_offset_bits(const proto::Protocol& p) const {
  if (p.base != ir::PayloadBase::LinkLayer) return 0;
  uint32_t off = 0;
  for (const proto::Protocol* s : ll_stack_) {
    if (s == &p && &p != base_[kLink]) return off;  // an outer header of the stack
    off += s->length_bits;
  }
  return off;
}

bool RuleChecker::link_stacked(const proto::Protocol& p) const {
  return std::find(ll_stack_.begin(), ll_stack_.end(), &p) != ll_stack_.end();
}

void RuleChecker::push_link(const proto::Protocol& next) {
  if (const proto::Protocol* cur = base_[kLink]; cur && !cur->pseudo) ll_stack_.push_back(cur);
  base_[kLink] = &next;
}

bool RuleChecker::need(const proto::Protocol& p, const Span& at, bool link_type) {
  const int b = static_cast<int>(p.base);
  if (b > kTrans) return true;
  const proto::Protocol* cur = base_[b];
  if (p.name == "th" && cur && !cur->pseudo && b == kTrans) {
    return true;  // `th` is raw for nft: any known transport header has its ports there
  }
  if (ambiguous_[b] && cur && p.name != "th") {
    error(at, "proto-conflict", "conflicting protocols specified: " + std::string(cur->name) +
                                    " vs. " + std::string(p.name));
    return false;
  }
  if (cur == &p) return true;
  auto meta_value = [&](const char* name, uint64_t v) {
    const proto::Key* k = proto::meta_key(name);
    ir::Bytes be = from_u64(v, k->len_bits / 8);
    emit_dep_meta(k->key, to_order(be, k->byteorder), at);
  };
  if (b == kLink) {
    if (p.name == "ether") {
      if (link_stacked(p)) return true;  // below a vlan header: no conflict
      if (cur && !cur->pseudo) {
        error(at, "proto-conflict", "conflicting protocols specified: " + std::string(cur->name) +
                                        " vs. ether");
        return false;
      }
      meta_value("iiftype", kArphrdEther);
      base_[kLink] = &p;
      return true;
    }
    if (p.name == "vlan") {
      if (!need(*proto::protocol("ether"), at)) return false;
      const proto::Protocol* net = base_[kNet];
      if (net_learned_ && net && !net->pseudo) {
        error(at, "proto-conflict", "conflicting protocols specified: " +
                                        std::string(net->name) + " vs. vlan");
        return false;
      }
      const proto::Protocol& ether = *proto::protocol("ether");
      const proto::Field* type = proto::field(ether, "type");
      auto load = make(checked::Load{ir::Payload{0, ir::PayloadBase::LinkLayer,
                                                 type->offset_bits / 8, 2}},
                       type->type, ByteOrder::Big, 16, at);
      emit(checked::Cmp{load, ir::CmpOp::Eq, from_u64(*proto::upper_value(ether, "vlan"), 2)},
           at);
      push_link(p);
      return true;
    }
    error(at, "proto", "cannot use " + std::string(p.name) + " here");
    return false;
  }
  if (b == kNet) {
    if (cur && !cur->pseudo) {
      error(at, "proto-conflict", "conflicting protocols specified: " + std::string(cur->name) +
                                      " vs. " + std::string(p.name));
      return false;
    }
    const proto::Protocol* link = base_[kLink];
    // The link header's own type field, except that nft prefers `meta protocol` for ip and ip6
    // in bridge tables (skb->protocol also sees vlan-offloaded frames).
    const bool bridge_l3 = table_.family == ir::Family::Bridge && !link_type &&
                           (p.name == "ip" || p.name == "ip6");
    const bool link_field = link && (link->name == "vlan" || (link->name == "ether" && !bridge_l3));
    if (table_.family == ir::Family::Inet && (!link || link->name == "inet")) {
      auto v = proto::upper_value(proto::family_protocol(ir::Family::Inet), p.name);
      if (!v) {
        error(at, "proto-family", std::string(p.name) + " is not valid in an inet table");
        return false;
      }
      meta_value("nfproto", *v);
    } else if (link_field) {
      const proto::Field* type = proto::field(*link, "type");
      auto v = proto::upper_value(*link, p.name);
      if (!v) {
        error(at, "proto-conflict", "conflicting protocols specified: " +
                                        std::string(link->name) + " vs. " + std::string(p.name));
        return false;
      }
      auto load = make(checked::Load{ir::Payload{0, ir::PayloadBase::LinkLayer,
                                                 (link_offset_bits(*link) + type->offset_bits) / 8,
                                                 2}},
                       type->type, ByteOrder::Big, 16, at);
      emit(checked::Cmp{load, ir::CmpOp::Eq, from_u64(*v, 2)}, at);
    } else {
      auto v = proto::upper_value(*proto::protocol("netdev"), p.name);
      if (!v) {
        error(at, "proto-family", "cannot determine the dependency of " + std::string(p.name));
        return false;
      }
      meta_value("protocol", *v);
    }
    base_[kNet] = &p;
    return true;
  }
  // Transport: icmp/igmp live in IPv4, icmpv6 in IPv6; the rest in either.
  const proto::Protocol* net = base_[kNet];
  if (p.name == "icmp" || p.name == "igmp") {
    if (!net || net->pseudo) {
      if (!need(*proto::protocol("ip"), at, true)) return false;
    } else if (net->name != "ip" && !(p.name == "icmp" && net->name == "ip6")) {
      // ip6's next header may be icmp (nft links it), not igmp.
      error(at, "proto-conflict", "conflicting protocols specified: " + std::string(net->name) +
                                      " vs. " + std::string(p.name));
      return false;
    }
  } else if (p.name == "icmpv6") {
    if (!net || net->pseudo) {
      if (!need(*proto::protocol("ip6"), at, true)) return false;
    } else if (net->name != "ip6" && net->name != "ip") {
      error(at, "proto-conflict", "conflicting protocols specified: " + std::string(net->name) +
                                      " vs. icmpv6");
      return false;
    }
  }
  if (cur && !cur->pseudo) {
    error(at, "proto-conflict", "conflicting protocols specified: " + std::string(cur->name) +
                                    " vs. " + std::string(p.name));
    return false;
  }
  const proto::Protocol* lower = net && !net->pseudo ? net : proto::protocol("ip");
  auto v = proto::upper_value(*lower, p.name);
  if (!v && p.name == "th") {
    base_[kTrans] = nullptr;
    return true;
  }
  if (!v) {
    error(at, "proto", "cannot determine the transport protocol number of " + std::string(p.name));
    return false;
  }
  meta_value("l4proto", *v);
  base_[kTrans] = &p;
  return true;
}

// The protocol a protocol-key match selects (`meta l4proto tcp`, `ether type ip`), if any.
const proto::Protocol* RuleChecker::upper_of(const Lhs& l, uint64_t v) const {
  if (l.meta_key) {
    const proto::Key* k = proto::meta_key(*l.meta_key);
    if (!k) return nullptr;
    if (k->name == "nfproto") {
      return proto::upper_protocol(proto::family_protocol(ir::Family::Inet), v);
    }
    if (k->name == "l4proto") {
      if (auto* up = proto::upper_protocol(*proto::protocol("ip"), v)) return up;
      return proto::upper_protocol(*proto::protocol("ip6"), v);
    }
    if (k->name == "protocol") return proto::upper_protocol(*proto::protocol("netdev"), v);
    return nullptr;
  }
  if (l.proto && l.proto->key_field && *l.proto->key_field == l.field) {
    return proto::upper_protocol(*l.proto, v);
  }
  return nullptr;
}

// `meta l4proto { tcp, udp }`: nft learns every element's protocol; the last one stands for the
// base, which stays ambiguous when they differ (a later header field of that base conflicts).
void RuleChecker::learn_set(const Lhs& l, const ir::Set& set, const ir::SetElems& elems) {
  if (l.parts.size() != 1 || (set.flags & NFT_SET_INTERVAL)) return;
  const proto::Protocol* last = nullptr;
  bool differ = false;
  for (const auto& e : elems.elements) {
    if (e.flags & NFT_SET_ELEM_CATCHALL) continue;
    const proto::Protocol* up = upper_of(l, value_of(e.key, l.parts[0].byteorder));
    if (!up || up->base == ir::PayloadBase::LinkLayer) continue;
    differ = differ || (last && last != up);
    last = up;
  }
  if (!last) return;
  const int b = static_cast<int>(last->base);
  if (b > kTrans) return;
  base_[b] = last;
  ambiguous_[b] = ambiguous_[b] || differ;
}

void RuleChecker::learn(const Lhs& l, const ir::Bytes& value) {
  if (l.parts.size() != 1) return;
  const uint64_t v = value_of(value, l.parts[0].byteorder);
  if (l.meta_key) {
    const proto::Key* k = proto::meta_key(*l.meta_key);
    if (!k) return;
    if (k->name == "nfproto") {
      if (auto* up = proto::upper_protocol(proto::family_protocol(ir::Family::Inet), v)) {
        base_[static_cast<int>(up->base)] = up;
      }
    } else if (k->name == "l4proto") {
      if (auto* up = proto::upper_protocol(*proto::protocol("ip"), v)) base_[kTrans] = up;
      else if (auto* up6 = proto::upper_protocol(*proto::protocol("ip6"), v)) base_[kTrans] = up6;
    } else if (k->name == "protocol") {
      if (auto* up = proto::upper_protocol(*proto::protocol("netdev"), v)) {
        base_[static_cast<int>(up->base)] = up;
      }
    } else if (k->name == "iiftype" && v == kArphrdEther) {
      base_[kLink] = proto::protocol("ether");
    }
    return;
  }
  if (l.proto && (l.proto->name == "icmp" || l.proto->name == "icmpv6") && l.field == "type") {
    icmp_type_ = v;
  }
  if (l.proto && l.proto->key_field && *l.proto->key_field == l.field) {
    if (auto* up = proto::upper_protocol(*l.proto, v)) {
      if (up->base == ir::PayloadBase::LinkLayer) {
        // A stacked link header: only the innermost header's type field announces one.
        if (l.proto == base_[kLink]) push_link(*up);
        return;
      }
      base_[static_cast<int>(up->base)] = up;
      if (up->base == ir::PayloadBase::Network) net_learned_ = true;
    }
  }
}

}  // namespace nftx::sema
