// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/classify/set.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "compiler/raise/ruleset.h"

namespace nftx::fastpath::classify {

namespace {

std::string_view view(const uint8_t* p, size_t n) {
  return {reinterpret_cast<const char*>(p), n};
}

}  // namespace

Set::Set(const ir::Set& decl) : decl_(decl) { kind_ = classify_kind(); }

bool Set::is_map() const { return (decl_.flags & raise::kSetMap) != 0; }

// nft_data_types: NFT_DATA_VERDICT is 0xffffff00.
bool Set::is_vmap() const { return is_map() && decl_.data_type == 0xffffff00U; }

Set::Kind Set::classify_kind() const {
  if ((decl_.flags & raise::kSetInterval) == 0) return Kind::Exact;
  if (decl_.field_lengths.size() > 1) return Kind::ConcatRange;
  const bool with_end = std::any_of(elements_.begin(), elements_.end(),
                                    [](const Element& e) { return !e.key_end.empty(); });
  return with_end ? Kind::ConcatRange : Kind::Interval;
}

void Set::load(Element e, uint64_t /*now_ns*/) {
  e.key.resize(decl_.key_len, 0);
  if (!e.key_end.empty()) e.key_end.resize(decl_.key_len, 0);
  elements_.push_back(std::move(e));
}

void Set::finalize() { reindex(); }

void Set::reindex() {
  exact_.clear();
  sorted_.clear();
  catchall_ = -1;
  kind_ = classify_kind();
  const bool interval = ranged();
  for (uint32_t i = 0; i < elements_.size(); ++i) {
    const Element& e = elements_[i];
    if (e.catchall) {
      catchall_ = static_cast<int32_t>(i);
    } else if (interval) {
      sorted_.push_back(i);
    } else if (kind_ == Kind::Exact) {
      exact_[std::string(view(e.key.data(), e.key.size()))] = i;
    }
  }
  if (!interval) return;
  // Key order; at equal keys an end element sorts first so that the start that reuses the
  // boundary is what a lookup lands on.
  std::sort(sorted_.begin(), sorted_.end(), [this](uint32_t a, uint32_t b) {
    const Element& x = elements_[a];
    const Element& y = elements_[b];
    const int c = std::memcmp(x.key.data(), y.key.data(), decl_.key_len);
    if (c != 0) return c < 0;
    return x.interval_end && !y.interval_end;
  });
}

Element* Set::find_exact(const uint8_t* key) {
  auto it = exact_.find(view(key, decl_.key_len));
  return it == exact_.end() ? nullptr : &elements_[it->second];
}

// The rbtree backend's answer: the greatest element <= key matches unless it ends an interval.
Element* Set::find_interval(const uint8_t* key) {
  auto it = std::upper_bound(sorted_.begin(), sorted_.end(), key,
                             [this](const uint8_t* k, uint32_t i) {
                               return std::memcmp(k, elements_[i].key.data(), decl_.key_len) < 0;
                             });
  if (it == sorted_.begin()) return nullptr;
  Element& e = elements_[*(it - 1)];
  return e.interval_end ? nullptr : &e;
}

// pipapo's answer: every field within [key, key_end] (inclusive), field by field.
Element* Set::find_concat_range(const uint8_t* key) {
  for (Element& e : elements_) {
    if (e.catchall) continue;
    const uint8_t* hi = e.key_end.empty() ? e.key.data() : e.key_end.data();
    bool match = true;
    uint32_t off = 0;
    const size_t nfields = decl_.field_lengths.empty() ? 1 : decl_.field_lengths.size();
    for (size_t f = 0; f < nfields && match; ++f) {
      const uint32_t flen = decl_.field_lengths.empty() ? decl_.key_len : decl_.field_lengths[f];
      if (off + flen > decl_.key_len) break;
      match = std::memcmp(key + off, e.key.data() + off, flen) >= 0 &&
              std::memcmp(key + off, hi + off, flen) <= 0;
      off += (flen + 3) & ~3U;
    }
    if (match) return &e;
  }
  return nullptr;
}

Element* Set::find(const uint8_t* key, uint64_t now_ns) {
  Element* e = nullptr;
  if (concat_ranged()) {
    e = find_concat_range(key);
  } else if (ranged()) {
    e = find_interval(key);
  } else {
    e = find_exact(key);
  }
  if (e != nullptr && e->expired(now_ns)) e = nullptr;
  if (e == nullptr && catchall_ >= 0) {
    Element& c = elements_[static_cast<uint32_t>(catchall_)];
    if (!c.expired(now_ns)) e = &c;
  }
  return e;
}

Element* Set::add(const uint8_t* key, const uint8_t* data, uint64_t timeout_ms,
                  const std::vector<ir::Instr>& tmpl, uint64_t now_ns, bool& created) {
  created = false;
  // Intervals in the kernel's start/end form cannot grow one key at a time here.
  if (ranged()) return nullptr;
  const bool concat = concat_ranged();
  Element* e = nullptr;
  if (concat) {
    for (Element& x : elements_) {
      if (!x.catchall && std::memcmp(x.key.data(), key, decl_.key_len) == 0 &&
          (x.key_end.empty() ||
           std::memcmp(x.key_end.data(), key, decl_.key_len) == 0)) {
        e = &x;
        break;
      }
    }
  } else {
    e = find_exact(key);
  }
  if (e != nullptr && !e->expired(now_ns)) return e;
  if (e == nullptr) {
    if (decl_.size && *decl_.size != 0 && elements_.size() >= *decl_.size) return nullptr;
    Element fresh;
    fresh.key.assign(key, key + decl_.key_len);
    if (concat) fresh.key_end = fresh.key;
    elements_.push_back(std::move(fresh));
    e = &elements_.back();
    if (!concat) exact_[std::string(view(key, decl_.key_len))] =
        static_cast<uint32_t>(elements_.size() - 1);
  }
  created = true;
  if (data != nullptr && decl_.data_len != 0) e->data.assign(data, data + decl_.data_len);
  e->timeout_ms = timeout_ms;
  e->expires_ns = timeout_ms == 0 ? 0 : now_ns + timeout_ms * 1000000ULL;
  e->exprs = tmpl;
  e->states.clear();
  for (const ir::Instr& in : tmpl) e->states.push_back(initial_state(in.op));
  return e;
}

bool Set::remove(const uint8_t* key) {
  for (size_t i = 0; i < elements_.size(); ++i) {
    const Element& e = elements_[i];
    if (e.catchall || e.interval_end) continue;
    if (std::memcmp(e.key.data(), key, decl_.key_len) != 0) continue;
    elements_.erase(elements_.begin() + static_cast<std::ptrdiff_t>(i));
    reindex();
    return true;
  }
  return false;
}

}  // namespace nftx::fastpath::classify
