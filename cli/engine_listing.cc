// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/engine_listing.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "backends/fastpath/engine/engine_stats.h"
#include "backends/fastpath/flowtable/flowtable.h"
#include "backends/netlink/conntrack/conntrack_filter.h"
#include "backends/netlink/conntrack/conntrack_json.h"
#include "backends/netlink/conntrack/conntrack_text.h"

namespace nftx::cli {
namespace {

namespace fp = fastpath;
constexpr uint64_t kSecond = 1000000000ULL;

struct FamilyName {
  std::string_view name;
  uint8_t nfproto;
};
constexpr std::array kFamilyNames = {
    FamilyName{"inet", 1}, FamilyName{"ip", 2},    FamilyName{"arp", 3},
    FamilyName{"netdev", 5}, FamilyName{"bridge", 7}, FamilyName{"ip6", 10},
};

nlohmann::ordered_json nonzero_counts(const auto& counts, const auto& names) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] != 0) j[std::string(names[i])] = counts[i];
  }
  return j;
}

conntrack::Tuple to_tuple(const fp::ct::Tuple& t) {
  conntrack::Tuple out;
  std::memcpy(out.src.data(), t.src, 16);
  std::memcpy(out.dst.data(), t.dst, 16);
  out.l4proto = t.l4;
  if (t.is_icmp()) {
    out.icmp = conntrack::IcmpKey{t.icmp_type(), t.icmp_code(), ntohs(t.sport)};
  } else if (t.l4 == IPPROTO_TCP || t.l4 == IPPROTO_UDP) {
    out.sport = ntohs(t.sport);
    out.dport = ntohs(t.dport);
  }
  return out;
}

std::string ifname(fp::Engine& engine, uint32_t ifindex) {
  const fp::net::Interface* i = engine.network().interfaces.find(ifindex);
  return i != nullptr ? i->name : std::to_string(ifindex);
}

struct FlowInfo {
  const fp::flow::Flowtable* table;
  const fp::flow::FlowEntry* entry;
};

std::map<const fp::ct::Conn*, FlowInfo> flows_by_conn(fp::Engine& engine) {
  std::map<const fp::ct::Conn*, FlowInfo> out;
  for (const auto& ft : engine.flowtables()) {
    ft->for_each([&](const fp::flow::FlowEntry& e) { out[e.conn] = FlowInfo{ft.get(), &e}; });
  }
  return out;
}

std::string flow_block(fp::Engine& engine, const FlowInfo& f) {
  const auto& e = *f.entry;
  const uint64_t idle = (engine.now_ns() - e.last_used_ns) / kSecond;
  return " [flow " + f.table->config().name + " in=" + ifname(engine, e.dir[0].key.iif) +
         " out=" + ifname(engine, e.dir[0].oif) + " idle=" + std::to_string(idle) +
         "s packets=" + std::to_string(e.packets[0] + e.packets[1]) +
         " bytes=" + std::to_string(e.bytes[0] + e.bytes[1]) + "]";
}

nlohmann::ordered_json flow_json(fp::Engine& engine, const FlowInfo& f) {
  const auto& e = *f.entry;
  nlohmann::ordered_json j;
  j["flowtable"] = f.table->config().name;
  j["iif"] = ifname(engine, e.dir[0].key.iif);
  j["oif"] = ifname(engine, e.dir[0].oif);
  j["idle_s"] = (engine.now_ns() - e.last_used_ns) / kSecond;
  j["expires_s"] = e.timeout_ns > engine.now_ns() ? (e.timeout_ns - engine.now_ns()) / kSecond : 0;
  j["closing"] = (e.flags & fp::flow::kFlowClosing) != 0;
  j["snat"] = (e.flags & fp::flow::kFlowSnat) != 0;
  j["dnat"] = (e.flags & fp::flow::kFlowDnat) != 0;
  j["orig"] = {{"packets", e.packets[0]}, {"bytes", e.bytes[0]}};
  j["reply"] = {{"packets", e.packets[1]}, {"bytes", e.bytes[1]}};
  return j;
}

}  // namespace

