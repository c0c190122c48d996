// SPDX-License-Identifier: GPL-2.0-or-later
// dump(): the text format is documented in network_setup.h.
#include <string>

#include "backends/fastpath/net/network_setup.h"

namespace nftx::fastpath::net {
namespace {

void dump_links(const NetworkSetup& s, std::string& out) {
  out += "link:\n";
  for (const Interface& i : s.interfaces.all()) {
    // `ip -br link` shows UNKNOWN for lo: it has no carrier state.
    const char* state = i.up ? (i.is_loopback() ? "UNKNOWN" : "UP") : "DOWN";
    out += i.name + " " + state + " " + format_mac(i.mac) + " mtu " + std::to_string(i.mtu);
    if (!i.kind.empty() && !i.is_loopback()) out += " type " + i.kind;
    out += '\n';
  }
}

void dump_addresses(const NetworkSetup& s, std::string& out) {
  out += "addr:\n";
  for (const Interface& i : s.interfaces.all()) {
    if (i.addresses.empty()) continue;
    out += i.name;
    for (const Prefix& p : i.addresses) out += " " + format_prefix(p);
    out += '\n';
  }
}

void dump_routes(const NetworkSetup& s, RouteTable t, std::string& out) {
  for (Family f : {Family::V4, Family::V6}) {
    for (const Route& r : s.fib.routes(t, f)) out += format_route(r, s.interfaces) + '\n';
  }
}

void dump_neighbours(const NetworkSetup& s, std::string& out) {
  out += "neigh:\n";
  for (const Neighbour& n : s.neighbours.all()) {
    const Interface* i = s.interfaces.find(n.ifindex);
    out += format_ip(n.addr) + " dev " + (i ? i->name : std::to_string(n.ifindex)) + " lladdr " +
           format_mac(n.mac) + " " + nud_state_name(n.state) + '\n';
  }
}

}  // namespace

std::string dump(const NetworkSetup& setup) {
  std::string out;
  dump_links(setup, out);
  dump_addresses(setup, out);
  out += "route:\n";
  dump_routes(setup, RouteTable::Main, out);
  out += "route table local:\n";
  dump_routes(setup, RouteTable::Local, out);
  dump_neighbours(setup, out);
  out += "sysctl:\n";
  for (const auto& [k, v] : setup.sysctl) out += k + " = " + v + '\n';
  return out;
}

}  // namespace nftx::fastpath::net
