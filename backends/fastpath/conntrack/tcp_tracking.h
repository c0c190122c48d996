// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel's TCP connection tracking (nf_conntrack_proto_tcp.c): the state transition table
// indexed by direction, packet flag class and old state, and window tracking (tcp_in_window).
#pragma once

#include <cstdint>

#include "backends/fastpath/conntrack/conn.h"
#include "backends/fastpath/conntrack/packet_info.h"
#include "backends/fastpath/conntrack/timeouts.h"

namespace nftx::fastpath::ct {

enum class TcpVerdict : uint8_t {
  kAccept,   // tracked: state, window data and timeout updated
  kIgnore,   // accepted but the conntrack state is not changed (kernel "ignored" packets)
  kInvalid,  // INVALID: the packet gets no conntrack; the conntrack is not changed
  kReopen,   // SYN reopening a closed connection: destroy this conntrack and look up again
};

struct TcpResult {
  TcpVerdict verdict = TcpVerdict::kInvalid;
  bool kill = false;  // accepted RST before any reply: delete the conntrack after this packet
};

// The transition table lookup (tcp_conntracks[dir][index][state]).
TcpState tcp_next_state(Dir dir, TcpIndex index, TcpState old_state);
TcpIndex tcp_index(uint8_t flags);
// tcp_error(): header length / flag combination checks (checksum is not verified here).
bool tcp_valid_flags(uint8_t flags);

// tcp_new(): initialises the state of an unconfirmed conntrack from its first packet.
// False: the packet cannot start a connection (INVALID, the conntrack must be discarded).
bool tcp_new(Conn& conn, const CtPacket& pkt, const Timeouts& t);

// nf_conntrack_tcp_packet(): tracks one packet of direction `dir` (SEEN_REPLY is not yet set
// for the first reply packet, as in the kernel). Sets ASSURED and the timeout on kAccept.
TcpResult tcp_packet(Conn& conn, Dir dir, const CtPacket& pkt, const Timeouts& t,
                     uint64_t now_ns);

// nf_conntrack_tcp_set_closing(): force CLOSE with its timeout (used by the flowtable).
void tcp_set_closing(Conn& conn, const Timeouts& t, uint64_t now_ns);

}  // namespace nftx::fastpath::ct