conntrack::ConntrackEntry to_entry(const fp::ct::Conn& c, uint64_t now_ns) {
  conntrack::ConntrackEntry e;
  e.l3family = c.l3() == fp::kNfprotoIpv4 ? conntrack::kFamilyIpv4 : conntrack::kFamilyIpv6;
  e.orig = to_tuple(c.tuples[0]);
  e.reply = to_tuple(c.tuples[1]);
  e.status = c.status;
  const bool offloaded = (c.status & fp::ct::ips::kOffload) != 0;
  if (!offloaded) {
    e.timeout = static_cast<uint32_t>(c.expires_in(now_ns) / kSecond);
    if (c.l4() == IPPROTO_TCP) {
      e.proto_state = conntrack::ProtoState{conntrack::StateKind::Tcp,
                                            static_cast<uint8_t>(c.tcp.state)};
    }
  }
  e.mark = c.mark;
  if (c.zone != 0) e.zone = c.zone;
  e.use = offloaded ? 2 : 1;
  e.id = c.id;
  e.orig_counters = conntrack::Counters{c.packets[0], c.bytes[0]};
  e.reply_counters = conntrack::Counters{c.packets[1], c.bytes[1]};
  return e;
}

std::string list_engine_conntrack(fp::Engine& engine, const EngineListOptions& opts,
                                  size_t* shown_count) {
  const auto flows = flows_by_conn(engine);
  std::vector<std::pair<const fp::ct::Conn*, conntrack::ConntrackEntry>> shown;
  engine.conntrack().for_each([&](fp::ct::Conn& c) {
    conntrack::ConntrackEntry e = to_entry(c, engine.now_ns());
    if (opts.offloaded_only && !e.offloaded()) return;
    if (!conntrack::filter_matches(opts.filter, e)) return;
    shown.emplace_back(&c, std::move(e));
  });
  if (shown_count != nullptr) *shown_count = shown.size();
  if (opts.json) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& [conn, e] : shown) {
      nlohmann::ordered_json j = conntrack::entry_to_json(e);
      auto it = flows.find(conn);
      if (it != flows.end()) j["flow"] = flow_json(engine, it->second);
      arr.push_back(std::move(j));
    }
    return arr.dump(2) + "\n";
  }
  std::string out;
  conntrack::TextOptions topts;
  topts.show_layer3 = opts.extended;
  topts.show_id = opts.show_id;
  for (const auto& [conn, e] : shown) {
    std::string line = conntrack::format_conntrack_line(e, topts);
    auto it = flows.find(conn);
    if (it != flows.end()) line += flow_block(engine, it->second);
    out += line + "\n";
  }
  return out;
}

