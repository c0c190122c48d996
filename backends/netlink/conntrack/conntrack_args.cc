// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/conntrack/conntrack_args.h"

#include <arpa/inet.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <string_view>

#include "backends/netlink/conntrack/conntrack_tables.h"

namespace nftx::conntrack {
namespace {

enum class Opt : uint8_t {
  Offloaded,
  Json,
  Output,
  Proto,
  OrigSrc,
  OrigDst,
  ReplySrc,
  ReplyDst,
  OrigSport,
  OrigDport,
  ReplySport,
  ReplyDport,
  Mark,
  Zone,
  OrigZone,
  ReplyZone,
  Family,
  Status,
  Help
};

struct OptSpec {
  Opt opt;
  std::string_view short_name;  // "" when there is none
  std::string_view long_names;  // space separated aliases
  bool takes_value;
  std::string_view help;
};

constexpr std::array<OptSpec, 19> kOptions = {{
    {Opt::Offloaded, "", "offloaded", false,
     "only flows offloaded to a flowtable (software or hw)"},
    {Opt::Json, "-j", "json", false, "JSON output"},
    {Opt::Output, "-o", "output", true, "extended,id: show the layer 3 protocol / the id"},
    {Opt::Proto, "-p", "proto protonum", true, "layer 4 protocol, by name or number"},
    {Opt::OrigSrc, "-s", "src orig-src", true, "original source address[/prefix]"},
    {Opt::OrigDst, "-d", "dst orig-dst", true, "original destination address[/prefix]"},
    {Opt::ReplySrc, "-r", "reply-src", true, "reply source address[/prefix]"},
    {Opt::ReplyDst, "-q", "reply-dst", true, "reply destination address[/prefix]"},
    {Opt::OrigSport, "", "sport orig-port-src", true, "original source port"},
    {Opt::OrigDport, "", "dport orig-port-dst", true, "original destination port"},
    {Opt::ReplySport, "", "reply-port-src", true, "reply source port"},
    {Opt::ReplyDport, "", "reply-port-dst", true, "reply destination port"},
    {Opt::Mark, "-m", "mark", true, "mark value[/mask]"},
    {Opt::Zone, "-w", "zone", true, "conntrack zone"},
    {Opt::OrigZone, "", "orig-zone", true, "zone of the original direction"},
    {Opt::ReplyZone, "", "reply-zone", true, "zone of the reply direction"},
    {Opt::Family, "-f", "family", true, "ipv4 or ipv6"},
    {Opt::Status, "-u", "status", true, "status bits that must be set, e.g. ASSURED,SEEN_REPLY"},
    {Opt::Help, "-h", "help", false, "this help"},
}};

bool long_name_is(std::string_view names, std::string_view name) {
  while (!names.empty()) {
    const size_t sp = names.find(' ');
    if (names.substr(0, sp) == name) return true;
    if (sp == std::string_view::npos) break;
    names.remove_prefix(sp + 1);
  }
  return false;
}

const OptSpec* find_option(std::string_view word) {
  for (const auto& spec : kOptions) {
    if (word.starts_with("--") ? long_name_is(spec.long_names, word.substr(2))
                               : (!spec.short_name.empty() && word == spec.short_name)) {
      return &spec;
    }
  }
  return nullptr;
}

std::optional<uint32_t> parse_number(const std::string& text, uint32_t max) {
  if (text.empty() || text[0] == '-' || text[0] == '+') return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 0);
  if (errno != 0 || *end != '\0' || v > max) return std::nullopt;
  return static_cast<uint32_t>(v);
}

std::optional<uint16_t> parse_u16(const std::string& text) {
  const auto v = parse_number(text, 0xffff);
  return v ? std::optional<uint16_t>(static_cast<uint16_t>(*v)) : std::nullopt;
}

// Applies one option; returns an error message, empty on success.
std::string apply(const OptSpec& spec, const std::string& value, ListRequest& req) {
  ConntrackFilter& f = req.filter;
  const std::string bad = "bad value '" + value + "' for --" +
                          std::string(spec.long_names.substr(0, spec.long_names.find(' ')));
  auto set_addr = [&](std::optional<AddressMatch>& slot) -> std::string {
    slot = parse_address_match(value);
    if (!slot) return bad + ": expected an address with an optional /prefix";
    if (f.family && *f.family != slot->family) return "mismatched address family";
    f.family = slot->family;  // an address implies its family, as in conntrack-tools
    return "";
  };
  auto set_u16 = [&](std::optional<uint16_t>& slot) -> std::string {
    slot = parse_u16(value);
    return slot ? "" : bad + ": expected a number from 0 to 65535";
  };
  switch (spec.opt) {
    case Opt::Offloaded:
      f.offloaded = true;
      return "";
    case Opt::Json:
      req.json = true;
      return "";
    case Opt::Help:
      req.help = true;
      return "";
    case Opt::Output: {
      std::string_view rest = value;
      while (true) {
        const std::string_view item = rest.substr(0, rest.find(','));
        if (item == "extended") {
          req.extended = true;
        } else if (item == "id") {
          req.show_id = true;
        } else {
          return bad + ": supported output types are extended and id";
        }
        if (item.size() == rest.size()) return "";
        rest.remove_prefix(item.size() + 1);
      }
    }
    case Opt::Proto:
      f.l4proto = parse_l4_protocol(value);
      return f.l4proto ? "" : bad + ": expected a protocol name (tcp, udp, ...) or number";
    case Opt::OrigSrc:
      return set_addr(f.orig_src);
    case Opt::OrigDst:
      return set_addr(f.orig_dst);
    case Opt::ReplySrc:
      return set_addr(f.reply_src);
    case Opt::ReplyDst:
      return set_addr(f.reply_dst);
    case Opt::OrigSport:
      return set_u16(f.orig_sport);
    case Opt::OrigDport:
      return set_u16(f.orig_dport);
    case Opt::ReplySport:
      return set_u16(f.reply_sport);
    case Opt::ReplyDport:
      return set_u16(f.reply_dport);
    case Opt::Zone:
      return set_u16(f.zone);
    case Opt::OrigZone:
      return set_u16(f.orig_zone);
    case Opt::ReplyZone:
      return set_u16(f.reply_zone);
    case Opt::Mark:
      f.mark = parse_mark_match(value);
      return f.mark ? "" : bad + ": expected value[/mask]";
    case Opt::Family: {
      const uint8_t fam = value == "ipv4" ? kFamilyIpv4 : value == "ipv6" ? kFamilyIpv6 : 0;
      if (fam == 0) return bad + ": expected ipv4 or ipv6";
      if (f.family && *f.family != fam) return "mismatched address family";
      f.family = fam;
      return "";
    }
    case Opt::Status: {
      std::string_view rest = value;
      while (true) {
        const std::string_view item = rest.substr(0, rest.find(','));
        const auto bit = parse_status_bit(item);
        if (!bit) return bad + ": unknown status '" + std::string(item) + "'";
        f.status_all |= *bit;
        if (item.size() == rest.size()) return "";
        rest.remove_prefix(item.size() + 1);
      }
    }
  }
  return "";
}

}  // namespace

