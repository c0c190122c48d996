// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/conntrack/tcp_tracking.h"

namespace nftx::fastpath::ct {
namespace {

constexpr uint64_t kSec = kNsPerSec;
constexpr uint8_t SYN = tcph::kSyn, ACK = tcph::kAck, FIN = tcph::kFin, RST = tcph::kRst;

// A TCP packet as extract() would describe it, built by hand.
CtPacket tcp(bool from_client, uint8_t flags, uint32_t seq, uint32_t ack, uint16_t win,
             uint32_t payload = 0) {
  CtPacket p;
  p.tuple.l3 = 2;
  p.tuple.l4 = kProtoTcp;
  const char* c = "10.0.0.1";
  const char* s = "192.0.2.80";
  inet_pton(AF_INET, from_client ? c : s, p.tuple.src);
  inet_pton(AF_INET, from_client ? s : c, p.tuple.dst);
  p.tuple.sport = htons(from_client ? 40000 : 80);
  p.tuple.dport = htons(from_client ? 80 : 40000);
  p.tcp_flags = flags;
  p.seq = seq;
  p.ack = ack;
  p.win = win;
  p.tcp_hdr_len = 20;
  p.l4_len = 20 + payload;
  p.len = 20 + p.l4_len;
  return p;
}

CtPacket with_wscale(CtPacket p, uint8_t scale) {
  p.tcp_hdr_len = 24;
  p.l4_len += 4;
  p.len += 4;
  p.opt_wscale = true;
  p.wscale = scale;
  return p;
}

class TcpTest : public ::testing::Test {
 protected:
  Table table{1024};
  uint64_t now = 1000 * kSec;
  uint32_t cseq = 1000, sseq = 5000;  // initial sequence numbers

