// SPDX-License-Identifier: GPL-2.0-or-later
// Engine set-up, ruleset loading, the clock (GC) and transmission. The per-packet hooks are in
// classic_path.cc, the gateway's own replies in replies.cc.
#include "backends/fastpath/engine/engine.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <utility>

#include "backends/fastpath/classify/ruleset.h"
#include "backends/fastpath/flowtable/fast_path.h"
#include "backends/fastpath/flowtable/lifecycle.h"
#include "backends/fastpath/packet/frame_pool.h"
#include "backends/fastpath/packet/parse.h"

namespace nftx::fastpath {
namespace {

constexpr uint64_t kSecond = 1000000000ULL;

bool sysctl_off(const net::NetworkSetup& s, std::string_view key) {
  const std::string* v = s.sysctl_value(key);
  return v != nullptr && *v == "0";
}

}  // namespace

Engine::Engine(net::NetworkSetup setup, const EngineOptions& options)
    : options_(options),
      setup_(std::move(setup)),
      conntrack_(options.max_conns),
      pool_(options.pool_frames) {
  for (const auto& [key, value] : setup_.sysctl) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(value.c_str(), &end, 10);
    if (end != value.c_str() && *end == '\0') conntrack_.timeouts().set_sysctl(key, n);
  }
  if (const std::string* max = setup_.sysctl_value("net.netfilter.nf_conntrack_max")) {
    conntrack_.set_max(static_cast<uint32_t>(std::strtoul(max->c_str(), nullptr, 10)));
  }
  // A gateway forwards: only an explicit `sysctl -w net.ipv4.ip_forward=0` turns it off.
  forwarding_v4_ = !sysctl_off(setup_, "net.ipv4.ip_forward") &&
                   !sysctl_off(setup_, "net.ipv4.conf.all.forwarding");
  forwarding_v6_ = !sysctl_off(setup_, "net.ipv6.conf.all.forwarding");
  rebuild_ifinfo();
  rules_ = std::make_unique<classify::CompiledRuleset>();
  rules_->build_hooks();
  rebuild_plans();
}

Engine::~Engine() {
  for (auto& ft : flowtables_) flow::flush(*ft, conntrack_, now_ns_);
}

void Engine::rebuild_ifinfo() {
  const auto& all = setup_.interfaces.all();
  const size_t n = all.size() + 1;
  ifinfo_.assign(n, classify::IfInfo{});
  sinks_.resize(n, nullptr);
  tx_.resize(n);
  stats_.rx_if.resize(n, 0);
  stats_.tx_if.resize(n, 0);
  for (const net::Interface& i : all) {
    classify::IfInfo& info = ifinfo_[i.ifindex];
    info.ifindex = i.ifindex;
    std::strncpy(info.name, i.name.c_str(), sizeof(info.name) - 1);
    info.type = i.is_loopback() ? 772 : 1;  // ARPHRD_LOOPBACK / ARPHRD_ETHER
    info.kind = i.kind.c_str();
  }
}

void Engine::attach(uint32_t ifindex, PortSink* sink) {
  if (ifindex < sinks_.size()) sinks_[ifindex] = sink;
}

