// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <vector>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/conntrack/offload.h"

namespace nftx::fastpath::ct {
namespace {

constexpr uint64_t kSec = kNsPerSec;

Tuple v4(uint8_t l4, const char* src, uint16_t sport, const char* dst, uint16_t dport) {
  Tuple t;
  t.l3 = 2;
  t.l4 = l4;
  inet_pton(AF_INET, src, t.src);
  inet_pton(AF_INET, dst, t.dst);
  t.sport = htons(sport);
  t.dport = htons(dport);
  return t;
}

CtPacket udp(const char* src, uint16_t sport, const char* dst, uint16_t dport) {
  CtPacket p;
  p.tuple = v4(kProtoUdp, src, sport, dst, dport);
  p.l4_len = 8 + 100;
  p.len = 20 + p.l4_len;
  return p;
}

CtPacket icmp_echo(const char* src, const char* dst, uint8_t type, uint16_t id) {
  CtPacket p;
  p.tuple = v4(kProtoIcmp, src, 0, dst, 0);
  p.tuple.set_icmp(type, 0, htons(id));
  p.icmp_type = type;
  p.l4_len = 64;
  p.len = 84;
  return p;
}

class TableTest : public ::testing::Test {
 protected:
  Table table{1024};
  uint64_t now = 50 * kSec;