  Table::Result send(const CtPacket& p) {
    Table::Result r = table.process(p, now);
    if (r.conn != nullptr && !r.conn->confirmed()) table.confirm(r.conn, now);
    return r;
  }
  // Three-way handshake; returns the conn.
  Conn* handshake(uint8_t cscale = 0, uint8_t sscale = 0, bool scale = false) {
    CtPacket syn = tcp(true, SYN, cseq, 0, 1000);
    CtPacket synack = tcp(false, SYN | ACK, sseq, cseq + 1, 1000);
    if (scale) {
      syn = with_wscale(syn, cscale);
      synack = with_wscale(synack, sscale);
    }
    Table::Result r1 = send(syn);
    EXPECT_EQ(r1.info, CtInfo::kNew);
    EXPECT_EQ(r1.conn->tcp.state, TcpState::kSynSent);
    EXPECT_EQ(r1.conn->timeout_ns, now + 120 * kSec);
    Table::Result r2 = send(synack);
    EXPECT_EQ(r2.info, CtInfo::kEstablishedReply);
    EXPECT_EQ(r2.conn, r1.conn);
    EXPECT_EQ(r2.conn->tcp.state, TcpState::kSynRecv);
    EXPECT_FALSE(r2.conn->test(ips::kAssured));
    Table::Result r3 = send(tcp(true, ACK, cseq + 1, sseq + 1, 1000));
    EXPECT_EQ(r3.info, CtInfo::kEstablished);
    return r1.conn;
  }
};

TEST_F(TcpTest, HandshakeReachesEstablishedAndAssured) {
  Conn* c = handshake();
  EXPECT_EQ(c->tcp.state, TcpState::kEstablished);
  EXPECT_TRUE(c->test(ips::kAssured | ips::kSeenReply | ips::kConfirmed));
  EXPECT_TRUE(c->tcp_established());
  EXPECT_EQ(c->timeout_ns, now + 432000 * kSec);
  EXPECT_EQ(c->packets[0], 2U);
  EXPECT_EQ(c->packets[1], 1U);
}

TEST_F(TcpTest, UnackedDataUsesShorterTimeout) {
  Conn* c = handshake();
  send(tcp(true, ACK, cseq + 1, sseq + 1, 1000, 500));
  EXPECT_EQ(c->timeout_ns, now + 300 * kSec);  // UNACK while data is in flight
  send(tcp(false, ACK, sseq + 1, cseq + 501, 1000));
  EXPECT_EQ(c->timeout_ns, now + 432000 * kSec);
}

TEST_F(TcpTest, OutOfWindowIsInvalidAndStateUnchanged) {
  Conn* c = handshake();
  TcpTrack before = c->tcp;
  // Far beyond what the server's window allows.
  Table::Result r = send(tcp(true, ACK, cseq + 1 + 500000, sseq + 1, 1000, 100));
  EXPECT_EQ(r.info, CtInfo::kInvalid);
  EXPECT_EQ(r.conn, nullptr);
  EXPECT_EQ(c->tcp.seen[0].td_end, before.seen[0].td_end);
  EXPECT_EQ(c->tcp.state, TcpState::kEstablished);
  // Acknowledging data the client never sent.
  r = send(tcp(false, ACK, sseq + 1, cseq + 1 + 10000, 1000));
  EXPECT_EQ(r.info, CtInfo::kInvalid);
  EXPECT_GE(table.stats()[Stats::invalid], 2U);
}

TEST_F(TcpTest, LiberalSysctlAcceptsOutOfWindow) {
  Conn* c = handshake();
  table.timeouts().set_sysctl("net.netfilter.nf_conntrack_tcp_be_liberal", 1);
  Table::Result r = send(tcp(true, ACK, cseq + 1 + 500000, sseq + 1, 1000, 100));
  EXPECT_EQ(r.info, CtInfo::kEstablished);
  EXPECT_EQ(r.conn, c);
}

TEST_F(TcpTest, FinCloseSequence) {
  Conn* c = handshake();
  send(tcp(true, FIN | ACK, cseq + 1, sseq + 1, 1000));
  EXPECT_EQ(c->tcp.state, TcpState::kFinWait);
  EXPECT_TRUE(c->tcp.seen[0].flags & tcpf::kCloseInit);
  EXPECT_EQ(c->timeout_ns, now + 120 * kSec);
  send(tcp(false, ACK, sseq + 1, cseq + 2, 1000));
  EXPECT_EQ(c->tcp.state, TcpState::kCloseWait);
  EXPECT_EQ(c->timeout_ns, now + 60 * kSec);
  send(tcp(false, FIN | ACK, sseq + 1, cseq + 2, 1000));
  EXPECT_EQ(c->tcp.state, TcpState::kLastAck);
  EXPECT_EQ(c->timeout_ns, now + 30 * kSec);
  send(tcp(true, ACK, cseq + 2, sseq + 2, 1000));
  EXPECT_EQ(c->tcp.state, TcpState::kTimeWait);
  EXPECT_EQ(c->timeout_ns, now + 120 * kSec);
}

TEST_F(TcpTest, RstClosesWithCloseTimeout) {
  Conn* c = handshake();
  Table::Result r = send(tcp(false, RST, sseq + 1, 0, 0));
  EXPECT_EQ(r.conn, c);
  EXPECT_EQ(c->tcp.state, TcpState::kClose);
  EXPECT_EQ(c->timeout_ns, now + 10 * kSec);
}

TEST_F(TcpTest, RstWithBadSequenceIsInvalid) {
  Conn* c = handshake();
  send(tcp(false, ACK, sseq + 1, cseq + 1, 1000, 100));  // server's td_maxack stays cseq + 1
  send(tcp(true, ACK, cseq + 1, sseq + 101, 1000));
  // Client RST below what the server has acknowledged: rejected.
  Table::Result r = send(tcp(true, RST, cseq - 50, 0, 0));
  EXPECT_EQ(r.info, CtInfo::kInvalid);
  EXPECT_EQ(c->tcp.state, TcpState::kEstablished);
}

TEST_F(TcpTest, RstAnsweringSynKillsConn) {
  Table::Result r1 = send(tcp(true, SYN, cseq, 0, 1000));
  Conn* c = r1.conn;
  Table::Result r2 = send(tcp(false, RST | ACK, 0, cseq + 1, 0));
  EXPECT_EQ(r2.info, CtInfo::kEstablishedReply);
  EXPECT_TRUE(c->dying());
  EXPECT_EQ(table.lookup(r1.conn->tuples[0]).conn, nullptr);
  EXPECT_EQ(table.size(), 0U);
}

TEST_F(TcpTest, SimultaneousOpen) {
  Table::Result r = send(tcp(true, SYN, cseq, 0, 1000));
  Conn* c = r.conn;
  send(tcp(false, SYN, sseq, 0, 1000));
  EXPECT_EQ(c->tcp.state, TcpState::kSynSent2);
  send(tcp(true, SYN | ACK, cseq, sseq + 1, 1000));
  EXPECT_EQ(c->tcp.state, TcpState::kSynRecv);
  send(tcp(false, ACK, sseq + 1, cseq + 1, 1000));
  EXPECT_EQ(c->tcp.state, TcpState::kEstablished);
  EXPECT_TRUE(c->test(ips::kAssured));
}

TEST_F(TcpTest, WindowScalingNegotiated) {
  Conn* c = handshake(7, 7, true);
  EXPECT_EQ(c->tcp.seen[0].td_scale, 7);
  EXPECT_EQ(c->tcp.seen[1].td_scale, 7);
  // The server's scaled window (1000 << 7) lets the client send far ahead.
  send(tcp(false, ACK, sseq + 1, cseq + 1, 1000));
  Table::Result r = send(tcp(true, ACK, cseq + 1 + 100000, sseq + 1, 1000, 100));
  EXPECT_EQ(r.info, CtInfo::kEstablished);
}

TEST_F(TcpTest, WithoutScalingFarDataIsInvalid) {
  Conn* c = handshake(7, 0, false);
  send(tcp(true, SYN, 0, 0, 0));  // ignored SYN in ESTABLISHED: no change
  EXPECT_EQ(c->tcp.seen[0].td_scale, 0);
  send(tcp(false, ACK, sseq + 1, cseq + 1, 1000));
  Table::Result r = send(tcp(true, ACK, cseq + 1 + 100000, sseq + 1, 1000, 100));
  EXPECT_EQ(r.info, CtInfo::kInvalid);
}

TEST_F(TcpTest, OnlyOneSideScalesDisablesScaling) {
  CtPacket syn = with_wscale(tcp(true, SYN, cseq, 0, 1000), 7);
  Table::Result r = send(syn);
  send(tcp(false, SYN | ACK, sseq, cseq + 1, 1000));  // no option in the SYN/ACK
  EXPECT_EQ(r.conn->tcp.seen[0].td_scale, 0);
  EXPECT_EQ(r.conn->tcp.seen[1].td_scale, 0);
}

TEST_F(TcpTest, SynReopensFromTimeWait) {
  Conn* c = handshake();
  send(tcp(true, FIN | ACK, cseq + 1, sseq + 1, 1000));
  send(tcp(false, FIN | ACK, sseq + 1, cseq + 2, 1000));
  send(tcp(true, ACK, cseq + 2, sseq + 2, 1000));
  ASSERT_EQ(c->tcp.state, TcpState::kTimeWait);
  Table::Result r = table.process(tcp(true, SYN, cseq + 100000, 0, 1000), now);
  EXPECT_EQ(r.info, CtInfo::kNew);
  ASSERT_NE(r.conn, nullptr);
  EXPECT_NE(r.conn, c);
  EXPECT_TRUE(c->dying());
  EXPECT_EQ(r.conn->tcp.state, TcpState::kSynSent);
  EXPECT_EQ(table.stats()[Stats::reopen], 1U);
  EXPECT_TRUE(table.confirm(r.conn, now).conn == r.conn);
}

TEST_F(TcpTest, InvalidFlagsAndLateSynAck) {
  EXPECT_EQ(table.process(tcp(true, SYN | FIN, cseq, 0, 1000), now).info, CtInfo::kInvalid);
  EXPECT_EQ(table.process(tcp(true, SYN | ACK, cseq, 1, 1000), now).info, CtInfo::kInvalid);
  EXPECT_EQ(table.process(tcp(true, 0, cseq, 0, 1000), now).info, CtInfo::kInvalid);
  EXPECT_EQ(table.live(), 0U);
}

TEST_F(TcpTest, MidStreamPickupIsLiberalWithUnackTimeout) {
  Table::Result r = send(tcp(true, ACK, 777, 888, 1000, 10));
  ASSERT_NE(r.conn, nullptr);
  EXPECT_EQ(r.info, CtInfo::kNew);
  EXPECT_EQ(r.conn->tcp.state, TcpState::kEstablished);
  EXPECT_TRUE(r.conn->tcp.seen[0].flags & tcpf::kBeLiberal);
  EXPECT_EQ(r.conn->timeout_ns, now + 300 * kSec);
  table.timeouts().set_sysctl("nf_conntrack_tcp_loose", 0);
  EXPECT_EQ(table.process(tcp(false, ACK, 1, 2, 1000), now).info, CtInfo::kEstablishedReply);
  CtPacket other = tcp(true, ACK, 1, 2, 1000);
  other.tuple.sport = htons(40001);
  EXPECT_EQ(table.process(other, now).info, CtInfo::kInvalid);
}

TEST(TcpTable, TransitionTableSamples) {
  EXPECT_EQ(tcp_next_state(Dir::kOriginal, TcpIndex::kSyn, TcpState::kNone), TcpState::kSynSent);
  EXPECT_EQ(tcp_next_state(Dir::kReply, TcpIndex::kSynAck, TcpState::kSynSent),
            TcpState::kSynRecv);
  EXPECT_EQ(tcp_next_state(Dir::kReply, TcpIndex::kSyn, TcpState::kTimeWait),
            TcpState::kSynSent);
  EXPECT_EQ(tcp_next_state(Dir::kOriginal, TcpIndex::kSynAck, TcpState::kEstablished),
            TcpState::kMax);
  EXPECT_EQ(tcp_next_state(Dir::kReply, TcpIndex::kAck, TcpState::kSynSent), TcpState::kIgnore);
  EXPECT_EQ(tcp_index(RST | ACK), TcpIndex::kRst);
  EXPECT_EQ(tcp_index(SYN | ACK), TcpIndex::kSynAck);
  EXPECT_TRUE(tcp_valid_flags(ACK | tcph::kPsh | tcph::kEce));
  EXPECT_FALSE(tcp_valid_flags(SYN | RST));
}

}  // namespace
}  // namespace nftx::fastpath::ct
