// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/net/fib.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace nftx::fastpath::net {

Fib::Trie& Fib::trie(RouteTable t, Family f) {
  Trie& tr = tries_[static_cast<size_t>(t) * 2 + (f == Family::V6 ? 1 : 0)];
  if (tr.by_len.empty()) tr.by_len.resize(f == Family::V6 ? 129 : 33);
  return tr;
}

const Fib::Trie* Fib::trie(RouteTable t, Family f) const {
  const Trie& tr = tries_[static_cast<size_t>(t) * 2 + (f == Family::V6 ? 1 : 0)];
  return tr.by_len.empty() ? nullptr : &tr;
}

void Fib::reindex(Trie& tr) {
  tr.lens.clear();
  for (size_t len = tr.by_len.size(); len-- > 0;) {
    if (!tr.by_len[len].empty()) tr.lens.push_back(static_cast<uint8_t>(len));
  }
}

bool Fib::add(Route r, AddMode mode) {
  const Family f = r.dst.family();
  if (f == Family::None) return false;
  r.dst = r.dst.network();
  Trie& tr = trie(r.table, f);
  auto& map = tr.by_len[r.dst.len];
  const bool new_bucket = map.find(r.dst.addr) == map.end();
  Bucket& bucket = map[r.dst.addr];
  auto same = std::find_if(bucket.begin(), bucket.end(),
                           [&](const Route& x) { return x.metric == r.metric; });
  switch (mode) {
    case AddMode::Exclusive:
      if (same != bucket.end()) return false;
      break;
    case AddMode::Replace:
      if (same != bucket.end()) {
        *same = std::move(r);
        ++generation_;
        return true;
      }
      break;
    case AddMode::Append:
      break;
  }
  // After every route of a lower or equal metric: among equals, the first added wins.
  auto pos = std::upper_bound(bucket.begin(), bucket.end(), r.metric,
                              [](uint32_t m, const Route& x) { return m < x.metric; });
  bucket.insert(pos, std::move(r));
  if (new_bucket) reindex(tr);
  ++count_;
  ++generation_;
  return true;
}

bool Fib::remove(RouteTable table, const Prefix& dst, uint32_t metric) {
  if (dst.family() == Family::None) return false;
  const Prefix net = dst.network();
  Trie& tr = trie(table, net.family());
  auto& map = tr.by_len[net.len];
  auto it = map.find(net.addr);
  if (it == map.end()) return false;
  const size_t removed =
      std::erase_if(it->second, [&](const Route& r) { return r.metric == metric; });
  if (removed == 0) return false;
  if (it->second.empty()) {
    map.erase(it);
    reindex(tr);
  }
  count_ -= removed;
  ++generation_;
  return true;
}

bool Fib::contains(RouteTable table, const Prefix& dst, uint32_t metric) const {
  const Trie* tr = trie(table, dst.family());
  if (tr == nullptr) return false;
  const Prefix net = dst.network();
  const auto& map = tr->by_len[net.len];
  auto it = map.find(net.addr);
  if (it == map.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const Route& r) { return r.metric == metric; });
}

const Route* Fib::match(const Trie& tr, const IpAddr& dst, bool* thrown) {
  for (uint8_t len : tr.lens) {
    const auto& map = tr.by_len[len];
    auto it = map.find(mask(dst, len));
    if (it == map.end()) continue;
    const Route& r = it->second.front();
    if (r.type == RouteType::Throw) {
      *thrown = true;
      return nullptr;
    }
    return &r;
  }
  return nullptr;
}

const Route* Fib::find_route(const IpAddr& dst) const {
  if (dst.family == Family::None) return nullptr;
  for (RouteTable t : {RouteTable::Local, RouteTable::Main}) {
    const Trie* tr = trie(t, dst.family);
    if (tr == nullptr) continue;
    bool thrown = false;
    if (const Route* r = match(*tr, dst, &thrown)) return r;
    // A throw ends this table's lookup; the next table is still consulted (as the kernel's
    // policy rules do). The main table is the last one, so nothing follows it.
  }
  return nullptr;
}

std::optional<FibResult> Fib::lookup(const IpAddr& dst, const InterfaceTable& ifaces) const {
  const Route* r = find_route(dst);
  if (r == nullptr) return std::nullopt;
  FibResult res;
  res.type = r->type;
  res.oif = r->oif;
  res.via_gateway = r->gateway.has_value();
  res.next_hop = r->gateway ? *r->gateway : dst;
  res.mtu = r->mtu;
  res.mtu_lock = r->mtu_lock;
  res.matched = r->dst;
  res.table = r->table;
  const Interface* out = ifaces.find(r->oif);
  if (res.mtu == 0 && out != nullptr) res.mtu = out->mtu;
  if (r->prefsrc) {
    res.prefsrc = r->prefsrc;
  } else if (out != nullptr) {
    res.prefsrc = ifaces.select_source(r->oif, res.next_hop);
  }
  return res;
}

