// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/value_print.h"

#include <arpa/inet.h>
#include <net/if.h>

#include <array>
#include <cstdio>
#include <ctime>

#include "compiler/proto/value.h"

namespace nftx::raise {
namespace {

using proto::ByteOrder;
using proto::TypeId;

// The iproute2 tables nft reads at run time, as Debian installs them.
constexpr proto::Symbol kRealms[] = {{"cosmos", 0}};
constexpr proto::Symbol kDevgroups[] = {{"default", 0}};

// How nft prints each type (its print function, symbol table and basefmt).
enum class Printer : uint8_t {
  BaseType,  // neither: print like the base type
  Symbols,   // symbol table, then the base type
  Invalid,
  Verdict,
  Integer,
  Hex,
  Hex2,
  Hex1,
  Hex4,
  Hex8,
  String,
  Lladdr,
  Ipv4,
  Ipv6,
  InetProto,
  Service,
  Time,
  Mark,
  Ifindex,
  Realm,
  Devgroup,
  Classid,
  Decimal,
  Date,
  Hour,
  Day,
  Ethertype,
  CtLabel,
};

constexpr Printer printer(TypeId t) {
  switch (t) {
    case TypeId::Invalid:
      return Printer::Invalid;
    case TypeId::Verdict:
      return Printer::Verdict;
    case TypeId::Integer:
      return Printer::Integer;
    case TypeId::Bitmask:
      return Printer::Hex;
    case TypeId::String:
      return Printer::String;
    case TypeId::Lladdr:
      return Printer::Lladdr;
    case TypeId::Ipaddr:
      return Printer::Ipv4;
    case TypeId::Ip6addr:
      return Printer::Ipv6;
    case TypeId::InetProto:
      return Printer::InetProto;
    case TypeId::InetService:
      return Printer::Service;
    case TypeId::Time:
      return Printer::Time;
    case TypeId::Mark:
      return Printer::Mark;
    case TypeId::Ifindex:
      return Printer::Ifindex;
    case TypeId::Realm:
      return Printer::Realm;
    case TypeId::Devgroup:
      return Printer::Devgroup;
    case TypeId::Classid:
      return Printer::Classid;
    case TypeId::Uid:
    case TypeId::Gid:
    case TypeId::Cgroupv2:
      return Printer::Decimal;
    case TypeId::TimeDate:
      return Printer::Date;
    case TypeId::TimeHour:
      return Printer::Hour;
    case TypeId::TimeDay:
      return Printer::Day;
    case TypeId::Ethertype:
      return Printer::Ethertype;
    case TypeId::CtLabel:
      // Label names come from connlabel.conf, which nft does not find here: the bit.
      return Printer::CtLabel;
    case TypeId::Dscp:
    case TypeId::Ecn:
    case TypeId::Nfproto:
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
    case TypeId::Boolean:
    case TypeId::CtEventbit:
    case TypeId::IgmpType:
      return Printer::Symbols;
    // icmp codes have symbols only for parsing (the reject statement's tables); the others
    // print like their base types.
    case TypeId::IcmpCode:
    case TypeId::Icmpv6Code:
    case TypeId::IcmpxCode:
    case TypeId::Etheraddr:
    case TypeId::Ifname:
    case TypeId::Count_:
      return Printer::BaseType;
  }
  return Printer::BaseType;
}

// The printf format of a type's integers (basefmt), searched up the base type chain.
Printer integer_format(const Expr& e) {
  if (e.flavor == Flavor::Hex) return Printer::Hex;
  for (TypeId t = e.type; t != TypeId::Invalid; t = proto::datatype(t).basetype) {
    switch (t) {
      case TypeId::Bitmask:
        return Printer::Hex;
      case TypeId::Ethertype:
        return Printer::Hex4;
      case TypeId::Mark:
        return Printer::Hex8;
      case TypeId::Dscp:
        return Printer::Hex2;
      case TypeId::Ecn:
        return Printer::Hex1;
      case TypeId::Integer:
        return Printer::Integer;
      case TypeId::Invalid:
      case TypeId::Verdict:
      case TypeId::Nfproto:
      case TypeId::String:
      case TypeId::Lladdr:
      case TypeId::Ipaddr:
      case TypeId::Ip6addr:
      case TypeId::Etheraddr:
      case TypeId::Arpop:
      case TypeId::InetProto:
      case TypeId::InetService:
      case TypeId::IcmpType:
      case TypeId::TcpFlag:
      case TypeId::DccpPkttype:
      case TypeId::MhType:
      case TypeId::Time:
      case TypeId::Ifindex:
      case TypeId::Arphrd:
      case TypeId::Realm:
      case TypeId::Classid:
      case TypeId::Uid:
      case TypeId::Gid:
      case TypeId::CtState:
      case TypeId::CtDir:
      case TypeId::CtStatus:
      case TypeId::Icmp6Type:
      case TypeId::CtLabel:
      case TypeId::Pkttype:
      case TypeId::IcmpCode:
      case TypeId::Icmpv6Code:
      case TypeId::IcmpxCode:
      case TypeId::Devgroup:
      case TypeId::FibAddr:
      case TypeId::Boolean:
      case TypeId::CtEventbit:
      case TypeId::Ifname:
      case TypeId::IgmpType:
      case TypeId::TimeDate:
      case TypeId::TimeHour:
      case TypeId::TimeDay:
      case TypeId::Cgroupv2:
      case TypeId::Count_:
        break;
    }
  }
  return Printer::Integer;
}

std::string integer_string(const Expr& e) {
  const Printer f = integer_format(e);
  if (f == Printer::Integer) return e.value.decimal();
  const uint32_t digits = f == Printer::Hex1   ? 1
                          : f == Printer::Hex2 ? 2
                          : f == Printer::Hex4 ? 4
                          : f == Printer::Hex8 ? 8
                                               : 0;
  return "0x" + e.value.hex(digits);
}

std::string symbolic(std::span<const proto::Symbol> table, const Expr& e, bool quotes,
                     const PrintCtx& ctx) {
  if (!ctx.numeric_symbol && e.value.fits64()) {
    const uint64_t v = e.value.low64();
    for (const proto::Symbol& s : table) {
      if (s.value == v) {
        std::string name(s.name);
        return quotes ? "\"" + name + "\"" : name;
      }
    }
  }
  return integer_string(e);
}

std::string lladdr_string(const Expr& e) {
  return proto::format_ether(e.value.to_be((e.len + 7) / 8));
}

std::string hour_string(const Expr& e) {
  int64_t seconds = static_cast<int64_t>(e.value.low64());
  const time_t now = time(nullptr);
  struct tm tm {};
  if (localtime_r(&now, &tm) != nullptr) {
    seconds = (seconds + tm.tm_gmtoff) % 86400;
    if (seconds < 0) seconds += 86400;
  }
  const int64_t h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
  std::array<char, 32> buf{};
  if (s != 0) {
    std::snprintf(buf.data(), buf.size(), "\"%02lld:%02lld:%02lld\"", static_cast<long long>(h),
                  static_cast<long long>(m), static_cast<long long>(s));
  } else {
    std::snprintf(buf.data(), buf.size(), "\"%02lld:%02lld\"", static_cast<long long>(h),
                  static_cast<long long>(m));
  }
  return buf.data();
}

std::string date_string(const Expr& e) {
  // Nanoseconds since the epoch, printed in local time.
  time_t t = static_cast<time_t>(e.value.low64() / 1000000000ULL);
  struct tm tm {};
  if (localtime_r(&t, &tm) == nullptr) return e.value.decimal();
  std::array<char, 64> buf{};
  if (std::strftime(buf.data(), buf.size(), "%Y-%m-%d %H:%M:%S", &tm) == 0) return "";
  return "\"" + std::string(buf.data()) + "\"";
}

std::string classid_string(const Expr& e) {
  const uint32_t h = static_cast<uint32_t>(e.value.low64());
  if (h == 0xffffffffu) return "root";
  if (h == 0) return "none";
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%x:%x", h >> 16, h & 0xffff);
  return buf.data();
}

std::string ifindex_string(const Expr& e) {
  const uint32_t index = static_cast<uint32_t>(e.value.low64());
  std::array<char, IF_NAMESIZE> name{};
  if (index != 0 && if_indextoname(index, name.data()) != nullptr) {
    return "\"" + std::string(name.data()) + "\"";
  }
  return std::to_string(index);
}

std::string inet_proto_string(const Expr& e, const PrintCtx& ctx) {
  if (!ctx.numeric_proto && e.value.fits64() && e.value.low64() <= 255) {
    if (auto name = proto::symbol_name(TypeId::InetProto, e.value.low64())) {
      return std::string(*name);
    }
  }
  return e.value.decimal();
}

std::string service_string(const Expr& e, const PrintCtx& ctx) {
  if (ctx.service && e.value.fits64() && e.value.low64() <= 0xffff) {
    if (auto name = proto::service_name(static_cast<uint16_t>(e.value.low64()))) {
      return "\"" + std::string(*name) + "\"";
    }
  }
  return e.value.decimal();
}

}  // namespace

std::string time_string(uint64_t ms, bool seconds_only) {
  if (seconds_only) return std::to_string(ms / 1000) + "s";
  const uint64_t days = ms / 86400000;
  ms %= 86400000;
  const uint64_t hours = ms / 3600000;
  ms %= 3600000;
  const uint64_t minutes = ms / 60000;
  ms %= 60000;
  const uint64_t seconds = ms / 1000;
  ms %= 1000;
  std::string out;
  if (days > 0) out += std::to_string(days) + "d";
  if (hours > 0) out += std::to_string(hours) + "h";
  if (minutes > 0) out += std::to_string(minutes) + "m";
  if (seconds > 0) out += std::to_string(seconds) + "s";
  if (ms > 0) out += std::to_string(ms) + "ms";
  return out.empty() ? "0s" : out;
}

std::string string_value(const Expr& e) {
  std::vector<uint8_t> b = e.value.to_le((e.len + 7) / 8);
  std::string s;
  for (uint8_t c : b) {
    if (c == 0) break;
    s.push_back(static_cast<char>(c));
  }
  return s;
}

std::string print_verdict(const ir::Verdict& v) {
  switch (v.code) {
    case ir::VerdictCode::Drop:
      return "drop";
    case ir::VerdictCode::Accept:
      return "accept";
    case ir::VerdictCode::Queue:
      return "queue";
    case ir::VerdictCode::Continue:
      return "continue";
    case ir::VerdictCode::Break:
      return "break";
    case ir::VerdictCode::Jump:
      return "jump " + v.chain;
    case ir::VerdictCode::Goto:
      return "goto " + v.chain;
    case ir::VerdictCode::Return:
      return "return";
  }
  return "unknown verdict";
}

std::string print_value(const Expr& e, const PrintCtx& ctx) {
  if (e.kind == ExprKind::Verdict) return print_verdict(e.verdict);
  if (e.flavor == Flavor::Hex) return integer_string(e);
  if (!e.symbols.empty()) return symbolic(e.symbols, e, false, ctx);
  // datatype_print: the first type in the base chain with a print function or symbols.
  for (TypeId t = e.type;; t = proto::datatype(t).basetype) {
    switch (printer(t)) {
      case Printer::Invalid:
        return "0x" + e.value.hex() + " [invalid type]";
      case Printer::Verdict:
        return print_verdict(e.verdict);
      case Printer::Integer:
      case Printer::Hex:
      case Printer::Hex1:
      case Printer::Hex2:
      case Printer::Hex4:
      case Printer::Hex8:
      case Printer::Mark:
        return integer_string(e);
      case Printer::String:
        return "\"" + string_value(e) + "\"";
      case Printer::Lladdr:
        return lladdr_string(e);
      case Printer::Ipv4:
        return proto::format_ipv4(e.value.to_be(4));
      case Printer::Ipv6:
        return proto::format_ipv6(e.value.to_be(16));
      case Printer::InetProto:
        return inet_proto_string(e, ctx);
      case Printer::Service:
        return service_string(e, ctx);
      case Printer::Time:
        return time_string(e.value.low64(), ctx.numeric_time);
      case Printer::Ifindex:
        return ifindex_string(e);
      case Printer::Realm:
        return symbolic(kRealms, e, true, ctx);
      case Printer::Devgroup:
        return symbolic(kDevgroups, e, true, ctx);
      case Printer::Classid:
        return classid_string(e);
      case Printer::Decimal:
        return e.value.decimal();
      case Printer::Date:
        return date_string(e);
      case Printer::Hour:
        return hour_string(e);
      case Printer::Day:
        return symbolic(proto::datatype(t).symbols, e, true, ctx);
      case Printer::Ethertype:
      case Printer::Symbols:
        return symbolic(proto::datatype(t).symbols, e, false, ctx);
      case Printer::CtLabel:
        return std::to_string(e.value.scan1(0).value_or(0));
      case Printer::BaseType:
        if (proto::datatype(t).basetype == TypeId::Invalid) return integer_string(e);
        break;
    }
  }
}

}  // namespace nftx::raise
