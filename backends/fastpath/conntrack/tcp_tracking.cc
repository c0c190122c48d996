// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/conntrack/tcp_tracking.h"

#include "backends/fastpath/conntrack/simple_tracking.h"

namespace nftx::fastpath::ct {

namespace {

using S = TcpState;
constexpr S NO = S::kNone, SS = S::kSynSent, SR = S::kSynRecv, ES = S::kEstablished,
            FW = S::kFinWait, CW = S::kCloseWait, LA = S::kLastAck, TW = S::kTimeWait,
            CL = S::kClose, S2 = S::kSynSent2, IV = S::kMax, IG = S::kIgnore;

// kTransitions[dir][flag class][old state] -> new state. Columns are the old states
// NONE, SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT, CLOSE,
// SYN_SENT2. IV = invalid packet, IG = let through without touching the state (we may be
// out of sync with the endpoints). The values are the kernel's (nf_conntrack_proto_tcp.c).
constexpr S kTransitions[2][6][10] = {
    // Packets from the originator.
    {
        {SS, SS, IG, IG, IG, IG, IG, SS, SS, S2},  // SYN: new, retransmit, reopen after close
        {IV, IV, SR, IV, IV, IV, IV, IV, IV, SR},  // SYN/ACK: only in simultaneous open
        {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},  // FIN
        {ES, IV, ES, ES, CW, CW, TW, TW, CL, IV},  // ACK (from NONE: picked up mid-stream)
        {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},  // RST
        {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV},  // no SYN/FIN/ACK/RST
    },
    // Packets from the responder.
    {
        {IV, S2, IV, IV, IV, IV, IV, SS, IV, S2},  // SYN: simultaneous open; role switch in TW
        {IV, SR, IG, IG, IG, IG, IG, IG, IG, SR},  // SYN/ACK
        {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},  // FIN
        {IV, IG, SR, ES, CW, CW, TW, TW, CL, IG},  // ACK
        {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},  // RST
        {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV},  // no SYN/FIN/ACK/RST
    },
};

bool before(uint32_t a, uint32_t b) { return static_cast<int32_t>(a - b) < 0; }
bool after(uint32_t a, uint32_t b) { return before(b, a); }

constexpr uint32_t kMaxAckWinConst = 66000;
uint32_t max_ack_window(const TcpDirState& s) {
  return s.td_maxwin > kMaxAckWinConst ? s.td_maxwin : kMaxAckWinConst;
}

// tcp_options(): window scale and SACK-permitted of a SYN into the sender's state.
void apply_options(TcpDirState& s, const CtPacket& pkt) {
  if (pkt.tcp_hdr_len <= 20) return;
  s.td_scale = 0;
  s.flags &= tcpf::kBeLiberal;
  if (pkt.opt_sack_perm) s.flags |= tcpf::kSackPerm;
  if (pkt.opt_wscale) {
    s.td_scale = pkt.wscale;
    s.flags |= tcpf::kWindowScale;
  }
}

// First SYN(/ACK) of a direction.
void init_sender(TcpDirState& sender, TcpDirState& receiver, const CtPacket& pkt, uint32_t end,
                 uint32_t win, Dir dir) {
  sender.td_end = sender.td_maxend = end;
  sender.td_maxwin = win == 0 ? 1 : win;
  apply_options(sender, pkt);
  // RFC 1323: scaling applies only when both sides sent the option.
  if (dir == Dir::kReply && !((sender.flags & tcpf::kWindowScale) &&
                              (receiver.flags & tcpf::kWindowScale))) {
    sender.td_scale = 0;
    receiver.td_scale = 0;
  }
}

enum class Window : uint8_t { kAccept, kIgnore, kInvalid };

Window log_invalid(const TcpDirState& sender, const Timeouts& t, Window ret) {
  if ((sender.flags & tcpf::kBeLiberal) || t.tcp_be_liberal) return Window::kAccept;
  return ret;
}

// tcp_in_window(): the sequence/ack bounds I-IV and the window bookkeeping.
Window in_window(TcpTrack& st, Dir dir, TcpIndex index, const CtPacket& pkt,
                 const Timeouts& t) {
  TcpDirState& sender = st.seen[idx(dir)];
  TcpDirState& receiver = st.seen[idx(other(dir))];
  const uint8_t f = pkt.tcp_flags;
  const bool syn = f & tcph::kSyn, ack_set = f & tcph::kAck, rst = f & tcph::kRst;
  uint32_t seq = pkt.seq;
  uint32_t ack = pkt.ack;
  uint32_t sack = ack;
  uint32_t win = pkt.win;
  uint32_t end = pkt.seq_end();

  if (receiver.flags & tcpf::kSackPerm) {
    for (uint8_t i = 0; i < pkt.sack_count; ++i)
      if (after(pkt.sack_right[i], sack)) sack = pkt.sack_right[i];
  }

  if (sender.td_maxwin == 0) {
    if (syn) {
      init_sender(sender, receiver, pkt, end, win, dir);
      if (!ack_set) return Window::kAccept;  // simultaneous open
    } else {
      // Mid-connection: history lost, take what the packet says.
      sender.td_end = end;
      uint32_t swin = win << sender.td_scale;
      sender.td_maxwin = swin == 0 ? 1 : swin;
      sender.td_maxend = end + sender.td_maxwin;
      if (receiver.td_maxwin == 0) {
        // Nothing seen the other way yet: let III and IV pass until it is.
        receiver.td_end = receiver.td_maxend = sack;
      } else if (sack == receiver.td_end + 1) {
        ++receiver.td_end;  // likely the answer to a keepalive
      }
    }
  } else if (syn && after(end, sender.td_end) &&
             (st.state == TcpState::kSynSent || st.state == TcpState::kSynRecv)) {
    // A re-sent SYN(/ACK) with a newer sequence number: start over for this direction.
    init_sender(sender, receiver, pkt, end, win, dir);
    if (dir == Dir::kReply && !ack_set) return Window::kAccept;
  }

  if (!ack_set) {
    ack = sack = receiver.td_end;  // no ACK: pretend it acked everything
  } else if (rst && ack == 0) {
    ack = sack = receiver.td_end;  // stacks that send RST+ACK with ack 0
  }

  if (rst && seq == 0 && st.state == TcpState::kSynSent) seq = end = sender.td_end;

  if (!before(seq, sender.td_maxend + 1)) {
    // I failed. Tolerate senders that overshoot the receive window a little.
    uint32_t overshot = end - sender.td_maxend + 1;
    bool ack_ok = after(sack, receiver.td_end - max_ack_window(sender) - 1);
    bool in_recv = receiver.td_maxwin != 0 &&
                   after(end, sender.td_end - receiver.td_maxwin - 1);
    if (in_recv && ack_ok && overshot <= receiver.td_maxwin &&
        before(sack, receiver.td_end + 1)) {
      sender.td_end = end;
      sender.flags |= tcpf::kDataUnacknowledged;
      return log_invalid(sender, t, Window::kIgnore);
    }
    return log_invalid(sender, t, Window::kInvalid);  // SEQ over the receiver's window
  }
  if (!before(sack, receiver.td_end + 1))
    return log_invalid(sender, t, Window::kInvalid);  // III: acks data not seen yet
  bool in_recv = receiver.td_maxwin == 0 || after(end, sender.td_end - receiver.td_maxwin - 1);
  if (!in_recv) return log_invalid(sender, t, Window::kIgnore);  // II: old retransmission
  if (!after(sack, receiver.td_end - max_ack_window(sender) - 1))
    return log_invalid(sender, t, Window::kIgnore);  // IV: overly delayed ack

  if (!syn) win <<= sender.td_scale;

  uint32_t swin = win + (sack - ack);
  if (sender.td_maxwin < swin) sender.td_maxwin = swin;
  if (after(end, sender.td_end)) {
    sender.td_end = end;
    sender.flags |= tcpf::kDataUnacknowledged;
  }
  if (ack_set) {
    if (!(sender.flags & tcpf::kMaxackSet)) {
      sender.td_maxack = ack;
      sender.flags |= tcpf::kMaxackSet;
    } else if (after(ack, sender.td_maxack)) {
      sender.td_maxack = ack;
    }
  }

  if (receiver.td_maxwin != 0 && after(end, sender.td_maxend))
    receiver.td_maxwin += end - sender.td_maxend;
  if (after(sack + win, receiver.td_maxend - 1)) {
    receiver.td_maxend = sack + win;
    if (win == 0) ++receiver.td_maxend;
  }
  if (ack == receiver.td_end) receiver.flags &= static_cast<uint8_t>(~tcpf::kDataUnacknowledged);

  if (index == TcpIndex::kAck) {
    // Retransmission detection: the same segment again in the same direction.
    if (st.last_dir == idx(dir) && st.last_seq == seq && st.last_ack == ack &&
        st.last_end == end && st.last_win == pkt.win) {
      if (st.retrans < 255) ++st.retrans;
    } else {
      st.last_dir = static_cast<uint8_t>(idx(dir));
      st.last_seq = seq;
      st.last_ack = ack;
      st.last_end = end;
      st.last_win = pkt.win;
      st.retrans = 0;
    }
  }
  return Window::kAccept;
}

// nf_tcp_handle_invalid(): an out-of-window FIN/RST answering the peer's FIN/RST shortens the
// timeout of an assured conn to UNACK, so dead conns go away sooner.
void handle_invalid(Conn& c, Dir dir, TcpIndex index, const Timeouts& t, uint64_t now_ns) {
  if (!(c.status & ips::kAssured) || (c.status & ips::kFixedTimeout)) return;
  if (index != TcpIndex::kRst && index != TcpIndex::kFin) return;
  TcpTrack& st = c.tcp;
  if (st.last_dir != idx(dir) &&
      (st.last_index == TcpIndex::kFin || st.last_index == TcpIndex::kRst)) {
    uint64_t expires = c.expires_in(now_ns);
    if (expires < 120 * kNsPerSec) return;
    uint64_t unack = t.tcp_ns(TcpState::kUnack);
    if (expires > unack) c.timeout_ns = now_ns + unack;
  } else {
    st.last_index = index;
    st.last_dir = static_cast<uint8_t>(idx(dir));
  }
}

void reset_dir(TcpDirState& s) {
  s.td_end = s.td_maxend = s.td_maxwin = s.td_maxack = 0;
  s.td_scale = 0;
  s.flags &= tcpf::kBeLiberal;
}

bool can_early_drop(TcpState s) {
  return s == TcpState::kFinWait || s == TcpState::kLastAck || s == TcpState::kTimeWait ||
         s == TcpState::kClose || s == TcpState::kCloseWait;
}

}  // namespace

TcpState tcp_next_state(Dir dir, TcpIndex index, TcpState old_state) {
  auto o = static_cast<size_t>(old_state);
  if (o >= 10) return TcpState::kMax;
  return kTransitions[idx(dir)][static_cast<size_t>(index)][o];
}

TcpIndex tcp_index(uint8_t f) {
  if (f & tcph::kRst) return TcpIndex::kRst;
  if (f & tcph::kSyn) return (f & tcph::kAck) ? TcpIndex::kSynAck : TcpIndex::kSyn;
  if (f & tcph::kFin) return TcpIndex::kFin;
  if (f & tcph::kAck) return TcpIndex::kAck;
  return TcpIndex::kNone;
}

bool tcp_valid_flags(uint8_t flags) {
  // PSH, ECE and CWR are always allowed; the rest must be one of these combinations.
  const uint8_t f = flags & static_cast<uint8_t>(~(tcph::kEce | tcph::kCwr | tcph::kPsh));
  using namespace tcph;
  switch (f) {
    case kSyn:
    case kSyn | kUrg:
    case kSyn | kAck:
    case kRst:
    case kRst | kAck:
    case kFin | kAck:
    case kFin | kAck | kUrg:
    case kAck:
    case kAck | kUrg:
      return true;
    default:
      return false;
  }
}

bool tcp_new(Conn& conn, const CtPacket& pkt, const Timeouts& t) {
  TcpState s = tcp_next_state(Dir::kOriginal, tcp_index(pkt.tcp_flags), TcpState::kNone);
  if (s == TcpState::kMax || s == TcpState::kIgnore) return false;
  conn.tcp = TcpTrack{};
  TcpDirState& o = conn.tcp.seen[0];
  o.td_end = pkt.seq_end();
  o.td_maxwin = pkt.win == 0 ? 1 : pkt.win;
  if (s == TcpState::kSynSent) {
    o.td_maxend = o.td_end;
    apply_options(o, pkt);
  } else {
    if (!t.tcp_loose) return false;
    // Picked up mid-stream: assume SACK and be liberal, window scaling is unknown.
    o.td_maxend = o.td_end + o.td_maxwin;
    o.flags = conn.tcp.seen[1].flags = tcpf::kSackPerm | tcpf::kBeLiberal;
  }
  conn.tcp.last_index = TcpIndex::kNone;
  return true;
}

TcpResult tcp_packet(Conn& c, Dir dir, const CtPacket& pkt, const Timeouts& t,
                     uint64_t now_ns) {
  TcpResult res;
  if (!tcp_valid_flags(pkt.tcp_flags)) return res;
  if (!c.confirmed() && !tcp_new(c, pkt, t)) return res;

  TcpTrack& st = c.tcp;
  const TcpState old_state = st.state;
  TcpState from = old_state;
  const TcpIndex index = tcp_index(pkt.tcp_flags);
  TcpState next = tcp_next_state(dir, index, old_state);
  const int d = idx(dir);
  bool skip_window = false;

  switch (next) {
    case TcpState::kSynSent:
      if (old_state >= TcpState::kTimeWait) {
        // RFC 1122 reopen from TIME_WAIT/CLOSE, or a client aborting with RST and retrying:
        // the old conntrack goes away and the packet is looked up again.
        if (((st.seen[d].flags | st.seen[1 - d].flags) & tcpf::kCloseInit) ||
            (st.last_dir == d && st.last_index == TcpIndex::kRst)) {
          res.verdict = TcpVerdict::kReopen;
          return res;
        }
      } else {
        break;
      }
      [[fallthrough]];
    case TcpState::kIgnore: {
      if (index == TcpIndex::kSynAck && st.last_index == TcpIndex::kSyn &&
          st.last_dir != d && pkt.ack == st.last_end) {
        // The SYN/ACK answers a SYN we ignored: the endpoints are in sync and we are not.
        // Resynchronise from the values noted when that SYN passed.
        from = TcpState::kSynSent;
        next = TcpState::kSynRecv;
        TcpDirState& ls = st.seen[st.last_dir];
        ls.td_end = ls.td_maxend = st.last_end;
        ls.td_maxwin = st.last_win == 0 ? 1 : st.last_win;
        ls.td_scale = st.last_wscale;
        st.last_flags &= static_cast<uint8_t>(~tcpf::kExpChallengeAck);
        ls.flags = st.last_flags;
        reset_dir(st.seen[d]);
        break;
      }
      st.last_index = index;
      st.last_dir = static_cast<uint8_t>(d);
      st.last_seq = pkt.seq;
      st.last_end = pkt.seq_end();
      st.last_win = pkt.win;
      if (index == TcpIndex::kSyn && dir == Dir::kOriginal) {
        // Note the SYN's options in case the server answers it (see above).
        st.last_flags = 0;
        st.last_wscale = 0;
        if (pkt.tcp_hdr_len > 20 && pkt.opt_wscale) {
          st.last_flags |= tcpf::kWindowScale;
          st.last_wscale = pkt.wscale;
        }
        if (pkt.tcp_hdr_len > 20 && pkt.opt_sack_perm) st.last_flags |= tcpf::kSackPerm;
        // RFC 5961 challenge ACK expected: an ACK in LAST_ACK must not end the conn.
        if (old_state == TcpState::kLastAck) st.last_flags |= tcpf::kExpChallengeAck;
      }
      if (old_state == TcpState::kSynSent && index == TcpIndex::kAck && dir == Dir::kReply)
        st.last_ack = pkt.ack;  // possible challenge ACK answering the SYN
      res.verdict = TcpVerdict::kIgnore;
      return res;
    }
    case TcpState::kMax:
      return res;  // invalid transition
    case TcpState::kTimeWait:
      if (old_state == TcpState::kLastAck && index == TcpIndex::kAck && st.last_dir != d &&
          st.last_index == TcpIndex::kSyn && (st.last_flags & tcpf::kExpChallengeAck)) {
        // RFC 5961 challenge ACK, not the ACK of the last FIN.
        st.last_flags &= static_cast<uint8_t>(~tcpf::kExpChallengeAck);
        res.verdict = TcpVerdict::kIgnore;
        return res;
      }
      break;
    case TcpState::kSynSent2:
      st.last_flags |= tcpf::kSimultaneousOpen;  // the table alone can't follow it
      break;
    case TcpState::kSynRecv:
      if (dir == Dir::kReply && index == TcpIndex::kAck &&
          (st.last_flags & tcpf::kSimultaneousOpen))
        next = TcpState::kEstablished;
      break;
    case TcpState::kClose: {
      if (index != TcpIndex::kRst) break;
      if (can_early_drop(c.tcp.state)) {
        skip_window = true;  // closing: the tuple may be reused, skip validation
        break;
      }
      const TcpDirState& peer = st.seen[1 - d];
      if ((peer.flags & tcpf::kMaxackSet) && st.last_index != TcpIndex::kSyn) {
        // RST sequence check against what the peer acknowledged.
        if (pkt.seq == 0 && !c.tcp_established()) break;
        if (before(pkt.seq, peer.td_maxack) && !t.tcp_ignore_invalid_rst) return res;
        if (!c.tcp_established() || pkt.seq == peer.td_maxack) break;
        // Part of a train: data then RST right after it.
        bool train = st.last_index == TcpIndex::kAck && st.last_dir == d &&
                     pkt.seq == st.last_end;
        if (train) break;
        next = old_state;  // inexact RST: keep the state to allow a challenge ACK
      }
      if ((((c.status & ips::kSeenReply) && st.last_index == TcpIndex::kSyn) ||
           (!(c.status & ips::kAssured) && st.last_index == TcpIndex::kAck)) &&
          pkt.ack == st.last_end) {
        skip_window = true;  // RST answering a SYN/ACK we let through while out of sync
        break;
      }
      if (old_state == TcpState::kSynSent && st.last_index == TcpIndex::kAck &&
          st.last_dir == idx(Dir::kReply) && pkt.seq == st.last_ack)
        skip_window = true;  // RST after a challenge ACK we let through
      break;
    }
    case TcpState::kNone:
    case TcpState::kEstablished:
    case TcpState::kFinWait:
    case TcpState::kCloseWait:
    case TcpState::kLastAck:
    case TcpState::kRetrans:
    case TcpState::kUnack:
      break;
  }

  if (!skip_window) {
    switch (in_window(st, dir, index, pkt, t)) {
      case Window::kIgnore:
        res.verdict = TcpVerdict::kIgnore;
        return res;
      case Window::kInvalid:
        handle_invalid(c, dir, index, t, now_ns);
        return res;
      case Window::kAccept:
        break;
    }
  }

  st.last_index = index;
  st.last_dir = static_cast<uint8_t>(d);
  st.state = next;
  if (from != next && next == TcpState::kFinWait) st.seen[d].flags |= tcpf::kCloseInit;

  uint64_t timeout;
  const uint64_t state_to = t.tcp_ns(next);
  if (st.retrans >= t.tcp_max_retrans && state_to > t.tcp_ns(TcpState::kRetrans))
    timeout = t.tcp_ns(TcpState::kRetrans);
  else if (index == TcpIndex::kRst)
    timeout = t.tcp_ns(TcpState::kClose);
  else if (((st.seen[0].flags | st.seen[1].flags) & tcpf::kDataUnacknowledged) &&
           state_to > t.tcp_ns(TcpState::kUnack))
    timeout = t.tcp_ns(TcpState::kUnack);
  else if (st.last_win == 0 && state_to > t.tcp_ns(TcpState::kRetrans))
    timeout = t.tcp_ns(TcpState::kRetrans);
  else
    timeout = state_to;

  res.verdict = TcpVerdict::kAccept;
  if (!(c.status & ips::kSeenReply)) {
    if (pkt.tcp_flags & tcph::kRst) {
      res.kill = true;  // only a RST came back: no connection, delete it now
      return res;
    }
    // A retransmitted SYN does not extend the life of an unanswered conn.
    if (index == TcpIndex::kSyn && old_state == TcpState::kSynSent) return res;
    // Picked up mid-stream and never answered: no 5-day timeout.
    if (next == TcpState::kEstablished && timeout > t.tcp_ns(TcpState::kUnack))
      timeout = t.tcp_ns(TcpState::kUnack);
  } else if (!(c.status & ips::kAssured) &&
             (old_state == TcpState::kSynRecv || old_state == TcpState::kEstablished) &&
             next == TcpState::kEstablished) {
    c.status |= ips::kAssured;
  }
  refresh(c, now_ns, timeout);
  return res;
}

void tcp_set_closing(Conn& c, const Timeouts& t, uint64_t now_ns) {
  if (!c.confirmed()) return;
  TcpState old = c.tcp.state;
  c.tcp.state = TcpState::kClose;
  if (old == TcpState::kClose || (c.status & ips::kFixedTimeout)) return;
  c.timeout_ns = now_ns + t.tcp_ns(TcpState::kClose);
}

}  // namespace nftx::fastpath::ct
