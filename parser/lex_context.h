// SPDX-License-Identifier: GPL-2.0-or-later
// State the reentrant scanner carries: where it is in the file (for spans) and which statement
// scope is open. A scope makes a statement's option words keywords (`limit rate over 1/second
// burst 5 packets`) without reserving them anywhere else; it is opened by the statement's own
// keyword and closed by the next statement keyword, a newline, `;` or `}`.
#pragma once

#include <cstdint>
#include <string>

#include "common/span.h"

namespace nftx::parser {

enum class StartAs : uint8_t { File, TableBlock, ChainBlock };

enum class LexScope : uint8_t { None, Counter, Limit, Quota, Log, Reject, Nat, Queue, Ct, Flow, Set, Numgen };

class LexContext {
 public:
  LexContext(uint32_t file, StartAs start) : file_(file), start_(start) {}
  // The first token tells the grammar what kind of text follows; nullopt once sent.
  bool take_start(StartAs& out) {
    if (start_sent_) return false;
    start_sent_ = true;
    out = start_;
    return true;
  }

  void advance(uint32_t len) { begin_ = end_; end_ += len; }
  // The scanner pushes the last token back to return a synthetic one first (see "}" in
  // lexer.ll); the synthetic token gets an empty span where the pushed-back text starts.
  void push_back_token() { end_ = begin_; }
  // nft accepts the last item of a block without a separator (`counter c { }`, `quota q
  // { over 10 mbytes }`, `set s { type x; elements = { ... } }`): every '}' is preceded by a
  // virtual newline, which the grammar accepts wherever a '}' may follow.
  bool take_brace_separator() {
    brace_separator_sent_ = !brace_separator_sent_;
    return brace_separator_sent_;
  }
  Span span() const { return Span{file_, begin_, end_}; }
  uint32_t offset() const { return end_; }
  void newline_at(uint32_t) {}
  void end_statement() {
    scope_ = LexScope::None;
    operators_ = 0;
  }
  // Limits that keep every later stage's recursion shallow: bracket nesting and binary
  // operators per statement. Past them the scanner returns TOO_DEEP (a syntax error).
  static constexpr uint32_t kMaxNesting = 256;
  static constexpr uint32_t kMaxOperators = 1024;
  bool open_bracket() { return ++nesting_ <= kMaxNesting; }
  void close_bracket() {
    if (nesting_) --nesting_;
  }
  bool operator_seen() { return ++operators_ <= kMaxOperators; }
  LexScope scope() const { return scope_; }
  void open_scope(LexScope s) { scope_ = s; }
  bool eof_seen() const { return eof_; }
  void see_eof() { eof_ = true; begin_ = end_; }

  std::string unquote(const char* text, int len) const;

 private:
  uint32_t file_;
  uint32_t begin_ = 0;
  uint32_t end_ = 0;
  bool brace_separator_sent_ = false;
  LexScope scope_ = LexScope::None;
  bool eof_ = false;
  uint32_t nesting_ = 0;
  uint32_t operators_ = 0;
  StartAs start_;
  bool start_sent_ = false;
};

}  // namespace nftx::parser
