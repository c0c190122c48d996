// SPDX-License-Identifier: GPL-2.0-or-later
// reject: ICMP, ICMPv6, ICMPx (family-independent) or TCP reset, with the network/transport
// dependency nft puts at the start of the rule when the family does not fix it.
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "compiler/sema/rule_checker.h"

namespace nftx::sema {

using proto::ByteOrder;
using proto::TypeId;

bool RuleChecker::reject(const ast::Reject& r, const Span& at) {
  const int kNet = static_cast<int>(ir::PayloadBase::Network);
  const int kTrans = static_cast<int>(ir::PayloadBase::Transport);
  const proto::Protocol* net = base_[kNet];
  const std::string known = net && !net->pseudo ? std::string(net->name) : "";
  std::vector<checked::Stmt> deps;
  auto dep_meta = [&](const char* key_name, uint64_t value) {
    const proto::Key* k = proto::meta_key(key_name);
    ir::Bytes v = to_order(from_u64(value, k->len_bits / 8), k->byteorder);
    auto e = checked::make(checked::Load{ir::Meta{0, std::nullopt, k->key}}, k->type,
                           k->byteorder, k->len_bits, at);
    deps.push_back(checked::Stmt{checked::Cmp{e, ir::CmpOp::Eq, v}, at});
  };
  // The network protocol an ICMP flavour needs; adds its dependency when the family leaves it open.
  auto need_net = [&](const std::string& want) -> bool {
    if (!known.empty()) {
      if (known != want) {
        error(at, "reject", "conflicting protocols specified: " + known + " vs. " +
                                (want == "ip" ? "icmp" : "icmpv6") + " reject");
        return false;
      }
      return true;
    }
    if (table_.family == ir::Family::Inet) {
      dep_meta("nfproto", want == "ip" ? NFPROTO_IPV4 : NFPROTO_IPV6);
    } else {
      dep_meta("protocol", want == "ip" ? 0x0800 : 0x86dd);
    }
    return true;
  };
  if (!known.empty() && known != "ip" && known != "ip6") {
    error(at, "reject", "reject is not supported for " + known + " packets");
    return false;
  }
  ir::Reject op{NFT_REJECT_ICMP_UNREACH, 0};
  auto code_of = [&](TypeId type, uint8_t fallback) -> std::optional<uint8_t> {
    if (!r.code) return fallback;
    auto c = constant(r.code, ValueType{type, ByteOrder::Big, 8});
    if (!c) return std::nullopt;
    if (!c->ok()) {
      error(r.code->span, "reject", c->error);
      return std::nullopt;
    }
    return c->data[0];
  };
  std::string with = r.with;
  if (with.empty()) {
    if (table_.family == ir::Family::Ip || known == "ip") with = "icmp";
    else if (table_.family == ir::Family::Ip6 || known == "ip6") with = "icmpv6";
    else with = "icmpx";
  }
  if (with == "tcp reset") {
    const proto::Protocol* th = base_[kTrans];
    if (th && !th->pseudo && th->name != "tcp") {
      error(at, "reject", "conflicting protocols specified: " + std::string(th->name) +
                              " vs. tcp reset");
      return false;
    }
    if (!th) dep_meta("l4proto", 6);
    op = ir::Reject{NFT_REJECT_TCP_RST, 0};
  } else if (with == "icmp") {
    if (table_.family == ir::Family::Ip6) {
      error(at, "reject", "reject with icmp is not valid in an ip6 table: use icmpv6");
      return false;
    }
    if (table_.family != ir::Family::Ip && !need_net("ip")) return false;
    auto code = code_of(TypeId::IcmpCode, 3);
    if (!code) return false;
    op = ir::Reject{NFT_REJECT_ICMP_UNREACH, *code};
  } else if (with == "icmpv6") {
    if (table_.family == ir::Family::Ip) {
      error(at, "reject", "reject with icmpv6 is not valid in an ip table: use icmp");
      return false;
    }
    if (table_.family != ir::Family::Ip6 && !need_net("ip6")) return false;
    auto code = code_of(TypeId::Icmpv6Code, 4);
    if (!code) return false;
    op = ir::Reject{NFT_REJECT_ICMP_UNREACH, *code};
  } else if (with == "icmpx") {
    auto code = code_of(TypeId::IcmpxCode, 1);
    if (!code) return false;
    op = ir::Reject{NFT_REJECT_ICMPX_UNREACH, *code};
  } else {
    error(at, "reject", "unknown reject type '" + with + "': use icmp, icmpv6, icmpx or tcp reset");
    return false;
  }
  // nft puts these dependencies first in the rule.
  out_.stmts.insert(out_.stmts.begin(), deps.begin(), deps.end());
  emit(checked::Emit{op}, at);
  return true;
}

}  // namespace nftx::sema
