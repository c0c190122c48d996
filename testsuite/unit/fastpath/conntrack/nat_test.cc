// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/conntrack/nat.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <set>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/conntrack/packet_info.h"
#include "backends/fastpath/packet/checksum.h"

namespace nftx::fastpath::ct {
namespace {

constexpr uint64_t kSec = kNsPerSec;

// ---- a tiny test-only frame builder (Ethernet + IPv4/IPv6 + TCP/UDP/ICMP) -----------------

struct TestFrame {
  std::unique_ptr<uint8_t[]> buf{new uint8_t[2048]()};
  Frame f;
};

void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
void put32(uint8_t* p, uint32_t v) {
  put16(p, static_cast<uint16_t>(v >> 16));
  put16(p + 2, static_cast<uint16_t>(v));
}

// Sum of the IPv4/IPv6 pseudo-header for `l4len` bytes of protocol `proto`.
uint32_t pseudo_sum(const uint8_t* l3, bool v6, uint8_t proto, uint32_t l4len) {
  uint8_t ph[40] = {};
  size_t n;
  if (v6) {
    std::memcpy(ph, l3 + 8, 32);
    put32(ph + 32, l4len);
    ph[39] = proto;
    n = 40;
  } else {
    std::memcpy(ph, l3 + 12, 8);
    ph[9] = proto;
    put16(ph + 10, static_cast<uint16_t>(l4len));
    n = 12;
  }
  return csum::partial(ph, n);
}

// Writes the L4 checksum from scratch (ICMPv4 has no pseudo-header).
void fill_l4_checksum(Frame& f, bool udp_zero = false) {
  const bool v6 = f.hdr.nfproto == kNfprotoIpv6;
  uint32_t l4len = f.hdr.l3_len - (f.hdr.l4_off - f.hdr.l3_off);
  uint8_t* l4 = f.l4();
  size_t off = f.hdr.l4proto == kProtoTcp ? 16 : f.hdr.l4proto == kProtoUdp ? 6 : 2;
  csum::store16(l4 + off, 0);
  if (udp_zero) return;
  uint32_t sum = f.hdr.l4proto == kProtoIcmp ? 0 : pseudo_sum(f.l3(), v6, f.hdr.l4proto, l4len);
  uint16_t c = csum::finish(csum::partial(l4, l4len, sum));
  if (c == 0 && f.hdr.l4proto == kProtoUdp) c = 0xffff;
  csum::store16(l4 + off, c);
}

// True when the IPv4 header and the L4 checksum verify.
bool checksums_ok(const Frame& f) {
  const bool v6 = f.hdr.nfproto == kNfprotoIpv6;
  if (!v6 && csum::fold(csum::partial(f.l3(), 20)) != 0xffff) return false;
  uint32_t l4len = f.hdr.l3_len - (f.hdr.l4_off - f.hdr.l3_off);
  if (f.hdr.l4proto == kProtoUdp && !v6 && csum::load16(f.l4() + 6) == 0) return true;
  uint32_t sum = f.hdr.l4proto == kProtoIcmp ? 0 : pseudo_sum(f.l3(), v6, f.hdr.l4proto, l4len);
  return csum::fold(csum::partial(f.l4(), l4len, sum)) == 0xffff;
}

// IP header + `l4len` bytes of transport data (filled with a pattern; the caller writes the
// transport header over it).
void build(TestFrame& t, bool v6, uint8_t proto, const char* src, const char* dst,
           uint32_t l4len) {
  Frame& f = t.f;
  f.head = t.buf.get();
  f.capacity = 2048;
  f.data = f.head + kFrameHeadroom;
  f.hdr.nfproto = v6 ? kNfprotoIpv6 : kNfprotoIpv4;
  f.hdr.ethertype = v6 ? 0x86dd : 0x0800;
  f.hdr.l3_off = 14;
  f.hdr.l4_off = static_cast<uint16_t>(14 + (v6 ? 40 : 20));
  f.hdr.l4proto = proto;
  f.hdr.l3_len = static_cast<uint16_t>((v6 ? 40 : 20) + l4len);
  f.len = 14 + f.hdr.l3_len;
  put16(f.data + 12, f.hdr.ethertype);
  uint8_t* ip = f.l3();
  if (v6) {
    ip[0] = 0x60;
    put16(ip + 4, static_cast<uint16_t>(l4len));
    ip[6] = proto;
    ip[7] = 64;
    inet_pton(AF_INET6, src, ip + 8);
    inet_pton(AF_INET6, dst, ip + 24);
  } else {
    ip[0] = 0x45;
    put16(ip + 2, f.hdr.l3_len);
    ip[8] = 64;
    ip[9] = proto;
    inet_pton(AF_INET, src, ip + 12);
    inet_pton(AF_INET, dst, ip + 16);
    csum::store16(ip + 10, csum::finish(csum::partial(ip, 20)));
  }
  for (uint32_t i = 0; i < l4len; ++i) f.l4()[i] = static_cast<uint8_t>(i * 7 + 1);
}

void tcp_frame(TestFrame& t, const char* src, uint16_t sport, const char* dst, uint16_t dport,
               uint8_t flags, bool options = false) {
  uint32_t hl = options ? 28 : 20;
  build(t, false, kProtoTcp, src, dst, hl + 11);
  uint8_t* l4 = t.f.l4();
  put16(l4, sport);
  put16(l4 + 2, dport);
  put32(l4 + 4, 1000);
  put32(l4 + 8, 0);
  l4[12] = static_cast<uint8_t>((hl / 4) << 4);
  l4[13] = flags;
  put16(l4 + 14, 29200);
  put16(l4 + 18, 0);
  if (options) {
    const uint8_t opt[8] = {2, 4, 0x05, 0xb4, 4, 2, 1, 0};  // MSS, SACK-permitted, NOP, EOL
    std::memcpy(l4 + 20, opt, 8);
  }
  fill_l4_checksum(t.f);
}

void udp_frame(TestFrame& t, bool v6, const char* src, uint16_t sport, const char* dst,
               uint16_t dport, bool zero_csum = false) {
  build(t, v6, kProtoUdp, src, dst, 8 + 21);
  uint8_t* l4 = t.f.l4();
  put16(l4, sport);
  put16(l4 + 2, dport);
  put16(l4 + 4, 8 + 21);
  fill_l4_checksum(t.f, zero_csum);
}

void echo_frame(TestFrame& t, const char* src, const char* dst, uint8_t type, uint16_t id) {
  build(t, false, kProtoIcmp, src, dst, 8 + 16);
  uint8_t* l4 = t.f.l4();
  l4[0] = type;
  l4[1] = 0;
  put16(l4 + 4, id);
  put16(l4 + 6, 1);
  fill_l4_checksum(t.f);
}

uint16_t get16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
std::string ip4(const uint8_t* p) {
  char s[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, p, s, sizeof(s));
  return s;
}
std::string ip6(const uint8_t* p) {
  char s[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, p, s, sizeof(s));
  return s;
}

NatRange range4(const char* lo, const char* hi = nullptr, uint16_t pmin = 0,
                uint16_t pmax = 0) {
  NatRange r;
  r.flags = natf::kMapIps;
  inet_pton(AF_INET, lo, r.min_addr);
  inet_pton(AF_INET, hi != nullptr ? hi : lo, r.max_addr);
  if (pmin != 0) {
    r.flags |= natf::kProtoSpecified;
    r.min_proto = pmin;
    r.max_proto = pmax;
  }
  return r;
}

class NatTest : public ::testing::Test {
 protected:
  Table table{4096};
  uint64_t now = 10 * kSec;

