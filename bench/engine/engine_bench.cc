// SPDX-License-Identifier: GPL-2.0-or-later
// The engine's own cost, frames from memory (bench/README.md, ../shared/spec/performance.md):
//
//   nftx-engine-bench --mode fast|classic|new|peer --flows N [--packets M] [--batch B]
//
//   fast     established UDP flows offloaded to the flowtable: NAT (masquerade), TTL,
//            incremental checksums, MAC rewrite, counters; packets pick flows at random
//   classic  the same flows without a flowtable: conntrack, 100 rules (sets, vmap, ct state),
//            an LPM over 10k routes, NAT on every packet
//   new      every packet opens a connection: conntrack create, NAT port allocation, rules,
//            confirm
//   peer     the same-run reference: a plain C++ loop over the same frames (std::unordered_map
//            5-tuple lookup, NAT rewrite with RFC 1624 checksums, TTL, MACs), i.e. the
//            "plain C++ prototype" of performance.md
//
// Prints one line: mode flows packets Mpps ns/packet cycles/packet (TSC) and the RSS growth per
// flow. Under callgrind (--callgrind) only the measured loop is instrumented.
#include <valgrind/callgrind.h>
#include <x86intrin.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "backends/fastpath/engine/engine.h"
#include "backends/fastpath/net/setup_parser.h"
#include "backends/fastpath/packet/builder.h"
#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/parse.h"
#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"
#include "compiler/raise/ruleset.h"

namespace {

namespace fp = nftx::fastpath;

struct Args {
  std::string mode = "fast";
  uint32_t flows = 1000;
  uint32_t packets = 4'000'000;
  uint32_t batch = 32;
  bool callgrind = false;
};

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

std::string setup_text(bool many_routes) {
  std::string s =
      "ip link add lan0 address 02:00:00:00:01:01\n"
      "ip link add wan0 address 02:00:00:00:02:01\n"
      "ip link set lan0 up\nip link set wan0 up\n"
      "ip addr add 10.0.0.1/8 dev lan0\n"
      "ip addr add 203.0.113.2/24 dev wan0\n"
      "ip route add default via 203.0.113.1 dev wan0\n"
      "ip neigh add 203.0.113.1 lladdr 02:00:00:00:02:fe dev wan0\n"
      "sysctl -w net.netfilter.nf_conntrack_max=8000000\n";
  if (many_routes) {  // 10k more-specific routes the lookups have to get past
    for (int i = 0; i < 10000; ++i) {
      s += "ip route add 172." + std::to_string(16 + i / 4096 % 16) + "." +
           std::to_string(i / 16 % 256) + "." + std::to_string(i % 16 * 16) +
           "/28 via 203.0.113.1 dev wan0\n";
    }
  }
  return s;
}

std::string ruleset_text(const std::string& mode) {
  std::string s = "table inet bench {\n";
  if (mode == "fast") {
    s += "  flowtable ft { hook ingress priority filter; devices = { lan0, wan0 }; counter; }\n"
         "  chain forward { type filter hook forward priority filter; policy accept;\n"
         "    meta l4proto udp flow add @ft\n  }\n";
  } else {
    s += "  set blocked { type ipv4_addr; flags interval; elements = { 192.0.2.0/24, "
         "198.51.100.0/24 } }\n"
         "  map ports { type inet_service : verdict; elements = { 22 : drop, 23 : drop } }\n"
         "  chain fw_new {\n";
    for (int i = 0; i < 96; ++i) {
      s += "    ip daddr 192.0.2." + std::to_string(i) + " udp dport " +
           std::to_string(1000 + i) + " drop\n";
    }
    s += "    accept\n  }\n"
         "  chain forward { type filter hook forward priority filter; policy drop;\n"
         "    ip saddr @blocked drop\n"
         "    tcp dport vmap @ports\n"
         "    ct state vmap { established : accept, related : accept, invalid : drop, "
         "new : jump fw_new }\n  }\n";
  }
  s += "  chain postrouting { type nat hook postrouting priority srcnat;\n"
       "    oifname \"wan0\" masquerade\n  }\n}\n";
  return s;
}

std::string dot(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 255) + "." +
         std::to_string(a >> 8 & 255) + "." + std::to_string(a & 255);
}

