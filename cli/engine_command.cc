// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/engine_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "backends/fastpath/engine/engine.h"
#include "backends/fastpath/io/pcap_reader.h"
#include "backends/fastpath/io/pcap_writer.h"
#include "backends/fastpath/net/setup_parser.h"
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
  bool offloaded = false, quiet = false;
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
  if (linger > 0) {
    engine.advance(engine.now_ns() + static_cast<uint64_t>(linger * static_cast<double>(kSecond)));
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
