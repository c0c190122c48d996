// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/conntrack/offload.h"

#include "backends/fastpath/conntrack/simple_tracking.h"

namespace nftx::fastpath::ct {

namespace {

constexpr uint64_t kDayNs = kCtDaySec * kNsPerSec;
constexpr uint64_t kFiveMinNs = 300 * kNsPerSec;

// nf_flow_table_tcp_timeout(): what an offloaded TCP conn is kept alive for, 0 = unchanged.
uint64_t offloaded_tcp_timeout(TcpState s) {
  switch (s) {
    case TcpState::kEstablished:
      return kDayNs;
    case TcpState::kFinWait:
    case TcpState::kCloseWait:
    case TcpState::kLastAck:
    case TcpState::kTimeWait:
      return kFiveMinNs;
    case TcpState::kNone:
    case TcpState::kSynSent:
    case TcpState::kSynRecv:
    case TcpState::kClose:
    case TcpState::kSynSent2:
    case TcpState::kMax:
    case TcpState::kIgnore:
    case TcpState::kRetrans:
    case TcpState::kUnack:
      return 0;
  }
  return 0;
}

}  // namespace

void refresh_for_offload(Conn& conn, uint64_t now_ns) { refresh(conn, now_ns, kDayNs); }

void extend_offloaded(Conn& conn, uint64_t now_ns) {
  if (!(conn.status & ips::kOffload)) return;
  if (conn.expires_in(now_ns) >= kFiveMinNs) return;
  uint64_t extra = 0;
  if (conn.l4() == kProtoUdp)
    extra = kDayNs;
  else if (conn.l4() == kProtoTcp)
    extra = offloaded_tcp_timeout(conn.tcp.state);
  if (extra != 0) conn.timeout_ns = now_ns + extra;
}

uint64_t fixup_after_offload(Conn& conn, bool closing, bool expired, const Timeouts& t,
                             uint64_t now_ns) {
  conn.status &= ~ips::kOffload;
  int64_t timeout;
  if (conn.l4() == kProtoTcp) {
    TcpTrack& st = conn.tcp;
    if (closing) {
      // A SYN on this tuple must be able to reopen (CLOSE_INIT), see tcp_packet().
      st.state = TcpState::kClose;
      st.seen[0].flags |= tcpf::kCloseInit;
      timeout = static_cast<int64_t>(t.tcp_ns(TcpState::kClose));
    } else {
      timeout = static_cast<int64_t>(t.tcp_ns(st.state));
      if (expired) timeout -= static_cast<int64_t>(t.flow_tcp * kNsPerSec);
    }
    // Windows moved while packets bypassed conntrack: relearn them.
    for (TcpDirState& s : st.seen) {
      s.td_maxwin = 0;
      s.flags &= static_cast<uint8_t>(~tcpf::kMaxackSet);
    }
  } else if (conn.l4() == kProtoUdp) {
    timeout = static_cast<int64_t>(
        ((conn.status & ips::kSeenReply) ? t.udp_stream : t.udp) * kNsPerSec);
    if (expired) timeout -= static_cast<int64_t>(t.flow_udp * kNsPerSec);
  } else {
    return 0;
  }
  if (timeout < 0) timeout = 0;
  auto chosen = static_cast<uint64_t>(timeout);
  // The fixup can only shorten the lifetime, except when closing.
  if (closing || conn.expires_in(now_ns) > chosen) refresh(conn, now_ns, chosen);
  return chosen;
}

}  // namespace nftx::fastpath::ct
