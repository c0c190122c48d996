// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/engine_client.h"

#include <filesystem>
#include <iostream>
#include <optional>

#include "backends/fastpath/control/control_client.h"
#include "cli/engine_control.h"

namespace nftx::cli {
namespace {

// The engine runs in its own directory: every path goes over as an absolute one.
std::string absolute(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path p = std::filesystem::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

const char* const kUsage =
    "Error: with --engine, the commands are: list conntrack [FILTERS...], list flowtables,\n"
    "list flowtable [[FAMILY] TABLE] NAME, list ruleset, list stats, -f FILE, stop\n";

// The request for the command line, or std::nullopt (with the reason printed).
std::optional<ControlRequest> make_request(const RunOptions& opts,
                                           const std::vector<std::string>* conntrack_args) {
  ControlRequest req;
  req.json = opts.json;
  if (!opts.file.empty()) {
    if (opts.check || !opts.words.empty()) {
      std::cerr << "Error: with --engine, -f FILE takes no -c and no command words\n";
      return std::nullopt;
    }
    if (opts.file == "-") {
      std::cerr << "Error: with --engine, the ruleset must be a file (the engine reads it)\n";
      return std::nullopt;
    }
    req.cmd = "load";
    req.args.push_back(absolute(opts.file));
    for (const std::string& dir : opts.include_paths) {
      req.args.insert(req.args.end(), {"-I", absolute(dir)});
    }
    for (const auto& [name, value] : opts.defines) {
      req.args.insert(req.args.end(), {"-D", name + "=" + value});
    }
    return req;
  }
  if (opts.words.size() == 1 && opts.words.front() == "stop") {
    req.cmd = "stop";
    return req;
  }
  if (opts.words.size() < 2 || opts.words.front() != "list") {
    std::cerr << kUsage;
    return std::nullopt;
  }
  req.cmd = "list";
  req.args.assign(opts.words.begin() + 1, opts.words.end());
  if (conntrack_args != nullptr) {
    req.args.insert(req.args.end(), conntrack_args->begin(), conntrack_args->end());
  }
  if (req.args.front() == "ruleset") {
    const std::pair<bool, const char*> flags[] = {{opts.stateless, "-s"},
                                                  {opts.handles, "-a"},
                                                  {opts.numeric, "-n"},
                                                  {opts.terse, "-t"},
                                                  {opts.numeric_priority, "-y"}};
    for (const auto& [on, flag] : flags) {
      if (on) req.args.emplace_back(flag);
    }
  }
  return req;
}

}  // namespace

int run_engine_client(const std::string& path, const RunOptions& opts,
                      const std::vector<std::string>* conntrack_args) {
  const std::optional<ControlRequest> req = make_request(opts, conntrack_args);
  if (!req) return 1;
  const std::string line = encode_request(*req);
  if (line.size() > fastpath::control::kMaxRequest) {
    std::cerr << "Error: the request is larger than " << fastpath::control::kMaxRequest
              << " bytes\n";
    return 1;
  }
  const fastpath::control::ClientResult result = fastpath::control::request(path, line);
  if (!result.reply) {
    std::cerr << "nftx: no engine answers at " << path << ": " << result.error << "\n";
    return 1;
  }
  const std::optional<ControlReply> reply = decode_reply(*result.reply);
  if (!reply) {
    std::cerr << "nftx: malformed reply from the engine at " << path << "\n";
    return 1;
  }
  std::cout << reply->out;
  std::cout.flush();
  std::cerr << reply->err;
  return reply->status == 0 ? 0 : 1;
}

}  // namespace nftx::cli
