// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/net/interfaces.h"

#include <utility>

namespace nftx::fastpath::net {

bool Interface::has_address(const IpAddr& a) const {
  for (const Prefix& p : addresses) {
    if (p.addr == a) return true;
  }
  return false;
}

InterfaceTable::InterfaceTable() {
  Interface lo;
  lo.name = "lo";
  lo.ifindex = kLoopbackIfindex;
  lo.mtu = kLoopbackMtu;
  lo.up = true;
  lo.kind = "loopback";
  lo.addresses.push_back(Prefix{IpAddr::v4(127, 0, 0, 1), 8});
  std::array<uint8_t, 16> one{};
  one[15] = 1;
  lo.addresses.push_back(Prefix{IpAddr::v6(one), 128});
  ifaces_.push_back(std::move(lo));
}

Interface* InterfaceTable::add(std::string name, std::string kind) {
  if (find(name) != nullptr) return nullptr;
  Interface ifc;
  ifc.name = std::move(name);
  ifc.kind = std::move(kind);
  ifc.ifindex = static_cast<uint32_t>(ifaces_.size() + 1);
  // Locally administered unicast (02:...), unique per ifindex.
  ifc.mac.bytes = {
      0x02, 0, 0, 0, static_cast<uint8_t>(ifc.ifindex >> 8), static_cast<uint8_t>(ifc.ifindex)};
  ifaces_.push_back(std::move(ifc));
  ++generation_;
  return &ifaces_.back();
}

Interface* InterfaceTable::find(std::string_view name) {
  for (Interface& i : ifaces_) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

const Interface* InterfaceTable::find(std::string_view name) const {
  for (const Interface& i : ifaces_) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

const Interface* InterfaceTable::owner_of(const IpAddr& a) const {
  for (const Interface& i : ifaces_) {
    if (i.has_address(a)) return &i;
  }
  const Interface& lo = ifaces_.front();
  if (a.is_v4() && a.is_loopback() && lo.has_address(IpAddr::v4(127, 0, 0, 1))) return &lo;
  return nullptr;
}

std::optional<IpAddr> InterfaceTable::select_source(uint32_t ifindex,
                                                    const IpAddr& next_hop) const {
  const Family f = next_hop.family;
  if (const Interface* out = find(ifindex)) {
    for (const Prefix& p : out->addresses) {
      if (p.contains(next_hop)) return p.addr;
    }
    for (const Prefix& p : out->addresses) {
      if (p.family() != f) continue;
      if (!p.addr.is_link_local() || next_hop.is_link_local()) return p.addr;
    }
  }
  for (const Interface& i : ifaces_) {
    if (i.ifindex == ifindex || !i.up) continue;
    for (const Prefix& p : i.addresses) {
      if (p.family() == f && !p.addr.is_loopback() && !p.addr.is_link_local()) return p.addr;
    }
  }
  return std::nullopt;
}

}  // namespace nftx::fastpath::net
