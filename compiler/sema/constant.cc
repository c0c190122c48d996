// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/sema/constant.h"

#include <grp.h>
#include <net/if.h>
#include <pwd.h>

#include <algorithm>
#include <ctime>

#include "compiler/proto/value.h"

namespace nftx::sema {

using proto::ByteOrder;
using proto::TypeId;

namespace {

// Minimal big-endian bytes of v (at least one byte), as parse_number() returns them.
ir::Bytes minimal_be(uint64_t v) {
  uint8_t tmp[8];
  size_t n = 0;
  do {
    tmp[n++] = static_cast<uint8_t>(v & 0xff);
    v >>= 8;
  } while (v);
  ir::Bytes be(n);
  for (size_t i = 0; i < n; ++i) be[i] = tmp[n - 1 - i];
  return be;
}

// Numbers that fit 64 bits (nearly all) without the arbitrary-width loop; nullopt when the
// text is not such a number (the general path then decides).
std::optional<ir::Bytes> parse_small_number(std::string_view text) {
  const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  const std::string_view digits = hex ? text.substr(2) : text;
  if (digits.size() > (hex ? 16u : 19u)) return std::nullopt;
  uint64_t v = 0;
  for (char c : digits) {
    unsigned d;
    if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
    else if (hex && c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
    else if (hex && c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
    else return std::nullopt;
    v = v * (hex ? 16 : 10) + d;
  }
  return minimal_be(v);
}

}  // namespace

std::optional<ir::Bytes> parse_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (auto small = parse_small_number(text)) return small;
  ir::Bytes be{0};
  auto mul_add = [&](unsigned base, unsigned digit) {
    unsigned carry = digit;
    for (auto it = be.rbegin(); it != be.rend(); ++it) {
      unsigned v = *it * base + carry;
      *it = static_cast<uint8_t>(v & 0xff);
      carry = v >> 8;
    }
    while (carry) {
      be.insert(be.begin(), static_cast<uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  };
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    for (char c : text.substr(2)) {
      unsigned d;
      if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
      else return std::nullopt;
      mul_add(16, d);
    }
  } else {
    for (char c : text) {
      if (c < '0' || c > '9') return std::nullopt;
      mul_add(10, static_cast<unsigned>(c - '0'));
    }
  }
  while (be.size() > 1 && be.front() == 0) be.erase(be.begin());
  return be;
}

std::optional<ir::Bytes> fit_number(const ir::Bytes& be, uint32_t len_bits) {
  const uint32_t len_bytes = (len_bits + 7) / 8;
  ir::Bytes trimmed = be;
  while (trimmed.size() > 1 && trimmed.front() == 0) trimmed.erase(trimmed.begin());
  if (trimmed.size() > len_bytes) return std::nullopt;
  ir::Bytes out(len_bytes - trimmed.size(), 0);
  out.insert(out.end(), trimmed.begin(), trimmed.end());
  if (len_bits % 8 != 0 && !out.empty()) {
    const unsigned spare = 8 - len_bits % 8;
    if (out.front() >> (8 - spare)) return std::nullopt;
  }
  return out;
}

ir::Bytes to_order(ir::Bytes be, ByteOrder order) {
  if (order == ByteOrder::Host) std::reverse(be.begin(), be.end());
  return be;
}

ir::Bytes from_u64(uint64_t v, uint32_t len_bytes) {
  ir::Bytes out(len_bytes, 0);
  for (uint32_t i = 0; i < len_bytes && i < 8; ++i) {
    out[len_bytes - 1 - i] = static_cast<uint8_t>(v >> (8 * i));
  }
  return out;
}

uint64_t to_u64(const ir::Bytes& be) {
  uint64_t v = 0;
  for (size_t i = be.size() > 8 ? be.size() - 8 : 0; i < be.size(); ++i) v = v << 8 | be[i];
  return v;
}

namespace {

std::string range_error(const std::string& text, uint32_t len_bits) {
  if (len_bits >= 64) return "Value " + text + " exceeds valid range";
  const uint64_t max = len_bits == 0 ? 0 : (~uint64_t{0} >> (64 - len_bits));
  return "Value " + text + " exceeds valid range 0-" + std::to_string(max);
}

ConstResult number_value(const ir::Bytes& be, const std::string& text, const ValueType& want) {
  ConstResult r;
  auto fitted = fit_number(be, want.len_bits);
  if (!fitted) {
    r.error = want.type == TypeId::InetService ? "Service out of range"
                                                : range_error(text, want.len_bits);
    return r;
  }
  r.data = to_order(*fitted, want.byteorder);
  return r;
}

ConstResult string_value(const std::string& text, const ValueType& want, bool wildcard) {
  ConstResult r;
  const uint32_t len = want.len_bits / 8;
  std::string s = text;
  if (s.empty()) {
    r.error = "Empty string is not allowed";
    return r;
  }
  if (s.size() >= 2 && s[s.size() - 2] == '\\' && s.back() == '*') {
    // `"eth\*"`: a literal asterisk, not a wildcard.
    s.erase(s.size() - 2, 1);
    wildcard = false;
  }
  if (wildcard && !s.empty() && s.back() == '*') {
    s.pop_back();
    r.wildcard_len = static_cast<uint32_t>(s.size());
  }
  if (len && s.size() >= len + (r.wildcard_len ? 1 : 0)) {
    r.error = "String '" + text + "' exceeds maximum length of " + std::to_string(len - 1);
    return r;
  }
  r.data.assign(s.begin(), s.end());
  if (!r.wildcard_len) r.data.resize(len ? len : s.size() + 1, 0);
  return r;
}

// Type-specific words that are not in a symbol table.
std::optional<ConstResult> special_word(const std::string& text, const ValueType& want) {
  auto as_value = [&](uint64_t v) {
    return number_value(from_u64(v, 8), text, want);
  };
  if (proto::derives_from(want.type, TypeId::Ipaddr)) {
    if (auto b = proto::parse_ipv4(text)) return ConstResult{*b, {}, {}};
    return ConstResult{{}, {}, "Could not resolve hostname: " + text};
  }
  if (proto::derives_from(want.type, TypeId::Ip6addr)) {
    if (auto b = proto::parse_ipv6(text)) return ConstResult{*b, {}, {}};
    return ConstResult{{}, {}, "Could not resolve hostname: " + text};
  }
  if (proto::derives_from(want.type, TypeId::Lladdr)) {
    auto b = proto::parse_lladdr(text);
    if (b && b->size() * 8 == want.len_bits) return ConstResult{*b, {}, {}};
    if (b && want.len_bits == 0) return ConstResult{*b, {}, {}};
    return ConstResult{{}, {}, "Invalid link layer address '" + text + "'"};
  }
  if (want.type == TypeId::InetService) {
    if (auto p = proto::lookup_service(text)) return as_value(*p);
    return ConstResult{{}, {}, "Could not resolve service: Servname not supported for ai_socktype"};
  }
  if (want.type == TypeId::Ifindex) {
    if (unsigned idx = if_nametoindex(text.c_str())) return as_value(idx);
    return ConstResult{{}, {}, "Interface does not exist"};
  }
  if (want.type == TypeId::Uid) {
    if (const passwd* pw = getpwnam(text.c_str())) return as_value(pw->pw_uid);
    return ConstResult{{}, {}, "User does not exist"};
  }
  if (want.type == TypeId::Gid) {
    if (const group* gr = getgrnam(text.c_str())) return as_value(gr->gr_gid);
    return ConstResult{{}, {}, "Group does not exist"};
  }
  if (want.type == TypeId::Time) {
    if (auto ms = proto::parse_time_ms(text)) return as_value(*ms);
    return ConstResult{{}, {}, "Wrong time format"};
  }
  if (want.type == TypeId::TimeDate) {
    if (auto ns = proto::parse_date_ns(text, proto::local_utc_offset)) return as_value(*ns);
    return ConstResult{{}, {}, "Could not parse date: use \"YYYY-MM-DD HH:MM:SS\""};
  }
  if (want.type == TypeId::TimeHour) {
    if (auto secs = proto::parse_hour(text, proto::local_utc_offset(::time(nullptr)))) {
      return as_value(*secs);
    }
    return ConstResult{{}, {}, "Could not parse hour: use HH:MM or HH:MM:SS"};
  }
  if (want.type == TypeId::Devgroup && text == "default") return as_value(0);
  if (want.type == TypeId::Realm && text == "cosmos") return as_value(0);
  if (want.type == TypeId::Classid) {
    auto colon = text.find(':');
    if (colon != std::string::npos) {
      auto major = parse_number("0x" + text.substr(0, colon));
      auto minor = parse_number("0x" + text.substr(colon + 1));
      if (major && minor) return as_value(to_u64(*major) << 16 | to_u64(*minor));
    }
  }
  return std::nullopt;
}

}  // namespace

ConstResult range_checked(ConstResult r, const ValueType& want, const std::string& text) {
  if (!r.ok()) return r;
  ir::Bytes be = to_order(r.data, want.byteorder);
  const uint64_t v = to_u64(be);
  if (want.type == TypeId::TimeDay && v > 6) {
    r.error = "Day " + text + " is out of range: 0 (Sunday) to 6 (Saturday)";
  }
  if (want.type == TypeId::CtLabel && r.data.size() == 16) {
    // Labels are bit numbers 0-127 (nft sets the bit); anything else is out of range.
  }
  return r;
}

ConstResult parse_constant_unchecked(const ast::Symbol& sym, const ValueType& want);

ConstResult parse_constant(const ast::Symbol& sym, const ValueType& want) {
  if (want.type == TypeId::CtLabel) {
    auto be = parse_number(sym.text);
    if (!be || to_u64(*be) > 127) {
      ConstResult r;
      r.error = "ct label " + sym.text + " is out of range: labels are bits 0-127";
      return r;
    }
    ir::Bytes bits(16, 0);
    const uint64_t bit = to_u64(*be);
    bits[bit / 8] = static_cast<uint8_t>(1u << (bit % 8));
    return ConstResult{bits, {}, {}};
  }
  return range_checked(parse_constant_unchecked(sym, want), want, sym.text);
}

ConstResult parse_constant_unchecked(const ast::Symbol& sym, const ValueType& want) {
  const TypeId root = proto::root_basetype(want.type);
  if (root == TypeId::String || want.type == TypeId::Ifname) {
    return string_value(sym.text, want, sym.kind == ast::SymbolKind::Asterisk ||
                                            (sym.kind == ast::SymbolKind::Quoted &&
                                             !sym.text.empty() && sym.text.back() == '*'));
  }
  if (sym.kind == ast::SymbolKind::Number && want.type == TypeId::Time) {
    if (auto ms = proto::parse_time_ms(sym.text)) {
      return number_value(from_u64(*ms, 8), sym.text, want);
    }
  }
  if (sym.kind == ast::SymbolKind::Number && want.type == TypeId::TimeDate) {
    // A plain number of seconds since the epoch; the kernel compares nanoseconds.
    if (auto be = parse_number(sym.text)) {
      const uint64_t ns = to_u64(*be) * 1000000000u;  // wraps as nft's does past year 2554
      return number_value(from_u64(ns, 8), sym.text, want);
    }
  }
  if (sym.kind == ast::SymbolKind::Number) {
    if (auto be = parse_number(sym.text)) return number_value(*be, sym.text, want);
  }
  if (auto v = proto::lookup_symbol(want.type, sym.text)) {
    return number_value(from_u64(*v, 8), sym.text, want);
  }
  if (auto special = special_word(sym.text, want)) return *special;
  if (auto be = parse_number(sym.text)) return number_value(*be, sym.text, want);
  const auto& dt = proto::datatype(want.type);
  ConstResult r;
  r.error = "Could not parse " + std::string(dt.desc.empty() ? dt.name : dt.desc);
  return r;
}

}  // namespace nftx::sema
