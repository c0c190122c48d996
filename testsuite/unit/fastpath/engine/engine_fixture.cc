// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/unit/fastpath/engine/engine_fixture.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstring>
#include <stdexcept>
#include <utility>

#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/net/address.h"
#include "backends/fastpath/net/setup_parser.h"
#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/parse.h"
#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"
#include "compiler/raise/raise.h"
#include "compiler/raise/ruleset.h"

namespace nftx::fastpath::testing {
namespace {

uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
uint32_t be32(const uint8_t* p) {
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | p[3];
}

std::string addr_text(const uint8_t* p, bool v4) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v4 ? AF_INET : AF_INET6, p, buf, sizeof(buf));
  return buf;
}

std::string mac_text(const uint8_t* p) {
  MacAddr m;
  std::memcpy(m.data(), p, 6);
  return mac_to_text(m);
}

raise::RulesetState compile_ruleset(const std::string& text) {
  SourceManager sm;
  const uint32_t file = sm.add("test.nft", text);
  Diagnostics diags;
  CompileResult r = nftx::compile(sm, file, CompileOptions{}, diags);
  EXPECT_FALSE(diags.has_errors()) << render_text(sm, diags);
  return raise::build_state(r.batch);
}

}  // namespace

std::string standard_setup(std::string_view extra_lines) {
  std::string s =
      "ip link add lan0 address 02:00:00:00:01:01 mtu 1500\n"
      "ip link add wan0 address 02:00:00:00:02:01 mtu 1500\n"
      "ip link add dmz0 address 02:00:00:00:03:01 mtu 1500\n"
      "ip link set lan0 up\n"
      "ip link set wan0 up\n"
      "ip link set dmz0 up\n"
      "ip addr add 192.168.1.1/24 dev lan0\n"
      "ip addr add 203.0.113.2/24 dev wan0\n"
      "ip addr add 10.9.0.1/24 dev dmz0\n"
      "ip -6 addr add 2001:db8:1::1/64 dev lan0\n"
      "ip -6 addr add 2001:db8:2::1/64 dev wan0\n"
      "ip route add default via 203.0.113.1 dev wan0\n"
      "ip route add 198.51.100.99/32 via 203.0.113.1 dev wan0 mtu 1280\n"
      "ip -6 route add default via 2001:db8:2::fe dev wan0\n"
      "ip neigh add 192.168.1.10 lladdr 02:00:00:00:01:10 dev lan0 nud permanent\n"
      "ip neigh add 203.0.113.1 lladdr 02:00:00:00:02:fe dev wan0 nud permanent\n"
      "ip neigh add 10.9.0.10 lladdr 02:00:00:00:03:10 dev dmz0 nud permanent\n"
      "ip -6 neigh add 2001:db8:1::10 lladdr 02:00:00:00:01:10 dev lan0 nud permanent\n"
      "ip -6 neigh add 2001:db8:2::fe lladdr 02:00:00:00:02:fe dev wan0 nud permanent\n"
      "sysctl -w net.ipv4.ip_forward=1\n";
  s += extra_lines;
  return s;
}

std::string nat_ruleset(std::string_view devices, std::string_view guard,
                        std::string_view ft_extra) {
  std::string s = "table inet gw {\n  flowtable ft {\n    hook ingress priority filter;\n";
  s += "    devices = { " + std::string(devices) + " };\n";
  s += "    " + std::string(ft_extra) + "\n  }\n";
  s +=
      "  chain forward {\n"
      "    type filter hook forward priority filter; policy drop;\n"
      "    meta l4proto { tcp, udp } ";
  s += std::string(guard) + " flow add @ft\n";
  s +=
      "    ct state established,related accept\n"
      "    iifname lan0 accept\n"
      "  }\n"
      "  chain postrouting {\n"
      "    type nat hook postrouting priority srcnat; policy accept;\n"
      "    meta nfproto ipv4 oifname wan0 masquerade\n"
      "  }\n"
      "}\n";
  return s;
}

PacketBuilder from_client(std::string_view dst) {
  PacketBuilder b;
  b.eth(kClientMac, kLanMac).ipv4(kClient, dst).ttl(64).df();
  return b;
}
PacketBuilder from_server(std::string_view src) {
  PacketBuilder b;
  b.eth(kRouterMac, kWanMac).ipv4(src, kPublic).ttl(57).df();
  return b;
}
PacketBuilder from_client6(std::string_view dst) {
  PacketBuilder b;
  b.eth(kClientMac, kLanMac).ipv6(kClient6, dst).ttl(64);
  return b;
}
PacketBuilder from_server6(std::string_view src) {
  PacketBuilder b;
  b.eth(kRouterMac, kWanMac).ipv6(src, kClient6).ttl(57);
  return b;
}
PacketBuilder from_dmz(std::string_view dst) {
  PacketBuilder b;
  b.eth(kDmzHostMac, kDmzMac).ipv4(kDmzHost, dst).ttl(64).df();
  return b;
}

// ---- Sent ----

Sent::Sent(std::span<const uint8_t> bytes) : bytes_(bytes.begin(), bytes.end()) {
  Frame f = view();
  parsed_ = parse(f).ok();
  hdr_ = f.hdr;
  bytes_.resize(f.len);  // parse() trims Ethernet padding
}

