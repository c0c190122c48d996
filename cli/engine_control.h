// SPDX-License-Identifier: GPL-2.0-or-later
// The engine's control protocol and its server-side commands. A client sends one line of JSON,
// {"cmd": "list"|"load"|"stop", "args": [...], "json": bool}, and gets one line back,
// {"status": 0|1, "stdout": "...", "stderr": "..."}; the transport (one request per connection,
// bounded size, timeouts) is backends/fastpath/control. docs/cli.md describes the commands.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/fastpath/control/control_server.h"
#include "backends/fastpath/engine/engine.h"

namespace nftx::cli {

struct ControlRequest {
  std::string cmd;
  std::vector<std::string> args;
  bool json = false;
};

struct ControlReply {
  int status = 0;
  std::string out;  // the client's stdout
  std::string err;  // the client's stderr
};

std::string encode_request(const ControlRequest& req);
// std::nullopt with `error` set when the line is not a well-formed request.
std::optional<ControlRequest> decode_request(std::string_view line, std::string& error);
std::string encode_reply(const ControlReply& reply);
std::optional<ControlReply> decode_reply(std::string_view line);

// Runs the requests against one engine. The engine loop calls handle() between batches (the
// transport's handler) and checks stop_requested().
class EngineControl {
 public:
  explicit EngineControl(fastpath::Engine& engine) : engine_(engine) {}

  std::string handle(fastpath::control::RequestStatus status, std::string_view line);
  ControlReply run(const ControlRequest& req);

  bool stop_requested() const { return stop_; }
  // The input is exhausted and the engine only serves requests (`list stats` says so).
  void set_serving() { serving_ = true; }

 private:
  ControlReply list(const ControlRequest& req);
  ControlReply list_conntrack(const ControlRequest& req);
  ControlReply list_flowtable(const ControlRequest& req);
  ControlReply list_ruleset(const ControlRequest& req);
  ControlReply load(const ControlRequest& req);

  fastpath::Engine& engine_;
  bool stop_ = false;
  bool serving_ = false;
};

}  // namespace nftx::cli
