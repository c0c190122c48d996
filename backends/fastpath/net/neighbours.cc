// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/net/neighbours.h"

#include <algorithm>
#include <cctype>

namespace nftx::fastpath::net {

size_t NeighbourTable::KeyHash::operator()(const Key& k) const {
  return IpAddrHash{}(k.addr) ^ (size_t{k.ifindex} * 0x9e3779b97f4a7c15ULL);
}

bool NeighbourTable::add(const Neighbour& n) {
  if (!map_.emplace(Key{n.ifindex, n.addr}, n).second) return false;
  ++generation_;
  return true;
}

void NeighbourTable::replace(const Neighbour& n) {
  map_.insert_or_assign(Key{n.ifindex, n.addr}, n);
  ++generation_;
}

bool NeighbourTable::remove(uint32_t ifindex, const IpAddr& addr) {
  if (map_.erase(Key{ifindex, addr}) == 0) return false;
  ++generation_;
  return true;
}

size_t NeighbourTable::flush_dynamic(uint32_t ifindex) {
  const size_t removed = std::erase_if(map_, [&](const auto& kv) {
    return kv.first.ifindex == ifindex && kv.second.state != NudState::Permanent;
  });
  if (removed) ++generation_;
  return removed;
}

bool NeighbourTable::set_state(uint32_t ifindex, const IpAddr& addr, NudState state) {
  auto it = map_.find(Key{ifindex, addr});
  if (it == map_.end()) return false;
  if (it->second.state != state) {
    it->second.state = state;
    ++generation_;
  }
  return true;
}

const Neighbour* NeighbourTable::find(uint32_t ifindex, const IpAddr& addr) const {
  auto it = map_.find(Key{ifindex, addr});
  return it == map_.end() ? nullptr : &it->second;
}

std::optional<MacAddr> NeighbourTable::resolve(uint32_t ifindex, const IpAddr& addr) const {
  const Neighbour* n = find(ifindex, addr);
  if (n == nullptr) return std::nullopt;
  switch (n->state) {
    case NudState::Permanent:
    case NudState::Reachable:
    case NudState::Stale:
      return n->mac;
    case NudState::Incomplete:
    case NudState::Failed:
      return std::nullopt;
  }
  return std::nullopt;
}

std::vector<Neighbour> NeighbourTable::all() const {
  std::vector<Neighbour> out;
  out.reserve(map_.size());
  for (const auto& [k, n] : map_) out.push_back(n);
  std::sort(out.begin(), out.end(), [](const Neighbour& a, const Neighbour& b) {
    if (a.ifindex != b.ifindex) return a.ifindex < b.ifindex;
    if (a.addr.family != b.addr.family) return a.addr.family < b.addr.family;
    return a.addr.bytes < b.addr.bytes;
  });
  return out;
}

namespace {
struct NudName {
  NudState state;
  const char* upper;
  const char* lower;
};
constexpr NudName kNudNames[] = {
    {NudState::Incomplete, "INCOMPLETE", "incomplete"},
    {NudState::Reachable, "REACHABLE", "reachable"},
    {NudState::Stale, "STALE", "stale"},
    {NudState::Failed, "FAILED", "failed"},
    {NudState::Permanent, "PERMANENT", "permanent"},
};
}  // namespace

const char* nud_state_name(NudState s) {
  for (const auto& e : kNudNames) {
    if (e.state == s) return e.upper;
  }
  return "NONE";
}

std::optional<NudState> parse_nud_state(std::string_view word) {
  std::string lower(word);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& e : kNudNames) {
    if (lower == e.lower) return e.state;
  }
  return std::nullopt;
}

}  // namespace nftx::fastpath::net
