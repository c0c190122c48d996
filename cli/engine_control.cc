// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/engine_control.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "backends/netlink/conntrack/conntrack_args.h"
#include "backends/netlink/conntrack/conntrack_text.h"
#include "cli/engine_listing.h"
#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"
#include "compiler/raise/json/json.h"
#include "compiler/raise/raise.h"
#include "compiler/raise/ruleset.h"

namespace nftx::cli {
namespace {

namespace fp = fastpath;
using Json = nlohmann::json;

ControlReply failure(std::string err) { return ControlReply{1, "", std::move(err)}; }

std::string words_text(const ControlRequest& req) {
  std::string text = req.cmd;
  for (const std::string& a : req.args) text += " " + a;
  return text;
}

// nft's error for a missing object: the command with carets under its last word.
ControlReply missing(const ControlRequest& req) {
  const std::string text = words_text(req);
  const size_t width = req.args.back().size();
  return failure("Error: No such file or directory\n" + text + "\n" +
                 std::string(text.size() - width, ' ') + std::string(width, '^') + "\n");
}

}  // namespace

std::string encode_request(const ControlRequest& req) {
  return Json{{"cmd", req.cmd}, {"args", req.args}, {"json", req.json}}.dump();
}

std::optional<ControlRequest> decode_request(std::string_view line, std::string& error) {
  const Json j = Json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = "the request is not a JSON object";
    return std::nullopt;
  }
  ControlRequest req;
  const auto cmd = j.find("cmd");
  if (cmd == j.end() || !cmd->is_string()) {
    error = "the request has no \"cmd\" string";
    return std::nullopt;
  }
  req.cmd = cmd->get<std::string>();
  if (const auto args = j.find("args"); args != j.end()) {
    if (!args->is_array()) {
      error = "\"args\" is not an array";
      return std::nullopt;
    }
    for (const Json& a : *args) {
      if (!a.is_string()) {
        error = "\"args\" holds a value that is not a string";
        return std::nullopt;
      }
      req.args.push_back(a.get<std::string>());
    }
  }
  if (const auto json = j.find("json"); json != j.end()) {
    if (!json->is_boolean()) {
      error = "\"json\" is not a boolean";
      return std::nullopt;
    }
    req.json = json->get<bool>();
  }
  return req;
}

std::string encode_reply(const ControlReply& reply) {
  // Listings may hold interface names or comments that are not UTF-8: replace, never throw.
  return Json{{"status", reply.status}, {"stdout", reply.out}, {"stderr", reply.err}}.dump(
      -1, ' ', false, Json::error_handler_t::replace);
}

std::optional<ControlReply> decode_reply(std::string_view line) {
  const Json j = Json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  const auto status = j.find("status");
  const auto out = j.find("stdout");
  const auto err = j.find("stderr");
  if (status == j.end() || !status->is_number_integer() || out == j.end() || !out->is_string() ||
      err == j.end() || !err->is_string()) {
    return std::nullopt;
  }
  return ControlReply{status->get<int>(), out->get<std::string>(), err->get<std::string>()};
}

std::string EngineControl::handle(fp::control::RequestStatus status, std::string_view line) {
  switch (status) {
    case fp::control::RequestStatus::Ok:
      break;
    case fp::control::RequestStatus::TooLarge:
      return encode_reply(failure("Error: request larger than " +
                                  std::to_string(fp::control::kMaxRequest) + " bytes\n"));
  }
  std::string error;
  const std::optional<ControlRequest> req = decode_request(line, error);
  if (!req) return encode_reply(failure("Error: malformed request: " + error + "\n"));
  return encode_reply(run(*req));
}

ControlReply EngineControl::run(const ControlRequest& req) {
  if (req.cmd == "list") return list(req);
  if (req.cmd == "load") return load(req);
  if (req.cmd == "stop") {
    if (!req.args.empty()) return failure("Error: stop takes no arguments\n");
    stop_ = true;
    return ControlReply{};
  }
  return failure("Error: unknown engine command '" + req.cmd + "' (list, load, stop)\n");
}

ControlReply EngineControl::list(const ControlRequest& req) {
  const std::string what = req.args.empty() ? "" : req.args.front();
  if (what == "conntrack") return list_conntrack(req);
  if (what == "ruleset") return list_ruleset(req);
  if (what == "flowtables" || what == "flowtable") return list_flowtable(req);
  if (what == "stats") {
    if (req.args.size() != 1) return failure("Error: list stats takes no arguments\n");
    return ControlReply{0, list_engine_stats(engine_, req.json, serving_ ? "serve" : "replay"),
                        ""};
  }
  return failure("Error: an engine lists conntrack, flowtables, flowtable, ruleset or stats, not '" +
                 what + "'\n");
}

