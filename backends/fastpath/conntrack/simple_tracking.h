// SPDX-License-Identifier: GPL-2.0-or-later
// Tracking of the stateless protocols: UDP (nf_conntrack_proto_udp.c), ICMP/ICMPv6 queries
// (nf_conntrack_proto_icmp*.c) and every other protocol (generic, addresses only).
#pragma once

#include <cstdint>

#include "backends/fastpath/conntrack/conn.h"
#include "backends/fastpath/conntrack/packet_info.h"
#include "backends/fastpath/conntrack/timeouts.h"

namespace nftx::fastpath::ct {

// nf_ct_refresh(): new absolute timeout unless the conn has IPS_FIXED_TIMEOUT.
void refresh(Conn& conn, uint64_t now_ns, uint64_t extra_ns);

// UDP: unreplied timeout; once replies were seen, the stream timeout and ASSURED if the flow
// is still active 2 s after creation (never for NAT_CLASH entries).
void udp_new(Conn& conn, uint64_t now_ns);
void udp_packet(Conn& conn, const Timeouts& t, uint64_t now_ns);

// ICMP: only query types (echo, timestamp, info, address mask / ICMPv6 echo, node info) may
// create a conntrack. False = INVALID.
bool icmp_packet(Conn& conn, const Timeouts& t, uint64_t now_ns);

void generic_packet(Conn& conn, const Timeouts& t, uint64_t now_ns);

}  // namespace nftx::fastpath::ct
