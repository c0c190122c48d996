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

// nft's ct_label has no names without connlabel.conf; icmp codes only parse symbols.
bool prints_symbols(TypeId t) {
  switch (t) {
    case TypeId::IcmpCode:
    case TypeId::Icmpv6Code:
    case TypeId::IcmpxCode:
    case TypeId::CtLabel:
    case TypeId::Classid:
      return false;
    default:
      return true;
  }
}

// The printf format of a type's integers (basefmt), searched up the base type chain.
std::string integer_string(const Expr& e) {
  if (e.flavor == Flavor::Hex) return "0x" + e.value.hex();
  for (TypeId t = e.type; t != TypeId::Invalid; t = proto::datatype(t).basetype) {
    switch (t) {
      case TypeId::Bitmask:
        return "0x" + e.value.hex();
      case TypeId::Ethertype:
        return "0x" + e.value.hex(4);
      case TypeId::Mark:
        return "0x" + e.value.hex(8);
      case TypeId::Dscp:
        return "0x" + e.value.hex(2);
      case TypeId::Ecn:
        return "0x" + e.value.hex(1);
      default:
        break;
    }
  }
  return e.value.decimal();
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
  // datatype_print: the first type in the base chain with a print function or symbols.
  for (TypeId t = e.type;; t = proto::datatype(t).basetype) {
    switch (t) {
      case TypeId::Invalid:
        return "0x" + e.value.hex() + " [invalid type]";
      case TypeId::Verdict:
        return print_verdict(e.verdict);
      case TypeId::Integer:
        return integer_string(e);
      case TypeId::String:
        return "\"" + string_value(e) + "\"";
      case TypeId::Lladdr:
        return lladdr_string(e);
      case TypeId::Ipaddr:
        return proto::format_ipv4(e.value.to_be(4));
      case TypeId::Ip6addr:
        return proto::format_ipv6(e.value.to_be(16));
      case TypeId::InetProto:
        return inet_proto_string(e, ctx);
      case TypeId::InetService:
        return service_string(e, ctx);
      case TypeId::Time:
        return time_string(e.value.low64(), ctx.numeric_time);
      case TypeId::Mark:
        return integer_string(e);
      case TypeId::Ifindex:
        return ifindex_string(e);
      case TypeId::Realm:
        return symbolic(kRealms, e, true, ctx);
      case TypeId::Devgroup:
        return symbolic(kDevgroups, e, true, ctx);
      case TypeId::Classid:
        return classid_string(e);
      case TypeId::Uid:
      case TypeId::Gid:
      case TypeId::Cgroupv2:
        return e.value.decimal();
      case TypeId::TimeDate:
        return date_string(e);
      case TypeId::TimeHour:
        return hour_string(e);
      case TypeId::TimeDay:
        return symbolic(proto::datatype(t).symbols, e, true, ctx);
      case TypeId::Ethertype:
        return symbolic(proto::datatype(t).symbols, e, false, ctx);
      default:
        break;
    }
    const proto::Datatype& d = proto::datatype(t);
    if (prints_symbols(t) && !d.symbols.empty()) return symbolic(d.symbols, e, false, ctx);
    if (d.basetype == TypeId::Invalid) return integer_string(e);
  }
}

}  // namespace nftx::raise