std::string list_engine_flowtables(fp::Engine& engine, bool json, const FlowtableSelection& sel,
                                   size_t* shown) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  std::string out;
  if (shown != nullptr) *shown = 0;
  for (const auto& ft : engine.flowtables()) {
    const auto& c = ft->config();
    if ((sel.family && *sel.family != c.family) || (!sel.table.empty() && sel.table != c.table) ||
        (!sel.name.empty() && sel.name != c.name)) {
      continue;
    }
    if (shown != nullptr) ++*shown;
    const auto& s = ft->stats();
    nlohmann::ordered_json j;
    j["table"] = c.table;
    j["name"] = c.name;
    j["hook"] = c.early_ingress ? "early_ingress" : "ingress";
    j["priority"] = c.priority;
    nlohmann::ordered_json devs = nlohmann::ordered_json::array();
    for (uint32_t d : c.devices) devs.push_back(ifname(engine, d));
    j["devices"] = devs;
    j["entries"] = ft->size();
    j["hits"] = s.hits;
    j["created"] = s.created;
    j["expired"] = s.expired;
    j["torn_down"] = s.torn_down;
    nlohmann::ordered_json not_off, bypass;
    for (size_t i = 0; i < s.not_offloaded.size(); ++i) {
      if (s.not_offloaded[i] != 0) not_off[std::string(fp::flow::kNotOffloadedNames[i])] =
                                       s.not_offloaded[i];
    }
    for (size_t i = 0; i < s.bypass.size(); ++i) {
      if (s.bypass[i] != 0) bypass[std::string(fp::flow::kBypassNames[i])] = s.bypass[i];
    }
    j["not_offloaded"] = not_off.is_null() ? nlohmann::ordered_json::object() : not_off;
    j["slow_path"] = bypass.is_null() ? nlohmann::ordered_json::object() : bypass;
    arr.push_back(j);
    out += "flowtable " + c.table + " " + c.name + " hook " + j["hook"].get<std::string>() +
           " priority " + std::to_string(c.priority) + " devices = { ";
    for (size_t i = 0; i < c.devices.size(); ++i) {
      out += (i ? ", " : "") + ifname(engine, c.devices[i]);
    }
    out += " }\n  entries " + std::to_string(ft->size()) + " hits " + std::to_string(s.hits) +
           " created " + std::to_string(s.created) + " expired " + std::to_string(s.expired) +
           " torn_down " + std::to_string(s.torn_down) + "\n";
    for (const auto& [k, v] : j["not_offloaded"].items()) {
      out += "  not_offloaded " + k + " " + std::to_string(v.get<uint64_t>()) + "\n";
    }
    for (const auto& [k, v] : j["slow_path"].items()) {
      out += "  slow_path " + k + " " + std::to_string(v.get<uint64_t>()) + "\n";
    }
    if (sel.name.empty()) continue;  // entries only for `list flowtable NAME`
    nlohmann::ordered_json flows = nlohmann::ordered_json::array();
    ft->for_each([&](const fp::flow::FlowEntry& e) {
      const fp::flow::FlowDir& o = e.dir[0];
      const uint8_t fam = o.key.l3;
      auto endpoint = [&](const uint8_t* addr, uint16_t port_be) {
        conntrack::Address a{};
        std::memcpy(a.data(), addr, 16);
        const std::string text = conntrack::address_to_string(fam, a);
        return (fam == conntrack::kFamilyIpv6 ? "[" + text + "]" : text) + ":" +
               std::to_string(ntohs(port_be));
      };
      const std::string proto = o.key.l4 == IPPROTO_TCP ? "tcp" : "udp";
      const uint64_t now = engine.now_ns();
      const uint64_t idle = (now - e.last_used_ns) / kSecond;
      const uint64_t expires = e.timeout_ns > now ? (e.timeout_ns - now) / kSecond : 0;
      std::string line = "  flow " + proto + " " + endpoint(o.key.src, o.key.sport) + " -> " +
                         endpoint(o.key.dst, o.key.dport) + " in " + ifname(engine, o.key.iif) +
                         " out " + ifname(engine, o.oif);
      const bool snat = (o.rewrite & fp::flow::kRewriteSrc) != 0;
      const bool dnat = (o.rewrite & fp::flow::kRewriteDst) != 0;
      if (snat) line += " snat " + endpoint(e.new_src(0), e.new_sport(0));
      if (dnat) line += " dnat " + endpoint(e.new_dst(0), e.new_dport(0));
      line += " idle " + std::to_string(idle) + "s expires " + std::to_string(expires) +
              "s packets " + std::to_string(e.packets[0] + e.packets[1]) + " bytes " +
              std::to_string(e.bytes[0] + e.bytes[1]);
      if ((e.flags & fp::flow::kFlowClosing) != 0) line += " closing";
      out += line + "\n";
      nlohmann::ordered_json f;
      f["protocol"] = proto;
      f["src"] = endpoint(o.key.src, o.key.sport);
      f["dst"] = endpoint(o.key.dst, o.key.dport);
      f["iif"] = ifname(engine, o.key.iif);
      f["oif"] = ifname(engine, o.oif);
      if (snat) f["snat"] = endpoint(e.new_src(0), e.new_sport(0));
      if (dnat) f["dnat"] = endpoint(e.new_dst(0), e.new_dport(0));
      f["idle_s"] = idle;
      f["expires_s"] = expires;
      f["orig"] = {{"packets", e.packets[0]}, {"bytes", e.bytes[0]}};
      f["reply"] = {{"packets", e.packets[1]}, {"bytes", e.bytes[1]}};
      f["closing"] = (e.flags & fp::flow::kFlowClosing) != 0;
      flows.push_back(std::move(f));
    });
    arr.back()["flows"] = std::move(flows);
  }
  return json ? arr.dump(2) + "\n" : out;
}