  // First packet of a flow: track, bind, confirm; returns the conn.
  Conn* flow(TestFrame& t, const NatRange* snat, const NatRange* dnat = nullptr) {
    std::optional<CtPacket> p = extract(t.f);
    EXPECT_TRUE(p.has_value());
    Table::Result r = table.process(*p, now);
    EXPECT_EQ(r.info, CtInfo::kNew);
    if (dnat != nullptr) setup_info(table, *r.conn, *dnat, ManipType::kDst);
    null_binding(table, *r.conn, ManipType::kDst);
    if (snat != nullptr) setup_info(table, *r.conn, *snat, ManipType::kSrc);
    null_binding(table, *r.conn, ManipType::kSrc);
    return table.confirm(r.conn, now).conn;
  }
};

// ---- extract ---------------------------------------------------------------------------------

TEST(Extract, TcpHeaderAndOptions) {
  TestFrame t;
  tcp_frame(t, "10.0.0.1", 40000, "192.0.2.80", 80, tcph::kSyn, true);
  std::optional<CtPacket> p = extract(t.f);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->tuple.sport, htons(40000));
  EXPECT_EQ(p->tuple.dport, htons(80));
  EXPECT_EQ(ip4(p->tuple.src), "10.0.0.1");
  EXPECT_EQ(p->seq, 1000U);
  EXPECT_EQ(p->win, 29200);
  EXPECT_EQ(p->tcp_hdr_len, 28);
  EXPECT_EQ(p->l4_len, 28U + 11U);
  EXPECT_EQ(p->seq_end(), 1000U + 11U + 1U);
  EXPECT_TRUE(p->opt_sack_perm);
  EXPECT_FALSE(p->opt_wscale);
  // Window scale option: NOP, kind 3 len 3 value 20 -> clamped to 14.
  const uint8_t ws[4] = {1, 3, 3, 20};
  std::memcpy(t.f.l4() + 24, ws, 4);
  p = extract(t.f);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->opt_wscale);
  EXPECT_EQ(p->wscale, 14);
  // A truncated TCP header is not trackable.
  t.f.l4()[12] = 0x20;  // doff 2 (8 bytes)
  EXPECT_FALSE(extract(t.f).has_value());
}

