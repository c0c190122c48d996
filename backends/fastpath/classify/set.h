// SPDX-License-Identifier: GPL-2.0-or-later
// A runtime nf_tables set: exact-match hash (keys of key_len bytes; a concatenation is one
// longer key whose fields are padded to 4 bytes as in the registers), intervals in the kernel's
// form (start elements, INTERVAL_END elements; the greatest element <= key decides, as the
// rbtree backend), concatenated ranges (key..key_end inclusive per field, as pipapo), map data,
// verdicts, object references, timeouts, a catch-all element, and dynset writes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "backends/fastpath/classify/stateful.h"
#include "compiler/ir/ir.h"

namespace nftx::fastpath::classify {

struct Element {
  ir::Bytes key;      // key_len bytes
  ir::Bytes key_end;  // concatenated ranges: inclusive upper bound, key_len bytes; else empty
  ir::Bytes data;     // map data, data_len bytes
  ir::VerdictCode verdict = ir::VerdictCode::Continue;  // verdict maps
  int32_t chain = -1;                                   // Jump/Goto target (chain index)
  int32_t object = -1;                                  // object maps: index into objects
  bool interval_end = false;  // NFT_SET_ELEM_INTERVAL_END
  bool catchall = false;      // NFT_SET_ELEM_CATCHALL
  uint64_t timeout_ms = 0;    // 0: none
  uint64_t expires_ns = 0;    // 0: never
  std::vector<ir::Instr> exprs;  // per-element counter/quota/limit
  std::vector<StatefulState> states;

  bool expired(uint64_t now_ns) const { return expires_ns != 0 && now_ns >= expires_ns; }
};

class Set {
 public:
  explicit Set(const ir::Set& decl);

  const std::string& name() const { return decl_.name; }
  const ir::Set& decl() const { return decl_; }
  uint32_t key_len() const { return decl_.key_len; }
  uint32_t data_len() const { return decl_.data_len; }
  bool is_map() const;
  bool is_vmap() const;
  size_t size() const { return elements_.size(); }
  const std::vector<Element>& elements() const { return elements_; }
  std::vector<Element>& elements() { return elements_; }

  // Loading (compile time): add one element as sent, then finalize() once to build the indexes.
  void load(Element e, uint64_t now_ns);
  void finalize();

  // Lookup of key_len bytes at `key`; null when absent or expired (the catch-all answers when
  // nothing else does).
  Element* find(const uint8_t* key, uint64_t now_ns);

  // dynset: the live element for `key`, created (with `data`, timeout, the set's expressions
  // `tmpl`) when absent or expired. `created` tells which. Null when the set is full (size).
  Element* add(const uint8_t* key, const uint8_t* data, uint64_t timeout_ms,
               const std::vector<ir::Instr>& tmpl, uint64_t now_ns, bool& created);
  // dynset delete: true when an element was removed.
  bool remove(const uint8_t* key);

 private:
  enum class Kind : uint8_t { Exact, Interval, ConcatRange };
  Kind classify_kind() const;
  bool ranged() const { return kind_ == Kind::Interval; }  // kernel start/end form
  bool concat_ranged() const { return kind_ == Kind::ConcatRange; }  // key..key_end
  Element* find_exact(const uint8_t* key);
  Element* find_interval(const uint8_t* key);
  Element* find_concat_range(const uint8_t* key);
  void reindex();

  ir::Set decl_;
  std::vector<Element> elements_;
  Kind kind_ = Kind::Exact;
  int32_t catchall_ = -1;  // index into elements_
  // Heterogeneous lookup: the packet path probes with a string_view over the registers.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, KeyHash, std::equal_to<>> exact_;  // key -> index
  std::vector<uint32_t> sorted_;  // interval sets: element indexes in key order
};

}  // namespace nftx::fastpath::classify
