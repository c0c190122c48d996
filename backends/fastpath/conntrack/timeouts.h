// SPDX-License-Identifier: GPL-2.0-or-later
// Conntrack timeouts and tracking knobs with the kernel's defaults, settable by sysctl name
// (net.netfilter.nf_conntrack_*; the "net.netfilter." prefix is optional). Values are seconds,
// or plain numbers for the boolean/count knobs (tcp_loose, tcp_be_liberal, ...).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "backends/fastpath/conntrack/conn.h"

namespace nftx::fastpath::ct {

inline constexpr uint64_t kNsPerSec = 1000000000ULL;
inline constexpr uint64_t kCtDaySec = 86400;  // NF_CT_DAY

struct Timeouts {
  // Indexed by TcpState; [NONE] holds the SYN_SENT value as the kernel ("new" timeout).
  std::array<uint32_t, kTcpTimeoutMax> tcp = {
      120,     // NONE
      120,     // SYN_SENT
      60,      // SYN_RECV
      432000,  // ESTABLISHED (5 days)
      120,     // FIN_WAIT
      60,      // CLOSE_WAIT
      30,      // LAST_ACK
      120,     // TIME_WAIT
      10,      // CLOSE
      120,     // SYN_SENT2
      0,       // MAX (unused)
      0,       // IGNORE (unused)
      300,     // RETRANS (nf_conntrack_tcp_timeout_max_retrans)
      300,     // UNACK (nf_conntrack_tcp_timeout_unacknowledged)
  };
  uint32_t udp = 30;          // nf_conntrack_udp_timeout (UDP_CT_UNREPLIED)
  uint32_t udp_stream = 120;  // nf_conntrack_udp_timeout_stream (UDP_CT_REPLIED)
  uint32_t icmp = 30;         // nf_conntrack_icmp_timeout
  uint32_t icmpv6 = 30;       // nf_conntrack_icmpv6_timeout
  uint32_t generic = 600;     // nf_conntrack_generic_timeout
  uint32_t flow_tcp = 30;     // nf_flowtable_tcp_timeout (offload timeout)
  uint32_t flow_udp = 30;     // nf_flowtable_udp_timeout
  // Tracking knobs.
  uint32_t tcp_loose = 1;               // pick up connections mid-stream
  uint32_t tcp_be_liberal = 0;          // only out-of-window RSTs are invalid
  uint32_t tcp_max_retrans = 3;         // retransmissions before the RETRANS timeout
  uint32_t tcp_ignore_invalid_rst = 0;  // skip the RST sequence check

  uint64_t tcp_ns(TcpState s) const { return tcp[static_cast<size_t>(s)] * kNsPerSec; }

  // Sets a value by sysctl name; false for an unknown name.
  bool set_sysctl(std::string_view key, uint64_t value);
  // Reads a value by sysctl name; false for an unknown name.
  bool get_sysctl(std::string_view key, uint64_t& value) const;
};

}  // namespace nftx::fastpath::ct