TEST(Extract, LaterFragmentIsNotTrackable) {
  TestFrame t;
  udp_frame(t, false, "10.0.0.1", 1, "10.0.0.2", 2);
  t.f.hdr.fragment = t.f.hdr.later_fragment = true;
  EXPECT_FALSE(extract(t.f).has_value());
}

TEST(Extract, IcmpErrorCarriesInnerTuple) {
  TestFrame t;
  // Port unreachable from 192.0.2.53 about the UDP packet 10.0.0.1:5000 -> 192.0.2.53:53.
  build(t, false, kProtoIcmp, "192.0.2.53", "10.0.0.1", 8 + 20 + 8);
  uint8_t* icmp = t.f.l4();
  icmp[0] = 3;
  icmp[1] = 3;
  uint8_t* in = icmp + 8;
  std::memset(in, 0, 28);
  in[0] = 0x45;
  put16(in + 2, 28 + 100);
  in[9] = kProtoUdp;
  inet_pton(AF_INET, "10.0.0.1", in + 12);
  inet_pton(AF_INET, "192.0.2.53", in + 16);
  put16(in + 20, 5000);
  put16(in + 22, 53);
  std::optional<CtPacket> p = extract(t.f);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->icmp_error);
  EXPECT_EQ(p->inner.l4, kProtoUdp);
  EXPECT_EQ(p->inner.sport, htons(5000));
  EXPECT_EQ(ip4(p->inner.dst), "192.0.2.53");
}

TEST(Extract, Icmpv6NeighbourDiscoveryIsUntracked) {
  TestFrame t;
  build(t, true, kProtoIcmpv6, "fe80::1", "ff02::1:ff00:2", 24);
  t.f.l4()[0] = 135;
  std::optional<CtPacket> p = extract(t.f);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->untracked);
  Table table;
  EXPECT_EQ(table.process(*p, 0).info, CtInfo::kUntracked);
}

// ---- bindings --------------------------------------------------------------------------------

