// SPDX-License-Identifier: GPL-2.0-or-later
// The whole network state of the gateway: interfaces, routes, neighbours and sysctl settings,
// with the operations `ip` performs on it. The operations keep the tables consistent the way
// the kernel does (checked against Linux 6.x in a network namespace):
//  - an address adds `local ADDR` to the local table at once; while the link is up it also
//    adds the connected route of its prefix (`proto kernel scope link src ADDR`, only for the
//    first address of that prefix: later ones are "secondary") and, for IPv4 prefixes shorter
//    than /31, `broadcast LAST` to the local table;
//  - bringing a link up adds those routes for its addresses; taking it down removes every
//    route through it except its local ones (static routes through it are lost, as in Linux)
//    and its non-permanent neighbours;
//  - a route with a gateway needs a connected route reaching the gateway (through `dev` when
//    given) unless `onlink` or an IPv6 link-local gateway with `dev`; its out interface
//    defaults to that route's.
// IPv6 link-local addresses, multicast and anycast routes are not generated.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "backends/fastpath/net/address.h"
#include "backends/fastpath/net/fib.h"
#include "backends/fastpath/net/interfaces.h"
#include "backends/fastpath/net/neighbours.h"

namespace nftx::fastpath::net {

// Why an operation was refused; status_message() gives the kernel/iproute2 wording.
enum class SetupStatus : uint8_t {
  Ok,
  Exists,           // "RTNETLINK answers: File exists"
  AddressAssigned,  // "ipv4: Address already assigned" / "ipv6: address already assigned"
  InvalidGateway,   // "Nexthop has invalid gateway"
  DeviceDown,       // "Device for nexthop is not up"
  NoDevice,         // "RTNETLINK answers: No such device" (no `dev` and no `via`)
  InvalidPrefsrc,   // "Invalid prefsrc address" (src is not a local address)
  FamilyMismatch,   // "address families do not match" (e.g. IPv6 gateway for an IPv4 route)
};
std::string status_message(SetupStatus s, Family f);

struct RouteOptions {
  bool metric_given = false;
  bool scope_given = false;
  bool onlink = false;  // `onlink`: the gateway is reachable on `dev` whatever the routes say
};

struct NetworkSetup {
  InterfaceTable interfaces;
  Fib fib;
  NeighbourTable neighbours;
  // `sysctl -w KEY=VALUE`, every key kept as written (the engine reads the ones it knows).
  std::map<std::string, std::string, std::less<>> sysctl;

  // lo with its local routes (local 127.0.0.0/8, local 127.0.0.1, broadcast 127.255.255.255,
  // local ::1).
  NetworkSetup();

  // `ip link add`; nullptr when the name exists.
  Interface* add_link(std::string name, std::string kind = "");
  void set_up(uint32_t ifindex, bool up);
  void set_mtu(uint32_t ifindex, uint32_t mtu);
  void set_mac(uint32_t ifindex, const MacAddr& mac);
  // `ip addr add`; AddressAssigned when the interface already holds this address+length.
  SetupStatus add_address(uint32_t ifindex, const Prefix& p);
  // `ip route add` (Exclusive) / `replace`. The route is validated and completed: oif from
  // the gateway's connected route, the default scope (link for a unicast route without a
  // gateway, host for local, else global) unless opts.scope_given, the family's default
  // metric (IPv4 0, IPv6 1024) unless opts.metric_given.
  SetupStatus add_route(Route r, AddMode mode, const RouteOptions& opts = {});
  // `ip neigh add` (Exclusive) / `replace` (Replace; Append is treated as Replace).
  SetupStatus add_neighbour(const Neighbour& n, AddMode mode);

  std::optional<FibResult> route(const IpAddr& dst) const { return fib.lookup(dst, interfaces); }
  // nullptr when the key was never set.
  const std::string* sysctl_value(std::string_view key) const;

 private:
  void add_local_route(const Interface& ifc, const Prefix& p);
  void add_prefix_routes(const Interface& ifc, const Prefix& p);
};

// Debugging and test text. Six sections, each a header line then one line per entry, fields
// separated by single spaces, every line ending in '\n', headers printed even when empty:
//   link:               NAME STATE MAC mtu N [type KIND]     (STATE: UP, DOWN; lo: UNKNOWN)
//   addr:               NAME ADDR/LEN...                     (interfaces with addresses only)
//   route:              the main table, IPv4 then IPv6, one format_route() line per route
//   route table local:  the local table, same format
//   neigh:              ADDR dev NAME lladdr MAC STATE       (as `ip neigh`)
//   sysctl:             KEY = VALUE                          (sorted by key)
// Interfaces are in ifindex order, routes in Fib::routes() order, neighbours in
// NeighbourTable::all() order.
std::string dump(const NetworkSetup& setup);

}  // namespace nftx::fastpath::net
