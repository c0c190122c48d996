// SPDX-License-Identifier: GPL-2.0-or-later
// `nftx list ...`: parse the words like nft's list_cmd grammar, dump what is needed from the
// kernel (backends/netlink/decode) and print it with the listing printer (compiler/raise).
#include "cli/list_command.h"

#include <array>
#include <cerrno>
#include <iostream>
#include <optional>
#include <string_view>

#include "backends/netlink/decode/kernel_dump.h"
#include "compiler/raise/raise.h"
#include "compiler/raise/json/json.h"

namespace nftx::cli {
namespace {

using raise::ListWhat;

struct Family {
  std::string_view name;
  ir::Family family;
};
constexpr std::array kFamilies = {
    Family{"ip", ir::Family::Ip},         Family{"ip6", ir::Family::Ip6},
    Family{"inet", ir::Family::Inet},     Family{"arp", ir::Family::Arp},
    Family{"bridge", ir::Family::Bridge}, Family{"netdev", ir::Family::Netdev},
};

std::optional<ir::Family> family_named(std::string_view word) {
  for (const Family& f : kFamilies) {
    if (f.name == word) return f.family;
  }
  return std::nullopt;
}

// What `list` understands: the plural forms take an optional family (or `table [FAMILY]
// NAME`), the singular ones `[FAMILY] TABLE NAME` (`[FAMILY] NAME` for a table); the family
// defaults to ip, as in nft.
struct Command {
  std::string_view word;
  ListWhat what;
  bool singular;
};
constexpr std::array kCommands = {
    Command{"ruleset", ListWhat::Ruleset, false},
    Command{"tables", ListWhat::Tables, false},
    Command{"table", ListWhat::Table, true},
    Command{"chain", ListWhat::Chain, true},
    Command{"chains", ListWhat::Chains, false},
    Command{"sets", ListWhat::Sets, false},
    Command{"set", ListWhat::Set, true},
    Command{"maps", ListWhat::Maps, false},
    Command{"map", ListWhat::Map, true},
    Command{"flowtables", ListWhat::Flowtables, false},
    Command{"flowtable", ListWhat::Flowtable, true},
    Command{"counters", ListWhat::Counters, false},
    Command{"counter", ListWhat::Counters, true},
    Command{"quotas", ListWhat::Quotas, false},
    Command{"quota", ListWhat::Quotas, true},
};

std::optional<raise::ListSelection> parse(const std::vector<std::string>& words) {
  if (words.empty()) return std::nullopt;
  const Command* cmd = nullptr;
  for (const Command& c : kCommands) {
    if (c.word == words.front()) cmd = &c;
  }
  if (cmd == nullptr) return std::nullopt;
  raise::ListSelection sel;
  sel.what = cmd->what;
  std::vector<std::string> rest(words.begin() + 1, words.end());
  if (!cmd->singular) {
    // `list sets table [FAMILY] NAME` narrows to one table (not for ruleset / tables).
    const bool table_form = !rest.empty() && rest.front() == "table" &&
                            cmd->what != ListWhat::Ruleset && cmd->what != ListWhat::Tables;
    if (table_form) rest.erase(rest.begin());
    if (!rest.empty()) {
      if (auto f = family_named(rest.front())) {
        sel.family = f;
        rest.erase(rest.begin());
      }
    }
    if (table_form) {
      if (rest.size() != 1) return std::nullopt;
      if (!sel.family) sel.family = ir::Family::Ip;
      sel.table = rest.front();
      return sel;
    }
    return rest.empty() ? std::optional(sel) : std::nullopt;
  }
  sel.family = ir::Family::Ip;
  if (!rest.empty()) {
    if (auto f = family_named(rest.front()); f && rest.size() > 1) {
      sel.family = f;
      rest.erase(rest.begin());
    }
  }
  if (cmd->what == ListWhat::Table) {
    if (rest.size() != 1) return std::nullopt;
    sel.table = rest.front();
    return sel;
  }
  if (rest.size() != 2) return std::nullopt;
  sel.table = rest[0];
  sel.name = rest[1];
  return sel;
}

// Only what the command prints is dumped (nft's cache flags, src/cache.c).
netlink::decode::DumpRequest dump_request(const raise::ListSelection& sel, bool terse) {
  netlink::decode::DumpRequest req;
  req.family = sel.family;
  if (!sel.table.empty()) req.table = sel.table;
  req.named_set_elements = !terse;
  const auto only = [&](bool chains, bool sets, bool flowtables, bool objects) {
    req.chains = chains;
    req.rules = false;
    req.sets = sets;
    req.flowtables = flowtables;
    req.objects = objects;
  };
  switch (sel.what) {
    case ListWhat::Ruleset:
    case ListWhat::Table:
      break;
    case ListWhat::Chain:
      // Rules need every set declaration; anonymous sets bring their elements.
      req.named_set_elements = false;
      req.flowtables = false;
      req.objects = false;
      break;
    case ListWhat::Tables:
      only(false, false, false, false);
      break;
    case ListWhat::Chains:
      only(true, false, false, false);
      break;
    case ListWhat::Sets:
    case ListWhat::Set:
    case ListWhat::Maps:
    case ListWhat::Map:
      only(false, true, false, false);
      break;
    case ListWhat::Flowtables:
    case ListWhat::Flowtable:
      only(false, false, true, false);
      break;
    case ListWhat::Counters:
    case ListWhat::Quotas:
      only(false, false, false, true);
      break;
  }
  return req;
}

std::string command_text(const std::vector<std::string>& words) {
  std::string text = "list";
  for (const std::string& w : words) text += " " + w;
  return text;
}

// nft's error location: the command with carets under the object's name (its last word).
void report_missing(const std::vector<std::string>& words) {
  const std::string text = command_text(words);
  const size_t width = words.back().size();
  std::cerr << "Error: No such file or directory\n"
            << text << "\n"
            << std::string(text.size() - width, ' ') << std::string(width, '^') << "\n";
}

}  // namespace

int run_list(const std::vector<std::string>& words, const RunOptions& opts) {
  const std::optional<raise::ListSelection> sel = parse(words);
  if (!sel) {
    std::cerr << "Error: syntax error, unexpected list arguments\n" << command_text(words) << "\n";
    return 1;
  }
  raise::ListOptions lopts;
  lopts.stateless = opts.stateless;
  lopts.handles = opts.handles;
  lopts.numeric = opts.numeric;
  lopts.terse = opts.terse;
  lopts.numeric_priority = opts.numeric_priority;
  lopts.kernel_dump = true;
  ir::Batch batch;
  try {
    batch = netlink::decode::dump_ruleset(dump_request(*sel, opts.terse));
  } catch (const netlink::decode::NetlinkError& e) {
    std::cerr << "Error: cannot read the ruleset from the kernel: " << e.what()
              << (e.error() == EPERM ? " (you must be root)" : "") << "\n";
    return 1;
  } catch (const netlink::decode::DecodeError& e) {
    std::cerr << "Error: " << e.what() << "\n";
    return 1;
  }
  if (opts.json) {
    if (sel->what == ListWhat::Ruleset) {
      std::cout << raise::list_ruleset_json(batch, lopts);
      return 0;
    }
    std::cerr << "Error: JSON output is only available for `list ruleset`\n";
    return 1;
  }
  const std::optional<std::string> out = raise::list_selection(batch, *sel, lopts);
  if (!out) {
    report_missing(words);
    return 1;
  }
  std::cout << *out;
  return 0;
}

}  // namespace nftx::cli
