// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/engine_command.h"

#include <CLI/CLI.hpp>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "backends/fastpath/control/control_server.h"
#include "backends/fastpath/engine/engine.h"
#include "backends/fastpath/io/pcap_reader.h"
#include "backends/fastpath/io/pcap_writer.h"
#include "backends/fastpath/net/setup_parser.h"
#include "cli/engine_control.h"
#include "cli/engine_listing.h"
#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"
#include "compiler/raise/raise.h"
#include "compiler/raise/ruleset.h"

namespace nftx::cli {
namespace {

namespace fp = fastpath;
constexpr uint64_t kSecond = 1000000000ULL;

class PcapSink final : public fp::PortSink {
 public:
  explicit PcapSink(fp::PcapWriter w) : writer_(std::move(w)) {}
  void send(std::span<fp::Frame* const> burst) override {
    for (const fp::Frame* f : burst) writer_.write(*f);
  }

 private:
  fp::PcapWriter writer_;
};

struct Input {
  uint32_t ifindex;
  std::string ifname;
  fp::PcapReader reader;
  fp::PcapRecord pending;
  bool has_pending = false;
};

// SIGINT and SIGTERM as a readable descriptor (signalfd), so the serve loop can wait for
// them and for clients at once, and exit cleanly (the socket removed, the statistics printed).
class SignalWatch {
 public:
  SignalWatch() {
    sigemptyset(&mask_);
    sigaddset(&mask_, SIGINT);
    sigaddset(&mask_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &mask_, &old_);
    fd_ = signalfd(-1, &mask_, SFD_NONBLOCK | SFD_CLOEXEC);
    // Without the descriptor the signals must keep their default action (ending the engine).
    if (fd_ < 0) pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  ~SignalWatch() {
    if (fd_ >= 0) ::close(fd_);
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;
  int fd() const { return fd_; }
  // Consumes a pending signal; true if there was one.
  bool take() const {
    signalfd_siginfo info{};
    return fd_ >= 0 && ::read(fd_, &info, sizeof(info)) == static_cast<ssize_t>(sizeof(info));
  }

 private:
  sigset_t mask_{}, old_{};
  int fd_ = -1;
};

// The control socket's side of the engine loop: requests between batches, then (--serve) the
// wait for clients while the clock follows real time.
struct ControlLoop {
  fp::control::ControlServer& server;
  EngineControl control;
  SignalWatch signals;
  bool interrupted = false;

  std::string handle(fp::control::RequestStatus st, std::string_view line) {
    return control.handle(st, line);
  }
  // Between batches: never blocks. Returns false when the engine should stop.
  bool poll() {
    if (server.wait(0, signals.fd(), [this](auto st, auto line) { return handle(st, line); })) {
      interrupted = signals.take() || interrupted;
    }
    return !interrupted && !control.stop_requested();
  }
  // After the input: GC once per second on the packet clock plus the wall time since.
  void serve(fp::Engine& engine) {
    using Clock = std::chrono::steady_clock;
    control.set_serving();
    const uint64_t base_ns = engine.now_ns();
    const Clock::time_point start = Clock::now();
    Clock::time_point tick = start + std::chrono::seconds(1);
    while (!interrupted && !control.stop_requested()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(tick - Clock::now());
      const int wait_ms = static_cast<int>(std::max<int64_t>(0, left.count()));
      if (server.wait(wait_ms, signals.fd(),
                      [this](auto st, auto line) { return handle(st, line); })) {
        interrupted = signals.take() || interrupted;
      }
      const Clock::time_point now = Clock::now();
      if (now >= tick) {
        const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(now - start);
        engine.advance(base_ns + static_cast<uint64_t>(elapsed.count()));
        tick = std::max(tick + std::chrono::seconds(1), now);
      }
    }
  }
};

bool split_port(const std::string& spec, std::string& ifname, std::string& path) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) return false;
  ifname = spec.substr(0, eq);
  path = spec.substr(eq + 1);
  return true;
}

}  // namespace

int run_engine(const std::vector<std::string>& args) {
  CLI::App app{"nftx engine: run the userspace gateway over pcap traffic"};
  std::string ruleset_file, setup_file;
  std::vector<std::string> rx_specs, tx_specs, include_paths;
  uint32_t batch = 32;
  double linger = 0;
  bool list_conntrack = false, list_flowtables = false, list_ruleset = false, json = false;
  bool offloaded = false, quiet = false, serve = false;
  std::string control_path;
  app.add_option("-f,--file", ruleset_file, "Ruleset (nft syntax)")->required();
  app.add_option("--net", setup_file, "Network setup (iproute2 commands)")->required();
  app.add_option("--rx", rx_specs, "IFNAME=in.pcap: frames received on IFNAME");
  app.add_option("--tx", tx_specs, "IFNAME=out.pcap: frames sent on IFNAME");
  app.add_option("--batch", batch, "Frames per batch (default 32)")->check(CLI::Range(1, 256));
  app.add_option("--advance", linger,
                 "After the input, let this many seconds pass (GC, expiry) before the listings");
  app.add_flag("--list-conntrack", list_conntrack, "At exit: the connections (conntrack -L)");
  app.add_flag("--offloaded", offloaded, "With --list-conntrack: only flowtable-owned ones");
  app.add_flag("--list-flowtables", list_flowtables, "At exit: flowtables, entries, reasons");
  app.add_flag("--list-ruleset", list_ruleset, "At exit: the ruleset with the engine's counters");
  app.add_flag("-j,--json", json, "JSON listings");
  app.add_flag("-q,--quiet", quiet, "No statistics at exit");
  app.add_option("-I,--includepath", include_paths, "Include path for the ruleset");
  auto* control_opt = app.add_option(
      "--control", control_path, "Unix socket for `nftx --engine PATH` (list, -f, stop)");
  app.add_flag("--serve", serve,
               "After the input, keep serving the control socket until SIGINT/SIGTERM or stop")
      ->needs(control_opt);
  std::vector<std::string> argv_store{"nftx engine"};
  argv_store.insert(argv_store.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_store) argv.push_back(a.data());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;
  }

