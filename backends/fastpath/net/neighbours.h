// SPDX-License-Identifier: GPL-2.0-or-later
// The neighbour table (`ip neigh`): (ifindex, IP address) -> MAC address with a NUD state.
// The engine resolves next hops here; it does not run ARP/ND itself, so entries come from the
// setup file or the control socket.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "backends/fastpath/net/address.h"

namespace nftx::fastpath::net {

// The kernel's NUD_* states that a static table can be in.
enum class NudState : uint8_t { Incomplete, Reachable, Stale, Failed, Permanent };

struct Neighbour {
  uint32_t ifindex = 0;
  IpAddr addr;
  MacAddr mac;
  NudState state = NudState::Permanent;

  friend bool operator==(const Neighbour&, const Neighbour&) = default;
};

class NeighbourTable {
 public:
  // false when an entry for (ifindex, addr) exists (`ip neigh add`: "File exists").
  bool add(const Neighbour& n);
  // Adds or overwrites (`ip neigh replace`).
  void replace(const Neighbour& n);
  bool remove(uint32_t ifindex, const IpAddr& addr);
  // Drops the entries of an interface that are not permanent (the kernel does so when the
  // link goes down); returns how many.
  size_t flush_dynamic(uint32_t ifindex);
  bool set_state(uint32_t ifindex, const IpAddr& addr, NudState state);

  const Neighbour* find(uint32_t ifindex, const IpAddr& addr) const;
  // The MAC to send to: entries in Permanent, Reachable or Stale state (the kernel sends on a
  // stale entry while it re-probes). nullopt for Incomplete / Failed / missing entries.
  std::optional<MacAddr> resolve(uint32_t ifindex, const IpAddr& addr) const;

  // Sorted by ifindex, then family (IPv4 first), then address.
  std::vector<Neighbour> all() const;
  size_t size() const { return map_.size(); }

  // Increments on every change (the flowtable caches resolved MACs).
  uint64_t generation() const { return generation_; }

 private:
  struct Key {
    uint32_t ifindex;
    IpAddr addr;
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  std::unordered_map<Key, Neighbour, KeyHash> map_;
  uint64_t generation_ = 0;
};

const char* nud_state_name(NudState s);  // "PERMANENT", "REACHABLE", ... as `ip neigh` prints
// "permanent", "reachable", "stale", "failed", "incomplete" (case-insensitive, as iproute2).
std::optional<NudState> parse_nud_state(std::string_view word);

}  // namespace nftx::fastpath::net