TEST_F(NatTest, SnatKeepsFreePort) {
  TestFrame t;
  udp_frame(t, false, "10.0.0.1", 40000, "192.0.2.53", 53);
  NatRange r = range4("203.0.113.1");
  Conn* c = flow(t, &r);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->test(ips::kSrcNat | ips::kSrcNatDone | ips::kDstNatDone));
  EXPECT_FALSE(c->test(ips::kDstNat));
  EXPECT_EQ(ip4(c->tuples[1].dst), "203.0.113.1");
  EXPECT_EQ(c->tuples[1].dport, htons(40000));
  EXPECT_EQ(ip4(c->tuples[1].src), "192.0.2.53");
}

TEST_F(NatTest, SnatReassignsPortOnClash) {
  NatRange r = range4("203.0.113.1");
  TestFrame a, b;
  udp_frame(a, false, "10.0.0.1", 40000, "192.0.2.53", 53);
  udp_frame(b, false, "10.0.0.2", 40000, "192.0.2.53", 53);
  Conn* ca = flow(a, &r);
  Conn* cb = flow(b, &r);
  ASSERT_NE(cb, nullptr);
  EXPECT_NE(ca, cb);
  uint16_t port = ntohs(cb->tuples[1].dport);
  EXPECT_NE(port, 40000);
  EXPECT_GE(port, 1024);
  EXPECT_EQ(ip4(cb->tuples[1].dst), "203.0.113.1");
}

TEST_F(NatTest, SnatPortRangeRespectedAndExhausted) {
  NatRange r = range4("203.0.113.1", nullptr, 5000, 5010);
  std::set<uint16_t> ports;
  for (int i = 0; i < 11; ++i) {
    TestFrame t;
    udp_frame(t, false, "10.0.0.1", static_cast<uint16_t>(30000 + i), "192.0.2.53", 53);
    Conn* c = flow(t, &r);
    ASSERT_NE(c, nullptr);
    uint16_t p = ntohs(c->tuples[1].dport);
    EXPECT_GE(p, 5000);
    EXPECT_LE(p, 5010);
    ports.insert(p);
  }
  EXPECT_EQ(ports.size(), 11U);
  TestFrame t;
  udp_frame(t, false, "10.0.0.1", 31000, "192.0.2.53", 53);
  EXPECT_EQ(flow(t, &r), nullptr);  // no free port left: confirm refuses
  EXPECT_EQ(table.stats()[Stats::insert_failed], 1U);
}

TEST_F(NatTest, SnatAddressRangeAndNetmap) {
  NatRange r = range4("198.51.100.10", "198.51.100.20");
  TestFrame t;
  udp_frame(t, false, "10.0.0.7", 1234, "192.0.2.53", 53);
  Conn* c = flow(t, &r);
  ASSERT_NE(c, nullptr);
  uint8_t lo[4], hi[4];
  inet_pton(AF_INET, "198.51.100.10", lo);
  inet_pton(AF_INET, "198.51.100.20", hi);
  EXPECT_GE(std::memcmp(c->tuples[1].dst, lo, 4), 0);
  EXPECT_LE(std::memcmp(c->tuples[1].dst, hi, 4), 0);

  NatRange nm = range4("192.168.1.0", "192.168.1.255");
  nm.flags |= natf::kNetmap;
  TestFrame t2;
  udp_frame(t2, false, "10.0.0.7", 1235, "192.0.2.53", 53);
  Conn* c2 = flow(t2, &nm);
  ASSERT_NE(c2, nullptr);
  EXPECT_EQ(ip4(c2->tuples[1].dst), "192.168.1.7");
}

TEST_F(NatTest, DnatAddressAndPort) {
  NatRange r = range4("10.0.0.5", nullptr, 8080, 8080);
  TestFrame t;
  tcp_frame(t, "198.51.100.9", 50000, "203.0.113.1", 80, tcph::kSyn);
  Conn* c = flow(t, nullptr, &r);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->test(ips::kDstNat | ips::kDstNatDone));
  EXPECT_FALSE(c->test(ips::kSrcNat));
  EXPECT_EQ(ip4(c->tuples[1].src), "10.0.0.5");
  EXPECT_EQ(c->tuples[1].sport, htons(8080));
  EXPECT_EQ(c->tuples[1].dport, htons(50000));
}

