// SPDX-License-Identifier: GPL-2.0-or-later
// Independent check of every checksum the packet code writes: tshark (Wireshark's dissectors,
// with checksum validation switched on) must call each outer header's checksum "Good".
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "backends/fastpath/io/pcap_writer.h"
#include "backends/fastpath/packet/builder.h"
#include "backends/fastpath/packet/fragment.h"
#include "backends/fastpath/packet/frame_pool.h"
#include "backends/fastpath/packet/icmp_error.h"
#include "backends/fastpath/packet/parse.h"

namespace nftx::fastpath {
namespace {

// tshark columns, in -e order.
enum Column { kIp, kTcp, kUdp, kIcmp, kIcmpv6, kColumns };
const char* const kFields[kColumns] = {"ip.checksum.status", "tcp.checksum.status",
                                       "udp.checksum.status", "icmp.checksum.status",
                                       "icmpv6.checksum.status"};

struct Sample {
  std::vector<uint8_t> bytes;
  std::vector<Column> must_check;  // columns that must be present and Good (outer header)
};

std::vector<Sample> samples(FramePool& pool) {
  std::vector<Sample> s;
  s.push_back({PacketBuilder()
                   .ipv4("10.0.0.1", "10.0.1.2")
                   .ttl(64)
                   .tcp(1234, 80)
                   .flags(TcpFlags::Syn)
                   .seq(1)
                   .window(65535)
                   .mss(1460)
                   .sack_perm()
                   .timestamps(7, 0)
                   .wscale(7)
                   .build(),
               {kIp, kTcp}});
  s.push_back({PacketBuilder()
                   .ipv4("10.0.0.1", "10.0.1.2")
                   .tcp(1234, 80)
                   .flags(TcpFlags::Ack | TcpFlags::Psh)
                   .seq(99)
                   .ack(5)
                   .payload(333)
                   .build(),
               {kIp, kTcp}});
  s.push_back(
      {PacketBuilder().vlan(10).ipv4("192.168.1.1", "8.8.8.8").udp(5353, 53).payload(31).build(),
       {kIp, kUdp}});
  s.push_back({PacketBuilder().ipv4("192.168.1.1", "8.8.8.8").icmp_echo(1, 2).payload(56).build(),
               {kIp, kIcmp}});
  const uint8_t ra[] = {0x94, 4, 0, 0};
  s.push_back(
      {PacketBuilder().ipv4("192.168.1.1", "8.8.8.8").ip_options(ra).udp(1, 2).payload(7).build(),
       {kIp, kUdp}});
  s.push_back({PacketBuilder()
                   .ipv6("2001:db8::1", "2001:db8:1::2")
                   .tcp(40000, 443)
                   .flags(TcpFlags::Syn)
                   .mss(1440)
                   .build(),
               {kTcp}});
  s.push_back({PacketBuilder()
                   .ipv6("2001:db8::1", "2001:db8:1::2")
                   .ext_hdr(IPPROTO_HOPOPTS)
                   .ext_hdr(IPPROTO_DSTOPTS)
                   .udp(546, 547)
                   .payload(17)
                   .build(),
               {kUdp}});
  s.push_back(
      {PacketBuilder().ipv6("2001:db8::1", "2001:db8:1::2").icmpv6_echo(3, 4).payload(9).build(),
       {kIcmpv6}});

  // Packets the gateway sends itself.
  auto udp4 =
      PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").ttl(1).udp(33434, 33435).payload(12).build();
  Frame* o4 = pool.copy_in(udp4.data(), udp4.size());
  parse(*o4);
  in_addr gw4{};
  inet_pton(AF_INET, "10.0.0.254", &gw4);
  s.push_back({make_icmp4_error(*o4, {kIcmpTimeExceeded, kIcmpExcTtl}, gw4), {kIp, kIcmp}});
  s.push_back(
      {make_icmp4_error(*o4, {kIcmpDestUnreach, kIcmpFragNeeded, 1400}, gw4), {kIp, kIcmp}});
  auto syn4 =
      PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").tcp(1, 2).flags(TcpFlags::Syn).seq(5).build();
  Frame* s4 = pool.copy_in(syn4.data(), syn4.size());
  parse(*s4);
  s.push_back({make_tcp_reset(*s4), {kIp, kTcp}});

  auto udp6 = PacketBuilder().ipv6("2001:db8::1", "2001:db8:1::2").udp(1, 2).payload(12).build();
  Frame* o6 = pool.copy_in(udp6.data(), udp6.size());
  parse(*o6);
  in6_addr gw6{};
  inet_pton(AF_INET6, "2001:db8::fe", &gw6);
  s.push_back({make_icmp6_error(*o6, {kIcmp6PacketTooBig, 0, 1280}, gw6), {kIcmpv6}});
  s.push_back({make_icmp6_error(*o6, {kIcmp6DestUnreach, kIcmp6PortUnreach}, gw6), {kIcmpv6}});
  auto ack6 = PacketBuilder()
                  .ipv6("2001:db8::1", "2001:db8:1::2")
                  .tcp(1, 2)
                  .flags(TcpFlags::Ack)
                  .ack(9)
                  .payload(3)
                  .build();
  Frame* a6 = pool.copy_in(ack6.data(), ack6.size());
  parse(*a6);
  s.push_back({make_tcp_reset(*a6), {kTcp}});

  // Fragments: each IPv4 header is checked; tshark reassembles and checks UDP on the last one.
  auto big = PacketBuilder().ipv4("10.0.0.1", "10.0.1.2").ip_id(99).udp(7, 7).payload(3000).build();
  Frame* b = pool.copy_in(big.data(), big.size());
  parse(*b);
  std::vector<std::vector<uint8_t>> frags;
  fragment_ipv4(*b, 1500, [&](const uint8_t* d, size_t len) { frags.emplace_back(d, d + len); });
  for (size_t i = 0; i < frags.size(); ++i) {
    std::vector<Column> cols = {kIp};
    if (i + 1 == frags.size()) cols.push_back(kUdp);
    s.push_back({frags[i], cols});
  }
  return s;
}

TEST(Tshark, ChecksumsAreGood) {
  if (std::system("command -v tshark >/dev/null 2>&1") != 0) GTEST_SKIP() << "no tshark";
  FramePool pool(8);
  auto smp = samples(pool);
  for (const auto& s : smp) ASSERT_FALSE(s.bytes.empty());

  std::string path = ::testing::TempDir() + "nftx_fp_tshark_" + std::to_string(getpid()) + ".pcap";
  std::string err;
  {
    auto w = PcapWriter::open(path, err);
    ASSERT_TRUE(w.has_value()) << err;
    for (size_t i = 0; i < smp.size(); ++i) {
      ASSERT_TRUE(w->write(smp[i].bytes.data(), smp[i].bytes.size(), 1000000000ULL * (i + 1)));
    }
  }
  std::string cmd = "tshark -n -r '" + path +
                    "' -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE"
                    " -o udp.check_checksum:TRUE -T fields -E separator=/t";
  for (const char* f : kFields) cmd += std::string(" -e ") + f;
  cmd += " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  EXPECT_EQ(pclose(p), 0);
  std::remove(path.c_str());

  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), smp.size()) << out;
  for (size_t i = 0; i < smp.size(); ++i) {
    std::vector<std::string> cols;
    std::istringstream ls(lines[i]);
    for (std::string c; std::getline(ls, c, '\t');) cols.push_back(c);
    cols.resize(kColumns);
    for (Column c : smp[i].must_check) {
      // A quoted packet inside an ICMP error adds values after the first: the first is ours.
      std::string first = cols[c].substr(0, cols[c].find(','));
      // Wireshark's proto_checksum_enum: 0 bad, 1 good, 2 unverified.
      EXPECT_EQ(first, "1") << "packet " << i + 1 << " " << kFields[c] << ": " << lines[i];
    }
  }
}

}  // namespace
}  // namespace nftx::fastpath