// The server's answer as it arrives on wan0: to the masqueraded address, port kept.
std::vector<uint8_t> reply_for(uint32_t flow) {
  return fp::PacketBuilder()
      .eth("02:00:00:00:02:fe", "02:00:00:00:02:01")
      .ipv4(dot(0xc6120000U + flow), "203.0.113.2")
      .ttl(64)
      .udp(53, 40000)
      .payload(18)
      .build();
}

// Frame i of flow f: 10.x.y.z:40000 -> 198.18.x.y:53 (one client and destination per flow).
std::vector<uint8_t> frame_for(uint32_t flow) {
  const uint32_t c = 0x0a000000U + 2 + flow;  // 10.0.0.2 + flow
  const uint32_t d = 0xc6120000U + flow;      // 198.18.0.0 + flow
  return fp::PacketBuilder()
      .eth("02:00:00:00:01:10", "02:00:00:00:01:01")
      .ipv4(dot(c), dot(d))
      .ttl(64)
      .udp(40000, 53)
      .payload(18)  // 14 + 20 + 8 + 18 = 60 bytes + FCS = a 64-byte frame
      .build();
}

class NullSink final : public fp::PortSink {
 public:
  void send(std::span<fp::Frame* const> burst) override { sent += burst.size(); }
  uint64_t sent = 0;
};

// Frames in one big array (not from the engine's pool: Engine frees them into a pool that
// ignores foreign frames), reset from pristine copies before each pass.
struct Traffic {
  std::vector<uint8_t> bytes;
  std::vector<fp::Frame> frames;
  std::vector<fp::Frame*> ptrs;
  std::vector<uint8_t> pristine;
  uint32_t len = 60;
  static constexpr uint32_t kStride = 128;

  static constexpr uint32_t kReply = 0x80000000U;  // flag in a packet's flow number
  std::vector<uint32_t> iif;

  void build(const std::vector<uint32_t>& flow_of_packet, uint32_t flows) {
    std::vector<std::vector<uint8_t>> templates(flows);
    for (uint32_t f = 0; f < flows; ++f) templates[f] = frame_for(f);
    const size_t n = flow_of_packet.size();
    pristine.resize(n * kStride);
    iif.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const uint32_t f = flow_of_packet[i];
      if (f & kReply) {
        std::memcpy(&pristine[i * kStride + 64], reply_for(f & ~kReply).data(), len);
        iif[i] = 3;  // wan0
      } else {
        std::memcpy(&pristine[i * kStride + 64], templates[f].data(), len);
        iif[i] = 2;  // lan0
      }
    }
    bytes = pristine;
    frames.assign(n, fp::Frame{});
    ptrs.resize(n);
  }
  void reset(uint64_t ts) {
    std::memcpy(bytes.data(), pristine.data(), pristine.size());
    for (size_t i = 0; i < frames.size(); ++i) {
      fp::Frame& f = frames[i];
      f = fp::Frame{};
      f.head = &bytes[i * kStride];
      f.capacity = kStride;
      f.data = f.head + 64;
      f.len = len;
      f.iif = iif[i];
      f.rx_ns = ts;
      ptrs[i] = &f;
    }
  }
};

std::unique_ptr<fp::Engine> make_engine(const std::string& mode, uint32_t flows) {
  nftx::SourceManager sm;
  nftx::Diagnostics diags;
  auto setup = fp::net::parse_setup_text(sm, "bench.ip", setup_text(mode == "classic"), diags);
  const uint32_t file = sm.add("bench.nft", ruleset_text(mode));
  nftx::CompileResult r = nftx::compile(sm, file, nftx::CompileOptions{}, diags);
  if (diags.has_errors()) {
    std::cerr << nftx::render_text(sm, diags);
    std::exit(1);
  }
  fp::EngineOptions opts;
  opts.max_flows = std::max<uint32_t>(1024, flows + flows / 4);
  opts.max_conns = flows * 2 + 1024;
  auto engine = std::make_unique<fp::Engine>(std::move(setup), opts);
  if (!engine->load(nftx::raise::build_state(r.batch)).empty()) std::exit(1);
  return engine;
}