TEST_F(NatTest, NullBindingAndMasquerade) {
  TestFrame t;
  udp_frame(t, false, "10.0.0.1", 40000, "192.0.2.53", 53);
  Conn* c = flow(t, nullptr);
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->status & ips::kNatMask);
  EXPECT_TRUE(c->test(ips::kNatDoneMask));
  EXPECT_EQ(c->tuples[1], c->tuples[0].inverse());

  TestFrame t2;
  udp_frame(t2, false, "10.0.0.2", 40000, "192.0.2.53", 53);
  std::optional<CtPacket> p = extract(t2.f);
  Table::Result r = table.process(*p, now);
  uint8_t out_addr[4];
  inet_pton(AF_INET, "203.0.113.7", out_addr);
  masquerade(table, *r.conn, out_addr, 3, NatRange{});
  EXPECT_EQ(r.conn->masq_ifindex, 3U);
  EXPECT_EQ(ip4(r.conn->tuples[1].dst), "203.0.113.7");
  EXPECT_TRUE(r.conn->test(ips::kSrcNat));
}

// ---- packet rewriting ------------------------------------------------------------------------

TEST_F(NatTest, ManipTcpBothDirectionsChecksumsValid) {
  NatRange r = range4("203.0.113.1");
  TestFrame a;
  udp_frame(a, false, "10.0.0.9", 1111, "192.0.2.53", 53);
  flow(a, &r);  // occupies 203.0.113.1:40000 so the next flow gets another port
  TestFrame t;
  tcp_frame(t, "10.0.0.1", 40000, "192.0.2.80", 80, tcph::kSyn, true);
  TestFrame t0;
  tcp_frame(t0, "10.0.0.2", 40000, "192.0.2.80", 80, tcph::kSyn, true);
  flow(t0, &r);
  Conn* c = flow(t, &r);
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(checksums_ok(t.f));
  ASSERT_TRUE(manip_packet(t.f, *c, Dir::kOriginal, ManipType::kDst));  // no DNAT: unchanged
  EXPECT_EQ(ip4(t.f.l3() + 16), "192.0.2.80");
  ASSERT_TRUE(manip_packet(t.f, *c, Dir::kOriginal, ManipType::kSrc));
  EXPECT_EQ(ip4(t.f.l3() + 12), "203.0.113.1");
  EXPECT_EQ(get16(t.f.l4()), ntohs(c->tuples[1].dport));
  EXPECT_NE(get16(t.f.l4()), 40000);
  EXPECT_TRUE(checksums_ok(t.f));

  // The reply comes to the public address and is rewritten back at prerouting.
  TestFrame rep;
  tcp_frame(rep, "192.0.2.80", 80, "203.0.113.1", ntohs(c->tuples[1].dport),
            tcph::kSyn | tcph::kAck);
  std::optional<CtPacket> p = extract(rep.f);
  Table::Result rr = table.process(*p, now);
  EXPECT_EQ(rr.conn, c);
  EXPECT_EQ(rr.dir, Dir::kReply);
  ASSERT_TRUE(manip_packet(rep.f, *c, Dir::kReply, ManipType::kDst));
  EXPECT_EQ(ip4(rep.f.l3() + 16), "10.0.0.1");
  EXPECT_EQ(get16(rep.f.l4() + 2), 40000);
  EXPECT_TRUE(checksums_ok(rep.f));
}

TEST_F(NatTest, ManipUdpZeroChecksumStaysZero) {
  NatRange r = range4("203.0.113.1");
  TestFrame t;
  udp_frame(t, false, "10.0.0.1", 40000, "192.0.2.53", 53, true);
  Conn* c = flow(t, &r);
  ASSERT_TRUE(manip_packet(t.f, *c, Dir::kOriginal, ManipType::kSrc));
  EXPECT_EQ(csum::load16(t.f.l4() + 6), 0);
  EXPECT_EQ(ip4(t.f.l3() + 12), "203.0.113.1");
  EXPECT_TRUE(checksums_ok(t.f));
}