std::vector<LoadError> Engine::load(const raise::RulesetState& ruleset) {
  std::vector<LoadError> errors;
  classify::CompileOutput out = classify::compile(ruleset, now_ns_);
  for (auto& u : out.errors) errors.push_back(LoadError{u.span, std::move(u.message)});
  // Flowtables: resolve device names; the live ones that stay keep their entries.
  struct Planned {
    flow::FlowtableConfig cfg;
    int reuse = -1;  // index into flowtables_
  };
  std::vector<Planned> plan;
  for (const raise::TableState& t : ruleset.tables) {
    for (const raise::FlowtableState& fs : t.flowtables) {
      const ir::Flowtable& d = fs.decl;
      Planned p;
      for (const std::string& name : d.devices) {
        const net::Interface* i = setup_.interfaces.find(name);
        if (i == nullptr) {
          errors.push_back(LoadError{d.span, "flowtable " + d.name + ": device '" + name +
                                                 "' does not exist in the network setup"});
          continue;
        }
        p.cfg.devices.push_back(i->ifindex);
      }
      p.cfg.family = static_cast<uint8_t>(t.decl.family);
      p.cfg.table = t.decl.name;
      p.cfg.name = d.name;
      p.cfg.early_ingress = d.early_ingress;
      p.cfg.priority = d.priority.value_or(0);
      p.cfg.hw_offload = (d.flags & 1U) != 0;
      p.cfg.counter = (d.flags & 2U) != 0;
      for (size_t i = 0; i < flowtables_.size(); ++i) {
        const flow::FlowtableConfig& c = flowtables_[i]->config();
        if (c.table == p.cfg.table && c.name == p.cfg.name && c.family == p.cfg.family &&
            c.early_ingress == p.cfg.early_ingress && c.priority == p.cfg.priority) {
          p.reuse = static_cast<int>(i);
        }
      }
      plan.push_back(std::move(p));
    }
  }
  if (!errors.empty()) return errors;
  std::vector<std::unique_ptr<flow::Flowtable>> next;
  for (Planned& p : plan) {
    if (p.reuse >= 0) {
      flowtables_[p.reuse]->set_devices(p.cfg.devices);
      next.push_back(std::move(flowtables_[p.reuse]));
    } else {
      next.push_back(std::make_unique<flow::Flowtable>(std::move(p.cfg), options_.max_flows));
    }
  }
  for (auto& ft : flowtables_) {
    if (ft) flow::flush(*ft, conntrack_, now_ns_);  // removed from the ruleset
  }
  flowtables_ = std::move(next);
  rules_ = std::make_unique<classify::CompiledRuleset>(std::move(out.ruleset));
  loaded_ = ruleset;
  rebuild_plans();
  return errors;
}

raise::RulesetState Engine::ruleset_with_counters() const {
  raise::RulesetState state = loaded_;
  rules_->write_back(state, now_ns_);
  return state;
}

flow::Flowtable* Engine::find_flowtable(const std::string& name) {
  for (auto& ft : flowtables_) {
    if (ft->config().name == name) return ft.get();
  }
  return nullptr;
}

// Frames go through in chunks: (1) admit, parse, key and hash for the device's leading
// flowtable, prefetching the index slots; (2) look up, prefetching the entries and their
// connections; (3) the fast path for hits, everything else in order through the rest of
// ingress and the classic path. The clock moves to the chunk's newest timestamp first, so GC
// never runs between a lookup and its use; hits are looked up again if an earlier packet of
// the chunk added or removed entries.
void Engine::receive(std::span<Frame*> frames) {
  if (ports_gen_ != setup_.interfaces.generation()) rebuild_ports();
  for (size_t base = 0; base < frames.size(); base += kRxChunk) {
    const size_t n = std::min(kRxChunk, frames.size() - base);
    Frame** fs = frames.data() + base;
    uint64_t newest = 0;
    for (size_t i = 0; i < n; ++i) newest = std::max(newest, fs[i]->rx_ns);
    if (newest > now_ns_) advance(newest);
    stats_.rx += n;
    for (size_t i = 0; i < n; ++i) {
      Frame* f = fs[i];
      RxSlot& s = rx_slots_[i];
      s.ft = nullptr;
      s.tried = false;
      const uint32_t iif = f->iif;
      if (iif >= ports_.size() || !ports_[iif].rx) {
        if (iif < stats_.rx_if.size()) ++stats_.rx_if[iif];
        drop_frame(f, DropReason::LinkDown);
        fs[i] = nullptr;
        continue;
      }
      ++stats_.rx_if[iif];
      const ParseResult pr = parse_fast(*f);
      if (!pr.ok()) {
        drop_frame(f, pr.reason);
        fs[i] = nullptr;
        continue;
      }
      flow::Flowtable* ft = ports_[iif].leading;
      if (ft == nullptr) continue;
      s.tried = true;
      flow::Bypass why = flow::Bypass::Miss;
      if (!flow::packet_key(*f, s.key, why)) {
        ft->count(why);
        continue;
      }
      s.ft = ft;
      s.hash = flow::hash_key(s.key);
      ft->prefetch_slot(s.hash);
    }
    for (size_t i = 0; i < n; ++i) {
      if (rx_slots_[i].ft != nullptr) rx_slots_[i].ft->prefetch_candidate(rx_slots_[i].hash);
    }
    for (size_t i = 0; i < n; ++i) {
      RxSlot& s = rx_slots_[i];
      if (s.ft == nullptr) continue;
      s.hit = s.ft->lookup(s.key, s.hash);
      s.version = s.ft->version();
      if (s.hit.entry != nullptr) __builtin_prefetch(s.hit.entry->conn);
    }
    flow::FastPathEnv fenv{setup_.interfaces, setup_.fib, setup_.neighbours, conntrack_, now_ns_};
    for (size_t i = 0; i < n; ++i) {
      Frame* f = fs[i];
      if (f == nullptr) continue;
      RxSlot& s = rx_slots_[i];
      if (s.ft == nullptr) {
        slow(f, s.tried);
        continue;
      }
      if (s.ft->version() != s.version) s.hit = s.ft->lookup(s.key, s.hash);
      switch (flow::fast_path_hit(*s.ft, *f, fenv, s.key, s.hit)) {
        case flow::FastResult::Forwarded:
          ++stats_.fast_path;
          output_l2_done(f, ifinfo(f->iif), nullptr);
          break;
        case flow::FastResult::Dropped:
          drop_frame(f, DropReason::FlowDeviceDown);
          break;
        case flow::FastResult::SlowPath:
          slow(f, true);
          break;
      }
    }
  }
  flush_tx();
  conntrack_.reclaim();
}