double run_pass(fp::Engine& e, Traffic& t, uint32_t batch, bool callgrind, uint64_t& tsc) {
  const auto t0 = std::chrono::steady_clock::now();
  const uint64_t c0 = __rdtsc();
  if (callgrind) CALLGRIND_START_INSTRUMENTATION;
  for (size_t i = 0; i < t.ptrs.size(); i += batch) {
    const size_t n = std::min<size_t>(batch, t.ptrs.size() - i);
    e.receive(std::span<fp::Frame*>(t.ptrs.data() + i, n));
  }
  if (callgrind) CALLGRIND_STOP_INSTRUMENTATION;
  tsc = __rdtsc() - c0;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void print(const Args& a, uint64_t packets, double secs, uint64_t tsc, double bytes_per_flow,
           uint64_t sent) {
  std::printf("mode=%s flows=%u packets=%llu mpps=%.2f ns_per_packet=%.1f cycles_per_packet=%.1f"
              " bytes_per_flow=%.0f forwarded=%llu\n",
              a.mode.c_str(), a.flows, static_cast<unsigned long long>(packets),
              static_cast<double>(packets) / secs / 1e6, secs * 1e9 / static_cast<double>(packets),
              static_cast<double>(tsc) / static_cast<double>(packets), bytes_per_flow,
              static_cast<unsigned long long>(sent));
}

// The reference loop: what a minimal hand-written NAT fast path costs on this machine.
int run_peer(const Args& a) {
  struct Key {
    uint32_t src, dst;
    uint16_t sport, dport;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      uint64_t h = (static_cast<uint64_t>(k.src) << 32 | k.dst) * 0x9e3779b97f4a7c15ULL;
      return h ^ (h >> 29) ^ (static_cast<uint64_t>(k.sport) << 16 | k.dport);
    }
  };
  struct Rewrite {
    uint32_t new_src;
    uint16_t new_sport;
    uint8_t dmac[6], smac[6];
  };
  std::mt19937 rng(1);
  std::vector<uint32_t> flow_of(a.packets);
  for (auto& f : flow_of) f = rng() % a.flows;
  Traffic t;
  t.build(flow_of, a.flows);
  t.reset(0);
  const long rss0 = rss_kib();
  std::unordered_map<Key, Rewrite, KeyHash> table;
  table.reserve(a.flows);
  for (uint32_t f = 0; f < a.flows; ++f) {
    const auto b = frame_for(f);
    Key k;
    std::memcpy(&k.src, &b[26], 4);
    std::memcpy(&k.dst, &b[30], 4);
    std::memcpy(&k.sport, &b[34], 2);
    std::memcpy(&k.dport, &b[36], 2);
    table[k] = Rewrite{0x020071cbU, static_cast<uint16_t>(40000 + f % 20000), {2, 0, 0, 0, 2, 0xfe},
                       {2, 0, 0, 0, 2, 1}};
  }
  const double per_flow = static_cast<double>(rss_kib() - rss0) * 1024.0 / a.flows;
  uint64_t forwarded = 0;
  const auto t0 = std::chrono::steady_clock::now();
  const uint64_t c0 = __rdtsc();
  if (a.callgrind) CALLGRIND_START_INSTRUMENTATION;
  for (fp::Frame* f : t.ptrs) {
    uint8_t* ip = f->data + 14;
    Key k;
    std::memcpy(&k.src, ip + 12, 4);
    std::memcpy(&k.dst, ip + 16, 4);
    std::memcpy(&k.sport, ip + 20, 2);
    std::memcpy(&k.dport, ip + 22, 2);
    auto it = table.find(k);
    if (it == table.end() || ip[8] <= 1) continue;
    const Rewrite& r = it->second;
    uint8_t* udp = ip + 20;
    uint16_t check = fp::csum::load16(udp + 6);
    if (check != 0) {
      check = fp::csum::replace2(check, k.sport, r.new_sport);
      check = fp::csum::replace4(check, k.src, r.new_src);
      fp::csum::store16(udp + 6, check == 0 ? 0xffff : check);
    }
    fp::csum::store16(udp, r.new_sport);
    fp::csum::store16(ip + 10, fp::csum::replace4(fp::csum::load16(ip + 10), k.src, r.new_src));
    fp::csum::store32(ip + 12, r.new_src);
    uint32_t c = fp::csum::load16(ip + 10) + 0x0001;  // htons(0x0100) on little endian
    fp::csum::store16(ip + 10, static_cast<uint16_t>((c & 0xffff) + (c >> 16)));
    --ip[8];
    std::memcpy(f->data, r.dmac, 6);
    std::memcpy(f->data + 6, r.smac, 6);
    ++forwarded;
  }
  if (a.callgrind) CALLGRIND_STOP_INSTRUMENTATION;
  const uint64_t tsc = __rdtsc() - c0;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  print(a, a.packets, secs, tsc, per_flow, forwarded);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--mode") a.mode = next();
    else if (arg == "--flows") a.flows = static_cast<uint32_t>(std::stoul(next()));
    else if (arg == "--packets") a.packets = static_cast<uint32_t>(std::stoul(next()));
    else if (arg == "--batch") a.batch = static_cast<uint32_t>(std::stoul(next()));
    else if (arg == "--callgrind") a.callgrind = true;
    else {
      std::cerr << "usage: nftx-engine-bench --mode fast|classic|new|peer --flows N "
                   "[--packets M] [--batch B] [--callgrind]\n";
      return 2;
    }
  }
  if (a.mode == "peer") return run_peer(a);
  if (a.mode != "fast" && a.mode != "classic" && a.mode != "new") return 2;
  if (a.mode == "new") a.flows = a.packets;  // every packet its own connection
  const long rss0 = rss_kib();  // preallocated tables (sized for the flows) count too
  auto engine = make_engine(a.mode, a.flows);
  NullSink wan, lan;
  engine->attach(3, &wan);  // wan0
  engine->attach(2, &lan);
  uint64_t ts = 1'000'000'000ULL;
  double per_flow = 0;
  std::vector<uint32_t> flow_of;
  if (a.mode != "new") {
    // Warm-up: request, answer, request per flow: the conntrack entry is established (and
    // offloaded in fast mode by the second request, as the kernel does for UDP).
    std::vector<uint32_t> warm;
    for (uint32_t f = 0; f < a.flows; ++f) warm.push_back(f);
    for (uint32_t f = 0; f < a.flows; ++f) warm.push_back(f | Traffic::kReply);
    for (uint32_t f = 0; f < a.flows; ++f) warm.push_back(f);
    {
      Traffic w;
      w.build(warm, a.flows);
      w.reset(ts);
      uint64_t tsc = 0;
      run_pass(*engine, w, a.batch, false, tsc);
    }  // the warm-up frames are freed before the engine's memory is measured
    per_flow = static_cast<double>(rss_kib() - rss0) * 1024.0 / a.flows;
    std::mt19937 rng(1);
    flow_of.resize(a.packets);
    for (auto& f : flow_of) f = rng() % a.flows;
  } else {
    flow_of.resize(a.packets);
    for (uint32_t i = 0; i < a.packets; ++i) flow_of[i] = i;
  }
  Traffic t;
  t.build(flow_of, a.flows);
  t.reset(ts + 1000);
  const uint64_t sent0 = wan.sent;
  uint64_t tsc = 0;
  const double secs = run_pass(*engine, t, a.batch, a.callgrind, tsc);
  if (a.mode == "new") per_flow = static_cast<double>(rss_kib() - rss0) * 1024.0 / a.flows;
  print(a, a.packets, secs, tsc, per_flow, wan.sent - sent0);
  if (wan.sent - sent0 != a.packets) {
    std::cerr << "warning: " << a.packets - (wan.sent - sent0) << " packets not forwarded\n"
              << fp::format_stats(engine->stats());
  }
  return 0;
}
