// SPDX-License-Identifier: GPL-2.0-or-later
// Packet fixtures for the engine tests: ruleset text + iproute2 setup text -> Engine, one memory
// port per interface that keeps a copy of every frame sent, a clock set per packet, frame
// builders for the standard gateway (a LAN client behind lan0, servers behind the router on
// wan0, a host on dmz0) and parsed views of what came out. Used only by the tests.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backends/fastpath/conntrack/conn.h"
#include "backends/fastpath/engine/engine.h"
#include "backends/fastpath/flowtable/flowtable.h"
#include "backends/fastpath/packet/builder.h"
#include "backends/fastpath/packet/frame.h"

namespace nftx::fastpath::testing {

inline constexpr uint64_t kSec = 1'000'000'000ULL;
inline constexpr uint64_t kMs = 1'000'000ULL;
// Every test starts its clock here (a large value, so "0" never means "unset").
inline constexpr uint64_t kT0 = 1'000 * kSec;

// The standard gateway (as examples/gateway, plus IPv6 and a third interface dmz0).
inline constexpr const char* kClientMac = "02:00:00:00:01:10";
inline constexpr const char* kLanMac = "02:00:00:00:01:01";
inline constexpr const char* kRouterMac = "02:00:00:00:02:fe";
inline constexpr const char* kWanMac = "02:00:00:00:02:01";
inline constexpr const char* kDmzMac = "02:00:00:00:03:01";
inline constexpr const char* kDmzHostMac = "02:00:00:00:03:10";
inline constexpr const char* kClient = "192.168.1.10";
inline constexpr const char* kLanAddr = "192.168.1.1";
inline constexpr const char* kServer = "198.51.100.20";
inline constexpr const char* kSmallMtuServer = "198.51.100.99";  // route mtu 1280
inline constexpr const char* kPublic = "203.0.113.2";             // wan0's address
inline constexpr const char* kDmzHost = "10.9.0.10";
inline constexpr const char* kClient6 = "2001:db8:1::10";
inline constexpr const char* kServer6 = "2001:db8:99::20";

// iproute2 text of the standard gateway.
std::string standard_setup(std::string_view extra_lines = "");

// The standard NAT gateway ruleset: flowtable `ft` on `devices`, `flow add` guarded by
// `guard` (e.g. "ct state established", or "" for none), masquerade of IPv4 on wan0.
std::string nat_ruleset(std::string_view devices = "lan0, wan0",
                        std::string_view guard = "ct state established",
                        std::string_view ft_extra = "counter;");

// Frames of the standard gateway, with the MACs of their link.
PacketBuilder from_client(std::string_view dst = kServer);     // lan0 in, IPv4
PacketBuilder from_server(std::string_view src = kServer);     // wan0 in, to kPublic
PacketBuilder from_client6(std::string_view dst = kServer6);   // lan0 in, IPv6
PacketBuilder from_server6(std::string_view src = kServer6);   // wan0 in, to kClient6
PacketBuilder from_dmz(std::string_view dst);                  // dmz0 in

// A copy of one frame the engine sent, parsed (parse() must succeed for the accessors).
class Sent {
 public:
  explicit Sent(std::span<const uint8_t> bytes);

  const std::vector<uint8_t>& bytes() const { return bytes_; }
  bool parsed() const { return parsed_; }
  const Headers& hdr() const { return hdr_; }
  bool v4() const { return hdr_.nfproto == kNfprotoIpv4; }
  std::string eth_dst() const;
  std::string eth_src() const;
  std::string src() const;
  std::string dst() const;
  uint8_t ttl() const;  // TTL or hop limit
  uint8_t l4proto() const { return hdr_.l4proto; }
  uint16_t sport() const;
  uint16_t dport() const;
  uint8_t tcp_flags() const;
  uint32_t tcp_seq() const;
  uint32_t tcp_ack() const;
  uint8_t icmp_type() const;
  uint8_t icmp_code() const;
  uint16_t icmp_mtu() const;  // frag-needed next-hop MTU (bytes 6-7 of the ICMP header)
  bool df() const;
  bool more_fragments() const;
  uint16_t frag_offset() const;  // in bytes
  uint16_t l3_len() const { return hdr_.l3_len; }
  // IPv4 header checksum (IPv4 only) and transport checksum both right.
  bool checksums_ok() const;
  // The L3 datagram bytes (from the IP header on).
  std::vector<uint8_t> l3_bytes() const;