Frame Sent::view() const {
  Frame f;
  // The checksum helpers take a Frame but only read through it.
  f.head = const_cast<uint8_t*>(bytes_.data());
  f.data = f.head;
  f.capacity = static_cast<uint32_t>(bytes_.size());
  f.len = static_cast<uint32_t>(bytes_.size());
  f.hdr = hdr_;
  return f;
}

std::string Sent::eth_dst() const { return mac_text(bytes_.data()); }
std::string Sent::eth_src() const { return mac_text(bytes_.data() + 6); }
std::string Sent::src() const {
  const uint8_t* ip = bytes_.data() + hdr_.l3_off;
  return addr_text(v4() ? ip + 12 : ip + 8, v4());
}
std::string Sent::dst() const {
  const uint8_t* ip = bytes_.data() + hdr_.l3_off;
  return addr_text(v4() ? ip + 16 : ip + 24, v4());
}
uint8_t Sent::ttl() const { return bytes_[hdr_.l3_off + (v4() ? 8 : 7)]; }
uint16_t Sent::sport() const { return hdr_.l4_off ? be16(&bytes_[hdr_.l4_off]) : 0; }
uint16_t Sent::dport() const { return hdr_.l4_off ? be16(&bytes_[hdr_.l4_off + 2]) : 0; }
uint8_t Sent::tcp_flags() const { return hdr_.l4_off ? bytes_[hdr_.l4_off + 13] : 0; }
uint32_t Sent::tcp_seq() const { return hdr_.l4_off ? be32(&bytes_[hdr_.l4_off + 4]) : 0; }
uint32_t Sent::tcp_ack() const { return hdr_.l4_off ? be32(&bytes_[hdr_.l4_off + 8]) : 0; }
uint8_t Sent::icmp_type() const { return hdr_.l4_off ? bytes_[hdr_.l4_off] : 0; }
uint8_t Sent::icmp_code() const { return hdr_.l4_off ? bytes_[hdr_.l4_off + 1] : 0; }
uint16_t Sent::icmp_mtu() const { return hdr_.l4_off ? be16(&bytes_[hdr_.l4_off + 6]) : 0; }
bool Sent::df() const { return v4() && (be16(&bytes_[hdr_.l3_off + 6]) & kIpv4Df) != 0; }
bool Sent::more_fragments() const {
  return v4() && (be16(&bytes_[hdr_.l3_off + 6]) & kIpv4Mf) != 0;
}
uint16_t Sent::frag_offset() const {
  return v4() ? static_cast<uint16_t>((be16(&bytes_[hdr_.l3_off + 6]) & kIpv4OffsetMask) * 8)
              : 0;
}
bool Sent::checksums_ok() const {
  const Frame f = view();
  if (v4() && !ipv4_header_ok(f)) return false;
  return l4_checksum_ok(f);
}
std::vector<uint8_t> Sent::l3_bytes() const {
  return std::vector<uint8_t>(bytes_.begin() + hdr_.l3_off, bytes_.end());
}

// ---- MemorySink ----

void MemorySink::send(std::span<Frame* const> burst) {
  for (const Frame* f : burst) frames_.emplace_back(f->data, f->data + f->len);
}

std::vector<Sent> MemorySink::take() {
  std::vector<Sent> out;
  for (const auto& b : frames_) out.emplace_back(b);
  frames_.clear();
  return out;
}

// ---- Gateway ----

Gateway::Gateway(const std::string& ruleset, const std::string& setup,
                 const EngineOptions& options) {
  SourceManager sm;
  Diagnostics diags;
  net::NetworkSetup net = net::parse_setup_text(sm, "setup.ip", setup, diags);
  EXPECT_FALSE(diags.has_errors()) << render_text(sm, diags);
  engine_ = std::make_unique<Engine>(std::move(net), options);
  for (const net::Interface& i : engine_->network().interfaces.all()) {
    auto sink = std::make_unique<MemorySink>();
    engine_->attach(i.ifindex, sink.get());
    sinks_[i.ifindex] = std::move(sink);
  }
  for (const LoadError& e : engine_->load(compile_ruleset(ruleset))) {
    ADD_FAILURE() << "load: " << e.message;
  }
}

uint32_t Gateway::ifindex(std::string_view name) const {
  const net::Interface* i = engine_->network().interfaces.find(name);
  EXPECT_NE(i, nullptr) << name;
  return i != nullptr ? i->ifindex : 0;
}

std::vector<LoadError> Gateway::reload(const std::string& ruleset) {
  return engine_->load(compile_ruleset(ruleset));
}

void Gateway::advance_to(uint64_t offset_ns) {
  now_ = kT0 + offset_ns;
  engine_->advance(now_);
}

void Gateway::send(std::string_view ifname, const std::vector<uint8_t>& bytes) {
  send_batch(ifname, {bytes});
}

