// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/net/network_setup.h"

#include <utility>

namespace nftx::fastpath::net {

std::string status_message(SetupStatus s, Family f) {
  switch (s) {
    case SetupStatus::Ok:
      return "";
    case SetupStatus::Exists:
      return "RTNETLINK answers: File exists";
    case SetupStatus::AddressAssigned:
      // The kernel's two extack strings differ in case.
      return f == Family::V6 ? "ipv6: address already assigned" : "ipv4: Address already assigned";
    case SetupStatus::InvalidGateway:
      return "Nexthop has invalid gateway";
    case SetupStatus::DeviceDown:
      return "Device for nexthop is not up";
    case SetupStatus::NoDevice:
      return "RTNETLINK answers: No such device";
    case SetupStatus::InvalidPrefsrc:
      return "Invalid prefsrc address";
    case SetupStatus::FamilyMismatch:
      return "address families do not match";
  }
  return "";
}

NetworkSetup::NetworkSetup() {
  const Interface& lo = *interfaces.find(kLoopbackIfindex);
  for (const Prefix& p : lo.addresses) {
    add_local_route(lo, p);
    add_prefix_routes(lo, p);
  }
}

void NetworkSetup::add_local_route(const Interface& ifc, const Prefix& p) {
  Route r;
  r.dst = Prefix{p.addr, static_cast<uint8_t>(p.addr.bit_width())};
  r.type = RouteType::Local;
  r.table = RouteTable::Local;
  r.scope = RouteScope::Host;
  r.protocol = kProtoKernel;
  r.oif = ifc.ifindex;
  if (p.addr.is_v4()) r.prefsrc = p.addr;  // the kernel sets src on IPv4 local routes only
  // Append: two interfaces may hold the same address, each with its local route.
  fib.add(std::move(r), AddMode::Append);
}

void NetworkSetup::add_prefix_routes(const Interface& ifc, const Prefix& p) {
  if (!ifc.up) return;
  const bool v6 = p.addr.is_v6();
  if (!p.is_host()) {
    Route r;
    r.dst = p.network();
    r.protocol = kProtoKernel;
    r.oif = ifc.ifindex;
    if (ifc.is_loopback()) {
      // 127.0.0.0/8 is all local: the kernel puts it in the local table.
      r.type = RouteType::Local;
      r.table = RouteTable::Local;
      r.scope = RouteScope::Host;
    } else {
      r.scope = RouteScope::Link;
      r.metric = v6 ? kMetricV6Kernel : 0;
    }
    if (!v6) r.prefsrc = p.addr;
    // Exclusive, failure ignored: a second address in the same prefix is "secondary" and
    // adds no route of its own.
    fib.add(std::move(r), AddMode::Exclusive);
  }
  if (!v6 && p.len < 31) {
    Route b;
    b.dst = Prefix{p.addr, 32};
    for (unsigned i = p.len; i < 32; ++i) {
      b.dst.addr.bytes[i / 8] |= static_cast<uint8_t>(0x80U >> (i % 8));
    }
    b.type = RouteType::Broadcast;
    b.table = RouteTable::Local;
    b.scope = RouteScope::Link;
    b.protocol = kProtoKernel;
    b.oif = ifc.ifindex;
    b.prefsrc = p.addr;
    fib.add(std::move(b), AddMode::Exclusive);
  }
}

Interface* NetworkSetup::add_link(std::string name, std::string kind) {
  Interface* ifc = interfaces.add(std::move(name), std::move(kind));
  if (ifc != nullptr) fib.invalidate();
  return ifc;
}

void NetworkSetup::set_up(uint32_t ifindex, bool up) {
  Interface* ifc = interfaces.find(ifindex);
  if (ifc == nullptr || ifc->up == up) return;
  ifc->up = up;
  if (up) {
    for (const Prefix& p : ifc->addresses) add_prefix_routes(*ifc, p);
  } else {
    fib.remove_if([&](const Route& r) {
      return r.oif == ifindex && !(r.table == RouteTable::Local && r.type == RouteType::Local);
    });
    neighbours.flush_dynamic(ifindex);
  }
  interfaces.touch();
  fib.invalidate();
}

void NetworkSetup::set_mtu(uint32_t ifindex, uint32_t mtu) {
  Interface* ifc = interfaces.find(ifindex);
  if (ifc == nullptr || ifc->mtu == mtu) return;
  ifc->mtu = mtu;
  interfaces.touch();
  fib.invalidate();  // lookup results carry the interface mtu
}

void NetworkSetup::set_mac(uint32_t ifindex, const MacAddr& mac) {
  Interface* ifc = interfaces.find(ifindex);
  if (ifc == nullptr || ifc->mac == mac) return;
  ifc->mac = mac;
  interfaces.touch();
  fib.invalidate();  // cached routes carry the source MAC
}

SetupStatus NetworkSetup::add_address(uint32_t ifindex, const Prefix& p) {
  Interface* ifc = interfaces.find(ifindex);
  if (ifc == nullptr) return SetupStatus::NoDevice;
  for (const Prefix& q : ifc->addresses) {
    // IPv4 refuses the same address with the same length only; IPv6 the same address.
    if (q.addr == p.addr && (p.addr.is_v6() || q.len == p.len)) {
      return SetupStatus::AddressAssigned;
    }
  }
  ifc->addresses.push_back(p);
  add_local_route(*ifc, p);
  add_prefix_routes(*ifc, p);
  interfaces.touch();
  return SetupStatus::Ok;
}

SetupStatus NetworkSetup::add_route(Route r, AddMode mode, const RouteOptions& opts) {
  const Family f = r.dst.family();
  if ((r.gateway && r.gateway->family != f) || (r.prefsrc && r.prefsrc->family != f)) {
    return SetupStatus::FamilyMismatch;
  }
  if (!opts.metric_given) r.metric = f == Family::V6 ? kMetricV6User : 0;
  const Interface* dev = interfaces.find(r.oif);
  if (r.oif != 0 && dev == nullptr) return SetupStatus::NoDevice;
  switch (r.type) {
    case RouteType::Unicast:
    case RouteType::Local:
    case RouteType::Broadcast:
      if (r.gateway) {
        if (dev != nullptr && !dev->up) return SetupStatus::DeviceDown;
        // An IPv6 link-local gateway is on-link by definition (the kernel accepts it with a
        // device); link-local prefix routes are not generated here, so no route could say so.
        const bool onlink = opts.onlink || (r.gateway->is_v6() && r.gateway->is_link_local());
        if (!onlink || dev == nullptr) {
          const Route* conn = fib.connected_route(*r.gateway, r.oif);
          if (conn == nullptr) return SetupStatus::InvalidGateway;
          r.oif = conn->oif;
        }
      } else {
        if (dev == nullptr) return SetupStatus::NoDevice;
        if (!dev->up && r.type == RouteType::Unicast) return SetupStatus::DeviceDown;
      }
      break;
    case RouteType::Blackhole:
    case RouteType::Unreachable:
    case RouteType::Prohibit:
    case RouteType::Throw:
      break;
  }
  if (!opts.scope_given) {
    if (r.type == RouteType::Local) {
      r.scope = RouteScope::Host;
    } else if (r.type == RouteType::Unicast && !r.gateway) {
      r.scope = RouteScope::Link;
    } else if (r.type == RouteType::Broadcast) {
      r.scope = RouteScope::Link;
    } else {
      r.scope = RouteScope::Universe;
    }
  }
  if (r.prefsrc && !interfaces.is_local(*r.prefsrc)) return SetupStatus::InvalidPrefsrc;
  if (!fib.add(std::move(r), mode)) return SetupStatus::Exists;
  return SetupStatus::Ok;
}

SetupStatus NetworkSetup::add_neighbour(const Neighbour& n, AddMode mode) {
  if (interfaces.find(n.ifindex) == nullptr) return SetupStatus::NoDevice;
  switch (mode) {
    case AddMode::Exclusive:
      return neighbours.add(n) ? SetupStatus::Ok : SetupStatus::Exists;
    case AddMode::Replace:
    case AddMode::Append:
      neighbours.replace(n);
      return SetupStatus::Ok;
  }
  return SetupStatus::Ok;
}

const std::string* NetworkSetup::sysctl_value(std::string_view key) const {
  auto it = sysctl.find(key);
  return it == sysctl.end() ? nullptr : &it->second;
}

}  // namespace nftx::fastpath::net