  SourceManager sm;
  Diagnostics diags;
  auto setup = fp::net::load_setup_file(sm, setup_file, diags);
  std::ifstream rin(ruleset_file, std::ios::binary);
  if (!rin) {
    std::cerr << "Error: Could not process rule: No such file or directory\n"
              << ruleset_file << "\n";
    return 1;
  }
  std::ostringstream text;
  text << rin.rdbuf();
  const uint32_t rfile = sm.add(ruleset_file, text.str());
  CompileOptions copts;
  copts.include_paths.insert(copts.include_paths.begin(), include_paths.begin(),
                             include_paths.end());
  CompileResult compiled = compile(sm, rfile, copts, diags);
  if (diags.has_errors() || !setup) {
    std::cerr << render_text(sm, diags);
    return 1;
  }
  fp::Engine engine(std::move(*setup));
  const raise::RulesetState state = raise::build_state(compiled.batch);
  for (const fp::LoadError& e : engine.load(state)) diags.error(e.span, "engine", e.message);
  std::vector<Input> inputs;
  std::vector<std::unique_ptr<PcapSink>> sinks;
  auto find_if = [&](const std::string& name) -> uint32_t {
    const fp::net::Interface* i = engine.network().interfaces.find(name);
    return i != nullptr ? i->ifindex : 0;
  };
  for (const auto& spec : rx_specs) {
    std::string name, path, err;
    if (!split_port(spec, name, path)) {
      std::cerr << "Error: --rx wants IFNAME=FILE, not '" << spec << "'\n";
      return 1;
    }
    const uint32_t ifindex = find_if(name);
    if (ifindex == 0) {
      std::cerr << "Error: --rx " << spec << ": Cannot find device \"" << name << "\"\n";
      return 1;
    }
    auto r = fp::PcapReader::open(path, err);
    if (!r) {
      std::cerr << "Error: --rx " << spec << ": " << err << "\n";
      return 1;
    }
    inputs.push_back(Input{ifindex, name, std::move(*r), {}, false});
  }
  for (const auto& spec : tx_specs) {
    std::string name, path, err;
    if (!split_port(spec, name, path)) {
      std::cerr << "Error: --tx wants IFNAME=FILE, not '" << spec << "'\n";
      return 1;
    }
    const uint32_t ifindex = find_if(name);
    if (ifindex == 0) {
      std::cerr << "Error: --tx " << spec << ": Cannot find device \"" << name << "\"\n";
      return 1;
    }
    auto w = fp::PcapWriter::open(path, err);
    if (!w) {
      std::cerr << "Error: --tx " << spec << ": " << err << "\n";
      return 1;
    }
    sinks.push_back(std::make_unique<PcapSink>(std::move(*w)));
    engine.attach(ifindex, sinks.back().get());
  }
  if (diags.has_errors()) {
    std::cerr << render_text(sm, diags);
    return 1;
  }
  if (!diags.empty()) std::cerr << render_text(sm, diags);
  engine.set_log_sink([](std::string_view line) { std::cerr << line << "\n"; });
  std::unique_ptr<fp::control::ControlServer> server;
  std::optional<ControlLoop> control;
  if (!control_path.empty()) {
    std::string err;
    server = fp::control::ControlServer::open(control_path, err);
    if (!server) {
      std::cerr << "Error: --control " << err << "\n";
      return 1;
    }
    control.emplace(*server, EngineControl(engine));
  }