TEST_F(NatTest, ManipIpv6UdpDnat) {
  NatRange r;
  r.flags = natf::kMapIps | natf::kProtoSpecified;
  inet_pton(AF_INET6, "2001:db8::5", r.min_addr);
  inet_pton(AF_INET6, "2001:db8::5", r.max_addr);
  r.min_proto = r.max_proto = 5353;
  TestFrame t;
  udp_frame(t, true, "2001:db8:1::1", 40000, "2001:db8:2::1", 53);
  Conn* c = flow(t, nullptr, &r);
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(manip_packet(t.f, *c, Dir::kOriginal, ManipType::kDst));
  EXPECT_EQ(ip6(t.f.l3() + 24), "2001:db8::5");
  EXPECT_EQ(get16(t.f.l4() + 2), 5353);
  EXPECT_TRUE(checksums_ok(t.f));
}

TEST_F(NatTest, ManipIcmpEchoId) {
  NatRange r = range4("203.0.113.1");
  TestFrame a, b;
  echo_frame(a, "10.0.0.1", "192.0.2.1", 8, 77);
  echo_frame(b, "10.0.0.2", "192.0.2.1", 8, 77);
  flow(a, &r);
  Conn* c = flow(b, &r);  // same id to the same host: the id must change
  ASSERT_NE(c, nullptr);
  EXPECT_NE(c->tuples[1].sport, htons(77));
  ASSERT_TRUE(manip_packet(b.f, *c, Dir::kOriginal, ManipType::kSrc));
  EXPECT_EQ(csum::load16(b.f.l4() + 4), c->tuples[1].sport);
  EXPECT_TRUE(checksums_ok(b.f));
}

TEST_F(NatTest, IcmpErrorTranslation) {
  NatRange r = range4("203.0.113.1");
  TestFrame t0;
  udp_frame(t0, false, "10.0.0.2", 40000, "192.0.2.53", 53);
  flow(t0, &r);
  TestFrame t;
  udp_frame(t, false, "10.0.0.1", 40000, "192.0.2.53", 53);
  Conn* c = flow(t, &r);
  ASSERT_NE(c, nullptr);
  uint16_t pub_port = ntohs(c->tuples[1].dport);
  ASSERT_NE(pub_port, 40000);
  ASSERT_TRUE(manip_packet(t.f, *c, Dir::kOriginal, ManipType::kSrc));

  // A router answers the translated packet with "TTL exceeded", quoting it.
  TestFrame e;
  build(e, false, kProtoIcmp, "198.51.100.254", "203.0.113.1", 8 + 20 + 8);
  uint8_t* icmp = e.f.l4();
  icmp[0] = 11;
  std::memcpy(icmp + 8, t.f.l3(), 28);  // the sent header + first 8 bytes of UDP
  fill_l4_checksum(e.f);
  ASSERT_TRUE(checksums_ok(e.f));
  std::optional<CtPacket> p = extract(e.f);
  ASSERT_TRUE(p.has_value());
  Table::Result rr = table.process(*p, now);
  EXPECT_EQ(rr.info, CtInfo::kRelatedReply);
  ASSERT_EQ(rr.conn, c);
  ASSERT_TRUE(manip_packet(e.f, *c, Dir::kReply, ManipType::kDst));
  EXPECT_EQ(ip4(e.f.l3() + 16), "10.0.0.1");       // outer goes to the client
  EXPECT_EQ(ip4(e.f.l3() + 12), "198.51.100.254");  // sender unchanged
  uint8_t* inner = e.f.l4() + 8;
  EXPECT_EQ(ip4(inner + 12), "10.0.0.1");  // inner shows what the client sent
  EXPECT_EQ(get16(inner + 20), 40000);
  EXPECT_EQ(csum::fold(csum::partial(inner, 20)), 0xffff);  // inner IP header checksum
  EXPECT_TRUE(checksums_ok(e.f));                           // outer IP + full ICMP checksum
}

}  // namespace
}  // namespace nftx::fastpath::ct
