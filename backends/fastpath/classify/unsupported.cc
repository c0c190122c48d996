// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/classify/unsupported.h"

#include <variant>

#include "backends/fastpath/classify/kernel_consts.h"

namespace nftx::fastpath::classify {

namespace {

using Reason = std::optional<std::string>;

Reason no(const char* what) {
  return std::string(what) + " is not supported by the fastpath engine";
}

// One case per IR operation, no catch-all: a new operation must be classified here.
struct Check {
  const CompiledTable& table;

  Reason operator()(const ir::Payload& p) const {
    if (p.base == ir::PayloadBase::Inner) return no("inner header matching");
    return std::nullopt;
  }
  Reason operator()(const ir::PayloadWrite& p) const {
    if (p.base == ir::PayloadBase::Inner) return no("inner header mangling");
    if (p.csum_type == k::kCsumSctp) return no("SCTP checksum update");
    return std::nullopt;
  }
  Reason operator()(const ir::Cmp&) const { return std::nullopt; }
  Reason operator()(const ir::Range&) const { return std::nullopt; }
  Reason operator()(const ir::Bitwise&) const { return std::nullopt; }
  Reason operator()(const ir::Byteorder&) const { return std::nullopt; }
  Reason operator()(const ir::Meta& m) const {
    if (m.sreg) {
      if (m.key == k::kMetaMark || m.key == k::kMetaPriority || m.key == k::kMetaPkttype ||
          m.key == k::kMetaNftrace) {
        return std::nullopt;
      }
      return no("this meta statement");
    }
    if (m.key == k::kMetaSecmark || m.key == k::kMetaCgroup || m.key == k::kMetaBriIifname ||
        m.key == k::kMetaBriOifname || m.key == k::kMetaBriIifpvid ||
        m.key == k::kMetaBriIifvproto || m.key == k::kMetaBriBroute) {
      return no("this meta expression");
    }
    return std::nullopt;
  }
  Reason operator()(const ir::Ct& c) const {
    if (c.sreg && c.key != k::kCtMark && c.key != k::kCtZone && c.key != k::kCtLabels &&
        c.key != k::kCtEventmask) {
      return no("this ct statement");
    }
    if (!c.sreg && c.key == k::kCtSecmark) return no("ct secmark");
    return std::nullopt;
  }
  Reason operator()(const ir::Immediate&) const { return std::nullopt; }
  Reason operator()(const ir::ImmediateVerdict& v) const {
    if (v.verdict.code == ir::VerdictCode::Queue) return no("queue");
    return std::nullopt;
  }
  Reason operator()(const ir::Lookup&) const { return std::nullopt; }
  Reason operator()(const ir::Counter&) const { return std::nullopt; }
  Reason operator()(const ir::Limit&) const { return std::nullopt; }
  Reason operator()(const ir::Quota&) const { return std::nullopt; }
  Reason operator()(const ir::Last&) const { return std::nullopt; }
  Reason operator()(const ir::Log&) const { return std::nullopt; }
  Reason operator()(const ir::Reject&) const { return std::nullopt; }
  Reason operator()(const ir::Nat&) const { return std::nullopt; }
  Reason operator()(const ir::Masq&) const { return std::nullopt; }
  Reason operator()(const ir::Redir&) const { return std::nullopt; }
  Reason operator()(const ir::Notrack&) const { return std::nullopt; }
  Reason operator()(const ir::FlowOffload&) const { return std::nullopt; }
  Reason operator()(const ir::Objref& o) const {
    if (o.type != k::kObjCounter && o.type != k::kObjQuota && o.type != k::kObjLimit) {
      return no("this object reference (only counter, quota and limit objects run)");
    }
    return std::nullopt;
  }
  Reason operator()(const ir::Exthdr& e) const {
    if (e.op == k::kExthdrSctp || e.op == k::kExthdrDccp) return no("SCTP/DCCP chunk matching");
    if (e.sreg && e.op != k::kExthdrTcpopt) return no("this extension header statement");
    return std::nullopt;
  }
  Reason operator()(const ir::Fib&) const { return std::nullopt; }
  Reason operator()(const ir::Rt&) const { return std::nullopt; }
  Reason operator()(const ir::Numgen&) const { return std::nullopt; }
  Reason operator()(const ir::Hash& h) const {
    if (h.type == k::kHashSym) return no("symhash");
    return std::nullopt;
  }
  Reason operator()(const ir::Socket&) const { return no("socket"); }
  Reason operator()(const ir::Osf&) const { return no("osf"); }
  Reason operator()(const ir::Tproxy&) const { return no("tproxy"); }
  Reason operator()(const ir::Queue&) const { return no("queue"); }
  Reason operator()(const ir::Dup&) const { return no("dup"); }
  Reason operator()(const ir::Fwd&) const { return no("fwd"); }
  Reason operator()(const ir::Synproxy&) const { return no("synproxy"); }
  Reason operator()(const ir::Connlimit&) const { return no("ct count"); }
  Reason operator()(const ir::Xfrm&) const { return no("ipsec"); }
  Reason operator()(const ir::DynsetBox& d) const {
    for (const ir::Instr& in : d.get().exprs) {
      if (!is_stateful(in.op)) return no("this set statement expression");
    }
    return std::nullopt;
  }
};

}  // namespace

std::optional<std::string> unsupported_reason(const ir::Op& op, const CompiledTable& table) {
  return std::visit(Check{table}, op);
}

}  // namespace nftx::fastpath::classify
