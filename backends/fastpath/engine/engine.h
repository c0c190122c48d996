// SPDX-License-Identifier: GPL-2.0-or-later
// The gateway: network setup (net/), conntrack (conntrack/), the compiled ruleset (classify/)
// and its flowtables (flowtable/), running frames through the hooks in the kernel's order
// (docs/engine.md). Frames enter with receive() in batches; what leaves is handed to the port
// of its output interface once per batch, as one burst per port.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backends/fastpath/classify/env.h"
#include "backends/fastpath/classify/eval.h"
#include "backends/fastpath/classify/ruleset.h"
#include "backends/fastpath/conntrack/conntrack_table.h"
#include "backends/fastpath/engine/defrag.h"
#include "backends/fastpath/engine/engine_stats.h"
#include "backends/fastpath/flowtable/flowtable.h"
#include "backends/fastpath/net/network_setup.h"
#include "backends/fastpath/packet/frame_pool.h"
#include "compiler/raise/ruleset.h"

namespace nftx::fastpath {

// Where an interface's outgoing frames go (a pcap file, a memory sink, a live socket).
class PortSink {
 public:
  virtual ~PortSink() = default;
  virtual void send(std::span<Frame* const> burst) = 0;
};

struct EngineOptions {
  uint32_t max_conns = ct::kDefaultMaxConns;
  uint32_t max_flows = 65536;      // per flowtable
  uint32_t pool_frames = 4096;     // frames for received and generated packets
};

// A problem loading a ruleset, at the span of what caused it.
struct LoadError {
  Span span;
  std::string message;
};

class Engine {
 public:
  Engine(net::NetworkSetup setup, const EngineOptions& options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Replaces the ruleset atomically: on any error nothing changes. Flowtables that stay (same
  // table and name) keep their entries; removed ones are flushed back to conntrack.
  std::vector<LoadError> load(const raise::RulesetState& ruleset);

  void attach(uint32_t ifindex, PortSink* sink);
  FramePool& pool() { return pool_; }
  // Processes frames that arrived on their Frame::iif at Frame::rx_ns (the engine clock
  // follows the timestamps: GC and timeouts run as time passes). Takes ownership of the frames.
  void receive(std::span<Frame*> frames);
  // Advances the clock without traffic (GC every second, conntrack expiry).
  void advance(uint64_t now_ns);

  net::NetworkSetup& network() { return setup_; }
  ct::Table& conntrack() { return conntrack_; }
  std::vector<std::unique_ptr<flow::Flowtable>>& flowtables() { return flowtables_; }
  const EngineStats& stats() const { return stats_; }
  uint64_t now_ns() const { return now_ns_; }
  // The loaded ruleset with the engine's counters, quotas and set elements written back.
  raise::RulesetState ruleset_with_counters() const;
  void set_log_sink(std::function<void(std::string_view)> sink) { log_sink_ = std::move(sink); }
  void log(std::string_view line) {
    if (log_sink_) log_sink_(line);
  }

  // Internal to the engine's translation units (classic_path.cc, replies.cc).
  struct PacketState;

 private:
  friend class EngineEnv;
  // What netdev ingress does on one interface, computed when the ruleset is loaded.
  struct IngressPlan {
    std::vector<flow::Flowtable*> early;    // early_ingress flowtables hooked on the device
    std::vector<flow::Flowtable*> ingress;  // ingress flowtables, by priority
    bool chains = false;                    // netdev ingress chains run on the device
    flow::Flowtable* leading = nullptr;     // looked up before anything else: batched
  };
  // What receive() reads for every frame of an interface, rebuilt with the plans and whenever
  // the interfaces change.
  struct Port {
    flow::Flowtable* leading = nullptr;  // IngressPlan::leading
    bool rx = false;                     // the interface exists and is up: frames are admitted
  };
  // receive()'s scratch for one chunk: a frame's key, hash and lookup between the stages.
  static constexpr size_t kRxChunk = 64;
  struct RxSlot {
    flow::Flowtable* ft;  // the leading flowtable looked up in stage 2, or null
    bool tried;           // the leading flowtable saw the packet (hit or not)
    uint64_t hash;
    uint64_t version;
    flow::Flowtable::Hit hit;
    flow::FlowKey key;
  };
  void slow(Frame* f, bool leading_done);
  void rebuild_plans();
  bool ingress(Frame* f, PacketState& st, bool leading_done);
  void classic(Frame* f, PacketState& st);
  classify::Result run_chains(classify::Packet& pkt, PacketState& st,
                              const classify::HookFilter& filter);
  bool prerouting(Frame* f, PacketState& st);
  void forward(Frame* f, PacketState& st);
  void local_in(Frame* f, PacketState& st);
  bool postrouting(Frame* f, PacketState& st);
  void output(Frame* f, PacketState& st);
  void output_l2_done(Frame* f, const classify::IfInfo* in, PacketState* st);
  void drop(Frame* f, PacketState& st, DropReason why);
  void drop_frame(Frame* f, DropReason why);
  void send_icmp_error(const Frame& f, uint8_t type, uint8_t code, uint32_t mtu);
  void send_reject(const Frame& f, const classify::Result& r);
  void send_generated(Frame* g);
  // Queues f for its output port's burst (inline: every forwarded frame comes here).
  void transmit(Frame* f) {
    const uint32_t oif = f->oif;
    if (oif >= sinks_.size() || sinks_[oif] == nullptr) [[unlikely]] {
      ++stats_.drops[static_cast<size_t>(DropReason::NoPort)];
      pool_.free(f);
      return;
    }
    std::vector<Frame*>& q = tx_[oif];
    if (q.empty()) tx_dirty_.push_back(oif);
    q.push_back(f);
  }
  void flush_tx();
  void gc(uint64_t now_ns);
  flow::Flowtable* find_flowtable(const std::string& name);
  const classify::IfInfo* ifinfo(uint32_t ifindex) const {
    return ifindex < ifinfo_.size() && ifinfo_[ifindex].ifindex != 0 ? &ifinfo_[ifindex]
                                                                      : nullptr;
  }
  void rebuild_ports();
  void rebuild_ifinfo();

  EngineOptions options_;
  net::NetworkSetup setup_;
  ct::Table conntrack_;
  FramePool pool_;
  Defrag defrag_;
  std::unique_ptr<classify::CompiledRuleset> rules_;
  raise::RulesetState loaded_;  // what load() was given (for listings)
  std::vector<std::unique_ptr<flow::Flowtable>> flowtables_;
  std::vector<classify::IfInfo> ifinfo_;            // by ifindex
  std::vector<PortSink*> sinks_;                    // by ifindex
  std::vector<IngressPlan> ingress_plan_;           // by ifindex
  std::vector<uint8_t> egress_chains_;              // by ifindex: netdev egress chains exist
  std::vector<Port> ports_;                         // by ifindex
  uint64_t ports_gen_ = 0;                          // interfaces generation ports_ reflect
  std::array<RxSlot, kRxChunk> rx_slots_;
  std::vector<std::vector<Frame*>> tx_;             // per ifindex, flushed per batch
  std::vector<uint32_t> tx_dirty_;
  EngineStats stats_;
  uint64_t now_ns_ = 0;
  uint64_t next_gc_ns_ = 0;
  uint16_t ip_id_ = 1;
  bool forwarding_v4_ = true, forwarding_v6_ = true;
  std::function<void(std::string_view)> log_sink_;
};

}  // namespace nftx::fastpath