const Route* Fib::connected_route(const IpAddr& a, uint32_t oif) const {
  const Trie* tr = trie(RouteTable::Main, a.family);
  if (tr == nullptr) return nullptr;
  for (uint8_t len : tr->lens) {
    const auto& map = tr->by_len[len];
    auto it = map.find(mask(a, len));
    if (it == map.end()) continue;
    for (const Route& r : it->second) {
      if (r.type == RouteType::Unicast && !r.gateway && r.scope == RouteScope::Link && r.oif != 0 &&
          (oif == 0 || r.oif == oif)) {
        return &r;
      }
    }
  }
  return nullptr;
}

std::vector<Route> Fib::routes(RouteTable table, Family f) const {
  std::vector<Route> out;
  const Trie* tr = trie(table, f);
  if (tr == nullptr) return out;
  for (const auto& map : tr->by_len) {
    for (const auto& [addr, bucket] : map) out.insert(out.end(), bucket.begin(), bucket.end());
  }
  std::stable_sort(out.begin(), out.end(), [](const Route& a, const Route& b) {
    if (a.dst.addr != b.dst.addr) return a.dst.addr < b.dst.addr;
    if (a.dst.len != b.dst.len) return a.dst.len > b.dst.len;
    return a.metric < b.metric;
  });
  return out;
}

namespace {

struct RouteTypeName {
  RouteType type;
  const char* name;
};
constexpr RouteTypeName kRouteTypes[] = {
    {RouteType::Unicast, "unicast"},
    {RouteType::Local, "local"},
    {RouteType::Broadcast, "broadcast"},
    {RouteType::Blackhole, "blackhole"},
    {RouteType::Unreachable, "unreachable"},
    {RouteType::Prohibit, "prohibit"},
    {RouteType::Throw, "throw"},
};

struct ProtoName {
  uint8_t proto;
  const char* name;
};
// rtnetlink RTPROT_* values as iproute2's rt_protos names them.
constexpr ProtoName kProtos[] = {
    {0, "unspec"}, {1, "redirect"}, {2, "kernel"}, {3, "boot"},  {4, "static"},
    {9, "ra"},     {11, "zebra"},   {12, "bird"},  {16, "dhcp"}, {42, "babel"},
    {186, "bgp"},  {187, "isis"},   {188, "ospf"}, {189, "rip"},
};

}  // namespace

const char* route_type_name(RouteType t) {
  for (const auto& e : kRouteTypes) {
    if (e.type == t) return e.name;
  }
  return "unicast";
}

std::optional<RouteType> parse_route_type(std::string_view word) {
  for (const auto& e : kRouteTypes) {
    if (word == e.name) return e.type;
  }
  return std::nullopt;
}

const char* route_scope_name(RouteScope s) {
  switch (s) {
    case RouteScope::Universe:
      return "global";
    case RouteScope::Link:
      return "link";
    case RouteScope::Host:
      return "host";
  }
  return "global";
}

std::optional<RouteScope> parse_route_scope(std::string_view word) {
  if (word == "global" || word == "universe") return RouteScope::Universe;
  if (word == "link") return RouteScope::Link;
  if (word == "host") return RouteScope::Host;
  return std::nullopt;
}

std::string route_protocol_name(uint8_t proto) {
  for (const auto& e : kProtos) {
    if (e.proto == proto) return e.name;
  }
  return std::to_string(proto);
}

std::optional<uint8_t> parse_route_protocol(std::string_view word) {
  for (const auto& e : kProtos) {
    if (word == e.name) return e.proto;
  }
  unsigned v = 0;
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
  if (word.empty() || ec != std::errc{} || end != word.data() + word.size() || v > 255) {
    return std::nullopt;
  }
  return static_cast<uint8_t>(v);
}

std::string format_route(const Route& r, const InterfaceTable& ifaces) {
  std::string out;
  if (r.type != RouteType::Unicast) {
    out += route_type_name(r.type);
    out += ' ';
  }
  out += format_route_dst(r.dst);
  if (r.gateway) out += " via " + format_ip(*r.gateway);
  if (const Interface* i = ifaces.find(r.oif)) out += " dev " + i->name;
  if (r.protocol != kProtoBoot) out += " proto " + route_protocol_name(r.protocol);
  const bool v6 = r.dst.family() == Family::V6;
  // `ip route` shows the scope of IPv4 routes only, and only when it is not global.
  if (!v6 && r.scope != RouteScope::Universe)
    out += std::string(" scope ") + route_scope_name(r.scope);
  if (r.prefsrc) out += " src " + format_ip(*r.prefsrc);
  if (v6 || r.metric != 0) out += " metric " + std::to_string(r.metric);
  if (r.mtu != 0) out += (r.mtu_lock ? " mtu lock " : " mtu ") + std::to_string(r.mtu);
  return out;
}

}  // namespace nftx::fastpath::net