  Conn* new_confirmed(const CtPacket& p) {
    Table::Result r = table.process(p, now);
    EXPECT_EQ(r.info, CtInfo::kNew);
    return table.confirm(r.conn, now).conn;
  }
};

TEST(Tuple, InvertAndHash) {
  Tuple t = v4(kProtoTcp, "10.0.0.1", 1234, "10.0.0.2", 80);
  Tuple r = t.inverse();
  EXPECT_EQ(r.sport, htons(80));
  EXPECT_EQ(r.dport, htons(1234));
  EXPECT_EQ(r.inverse(), t);
  EXPECT_NE(hash(t, 0, 1), hash(r, 0, 1));
  EXPECT_NE(hash(t, 0, 1), hash(t, 1, 1));
  EXPECT_EQ(hash(t, 0, 1), hash(v4(kProtoTcp, "10.0.0.1", 1234, "10.0.0.2", 80), 0, 1));
  Tuple e = icmp_echo("10.0.0.1", "10.0.0.2", 8, 77).tuple;
  Tuple er;
  ASSERT_TRUE(invert(e, er));
  EXPECT_EQ(er.icmp_type(), 0);
  EXPECT_EQ(er.sport, htons(77));
  Tuple unreach = e;
  unreach.set_icmp(3, 1, 0);
  EXPECT_FALSE(invert(unreach, er));
}

TEST_F(TableTest, UdpNewEstablishedAssured) {
  CtPacket out = udp("10.0.0.1", 5000, "192.0.2.53", 53);
  CtPacket back = udp("192.0.2.53", 53, "10.0.0.1", 5000);
  Table::Result r = table.process(out, now);
  EXPECT_EQ(r.info, CtInfo::kNew);
  EXPECT_FALSE(r.conn->confirmed());
  EXPECT_EQ(table.lookup(out.tuple).conn, nullptr);  // not in the table before confirm
  Conn* c = table.confirm(r.conn, now).conn;
  ASSERT_EQ(c, r.conn);
  EXPECT_EQ(c->timeout_ns, now + 30 * kSec);
  EXPECT_EQ(table.lookup(back.tuple).dir, Dir::kReply);
  EXPECT_EQ(table.process(out, now).info, CtInfo::kNew);  // still unreplied
  now += kSec;
  Table::Result rr = table.process(back, now);
  EXPECT_EQ(rr.info, CtInfo::kEstablishedReply);
  EXPECT_TRUE(c->test(ips::kSeenReply));
  EXPECT_FALSE(c->test(ips::kAssured));  // within 2 s of the first packet: not a stream yet
  now += 2 * kSec;
  EXPECT_EQ(table.process(out, now).info, CtInfo::kEstablished);
  EXPECT_TRUE(c->test(ips::kAssured));
  EXPECT_EQ(c->timeout_ns, now + 120 * kSec);
  EXPECT_EQ(c->bytes[0], 3U * out.len);
}

TEST_F(TableTest, IcmpEchoAndReplyWithoutRequest) {
  Conn* c = new_confirmed(icmp_echo("10.0.0.1", "192.0.2.1", 8, 9));
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->timeout_ns, now + 30 * kSec);
  Table::Result r = table.process(icmp_echo("192.0.2.1", "10.0.0.1", 0, 9), now);
  EXPECT_EQ(r.info, CtInfo::kEstablishedReply);
  EXPECT_EQ(r.conn, c);
  // A reply nobody asked for cannot start a conntrack.
  EXPECT_EQ(table.process(icmp_echo("192.0.2.1", "10.0.0.1", 0, 10), now).info,
            CtInfo::kInvalid);
}

TEST_F(TableTest, IcmpErrorIsRelated) {
  Conn* c = new_confirmed(udp("10.0.0.1", 5000, "192.0.2.53", 53));
  CtPacket err;
  err.tuple = v4(kProtoIcmp, "198.51.100.1", 0, "10.0.0.1", 0);
  err.tuple.set_icmp(3, 3, 0);
  err.icmp_type = 3;
  err.icmp_error = true;
  err.inner = c->tuples[0];  // the packet the client sent
  Table::Result r = table.process(err, now);
  EXPECT_EQ(r.info, CtInfo::kRelatedReply);
  EXPECT_EQ(r.conn, c);
  // Same error aimed at a host that is not this conn's endpoint.
  inet_pton(AF_INET, "10.0.0.99", err.tuple.dst);
  EXPECT_EQ(table.process(err, now).info, CtInfo::kInvalid);
  // Error about an unknown flow.
  err.inner = v4(kProtoUdp, "10.0.0.1", 5001, "192.0.2.53", 53);
  inet_pton(AF_INET, "10.0.0.1", err.tuple.dst);
  EXPECT_EQ(table.process(err, now).info, CtInfo::kInvalid);
  // An error in the original direction (server side sends it about the reply).
  CtPacket err2 = err;
  err2.tuple = v4(kProtoIcmp, "10.0.0.1", 0, "192.0.2.53", 0);
  err2.inner = c->tuples[1];
  EXPECT_EQ(table.process(err2, now).info, CtInfo::kRelated);
}

TEST_F(TableTest, ConfirmClashSameFlowMerges) {
  CtPacket p = udp("10.0.0.1", 5000, "192.0.2.53", 53);
  Table::Result a = table.process(p, now);
  Table::Result b = table.process(p, now);  // same flow, second packet before confirm
  ASSERT_NE(a.conn, b.conn);
  EXPECT_EQ(table.confirm(a.conn, now).conn, a.conn);
  Table::Confirm cb = table.confirm(b.conn, now);
  EXPECT_TRUE(cb.clash);
  EXPECT_EQ(cb.conn, a.conn);
  EXPECT_EQ(a.conn->packets[0], 2U);
  EXPECT_EQ(table.size(), 1U);
  EXPECT_EQ(table.stats()[Stats::clash_resolve], 1U);
}

TEST_F(TableTest, ConfirmClashDifferentNatGetsNatClashEntry) {
  CtPacket p = udp("10.0.0.1", 5000, "192.0.2.53", 53);
  Table::Result a = table.process(p, now);
  Table::Result b = table.process(p, now);
  // The second packet got a different DNAT target (e.g. a load-balancing map).
  b.conn->tuples[1] = v4(kProtoUdp, "192.0.2.54", 53, "10.0.0.1", 5000);
  table.confirm(a.conn, now);
  Table::Confirm cb = table.confirm(b.conn, now);
  EXPECT_EQ(cb.conn, b.conn);
  EXPECT_TRUE(b.conn->test(ips::kNatClash | ips::kFixedTimeout | ips::kConfirmed));
  EXPECT_EQ(b.conn->timeout_ns, now + kSec);
  EXPECT_EQ(table.lookup(p.tuple).conn, a.conn);
  EXPECT_EQ(table.lookup(b.conn->tuples[1]).conn, b.conn);
  size_t listed = 0;
  table.for_each([&](Conn&) { ++listed; });
  EXPECT_EQ(listed, 1U);  // hidden from listings
  EXPECT_EQ(table.expire(now + 2 * kSec), 1U);  // the clash entry; the winner lives on
  EXPECT_EQ(table.size(), 1U);
  EXPECT_EQ(table.lookup(p.tuple).conn, a.conn);
}

TEST_F(TableTest, TcpClashIsDropped) {
  CtPacket p;
  p.tuple = v4(kProtoTcp, "10.0.0.1", 4000, "192.0.2.80", 80);
  p.tcp_flags = tcph::kSyn;
  p.seq = 1;
  p.win = 100;
  p.tcp_hdr_len = 20;
  p.l4_len = 20;
  p.len = 40;
  Table::Result a = table.process(p, now);
  Table::Result b = table.process(p, now);
  table.confirm(a.conn, now);
  Table::Confirm cb = table.confirm(b.conn, now);
  EXPECT_EQ(cb.conn, nullptr);
  EXPECT_EQ(table.stats()[Stats::insert_failed], 1U);
  EXPECT_TRUE(b.conn->dying());
}

TEST_F(TableTest, ExpiryWithInjectedClock) {
  Conn* c = new_confirmed(udp("10.0.0.1", 5000, "192.0.2.53", 53));
  std::vector<uint32_t> seen;
  Table::DestroyHook cb = [&](Conn& x) { seen.push_back(x.id); };
  uint32_t id = c->id;
  EXPECT_EQ(table.expire(now + 29 * kSec, cb), 0U);
  EXPECT_EQ(table.size(), 1U);
  EXPECT_EQ(table.expire(now + 30 * kSec, cb), 1U);
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0], id);
  EXPECT_EQ(table.size(), 0U);
  EXPECT_EQ(table.lookup(udp("10.0.0.1", 5000, "192.0.2.53", 53).tuple).conn, nullptr);
  EXPECT_EQ(table.stats()[Stats::expired], 1U);
}

