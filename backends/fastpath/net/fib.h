// SPDX-License-Identifier: GPL-2.0-or-later
// The forwarding information base: the kernel's local and main routing tables for IPv4 and
// IPv6, looked up local first, then main (the default policy rules, without `ip rule`).
//
// Each table keeps one hash map per prefix length (masked destination -> routes of that
// prefix, lowest metric first) and the list of lengths in use, longest first. A lookup probes
// only the lengths in use: at most 33 (IPv4) or 129 (IPv6) hash probes whatever the number of
// routes. Configuration (add/remove) may allocate; lookup does not.
#pragma once

#include <array>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "backends/fastpath/net/address.h"
#include "backends/fastpath/net/interfaces.h"

namespace nftx::fastpath::net {

enum class RouteType : uint8_t {
  Unicast,
  Local,        // delivered to this host (the local table's `local` routes)
  Broadcast,    // IPv4 subnet broadcast: delivered locally, never forwarded
  Blackhole,    // dropped silently
  Unreachable,  // dropped, ICMP host unreachable
  Prohibit,     // dropped, ICMP administratively prohibited
  Throw,        // ends the lookup in this table: no route (ICMP net unreachable)
};
enum class RouteTable : uint8_t { Main, Local };
enum class RouteScope : uint8_t { Universe, Link, Host };

// rtnetlink protocol numbers (RTPROT_*): who installed the route.
inline constexpr uint8_t kProtoKernel = 2, kProtoBoot = 3, kProtoStatic = 4;
// Default metrics: IPv4 routes 0; IPv6 user routes 1024, kernel prefix routes 256.
inline constexpr uint32_t kMetricV6User = 1024, kMetricV6Kernel = 256;

struct Route {
  Prefix dst;  // always a network (no host bits)
  RouteType type = RouteType::Unicast;
  RouteTable table = RouteTable::Main;
  RouteScope scope = RouteScope::Universe;
  uint8_t protocol = kProtoBoot;
  std::optional<IpAddr> gateway;
  uint32_t oif = 0;  // 0 for blackhole / unreachable / prohibit / throw
  uint32_t metric = 0;
  std::optional<IpAddr> prefsrc;
  uint32_t mtu = 0;  // 0: use the interface's
  bool mtu_lock = false;

  friend bool operator==(const Route&, const Route&) = default;
};

struct FibResult {
  RouteType type = RouteType::Unicast;
  uint32_t oif = 0;
  IpAddr next_hop;  // the gateway, or the destination itself when directly connected
  bool via_gateway = false;
  uint32_t mtu = 0;  // the route's mtu, else the out interface's
  bool mtu_lock = false;
  // The route's prefsrc, else InterfaceTable::select_source(oif, next_hop); absent when the
  // route has no out interface or the host has no usable address.
  std::optional<IpAddr> prefsrc;
  Prefix matched;  // the destination prefix of the route that won
  RouteTable table = RouteTable::Main;
};

// How add() treats a route with the same table, destination and metric (the kernel's key:
// ip route add -> Exclusive, replace -> Replace, append -> Append).
enum class AddMode : uint8_t { Exclusive, Replace, Append };

class Fib {
 public:
  // false only for Exclusive when a route with the same key exists ("File exists").
  // The route's dst is masked on insertion.
  bool add(Route r, AddMode mode = AddMode::Exclusive);
  // Removes every route of `table` with this destination and metric; false if none.
  bool remove(RouteTable table, const Prefix& dst, uint32_t metric);
  // Removes the routes for which pred(route) is true; returns how many.
  template <typename Pred>
  size_t remove_if(Pred pred);

  // Longest-prefix match, local table first. nullopt: no route (or a throw route was hit).
  // `ifaces` supplies the interface mtu and source selection. Never allocates.
  std::optional<FibResult> lookup(const IpAddr& dst, const InterfaceTable& ifaces) const;
  // The route that lookup() would use, or nullptr (valid until the next change).
  const Route* find_route(const IpAddr& dst) const;
  // The connected (scope link, no gateway) unicast route of the main table that reaches `a`
  // through `oif` (any interface when 0): what the kernel requires of a gateway.
  const Route* connected_route(const IpAddr& a, uint32_t oif) const;
  bool contains(RouteTable table, const Prefix& dst, uint32_t metric) const;

  // Every route of `table` and family `f`, in `ip route` order: by address, then longer
  // prefixes first, then by metric.
  std::vector<Route> routes(RouteTable table, Family f) const;
  size_t size() const { return count_; }

  // Increments on every change. The flowtable stores it with each cached route and treats a
  // different value as stale. Interface changes (mtu, addresses, up/down) also change lookup
  // results: whoever makes them calls invalidate().
  uint64_t generation() const { return generation_; }
  void invalidate() { ++generation_; }

 private:
  using Bucket = std::vector<Route>;  // same destination, sorted by metric, stable
  struct Trie {                       // one family of one table; named for what it replaces
    std::vector<std::unordered_map<IpAddr, Bucket, IpAddrHash>> by_len;  // index: prefix len
    std::vector<uint8_t> lens;  // lengths with at least one route, longest first
  };
  Trie& trie(RouteTable t, Family f);
  const Trie* trie(RouteTable t, Family f) const;
  static const Route* match(const Trie& tr, const IpAddr& dst, bool* thrown);
  void reindex(Trie& tr);

  std::array<Trie, 4> tries_;  // [table * 2 + (family == V6)]
  size_t count_ = 0;
  uint64_t generation_ = 0;
};

template <typename Pred>
size_t Fib::remove_if(Pred pred) {
  size_t removed = 0;
  for (Trie& tr : tries_) {
    for (auto& map : tr.by_len) {
      for (auto it = map.begin(); it != map.end();) {
        Bucket& b = it->second;
        const size_t before = b.size();
        std::erase_if(b, pred);
        removed += before - b.size();
        it = b.empty() ? map.erase(it) : std::next(it);
      }
    }
    reindex(tr);
  }
  count_ -= removed;
  if (removed) ++generation_;
  return removed;
}

const char* route_type_name(RouteType t);  // "unicast", "local", "blackhole", ...
std::optional<RouteType> parse_route_type(std::string_view word);
const char* route_scope_name(RouteScope s);  // "global", "link", "host"
std::optional<RouteScope> parse_route_scope(std::string_view word);
// "kernel", "boot", "static", "dhcp", ... or the number.
std::string route_protocol_name(uint8_t proto);
std::optional<uint8_t> parse_route_protocol(std::string_view word);
// One line as `ip route` prints it (without "table local"; the caller adds it).
std::string format_route(const Route& r, const InterfaceTable& ifaces);

}  // namespace nftx::fastpath::net
