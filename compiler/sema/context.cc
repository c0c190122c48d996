// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/sema/context.h"

#include <algorithm>

namespace nftx::sema {

bool Scopes::define(const std::string& name, ast::ExprPtr value, bool redefine) {
  auto& frame = frames_.back();
  if (!redefine && frame.count(name)) return false;
  frame[name] = std::move(value);
  return true;
}

bool Scopes::undefine(const std::string& name) {
  for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
    if (it->erase(name)) return true;
  }
  return false;
}

const ast::ExprPtr* Scopes::lookup(const std::string& name) const {
  for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
    auto f = it->find(name);
    if (f != it->end()) return &f->second;
  }
  return nullptr;
}

std::vector<std::string> Scopes::names() const {
  std::vector<std::string> out;
  for (const auto& frame : frames_) {
    for (const auto& [n, v] : frame) out.push_back(n);
  }
  return out;
}

namespace {
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string closest_name(const std::string& wanted, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, wanted.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = edit_distance(wanted, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace nftx::sema