TEST_F(TableTest, DestroyHookSeesKills) {
  int hooked = 0;
  table.set_destroy_hook([&](Conn&) { ++hooked; });
  Conn* c = new_confirmed(udp("10.0.0.1", 5000, "192.0.2.53", 53));
  table.erase(c);
  EXPECT_EQ(hooked, 1);
  EXPECT_TRUE(c->dying());
  // Unconfirmed conns were never visible: no hook.
  Table::Result r = table.process(udp("10.0.0.1", 5001, "192.0.2.53", 53), now);
  table.discard(r.conn);
  EXPECT_EQ(hooked, 1);
  EXPECT_EQ(table.live(), 0U);
}

TEST_F(TableTest, OffloadedConnIsNotExpired) {
  Conn* c = new_confirmed(udp("10.0.0.1", 5000, "192.0.2.53", 53));
  c->status |= ips::kOffload;
  EXPECT_EQ(table.expire(now + 1000 * kSec), 0U);
  EXPECT_EQ(table.size(), 1U);
  EXPECT_EQ(c->timeout_ns, now + 1000 * kSec + kCtDaySec * kSec);
}

TEST_F(TableTest, TableFullRefusesOrEvicts) {
  Table small(2);
  uint64_t t = 10 * kSec;
  for (uint16_t port = 1; port <= 2; ++port) {
    CtPacket p = udp("10.0.0.1", port, "192.0.2.53", 53);
    Conn* c = small.confirm(small.process(p, t).conn, t).conn;
    c->status |= ips::kAssured;
  }
  Table::Result r = small.process(udp("10.0.0.1", 3, "192.0.2.53", 53), t);
  EXPECT_TRUE(r.drop);
  EXPECT_EQ(r.conn, nullptr);
  EXPECT_EQ(small.stats()[Stats::table_full], 1U);
  // An unassured conn may be evicted to make room.
  Conn* victim = nullptr;
  small.for_each([&](Conn& c) {
    if (victim == nullptr) victim = &c;
  });
  victim->status &= ~ips::kAssured;
  r = small.process(udp("10.0.0.1", 3, "192.0.2.53", 53), t);
  ASSERT_NE(r.conn, nullptr);
  EXPECT_EQ(small.stats()[Stats::early_drop], 1U);
  EXPECT_TRUE(victim->dying());
}

TEST_F(TableTest, ReclaimReusesSlotsAndRefsDelayFree) {
  Conn* c = new_confirmed(udp("10.0.0.1", 5000, "192.0.2.53", 53));
  table.hold(c);
  table.kill(c);
  table.reclaim();
  EXPECT_TRUE(c->dying());  // still held by someone: memory stays
  table.put(c);
  table.reclaim();
  Conn* d = new_confirmed(udp("10.0.0.1", 5001, "192.0.2.53", 53));
  EXPECT_EQ(d, c);  // the slot was recycled
  EXPECT_FALSE(d->dying());
}

TEST_F(TableTest, ManyConnsGrowIndexAndDelete) {
  table.set_max(8192);
  std::vector<Conn*> conns;
  for (uint16_t i = 0; i < 3000; ++i)
    conns.push_back(new_confirmed(udp("10.0.0.1", static_cast<uint16_t>(1000 + i), "192.0.2.53",
                                      53)));
  for (size_t i = 0; i < conns.size(); i += 2) table.kill(conns[i]);
  for (size_t i = 0; i < conns.size(); ++i) {
    Table::Lookup l = table.lookup(conns[i]->tuples[1]);
    if (i % 2 == 0)
      EXPECT_EQ(l.conn, nullptr);
    else
      EXPECT_EQ(l.conn, conns[i]);
  }
  EXPECT_EQ(table.size(), 1500U);
}