std::optional<uint8_t> nfproto_of(std::string_view family) {
  for (const FamilyName& f : kFamilyNames) {
    if (f.name == family) return f.nfproto;
  }
  return std::nullopt;
}

std::string list_engine_stats(fp::Engine& engine, bool json, std::string_view phase) {
  const fp::EngineStats& s = engine.stats();
  const double clock = static_cast<double>(engine.now_ns()) / static_cast<double>(kSecond);
  if (json) {
    nlohmann::ordered_json j;
    j["phase"] = phase;
    j["clock_s"] = clock;
    j["rx"] = s.rx;
    j["tx"] = s.tx;
    j["fast_path"] = s.fast_path;
    j["classic"] = s.classic;
    j["local"] = s.local;
    j["generated"] = s.generated;
    j["fragments_out"] = s.fragments_out;
    j["bursts"] = s.bursts;
    j["dropped"] = s.dropped();
    j["drops"] = nonzero_counts(s.drops, fp::kDropReasonNames);
    nlohmann::ordered_json ifs = nlohmann::ordered_json::object();
    for (size_t i = 0; i < s.rx_if.size() || i < s.tx_if.size(); ++i) {
      const uint64_t rx = i < s.rx_if.size() ? s.rx_if[i] : 0;
      const uint64_t tx = i < s.tx_if.size() ? s.tx_if[i] : 0;
      if (rx != 0 || tx != 0) {
        ifs[ifname(engine, static_cast<uint32_t>(i))] = {{"rx", rx}, {"tx", tx}};
      }
    }
    j["interfaces"] = ifs;
    nlohmann::ordered_json fts = nlohmann::ordered_json::array();
    for (const auto& ft : engine.flowtables()) {
      const auto& fs = ft->stats();
      fts.push_back({{"table", ft->config().table},
                     {"name", ft->config().name},
                     {"entries", ft->size()},
                     {"hits", fs.hits},
                     {"created", fs.created},
                     {"not_offloaded", nonzero_counts(fs.not_offloaded,
                                                      fp::flow::kNotOffloadedNames)}});
    }
    j["flowtables"] = fts;
    return j.dump(2) + "\n";
  }
  char clock_text[32];
  std::snprintf(clock_text, sizeof(clock_text), "%.3f", clock);
  std::string out = "phase " + std::string(phase) + "\nclock " + clock_text + "\n";
  out += fp::format_stats(s);
  for (size_t i = 0; i < s.rx_if.size() || i < s.tx_if.size(); ++i) {
    const uint64_t rx = i < s.rx_if.size() ? s.rx_if[i] : 0;
    const uint64_t tx = i < s.tx_if.size() ? s.tx_if[i] : 0;
    if (rx == 0 && tx == 0) continue;
    out += "interface " + ifname(engine, static_cast<uint32_t>(i)) + " rx " + std::to_string(rx) +
           " tx " + std::to_string(tx) + "\n";
  }
  for (const auto& ft : engine.flowtables()) {
    const auto& fs = ft->stats();
    out += "flowtable " + ft->config().table + " " + ft->config().name + " hits " +
           std::to_string(fs.hits) + " created " + std::to_string(fs.created) + " entries " +
           std::to_string(ft->size()) + "\n";
    for (size_t i = 0; i < fs.not_offloaded.size(); ++i) {
      if (fs.not_offloaded[i] == 0) continue;
      out += "  not_offloaded " + std::string(fp::flow::kNotOffloadedNames[i]) + " " +
             std::to_string(fs.not_offloaded[i]) + "\n";
    }
  }
  return out;
}

}  // namespace nftx::cli