void Gateway::send_batch(std::string_view ifname,
                         const std::vector<std::vector<uint8_t>>& frames) {
  const uint32_t iif = ifindex(ifname);
  std::vector<Frame*> batch;
  for (const auto& bytes : frames) {
    Frame* f = engine_->pool().copy_in(bytes.data(), bytes.size());
    ASSERT_NE(f, nullptr) << "frame pool exhausted";
    f->iif = iif;
    f->rx_ns = now_;
    batch.push_back(f);
  }
  engine_->receive(batch);
}

std::vector<Sent> Gateway::take(std::string_view ifname) {
  auto it = sinks_.find(ifindex(ifname));
  return it == sinks_.end() ? std::vector<Sent>{} : it->second->take();
}

void Gateway::clear() {
  for (auto& [ifindex, sink] : sinks_) sink->take();
}

flow::Flowtable& Gateway::flowtable(std::string_view name) {
  for (auto& ft : engine_->flowtables()) {
    if (ft->config().name == name) return *ft;
  }
  ADD_FAILURE() << "no flowtable " << name;
  throw std::runtime_error("no flowtable " + std::string(name));
}

uint64_t Gateway::not_offloaded(flow::NotOffloaded r, std::string_view ft) {
  return flowtable(ft).stats().not_offloaded[static_cast<size_t>(r)];
}

uint64_t Gateway::bypass(flow::Bypass r, std::string_view ft) {
  return flowtable(ft).stats().bypass[static_cast<size_t>(r)];
}

ct::Conn* Gateway::conn(uint8_t l4, std::string_view src, uint16_t sport, std::string_view dst,
                        uint16_t dport) {
  const auto s = net::parse_ip(src);
  const auto d = net::parse_ip(dst);
  EXPECT_TRUE(s && d);
  if (!s || !d) return nullptr;
  ct::Tuple t;
  const bool v4 = s->is_v4();
  std::memcpy(t.src, s->bytes.data(), v4 ? 4 : 16);
  std::memcpy(t.dst, d->bytes.data(), v4 ? 4 : 16);
  t.sport = htons(sport);
  t.dport = htons(dport);
  t.l3 = v4 ? kNfprotoIpv4 : kNfprotoIpv6;
  t.l4 = l4;
  return engine_->conntrack().lookup(t).conn;
}

flow::FlowEntry* Gateway::entry_of(const ct::Conn* c, std::string_view ft) {
  flow::FlowEntry* found = nullptr;
  flowtable(ft).for_each([&](flow::FlowEntry& e) {
    if (e.conn == c) found = &e;
  });
  return found;
}

std::string Gateway::listing() const {
  return raise::list_state(engine_->ruleset_with_counters(), raise::ListOptions{});
}

// ---- TcpFlow ----

TcpFlow::TcpFlow(Gateway& gw, uint16_t cport, uint16_t sport, bool v6, std::string_view server)
    : gw_(gw),
      cport_(cport),
      sport_(sport),
      v6_(v6),
      server_(server.empty() ? (v6 ? kServer6 : kServer) : server) {}

PacketBuilder TcpFlow::client_packet(TcpFlags flags, size_t len) const {
  PacketBuilder b = v6_ ? from_client6(server_) : from_client(server_);
  b.tcp(cport_, sport_).flags(flags).seq(cseq_).window(502);
  if (has_flag(flags, TcpFlags::Ack)) b.ack(sseq_);
  if (has_flag(flags, TcpFlags::Syn)) b.mss(1460).wscale(7).sack_perm().window(64240);
  if (len) b.payload(len);
  return b;
}

PacketBuilder TcpFlow::server_packet(TcpFlags flags, size_t len) const {
  PacketBuilder b = v6_ ? from_server6(server_) : from_server(server_);
  b.tcp(sport_, cport_).flags(flags).seq(sseq_).window(509);
  if (has_flag(flags, TcpFlags::Ack)) b.ack(cseq_);
  if (has_flag(flags, TcpFlags::Syn)) b.mss(1460).wscale(7).sack_perm().window(65160);
  if (len) b.payload(len);
  return b;
}

void TcpFlow::client(TcpFlags flags, size_t len) {
  gw_.send("lan0", client_packet(flags, len));
  cseq_ += static_cast<uint32_t>(len) +
           (has_flag(flags, TcpFlags::Syn) || has_flag(flags, TcpFlags::Fin) ? 1 : 0);
}

void TcpFlow::server(TcpFlags flags, size_t len) {
  gw_.send("wan0", server_packet(flags, len));
  sseq_ += static_cast<uint32_t>(len) +
           (has_flag(flags, TcpFlags::Syn) || has_flag(flags, TcpFlags::Fin) ? 1 : 0);
}

void TcpFlow::handshake() {
  client(TcpFlags::Syn);
  server(TcpFlags::Syn | TcpFlags::Ack);
  client(TcpFlags::Ack);
}

void TcpFlow::client_data(size_t len) { client(TcpFlags::Ack | TcpFlags::Psh, len); }
void TcpFlow::server_data(size_t len) { server(TcpFlags::Ack | TcpFlags::Psh, len); }

ct::Conn* TcpFlow::conn() {
  return gw_.conn(IPPROTO_TCP, v6_ ? kClient6 : kClient, cport_, server_, sport_);
}

}  // namespace nftx::fastpath::testing
