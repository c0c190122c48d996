// SPDX-License-Identifier: GPL-2.0-or-later
// Engine set-up, ruleset loading, the clock (GC) and transmission. The per-packet hooks are in
// classic_path.cc, the gateway's own replies in replies.cc.
#include "backends/fastpath/engine/engine.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "backends/fastpath/classify/ruleset.h"
#include "backends/fastpath/flowtable/lifecycle.h"
#include "backends/fastpath/packet/frame_pool.h"

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

const classify::IfInfo* Engine::ifinfo(uint32_t ifindex) const {
  return ifindex < ifinfo_.size() && ifinfo_[ifindex].ifindex != 0 ? &ifinfo_[ifindex] : nullptr;
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

void Engine::receive(std::span<Frame*> frames) {
  for (Frame* f : frames) {
    if (f->rx_ns > now_ns_) advance(f->rx_ns);
    process(f);
  }
  flush_tx();
  conntrack_.reclaim();
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
}

void Engine::transmit(Frame* f) {
  const uint32_t oif = f->oif;
  if (oif >= sinks_.size() || sinks_[oif] == nullptr) {
    ++stats_.drops[static_cast<size_t>(DropReason::NoPort)];
    pool_.free(f);
    return;
  }
  if (tx_[oif].empty()) tx_dirty_.push_back(oif);
  tx_[oif].push_back(f);
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
