// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/json/value_json.h"

#include <string>

namespace nftx::raise {
namespace {

using proto::TypeId;

// integer_type_json: a number when it fits 64 bits, else a hex string.
Json integer_json(const Expr& e) {
  if (e.value.fits64()) return Json(e.value.low64());
  return Json("0x" + e.value.hex());
}

// symbolic_constant_json: the name from the table, else the base type's number.
Json symbolic_json(std::span<const proto::Symbol> table, const Expr& e) {
  if (e.value.fits64()) {
    const uint64_t v = e.value.low64();
    for (const proto::Symbol& s : table) {
      if (s.value == v) return Json(std::string(s.name));
    }
  }
  return integer_json(e);
}

// Types nft prints through their text printer: the text with the surrounding quotes removed.
Json printed_json(const Expr& e, const PrintCtx& ctx) {
  std::string s = print_value(e, ctx);
  if (!s.empty() && s.front() == '"') {
    s.erase(0, 1);
    const size_t q = s.find('"');
    if (q != std::string::npos) s.resize(q);
  }
  return Json(s);
}

}  // namespace

Json verdict_json(const ir::Verdict& v) {
  const char* name = "accept";
  switch (v.code) {
    case ir::VerdictCode::Drop:
      name = "drop";
      break;
    case ir::VerdictCode::Accept:
      name = "accept";
      break;
    case ir::VerdictCode::Queue:
      name = "queue";
      break;
    case ir::VerdictCode::Continue:
      name = "continue";
      break;
    case ir::VerdictCode::Break:
      name = "break";
      break;
    case ir::VerdictCode::Jump:
      return Json{{"jump", Json{{"target", v.chain}}}};
    case ir::VerdictCode::Goto:
      return Json{{"goto", Json{{"target", v.chain}}}};
    case ir::VerdictCode::Return:
      name = "return";
      break;
  }
  return Json{{name, nullptr}};
}

Json value_json(const Expr& e, const PrintCtx& ctx, bool icmp_code_names) {
  if (e.kind == ExprKind::Verdict) return verdict_json(e.verdict);
  if (e.flavor == Flavor::Hex) return integer_json(e);
  if (!e.symbols.empty()) return symbolic_json(e.symbols, e);
  // datatype_json: the first type in the base chain with a json callback, a symbol table or a
  // print function decides.
  for (TypeId t = e.type;; t = proto::datatype(t).basetype) {
    switch (t) {
      case TypeId::Invalid:
        return printed_json(e, ctx);
      case TypeId::Verdict:
        return verdict_json(e.verdict);
      case TypeId::Integer:
      case TypeId::Bitmask:
      case TypeId::Uid:
      case TypeId::Gid:
        return integer_json(e);
      case TypeId::Mark:
        // The mark table (rt_marks) is empty here: the number.
        return integer_json(e);
      case TypeId::String:
      case TypeId::Ifname:
        return Json(string_value(e));
      case TypeId::Boolean:
        return Json(!e.value.is_zero());
      case TypeId::InetProto:
        if (!ctx.numeric_proto && e.value.fits64() && e.value.low64() <= 255) {
          if (auto name = proto::symbol_name(TypeId::InetProto, e.value.low64())) {
            return Json(std::string(*name));
          }
        }
        return integer_json(e);
      case TypeId::InetService:
        if (ctx.service) return printed_json(e, ctx);
        return integer_json(e);
      case TypeId::Time:
        return Json(e.value.low64() / 1000);
      case TypeId::CtLabel:
        return Json(static_cast<uint64_t>(e.value.scan1(0).value_or(0)));
      case TypeId::Devgroup: {
        static constexpr proto::Symbol kDevgroups[] = {{"default", 0}};
        return symbolic_json(kDevgroups, e);
      }
      case TypeId::Lladdr:
      case TypeId::Etheraddr:
      case TypeId::Ipaddr:
      case TypeId::Ip6addr:
      case TypeId::Ifindex:
      case TypeId::Realm:
      case TypeId::Classid:
      case TypeId::TimeDate:
      case TypeId::TimeHour:
      case TypeId::Cgroupv2:
        return printed_json(e, ctx);
      case TypeId::Nfproto:
      case TypeId::Dscp:
      case TypeId::Ecn:
      case TypeId::Arpop:
      case TypeId::IcmpType:
      case TypeId::TcpFlag:
      case TypeId::DccpPkttype:
      case TypeId::MhType:
      case TypeId::Arphrd:
      case TypeId::CtState:
      case TypeId::CtDir:
      case TypeId::CtStatus:
      case TypeId::Icmp6Type:
      case TypeId::Pkttype:
      case TypeId::FibAddr:
      case TypeId::CtEventbit:
      case TypeId::IgmpType:
      case TypeId::TimeDay:
      case TypeId::Ethertype:
        if (!proto::datatype(t).symbols.empty())
          return symbolic_json(proto::datatype(t).symbols, e);
        break;
      // icmp codes have names only for parsing and the reject statement in nft 1.1.
      case TypeId::IcmpCode:
      case TypeId::Icmpv6Code:
      case TypeId::IcmpxCode:
        if (icmp_code_names) return symbolic_json(proto::datatype(t).symbols, e);
        break;
      case TypeId::Count_:
        break;
    }
    if (proto::datatype(t).basetype == TypeId::Invalid) return integer_json(e);
  }
}

}  // namespace nftx::raise
