// SPDX-License-Identifier: GPL-2.0-or-later
// Writes the example gateway's input traffic (examples/gateway/*.pcap): a client on lan0
// (192.168.1.10) talks to 198.51.100.20 behind the upstream router on wan0. The server's replies
// are addressed to the gateway's masqueraded address (203.0.113.2, source port kept), as they
// would arrive after NAT. Timestamps interleave the two files; the engine merges them.
//
//   nftx-make-traffic OUT_DIR [--idle-gap SECONDS]
//
// Flows: a TCP connection (handshake, 20 data segments each way, FIN close), a UDP exchange of
// 10 queries and answers, a ping, a packet with TTL 1 (time exceeded), and a 1400-byte DF packet
// to a host behind a 1280-byte route (fragmentation needed; see network.ip).
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "backends/fastpath/io/pcap_writer.h"
#include "backends/fastpath/packet/builder.h"

namespace {

using nftx::fastpath::PacketBuilder;
using nftx::fastpath::TcpFlags;

constexpr const char* kClientMac = "02:00:00:00:01:10";
constexpr const char* kGwLanMac = "02:00:00:00:01:01";
constexpr const char* kRouterMac = "02:00:00:00:02:fe";
constexpr const char* kGwWanMac = "02:00:00:00:02:01";
constexpr const char* kClient = "192.168.1.10";
constexpr const char* kServer = "198.51.100.20";
constexpr const char* kPublic = "203.0.113.2";

struct Timed {
  uint64_t ts_ns;
  std::vector<uint8_t> bytes;
};

PacketBuilder from_client() {
  PacketBuilder b;
  b.eth(kClientMac, kGwLanMac).ipv4(kClient, kServer).ttl(64).df();
  return b;
}
PacketBuilder from_server() {
  PacketBuilder b;
  b.eth(kRouterMac, kGwWanMac).ipv4(kServer, kPublic).ttl(57).df();
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: nftx-make-traffic OUT_DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  std::vector<Timed> lan, wan;
  uint64_t t = 1'700'000'000ULL * 1'000'000'000ULL;  // a fixed epoch: reproducible files
  const uint64_t step = 1'000'000;                    // 1 ms between packets
  auto at_lan = [&](std::vector<uint8_t> p) { lan.push_back({t += step, std::move(p)}); };
  auto at_wan = [&](std::vector<uint8_t> p) { wan.push_back({t += step, std::move(p)}); };

  // TCP 192.168.1.10:40000 -> 198.51.100.20:443.
  uint32_t cseq = 1000, sseq = 5000;
  const uint16_t cport = 40000, sport = 443;
  at_lan(from_client().tcp(cport, sport).flags(TcpFlags::Syn).seq(cseq).window(64240)
             .mss(1460).wscale(7).sack_perm().build());
  ++cseq;
  at_wan(from_server().tcp(sport, cport).flags(TcpFlags::Syn | TcpFlags::Ack).seq(sseq)
             .ack(cseq).window(65160).mss(1460).wscale(7).sack_perm().build());
  ++sseq;
  at_lan(from_client().tcp(cport, sport).flags(TcpFlags::Ack).seq(cseq).ack(sseq).window(502)
             .build());
  for (int i = 0; i < 20; ++i) {
    at_lan(from_client().tcp(cport, sport).flags(TcpFlags::Ack | TcpFlags::Psh).seq(cseq)
               .ack(sseq).window(502).payload(100).build());
    cseq += 100;
    at_wan(from_server().tcp(sport, cport).flags(TcpFlags::Ack | TcpFlags::Psh).seq(sseq)
               .ack(cseq).window(509).payload(500).build());
    sseq += 500;
  }
  at_lan(from_client().tcp(cport, sport).flags(TcpFlags::Fin | TcpFlags::Ack).seq(cseq)
             .ack(sseq).window(502).build());
  ++cseq;
  at_wan(from_server().tcp(sport, cport).flags(TcpFlags::Fin | TcpFlags::Ack).seq(sseq)
             .ack(cseq).window(509).build());
  ++sseq;
  at_lan(from_client().tcp(cport, sport).flags(TcpFlags::Ack).seq(cseq).ack(sseq).window(502)
             .build());

  // UDP 192.168.1.10:50000 -> 198.51.100.20:53, ten exchanges.
  for (int i = 0; i < 10; ++i) {
    at_lan(from_client().udp(50000, 53).payload(40).build());
    at_wan(from_server().udp(53, 50000).payload(120).build());
  }
  // A ping and its reply.
  at_lan(from_client().icmp_echo(7, 1).payload(56).build());
  at_wan(from_server().icmp_echo(7, 1, true).payload(56).build());
  // TTL 1: the gateway answers with ICMP time exceeded on lan0.
  at_lan(PacketBuilder().eth(kClientMac, kGwLanMac).ipv4(kClient, kServer).ttl(1)
             .udp(50001, 33434).payload(32).build());
  // 1400 bytes with DF towards 198.51.100.99, routed over a 1280-byte MTU: frag-needed.
  at_lan(PacketBuilder().eth(kClientMac, kGwLanMac).ipv4(kClient, "198.51.100.99").ttl(64).df()
             .udp(50002, 9).payload(1372).build());

  for (auto& [name, packets] : {std::pair{std::string("lan0-in.pcap"), &lan},
                                std::pair{std::string("wan0-in.pcap"), &wan}}) {
    std::string err;
    auto w = nftx::fastpath::PcapWriter::open(dir + "/" + name, err,
                                              nftx::fastpath::TsPrecision::Micro);
    if (!w) {
      std::cerr << "nftx-make-traffic: " << err << "\n";
      return 1;
    }
    for (const Timed& p : *packets) w->write(p.bytes.data(), p.bytes.size(), p.ts_ns);
  }
  return 0;
}
