// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/conntrack/simple_tracking.h"

namespace nftx::fastpath::ct {

void refresh(Conn& conn, uint64_t now_ns, uint64_t extra_ns) {
  if (conn.status & ips::kFixedTimeout) return;
  conn.timeout_ns = now_ns + extra_ns;
}

void udp_new(Conn& conn, uint64_t now_ns) {
  // A flow still active 2 s after its first packet is a stream (udp_new / stream_ts).
  conn.udp_stream_ns = now_ns + 2 * kNsPerSec;
}

void udp_packet(Conn& conn, const Timeouts& t, uint64_t now_ns) {
  if (!conn.confirmed()) udp_new(conn, now_ns);
  if (!(conn.status & ips::kSeenReply)) {
    refresh(conn, now_ns, t.udp * kNsPerSec);
    return;
  }
  uint64_t extra = t.udp * kNsPerSec;
  bool stream = false;
  if (now_ns > conn.udp_stream_ns) {
    extra = t.udp_stream * kNsPerSec;
    stream = !(conn.status & ips::kAssured);
  }
  refresh(conn, now_ns, extra);
  // NAT_CLASH entries must stay evictable and short-lived: never ASSURED.
  if (conn.status & ips::kNatClash) return;
  if (stream) conn.status |= ips::kAssured;
}

bool icmp_packet(Conn& conn, const Timeouts& t, uint64_t now_ns) {
  const Tuple& o = conn.tuples[0];
  if (!conn.confirmed()) {
    // Only queries start a conntrack (echo, timestamp, info, address mask; ICMPv6 echo,
    // node information query).
    uint8_t type = o.icmp_type();
    bool query = o.l4 == kProtoIcmp ? (type == 8 || type == 13 || type == 15 || type == 17)
                                    : (type == 128 || type == 139);
    if (!query) return false;
  }
  uint32_t secs = o.l4 == kProtoIcmp ? t.icmp : t.icmpv6;
  refresh(conn, now_ns, secs * kNsPerSec);
  return true;
}

void generic_packet(Conn& conn, const Timeouts& t, uint64_t now_ns) {
  refresh(conn, now_ns, t.generic * kNsPerSec);
}

}  // namespace nftx::fastpath::ct
