// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/conntrack/timeouts.h"

#include <cstddef>

namespace nftx::fastpath::ct {

namespace {

// Sysctl name (after "net.netfilter.") -> member. Table-driven so set and get agree.
struct Entry {
  std::string_view name;
  uint32_t Timeouts::*field;  // scalar member, or null for a TCP state slot
  int tcp_state;              // index into Timeouts::tcp when field is null
};

constexpr Entry kEntries[] = {
    {"nf_conntrack_tcp_timeout_syn_sent", nullptr, 1},
    {"nf_conntrack_tcp_timeout_syn_recv", nullptr, 2},
    {"nf_conntrack_tcp_timeout_established", nullptr, 3},
    {"nf_conntrack_tcp_timeout_fin_wait", nullptr, 4},
    {"nf_conntrack_tcp_timeout_close_wait", nullptr, 5},
    {"nf_conntrack_tcp_timeout_last_ack", nullptr, 6},
    {"nf_conntrack_tcp_timeout_time_wait", nullptr, 7},
    {"nf_conntrack_tcp_timeout_close", nullptr, 8},
    {"nf_conntrack_tcp_timeout_max_retrans", nullptr, 12},
    {"nf_conntrack_tcp_timeout_unacknowledged", nullptr, 13},
    {"nf_conntrack_udp_timeout", &Timeouts::udp, 0},
    {"nf_conntrack_udp_timeout_stream", &Timeouts::udp_stream, 0},
    {"nf_conntrack_icmp_timeout", &Timeouts::icmp, 0},
    {"nf_conntrack_icmpv6_timeout", &Timeouts::icmpv6, 0},
    {"nf_conntrack_generic_timeout", &Timeouts::generic, 0},
    {"nf_flowtable_tcp_timeout", &Timeouts::flow_tcp, 0},
    {"nf_flowtable_udp_timeout", &Timeouts::flow_udp, 0},
    {"nf_conntrack_tcp_loose", &Timeouts::tcp_loose, 0},
    {"nf_conntrack_tcp_be_liberal", &Timeouts::tcp_be_liberal, 0},
    {"nf_conntrack_tcp_max_retrans", &Timeouts::tcp_max_retrans, 0},
    {"nf_conntrack_tcp_ignore_invalid_rst", &Timeouts::tcp_ignore_invalid_rst, 0},
};

const Entry* find(std::string_view key) {
  constexpr std::string_view kPrefix = "net.netfilter.";
  if (key.substr(0, kPrefix.size()) == kPrefix) key.remove_prefix(kPrefix.size());
  for (const Entry& e : kEntries) {
    if (e.name == key) return &e;
  }
  return nullptr;
}

}  // namespace

bool Timeouts::set_sysctl(std::string_view key, uint64_t value) {
  const Entry* e = find(key);
  if (e == nullptr || value > 0xffffffffULL) return false;
  uint32_t v = static_cast<uint32_t>(value);
  if (e->field != nullptr) {
    this->*(e->field) = v;
  } else {
    tcp[static_cast<size_t>(e->tcp_state)] = v;
    // The kernel keeps the unused NONE slot equal to SYN_SENT ("new" timeout).
    if (e->tcp_state == 1) tcp[0] = v;
  }
  return true;
}

bool Timeouts::get_sysctl(std::string_view key, uint64_t& value) const {
  const Entry* e = find(key);
  if (e == nullptr) return false;
  value = e->field != nullptr ? this->*(e->field) : tcp[static_cast<size_t>(e->tcp_state)];
  return true;
}

}  // namespace nftx::fastpath::ct
