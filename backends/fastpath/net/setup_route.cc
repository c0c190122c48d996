// SPDX-License-Identifier: GPL-2.0-or-later
// `ip route add|replace|append` and `ip neigh add|replace` (grammar in setup_parser.h).
#include <optional>
#include <string>

#include "backends/fastpath/net/setup_words.h"

namespace nftx::fastpath::net::setup {
namespace {

// add / replace / append, else nullopt after reporting the word.
std::optional<AddMode> parse_mode(Line& line, const Word& object, bool append_ok) {
  const char* name = object.text.starts_with("n") ? "neigh" : "route";
  if (line.at_end()) {
    line.error(object, "setup-syntax", std::string("missing command after \"") + name + "\"");
    return std::nullopt;
  }
  const Word& cmd = line.next();
  if (cmd.text == "add") return AddMode::Exclusive;
  if (cmd.text == "replace") return AddMode::Replace;
  if (append_ok && cmd.text == "append") return AddMode::Append;
  const std::string hint = append_ok ? closest(cmd.text, {"add", "replace", "append"})
                                     : closest(cmd.text, {"add", "replace"});
  line.error(cmd, "setup-unknown-command",
             "unknown command \"" + std::string(cmd.text) + "\" for \"ip " + name + "\"" +
                 (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
  return std::nullopt;
}

constexpr std::string_view kRouteKeywords[] = {
    "via", "dev",       "metric",      "mtu",      "src",   "proto", "scope",   "onlink", "table",
    "to",  "blackhole", "unreachable", "prohibit", "throw", "local", "unicast", "default"};

struct RouteWords {
  const Word* dst = nullptr;
  const Word* via = nullptr;
  const Word* dev_word = nullptr;
  const Word* src = nullptr;
};

}  // namespace

void parse_route(Line& line, const Word& object) {
  const auto mode = parse_mode(line, object, true);
  if (!mode) return;
  Route r;
  RouteOptions opts;
  RouteWords at;
  bool is_default = false;
  bool type_given = false;
  bool table_given = false;
  while (!line.at_end()) {
    const Word& w = line.next();
    if (w.text == "via") {
      at.via = line.at_end() ? nullptr : &line.peek();
      // `via inet ADDR` / `via inet6 ADDR`: iproute2 lets the family be spelled out.
      if (at.via && (at.via->text == "inet" || at.via->text == "inet6")) at.via = &line.next();
      if (!(r.gateway = line.address(w))) return;
    } else if (w.text == "dev" || w.text == "oif") {
      at.dev_word = line.at_end() ? nullptr : &line.peek();
      Interface* dev = line.device(w);
      if (dev == nullptr) return;
      r.oif = dev->ifindex;
    } else if (w.text == "metric" || w.text == "priority" || w.text == "preference") {
      auto m = line.number(w, 0, UINT32_MAX);
      if (!m) return;
      r.metric = *m;
      opts.metric_given = true;
    } else if (w.text == "mtu") {
      if (!line.at_end() && line.peek().text == "lock") {
        line.next();
        r.mtu_lock = true;
      }
      auto m = line.number(w, 68, 65535);
      if (!m) return;
      r.mtu = *m;
    } else if (w.text == "src") {
      at.src = line.at_end() ? nullptr : &line.peek();
      if (!(r.prefsrc = line.address(w))) return;
    } else if (w.text == "proto" || w.text == "protocol") {
      const Word* v = line.value(w);
      if (v == nullptr) return;
      auto p = parse_route_protocol(v->text);
      if (!p) {
        line.error(*v, "setup-bad-value", "invalid proto \"" + std::string(v->text) + "\"");
        return;
      }
      r.protocol = *p;
    } else if (w.text == "scope") {
      const Word* v = line.value(w);
      if (v == nullptr) return;
      auto s = parse_route_scope(v->text);
      if (!s) {
        line.error(*v, "setup-bad-value",
                   "invalid scope \"" + std::string(v->text) + "\" (global, link or host)");
        return;
      }
      r.scope = *s;
      opts.scope_given = true;
    } else if (w.text == "onlink") {
      opts.onlink = true;
    } else if (w.text == "table") {
      const Word* v = line.value(w);
      if (v == nullptr) return;
      if (v->text == "main" || v->text == "254") {
        r.table = RouteTable::Main;
      } else if (v->text == "local" || v->text == "255") {
        r.table = RouteTable::Local;
      } else {
        line.error(*v, "setup-bad-value",
                   "table \"" + std::string(v->text) + "\" is not supported (main or local)");
        return;
      }
      table_given = true;
    } else if (auto t = parse_route_type(w.text); t && at.dst == nullptr && !type_given) {
      r.type = *t;
      type_given = true;
    } else if (at.dst == nullptr || w.text == "to") {
      if (at.dst != nullptr) {
        line.error(w, "setup-syntax", "duplicate destination");
        return;
      }
      at.dst = w.text == "to" ? line.value(w) : &w;
      if (at.dst == nullptr) return;
      if (at.dst->text == "default" || at.dst->text == "all") {
        is_default = true;
        continue;
      }
      if (!parse_prefix(at.dst->text)) {
        // A misspelt keyword where the destination is expected reads better as such.
        const std::string hint = closest(at.dst->text, kRouteKeywords);
        if (!hint.empty()) {
          line.unknown_argument(*at.dst, kRouteKeywords);
          return;
        }
      }
      auto p = line.prefix(*at.dst);
      if (!p) return;
      if (p->has_host_bits()) {
        line.error(*at.dst, "setup-bad-value", "Invalid prefix for given prefix length");
        return;
      }
      r.dst = *p;
    } else {
      line.unknown_argument(w, kRouteKeywords);
      return;
    }
  }
  if (at.dst == nullptr) {
    line.error(line.last(), "setup-syntax", "missing destination (PREFIX or default)");
    return;
  }
  if (is_default) {
    // The family comes from -4/-6, else from the gateway, else IPv4 (as iproute2).
    Family f = line.forced;
    if (f == Family::None) f = r.gateway ? r.gateway->family : Family::V4;
    r.dst = Prefix{IpAddr::any(f), 0};
  }
  if (!table_given && (r.type == RouteType::Local || r.type == RouteType::Broadcast)) {
    r.table = RouteTable::Local;  // iproute2 puts these in the local table by default
  }
  const Family f = r.dst.family();
  const SetupStatus s = line.setup().add_route(r, *mode, opts);
  // Point at the word that caused the refusal.
  const Word* where = at.dst;
  switch (s) {
    case SetupStatus::InvalidGateway:
    case SetupStatus::FamilyMismatch:
      if (at.via != nullptr) where = at.via;
      if (s == SetupStatus::FamilyMismatch && at.via == nullptr && at.src) where = at.src;
      break;
    case SetupStatus::DeviceDown:
      if (at.dev_word != nullptr) where = at.dev_word;
      break;
    case SetupStatus::InvalidPrefsrc:
      if (at.src != nullptr) where = at.src;
      break;
    case SetupStatus::Ok:
    case SetupStatus::Exists:
    case SetupStatus::AddressAssigned:
    case SetupStatus::NoDevice:
      break;
  }
  line.check(s, *where, f);
}

void parse_neigh(Line& line, const Word& object) {
  const auto mode = parse_mode(line, object, false);
  if (!mode) return;
  Neighbour n;
  const Word* addr_word = nullptr;
  const Word* dev_word = nullptr;
  bool have_mac = false;
  while (!line.at_end()) {
    const Word& w = line.next();
    if (w.text == "lladdr") {
      auto m = line.mac(w);
      if (!m) return;
      n.mac = *m;
      have_mac = true;
    } else if (w.text == "dev") {
      dev_word = line.at_end() ? nullptr : &line.peek();
      Interface* dev = line.device(w);
      if (dev == nullptr) return;
      n.ifindex = dev->ifindex;
    } else if (w.text == "nud") {
      const Word* v = line.value(w);
      if (v == nullptr) return;
      auto st = parse_nud_state(v->text);
      if (!st) {
        line.error(*v, "setup-bad-value",
                   "nud state \"" + std::string(v->text) +
                       "\" is unknown (permanent, reachable, stale, failed or incomplete)");
        return;
      }
      n.state = *st;
    } else if (w.text == "to" || addr_word == nullptr) {
      addr_word = w.text == "to" ? line.value(w) : &w;
      if (addr_word == nullptr) return;
      auto a = parse_ip(addr_word->text);
      if (!a || (line.forced != Family::None && a->family != line.forced)) {
        const std::string hint = closest(addr_word->text, {"lladdr", "dev", "nud", "to"});
        if (!hint.empty()) {
          line.unknown_argument(*addr_word, {"lladdr", "dev", "nud", "to"});
        } else {
          line.error(
              *addr_word, "setup-bad-value",
              "an IP address is expected rather than \"" + std::string(addr_word->text) + "\"");
        }
        return;
      }
      n.addr = *a;
    } else {
      line.unknown_argument(w, {"lladdr", "dev", "nud", "to"});
      return;
    }
  }
  if (addr_word == nullptr || dev_word == nullptr) {
    line.error(line.last(), "setup-syntax", "Device and destination are required arguments.");
    return;
  }
  if (!have_mac && n.state != NudState::Incomplete && n.state != NudState::Failed) {
    line.error(*addr_word, "setup-syntax", "\"lladdr MAC\" is required");
    return;
  }
  line.check(line.setup().add_neighbour(n, *mode), *addr_word, n.addr.family);
}

}  // namespace nftx::fastpath::net::setup