std::optional<AddressMatch> parse_address_match(const std::string& text) {
  const size_t slash = text.find('/');
  const std::string addr = text.substr(0, slash);
  AddressMatch m;
  if (inet_pton(AF_INET, addr.c_str(), m.address.data()) == 1) {
    m.family = kFamilyIpv4;
    m.prefix_len = 32;
  } else if (inet_pton(AF_INET6, addr.c_str(), m.address.data()) == 1) {
    m.family = kFamilyIpv6;
    m.prefix_len = 128;
  } else {
    return std::nullopt;
  }
  if (slash != std::string::npos) {
    const auto len = parse_number(text.substr(slash + 1), m.prefix_len);
    if (!len || text.substr(slash + 1).find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    m.prefix_len = static_cast<uint8_t>(*len);
  }
  return m;
}

std::optional<MarkMatch> parse_mark_match(const std::string& text) {
  const size_t slash = text.find('/');
  const auto value = parse_number(text.substr(0, slash), 0xffffffff);
  if (!value) return std::nullopt;
  MarkMatch m{*value, 0xffffffff};
  if (slash != std::string::npos) {
    const auto mask = parse_number(text.substr(slash + 1), 0xffffffff);
    if (!mask) return std::nullopt;
    m.mask = *mask;
  }
  return m;
}

ArgsResult parse_list_args(const std::vector<std::string>& args) {
  ListRequest req;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string word = args[i];
    std::optional<std::string> inline_value;
    if (word.starts_with("--") && word.find('=') != std::string::npos) {
      inline_value = word.substr(word.find('=') + 1);
      word.resize(word.find('='));
    }
    const OptSpec* spec = find_option(word);
    if (!spec) return {std::nullopt, "unknown option '" + args[i] + "' for list conntrack"};
    std::string value;
    if (spec->takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return {std::nullopt, "option '" + word + "' needs a value"};
      }
    } else if (inline_value) {
      return {std::nullopt, "option '" + word + "' takes no value"};
    }
    if (std::string err = apply(*spec, value, req); !err.empty()) return {std::nullopt, err};
  }
  return {req, ""};
}

std::string list_args_help() {
  std::string out = "Usage: nftx [-j] list conntrack [options]\n";
  for (const auto& spec : kOptions) {
    std::string names(spec.short_name);
    std::string_view rest = spec.long_names;
    while (!rest.empty()) {
      const size_t sp = rest.find(' ');
      names += (names.empty() ? "--" : ", --") + std::string(rest.substr(0, sp));
      if (sp == std::string_view::npos) break;
      rest.remove_prefix(sp + 1);
    }
    if (spec.takes_value) names += " ARG";
    out += "  " + names + std::string(names.size() < 34 ? 34 - names.size() : 1, ' ') +
           std::string(spec.help) + "\n";
  }
  return out;
}

}  // namespace nftx::conntrack