void Engine::rebuild_ports() {
  ports_.assign(ingress_plan_.size(), Port{});
  for (const net::Interface& i : setup_.interfaces.all()) {
    if (i.ifindex >= ports_.size()) continue;
    ports_[i.ifindex].rx = i.up && ifinfo(i.ifindex) != nullptr;
    ports_[i.ifindex].leading = ingress_plan_[i.ifindex].leading;
  }
  ports_gen_ = setup_.interfaces.generation();
}

void Engine::rebuild_plans() {
  const size_t n = ifinfo_.size();
  ingress_plan_.assign(n, IngressPlan{});
  egress_chains_.assign(n, 0);
  for (const net::Interface& i : setup_.interfaces.all()) {
    IngressPlan& plan = ingress_plan_[i.ifindex];
    for (const auto& ft : flowtables_) {
      if (!ft->has_device(i.ifindex)) continue;
      (ft->config().early_ingress ? plan.early : plan.ingress).push_back(ft.get());
    }
    std::stable_sort(plan.ingress.begin(), plan.ingress.end(), [](const auto* a, const auto* b) {
      return a->config().priority < b->config().priority;
    });
    // Netdev chains on this device (the inet family's ingress chains are in the same list).
    int32_t lowest_chain = INT32_MAX;
    auto applies = [&](const classify::ChainRef& ref) {
      const classify::CompiledChain& c = rules_->chain(ref);
      return c.devices.empty() ||
             std::find(c.devices.begin(), c.devices.end(), i.name) != c.devices.end();
    };
    for (const classify::ChainRef& ref : rules_->hooks(ir::Family::Netdev, 0)) {
      if (!applies(ref)) continue;
      plan.chains = true;
      lowest_chain = std::min(lowest_chain, ref.priority);
    }
    for (const classify::ChainRef& ref : rules_->hooks(ir::Family::Netdev, 1)) {
      if (applies(ref)) egress_chains_[i.ifindex] = 1;
    }
    if (!plan.early.empty()) {
      plan.leading = plan.early.front();
    } else if (!plan.ingress.empty() && lowest_chain >= plan.ingress.front()->config().priority) {
      plan.leading = plan.ingress.front();
    }
  }
  rebuild_ports();
}

void Engine::advance(uint64_t now_ns) {
  if (now_ns > now_ns_) now_ns_ = now_ns;
  if (next_gc_ns_ == 0) next_gc_ns_ = now_ns_ + kSecond;
  while (now_ns_ >= next_gc_ns_) {
    gc(next_gc_ns_);
    next_gc_ns_ += kSecond;
  }
}

void Engine::gc(uint64_t now_ns) {
  flow::OffloadEnv env{setup_.interfaces, setup_.fib, setup_.neighbours, conntrack_, now_ns};
  for (auto& ft : flowtables_) flow::gc_step(*ft, env);
  conntrack_.expire(now_ns);
  conntrack_.reclaim();
  defrag_.expire(now_ns);
}

void Engine::flush_tx() {
  for (uint32_t oif : tx_dirty_) {
    std::vector<Frame*>& q = tx_[oif];
    sinks_[oif]->send(q);
    ++stats_.bursts;
    stats_.tx += q.size();
    stats_.tx_if[oif] += q.size();
    for (Frame* f : q) pool_.free(f);
    q.clear();
  }
  tx_dirty_.clear();
}

}  // namespace nftx::fastpath