  // Merge the inputs by timestamp; consecutive frames of one interface form a batch.
  for (Input& in : inputs) {
    fp::ReadStatus s = in.reader.next(in.pending);
    if (s == fp::ReadStatus::Error) {
      std::cerr << "Error: " << in.ifname << ": " << in.reader.error() << "\n";
      return 1;
    }
    in.has_pending = s == fp::ReadStatus::Packet;
  }
  std::vector<fp::Frame*> frames;
  frames.reserve(batch);
  for (;;) {
    Input* next = nullptr;
    for (Input& in : inputs) {
      if (in.has_pending && (next == nullptr || in.pending.ts_ns < next->pending.ts_ns)) {
        next = &in;
      }
    }
    const bool flush = next == nullptr || frames.size() == batch ||
                       (!frames.empty() && frames.back()->iif != next->ifindex);
    if (flush && !frames.empty()) {
      engine.receive(frames);
      frames.clear();
      if (control && !control->poll()) break;  // stopped while replaying
    }
    if (next == nullptr) break;
    fp::Frame* f = engine.pool().copy_in(next->pending.data, next->pending.caplen);
    if (f == nullptr) {  // pool exhausted or oversized: run what we have and retry
      if (!frames.empty()) {
        engine.receive(frames);
        frames.clear();
        continue;
      }
      std::cerr << "Error: " << next->ifname << ": frame of " << next->pending.caplen
                << " bytes does not fit the engine's buffers\n";
      return 1;
    }
    f->iif = next->ifindex;
    f->rx_ns = next->pending.ts_ns;
    frames.push_back(f);
    const fp::ReadStatus s = next->reader.next(next->pending);
    if (s == fp::ReadStatus::Error) {
      std::cerr << "Error: " << next->ifname << ": " << next->reader.error() << "\n";
      return 1;
    }
    next->has_pending = s == fp::ReadStatus::Packet;
  }
  const bool stopped = control && (control->interrupted || control->control.stop_requested());
  if (linger > 0 && !stopped) {
    engine.advance(engine.now_ns() + static_cast<uint64_t>(linger * static_cast<double>(kSecond)));
  }
  if (control) {
    if (serve && !stopped) control->serve(engine);
    server->flush(1000);  // the reply to `stop` goes out before the socket does
    control.reset();
    server.reset();
  }
  if (list_ruleset) {
    std::cout << raise::list_state(engine.ruleset_with_counters(), raise::ListOptions{});
  }
  if (list_flowtables) std::cout << list_engine_flowtables(engine, json);
  if (list_conntrack) {
    EngineListOptions lo;
    lo.offloaded_only = offloaded;
    lo.json = json;
    std::cout << list_engine_conntrack(engine, lo);
  }
  if (!quiet) {
    std::cerr << fp::format_stats(engine.stats());
    for (const auto& ft : engine.flowtables()) {
      std::cerr << "flowtable " << ft->config().name << " hits " << ft->stats().hits
                << " created " << ft->stats().created << " entries " << ft->size() << "\n";
    }
  }
  return 0;
}

}  // namespace nftx::cli