ControlReply EngineControl::list_conntrack(const ControlRequest& req) {
  namespace ct = nftx::conntrack;
  const ct::ArgsResult parsed = ct::parse_list_args({req.args.begin() + 1, req.args.end()});
  if (!parsed.request) return failure("Error: " + parsed.error + "\n" + ct::list_args_help());
  if (parsed.request->help) return ControlReply{0, ct::list_args_help(), ""};
  EngineListOptions lo;
  lo.filter = parsed.request->filter;
  lo.json = req.json || parsed.request->json;
  lo.extended = parsed.request->extended;
  lo.show_id = parsed.request->show_id;
  size_t shown = 0;
  ControlReply r;
  r.out = list_engine_conntrack(engine_, lo, &shown);
  r.err = ct::conntrack_summary_line(shown) + "\n";
  return r;
}

// `list flowtables [FAMILY]` and `list flowtable [[FAMILY] TABLE] NAME`: the engine's flowtable
// names are usually unique, so the table may be left out.
ControlReply EngineControl::list_flowtable(const ControlRequest& req) {
  std::vector<std::string> rest(req.args.begin() + 1, req.args.end());
  FlowtableSelection sel;
  if (!rest.empty() && rest.size() > (req.args.front() == "flowtable" ? 1U : 0U)) {
    sel.family = nfproto_of(rest.front());
    if (sel.family) rest.erase(rest.begin());
  }
  if (req.args.front() == "flowtables") {
    if (!rest.empty()) return failure("Error: syntax error, unexpected " + rest.front() + "\n");
  } else {
    if (rest.empty() || rest.size() > 2) {
      return failure("Error: list flowtable wants [[FAMILY] TABLE] NAME\n");
    }
    if (rest.size() == 2) sel.table = rest.front();
    sel.name = rest.back();
  }
  size_t shown = 0;
  std::string out = list_engine_flowtables(engine_, req.json, sel, &shown);
  if (shown == 0 && !sel.name.empty()) return missing(req);
  return ControlReply{0, std::move(out), ""};
}

ControlReply EngineControl::list_ruleset(const ControlRequest& req) {
  raise::ListOptions lo;
  for (size_t i = 1; i < req.args.size(); ++i) {
    const std::string& a = req.args[i];
    if (a == "-s") {
      lo.stateless = true;
    } else if (a == "-a") {
      lo.handles = true;
    } else if (a == "-n") {
      lo.numeric = true;
    } else if (a == "-t") {
      lo.terse = true;
    } else if (a == "-y") {
      lo.numeric_priority = true;
    } else {
      return failure("Error: syntax error, unexpected " + a + "\n");
    }
  }
  if (req.json) {
    return ControlReply{0, raise::list_state_json(engine_.ruleset_with_counters(), lo), ""};
  }
  return ControlReply{0, raise::list_state(engine_.ruleset_with_counters(), lo), ""};
}

// `load FILE [-I DIR]... [-D NAME=VALUE]...`: compile FILE here (paths are the client's,
// made absolute) and swap it in atomically; on any error the old ruleset stays.
ControlReply EngineControl::load(const ControlRequest& req) {
  std::string file;
  CompileOptions copts;
  std::vector<std::string> includes;
  for (size_t i = 0; i < req.args.size(); ++i) {
    const std::string& a = req.args[i];
    if ((a == "-I" || a == "-D") && i + 1 < req.args.size()) {
      const std::string& v = req.args[++i];
      if (a == "-I") {
        includes.push_back(v);
        continue;
      }
      const size_t eq = v.find('=');
      if (eq == std::string::npos) {
        return failure("Error: invalid define '" + v + "', use NAME=VALUE\n");
      }
      copts.defines.emplace_back(v.substr(0, eq), v.substr(eq + 1));
    } else if (file.empty() && !a.empty() && a.front() != '-') {
      file = a;
    } else {
      return failure("Error: load wants FILE [-I DIR]... [-D NAME=VALUE]..., not '" + a + "'\n");
    }
  }
  if (file.empty()) return failure("Error: load wants a ruleset file\n");
  copts.include_paths.insert(copts.include_paths.begin(), includes.begin(), includes.end());
  std::ifstream in(file, std::ios::binary);
  if (!in) return failure("Error: Could not process rule: No such file or directory\n" + file + "\n");
  std::ostringstream text;
  text << in.rdbuf();
  SourceManager sm;
  Diagnostics diags;
  const uint32_t id = sm.add(file, text.str());
  const CompileResult compiled = compile(sm, id, copts, diags);
  if (!diags.has_errors()) {
    for (const fp::LoadError& e : engine_.load(raise::build_state(compiled.batch))) {
      diags.error(e.span, "engine", e.message);
    }
  }
  ControlReply r;
  r.status = diags.has_errors() ? 1 : 0;
  if (!diags.empty()) r.err = render_text(sm, diags);
  return r;
}

}  // namespace nftx::cli
