// SPDX-License-Identifier: GPL-2.0-or-later
// Whole-input checks on the chain graph: every jump/goto target exists and is not a base chain,
// and no chain can reach itself through jumps (the kernel rejects such loops with ELOOP).
#include <functional>
#include <map>
#include <set>

#include "compiler/sema/ruleset_checker.h"

namespace nftx::sema {

void RulesetChecker::check_jumps() {
  std::map<std::pair<ir::Family, std::string>, std::map<std::string, std::vector<const PendingJump*>>>
      edges;
  for (const auto& j : ctx_.pending_jumps) {
    TableInfo* t = ctx_.table(j.family, j.table);
    if (!t) continue;
    auto it = t->chains.find(j.target);
    if (it == t->chains.end()) {
      std::vector<std::string> names;
      for (const auto& [n, c] : t->chains) names.push_back(n);
      std::string hint = closest_name(j.target, names);
      ctx_.diags.error(j.span, "unknown-chain",
                       "Could not process rule: No such file or directory; chain '" + j.target +
                           "' does not exist in table " + t->name +
                           (hint.empty() ? "" : "; did you mean chain '" + hint + "'?"));
      continue;
    }
    if (it->second.hooknum) {
      ctx_.diags.error(j.span, "jump-base-chain",
                       "Could not process rule: Operation not supported; cannot jump to base "
                       "chain '" + j.target + "'");
      continue;
    }
    if (!j.from_chain.empty()) edges[{j.family, j.table}][j.from_chain].push_back(&j);
  }
  // `flow add` in a regular chain: every base chain that reaches it must hook at forward.
  for (const auto& use : ctx_.flow_uses) {
    TableInfo* t = ctx_.table(use.family, use.table);
    auto eit = edges.find({use.family, use.table});
    if (!t || eit == edges.end()) continue;
    std::set<std::string> seen{use.chain};
    std::vector<std::string> todo{use.chain};
    while (!todo.empty()) {
      std::string cur = todo.back();
      todo.pop_back();
      for (const auto& [from, jumps] : eit->second) {
        for (const PendingJump* j : jumps) {
          if (j->target != cur || seen.count(from)) continue;
          seen.insert(from);
          const ChainInfo& fc = t->chains[from];
          if (fc.hooknum && *fc.hooknum != 2 /* NF_INET_FORWARD */) {
            ctx_.diags.error(use.span, "flow-hook",
                             "flow add is only valid in chains reached from a forward hook; "
                             "chain '" + from + "' hooks elsewhere and jumps here",
                             {j->span});
          }
          todo.push_back(from);
        }
      }
    }
  }
  for (const auto& entry : edges) {
    const auto& graph = entry.second;  // not a structured binding: lambdas capture it
    std::set<std::string> done;
    std::vector<std::string> path;
    std::set<std::string> on_path;
    // Depth-first search with an explicit stack: jump chains can be arbitrarily long.
    auto visit = [&](const std::string& root) {
      if (done.count(root)) return;
      std::vector<std::pair<std::string, size_t>> stack{{root, 0}};
      on_path.insert(root);
      path.push_back(root);
      while (!stack.empty()) {
        auto& [chain, next] = stack.back();
        auto it = graph.find(chain);
        if (it == graph.end() || next >= it->second.size()) {
          on_path.erase(chain);
          done.insert(chain);
          path.pop_back();
          stack.pop_back();
          continue;
        }
        const PendingJump* j = it->second[next++];
        if (on_path.count(j->target)) {
          std::string loop;
          bool in = false;
          for (const auto& c : path) {
            if (c == j->target) in = true;
            if (in) loop += c + " -> ";
          }
          ctx_.diags.error(j->span, "jump-loop",
                           "Could not process rule: Too many levels of symbolic links; "
                           "jump loop " + loop + j->target);
          continue;
        }
        if (done.count(j->target)) continue;
        on_path.insert(j->target);
        path.push_back(j->target);
        stack.emplace_back(j->target, 0);
      }
    };
    for (const auto& [chain, js] : graph) visit(chain);
  }
}

}  // namespace nftx::sema
