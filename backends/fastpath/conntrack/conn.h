// SPDX-License-Identifier: GPL-2.0-or-later
// One tracked connection (struct nf_conn), kept compact: both direction tuples, the kernel's
// status bits, an absolute timeout in engine nanoseconds, accounting, and the per-protocol state
// (TCP window tracking as ip_ct_tcp, UDP stream time). Conns live in the Table's pool and are
// referenced by pointer; a pointer stays valid until Table::reclaim() after the conn died.
#pragma once

#include <cstdint>

#include "backends/fastpath/conntrack/tuple.h"

namespace nftx::fastpath::ct {

// IP_CT_DIR_*.
enum class Dir : uint8_t { kOriginal = 0, kReply = 1 };
inline constexpr int idx(Dir d) { return static_cast<int>(d); }
inline constexpr Dir other(Dir d) { return d == Dir::kOriginal ? Dir::kReply : Dir::kOriginal; }

// enum ip_conntrack_status (uapi nf_conntrack_common.h). NAT_CLASH reuses the obsolete
// UNTRACKED bit as in the kernel.
namespace ips {
inline constexpr uint32_t kExpected = 1U << 0;
inline constexpr uint32_t kSeenReply = 1U << 1;
inline constexpr uint32_t kAssured = 1U << 2;
inline constexpr uint32_t kConfirmed = 1U << 3;
inline constexpr uint32_t kSrcNat = 1U << 4;
inline constexpr uint32_t kDstNat = 1U << 5;
inline constexpr uint32_t kNatMask = kSrcNat | kDstNat;
inline constexpr uint32_t kSeqAdjust = 1U << 6;
inline constexpr uint32_t kSrcNatDone = 1U << 7;
inline constexpr uint32_t kDstNatDone = 1U << 8;
inline constexpr uint32_t kNatDoneMask = kSrcNatDone | kDstNatDone;
inline constexpr uint32_t kDying = 1U << 9;
inline constexpr uint32_t kFixedTimeout = 1U << 10;
inline constexpr uint32_t kTemplate = 1U << 11;
inline constexpr uint32_t kUntracked = 1U << 12;
inline constexpr uint32_t kNatClash = 1U << 12;
inline constexpr uint32_t kHelper = 1U << 13;
inline constexpr uint32_t kOffload = 1U << 14;
inline constexpr uint32_t kHwOffload = 1U << 15;
}  // namespace ips

// enum tcp_conntrack, with the kernel's numbering (SYN_SENT2 is the old LISTEN slot; MAX and
// IGNORE are transition-table markers; RETRANS and UNACK only index the timeout table).
enum class TcpState : uint8_t {
  kNone = 0,
  kSynSent = 1,
  kSynRecv = 2,
  kEstablished = 3,
  kFinWait = 4,
  kCloseWait = 5,
  kLastAck = 6,
  kTimeWait = 7,
  kClose = 8,
  kSynSent2 = 9,
  kMax = 10,
  kIgnore = 11,
  kRetrans = 12,
  kUnack = 13,
};
inline constexpr int kTcpTimeoutMax = 14;

// IP_CT_TCP_FLAG_* (per-direction window tracking flags) and the ip_ct_tcp last_flags extras.
namespace tcpf {
inline constexpr uint8_t kWindowScale = 0x01;
inline constexpr uint8_t kSackPerm = 0x02;
inline constexpr uint8_t kCloseInit = 0x04;
inline constexpr uint8_t kBeLiberal = 0x08;
inline constexpr uint8_t kDataUnacknowledged = 0x10;
inline constexpr uint8_t kMaxackSet = 0x20;
inline constexpr uint8_t kExpChallengeAck = 0x40;
inline constexpr uint8_t kSimultaneousOpen = 0x80;
}  // namespace tcpf

// Packet flag class indexing the transition table (enum tcp_bit_set).
enum class TcpIndex : uint8_t { kSyn = 0, kSynAck = 1, kFin = 2, kAck = 3, kRst = 4, kNone = 5 };

// struct ip_ct_tcp_state: one direction's window tracking data.
struct TcpDirState {
  uint32_t td_end = 0;     // max of seq + len seen from this sender
  uint32_t td_maxend = 0;  // max of ack + max(win, 1) seen from the peer
  uint32_t td_maxwin = 0;  // max(win) of this sender (+ sack - ack); 0 = not initialised
  uint32_t td_maxack = 0;  // max ack sent by this sender
  uint8_t td_scale = 0;    // window scale this sender announced
  uint8_t flags = 0;       // tcpf::*
};

// struct ip_ct_tcp.
struct TcpTrack {
  TcpDirState seen[2];
  uint32_t last_seq = 0;
  uint32_t last_ack = 0;
  uint32_t last_end = 0;
  uint16_t last_win = 0;
  TcpState state = TcpState::kNone;
  uint8_t last_dir = 0;
  TcpIndex last_index = TcpIndex::kNone;
  uint8_t last_wscale = 0;
  uint8_t last_flags = 0;
  uint8_t retrans = 0;
};

struct Conn {
  Tuple tuples[2];           // [ORIGINAL], [REPLY]; reply = inverse of the NATed original
  uint16_t zone = 0;
  uint16_t refs = 0;         // table's reference + holders (flowtable); freed at 0
  uint32_t status = 0;       // ips::*
  uint32_t id = 0;           // ctnetlink id (table-local counter)
  uint32_t mark = 0;         // ct mark
  uint64_t timeout_ns = 0;   // absolute expiry on the engine clock
  uint64_t packets[2] = {0, 0};
  uint64_t bytes[2] = {0, 0};
  TcpTrack tcp;              // TCP only
  uint64_t udp_stream_ns = 0;  // UDP: replies after this time make it a stream (ASSURED)
  uint32_t masq_ifindex = 0;   // masquerade: out interface whose address the mapping used
  bool has_helper = false;     // no helpers yet; the flowtable still checks it (spec §3 step 4)
  // Table bookkeeping (do not touch).
  bool hashed = false;       // both tuples (or the reply tuple for NAT_CLASH) are in the index
  uint32_t slot = 0;         // index in the pool
  uint32_t link = 0;         // free-list / graveyard link

  bool test(uint32_t bits) const { return (status & bits) == bits; }
  bool confirmed() const { return (status & ips::kConfirmed) != 0; }
  bool dying() const { return (status & ips::kDying) != 0; }
  uint8_t l3() const { return tuples[0].l3; }
  uint8_t l4() const { return tuples[0].l4; }
  const Tuple& tuple(Dir d) const { return tuples[idx(d)]; }
  // nf_conntrack_tcp_established(): what the flowtable requires before offloading TCP.
  bool tcp_established() const {
    return tcp.state == TcpState::kEstablished && (status & ips::kAssured) != 0;
  }
  // Remaining lifetime in ns (0 when expired), nf_ct_expires().
  uint64_t expires_in(uint64_t now_ns) const {
    return timeout_ns > now_ns ? timeout_ns - now_ns : 0;
  }
};

}  // namespace nftx::fastpath::ct