TEST(Timeouts, SysctlNames) {
  Timeouts t;
  EXPECT_TRUE(t.set_sysctl("net.netfilter.nf_conntrack_udp_timeout", 45));
  EXPECT_EQ(t.udp, 45U);
  EXPECT_TRUE(t.set_sysctl("nf_conntrack_tcp_timeout_established", 7200));
  EXPECT_EQ(t.tcp_ns(TcpState::kEstablished), 7200 * kSec);
  EXPECT_TRUE(t.set_sysctl("nf_flowtable_udp_timeout", 20));
  uint64_t v = 0;
  EXPECT_TRUE(t.get_sysctl("net.netfilter.nf_flowtable_udp_timeout", v));
  EXPECT_EQ(v, 20U);
  EXPECT_FALSE(t.set_sysctl("net.netfilter.nf_conntrack_bogus", 1));
  Timeouts d;
  EXPECT_EQ(d.tcp_ns(TcpState::kSynSent2), 120 * kSec);
  EXPECT_EQ(d.tcp_ns(TcpState::kUnack), 300 * kSec);
  EXPECT_EQ(d.generic, 600U);
}

// Spec §4.2 examples with default sysctls.
TEST_F(TableTest, FixupIdleUdpStreamGets90s) {
  Conn* c = new_confirmed(udp("10.0.0.1", 5000, "192.0.2.53", 53));
  c->status |= ips::kSeenReply | ips::kAssured | ips::kOffload;
  refresh_for_offload(*c, now);
  EXPECT_EQ(c->timeout_ns, now + kCtDaySec * kSec);
  now += 500 * kSec;
  EXPECT_EQ(fixup_after_offload(*c, false, true, table.timeouts(), now), 90 * kSec);
  EXPECT_EQ(c->timeout_ns, now + 90 * kSec);
  EXPECT_FALSE(c->test(ips::kOffload));
}

TEST_F(TableTest, FixupClosingTcpGoesToClose) {
  CtPacket p;
  p.tuple = v4(kProtoTcp, "10.0.0.1", 4000, "192.0.2.80", 80);
  p.tcp_flags = tcph::kAck;
  p.win = 100;
  p.tcp_hdr_len = 20;
  p.l4_len = 20;
  p.len = 40;
  Conn* c = new_confirmed(p);
  c->tcp.state = TcpState::kEstablished;
  c->tcp.seen[1].flags |= tcpf::kMaxackSet;
  c->status |= ips::kOffload;
  refresh_for_offload(*c, now);
  EXPECT_EQ(fixup_after_offload(*c, true, false, table.timeouts(), now), 10 * kSec);
  EXPECT_EQ(c->tcp.state, TcpState::kClose);
  EXPECT_EQ(c->timeout_ns, now + 10 * kSec);
  EXPECT_TRUE(c->tcp.seen[0].flags & tcpf::kCloseInit);
  EXPECT_EQ(c->tcp.seen[0].td_maxwin, 0U);
  EXPECT_FALSE(c->tcp.seen[1].flags & tcpf::kMaxackSet);
}

TEST_F(TableTest, FixupIdleEstablishedTcpKeepsShorterLifetime) {
  CtPacket p;
  p.tuple = v4(kProtoTcp, "10.0.0.1", 4000, "192.0.2.80", 80);
  p.tcp_flags = tcph::kAck;
  p.tcp_hdr_len = 20;
  p.l4_len = 20;
  p.len = 40;
  Conn* c = new_confirmed(p);
  c->tcp.state = TcpState::kEstablished;
  c->status |= ips::kOffload;
  refresh_for_offload(*c, now);
  uint64_t before = c->timeout_ns;
  EXPECT_EQ(fixup_after_offload(*c, false, true, table.timeouts(), now + kSec),
            (432000 - 30) * kSec);
  EXPECT_EQ(c->timeout_ns, before);  // the remaining <= 1 day is shorter: kept
}

TEST_F(TableTest, ExtendOffloadedTimeout) {
  Conn* c = new_confirmed(udp("10.0.0.1", 5000, "192.0.2.53", 53));
  c->timeout_ns = now + 100 * kSec;
  extend_offloaded(*c, now);
  EXPECT_EQ(c->timeout_ns, now + 100 * kSec);  // not offloaded: untouched
  c->status |= ips::kOffload;
  extend_offloaded(*c, now);
  EXPECT_EQ(c->timeout_ns, now + kCtDaySec * kSec);
  extend_offloaded(*c, now + kSec);  // more than 5 min left: untouched
  EXPECT_EQ(c->timeout_ns, now + kCtDaySec * kSec);
}

TEST(ConnSize, Compact) {
  // Budget: <= 384 bytes per connection including both flowtable entries.
  EXPECT_LE(sizeof(Conn), 256U);
  RecordProperty("sizeof_Conn", static_cast<int>(sizeof(Conn)));
}

}  // namespace
}  // namespace nftx::fastpath::ct