 private:
  Frame view() const;

  std::vector<uint8_t> bytes_;
  Headers hdr_;
  bool parsed_ = false;
};

// Keeps a copy of every frame sent on one port.
class MemorySink final : public PortSink {
 public:
  void send(std::span<Frame* const> burst) override;
  std::vector<Sent> take();
  size_t size() const { return frames_.size(); }

 private:
  std::vector<std::vector<uint8_t>> frames_;
};

class Gateway {
 public:
  // Compiles `ruleset` and parses `setup`; compile/parse errors and load errors fail the test.
  Gateway(const std::string& ruleset, const std::string& setup = standard_setup(),
          const EngineOptions& options = {});

  Engine& engine() { return *engine_; }
  net::NetworkSetup& network() { return engine_->network(); }
  uint32_t ifindex(std::string_view name) const;

  // Compiles and loads another ruleset; returns Engine::load's errors.
  std::vector<LoadError> reload(const std::string& ruleset);

  // The clock for the next frames: kT0 + offset.
  void at(uint64_t offset_ns) { now_ = kT0 + offset_ns; }
  uint64_t now() const { return now_; }
  // Lets time pass without traffic (GC, expiry) up to kT0 + offset.
  void advance_to(uint64_t offset_ns);

  // One frame received on `ifname` at the current clock, processed as a batch of one.
  void send(std::string_view ifname, const std::vector<uint8_t>& bytes);
  void send(std::string_view ifname, PacketBuilder& b) { send(ifname, b.build()); }
  void send(std::string_view ifname, PacketBuilder&& b) { send(ifname, b.build()); }
  // Several frames on one interface in one batch.
  void send_batch(std::string_view ifname, const std::vector<std::vector<uint8_t>>& frames);
  // The frames sent on `ifname` since the last take (all ports keep their own queue).
  std::vector<Sent> take(std::string_view ifname);
  // Drops what every port holds.
  void clear();

  flow::Flowtable& flowtable(std::string_view name = "ft");
  uint64_t drops(DropReason r) const { return engine_->stats().drops[static_cast<size_t>(r)]; }
  uint64_t not_offloaded(flow::NotOffloaded r, std::string_view ft = "ft");
  uint64_t bypass(flow::Bypass r, std::string_view ft = "ft");
  // The conntrack entry whose ORIGINAL or REPLY tuple is this (text addresses, host-order
  // ports); nullptr when there is none.
  ct::Conn* conn(uint8_t l4, std::string_view src, uint16_t sport, std::string_view dst,
                 uint16_t dport);
  // The flowtable entry of `c`, or nullptr.
  flow::FlowEntry* entry_of(const ct::Conn* c, std::string_view ft = "ft");
  // `nft list ruleset` text with the engine's counters.
  std::string listing() const;

 private:
  std::unique_ptr<Engine> engine_;
  std::map<uint32_t, std::unique_ptr<MemorySink>, std::less<>> sinks_;
  uint64_t now_ = kT0;
};

// Drives a TCP connection client:cport -> server:sport through the gateway with consistent
// sequence numbers (the server answers to the masqueraded address, port kept).
class TcpFlow {
 public:
  TcpFlow(Gateway& gw, uint16_t cport, uint16_t sport = 443, bool v6 = false,
          std::string_view server = "");
  // SYN, SYN-ACK, ACK, each one at the gateway's current clock.
  void handshake();
  // A data segment (ACK|PSH with `len` bytes) from the client / the server.
  void client_data(size_t len);
  void server_data(size_t len);
  // Any segment with these flags; FIN/SYN consume a sequence number.
  void client(TcpFlags flags, size_t len = 0);
  void server(TcpFlags flags, size_t len = 0);
  PacketBuilder client_packet(TcpFlags flags, size_t len = 0) const;
  PacketBuilder server_packet(TcpFlags flags, size_t len = 0) const;
  ct::Conn* conn();

 private:
  Gateway& gw_;
  uint16_t cport_, sport_;
  bool v6_;
  std::string server_;
  uint32_t cseq_ = 1000, sseq_ = 5000;
};

}  // namespace nftx::fastpath::testing
