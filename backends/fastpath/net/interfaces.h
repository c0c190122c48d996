// SPDX-License-Identifier: GPL-2.0-or-later
// The gateway's network interfaces, as `ip link` / `ip addr` describe them. Interfaces are
// never deleted, so an ifindex stays valid (and indexes a vector) for the table's lifetime.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/fastpath/net/address.h"

namespace nftx::fastpath::net {

inline constexpr uint32_t kLoopbackIfindex = 1;
inline constexpr uint32_t kDefaultMtu = 1500;
inline constexpr uint32_t kLoopbackMtu = 65536;

struct Interface {
  std::string name;
  uint32_t ifindex = 0;  // 1, 2, 3... in order of creation; lo is 1
  MacAddr mac;
  uint32_t mtu = kDefaultMtu;
  bool up = false;                // `ip link add` creates links down, as the kernel does
  std::vector<Prefix> addresses;  // host bits kept (10.0.0.1/24), in the order they were added
  std::string kind;               // `type X` of `ip link add` ("dummy", "veth", ...), "" if none
  uint32_t link = 0;              // parent ifindex (`link DEV`, vlan), 0 if none
  uint16_t vlan_id = 0;           // `type vlan id N`
  uint32_t peer = 0;              // the other end of a veth pair, 0 if none

  bool is_loopback() const { return ifindex == kLoopbackIfindex; }
  // True when `a` is one of this interface's addresses (host bits compared).
  bool has_address(const IpAddr& a) const;
};

class InterfaceTable {
 public:
  // Starts with lo: ifindex 1, up, mtu 65536, MAC 00:00:00:00:00:00, 127.0.0.1/8 and ::1/128
  // (the state of a new network namespace after `ip link set lo up`).
  InterfaceTable();

  // add() may move the interfaces: pointers from find() are valid until the next add().
  // Creates a link down, with mtu 1500 and the MAC 02:00:00:00:HH:LL (HH:LL = the new ifindex;
  // the kernel picks a random one, tests want a fixed one). nullptr when the name exists.
  Interface* add(std::string name, std::string kind = "");

  Interface* find(std::string_view name);
  const Interface* find(std::string_view name) const;
  // By ifindex: inline, the fast path asks for every packet.
  Interface* find(uint32_t ifindex) {
    return ifindex == 0 || ifindex > ifaces_.size() ? nullptr : &ifaces_[ifindex - 1];
  }
  const Interface* find(uint32_t ifindex) const {
    return ifindex == 0 || ifindex > ifaces_.size() ? nullptr : &ifaces_[ifindex - 1];
  }
  const std::vector<Interface>& all() const { return ifaces_; }

  // The interface holding address `a` (the kernel's local table answers the same question:
  // is the packet for this host, i.e. input rather than forward), nullptr if none. Every
  // address of 127.0.0.0/8 is local while lo holds 127.0.0.1/8, as the kernel's
  // `local 127.0.0.0/8 dev lo` route makes it.
  const Interface* owner_of(const IpAddr& a) const;
  bool is_local(const IpAddr& a) const { return owner_of(a) != nullptr; }

  // The source address for a packet leaving `ifindex` towards `next_hop` (the gateway, or the
  // destination when it is directly connected); this is what masquerade picks. A simplified
  // inet_select_addr(dev, next_hop, RT_SCOPE_UNIVERSE):
  //  1. the first address of the family on `ifindex` whose prefix contains `next_hop`;
  //  2. else the first address of the family on `ifindex` that is not link-local (IPv6
  //     fe80::/10, IPv4 169.254/16) unless `next_hop` is link-local too;
  //  3. else the first non-loopback, non-link-local address of the family on any other
  //     interface that is up, in ifindex order (the kernel also looks at other devices).
  // nullopt when there is none.
  std::optional<IpAddr> select_source(uint32_t ifindex, const IpAddr& next_hop) const;

  // Increments on every change made through the table (add) or reported through touch()
  // (callers changing an Interface in place: up/down, mtu, mac, addresses).
  uint64_t generation() const { return generation_; }
  void touch() { ++generation_; }

 private:
  std::vector<Interface> ifaces_;  // ifaces_[i].ifindex == i + 1
  uint64_t generation_ = 0;
};

}  // namespace nftx::fastpath::net
