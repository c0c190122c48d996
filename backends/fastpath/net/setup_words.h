// SPDX-License-Identifier: GPL-2.0-or-later
// Internal to the setup parser: one command line split into words with their spans, and the
// helpers every command uses to read a value or report the word that is wrong. Each helper
// that fails has already reported a diagnostic; the caller then abandons the line.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backends/fastpath/net/network_setup.h"
#include "common/diagnostics.h"
#include "common/span.h"

namespace nftx::fastpath::net::setup {

struct Word {
  std::string_view text;
  Span span;
};

// Splits `line` (starting at byte `offset` of `file`) at blanks; a word starting with '#'
// ends the line.
std::vector<Word> split_words(std::string_view line, uint32_t file, uint32_t offset);

// The candidate closest to `wanted` by edit distance, "" when none is close enough.
std::string closest(std::string_view wanted, std::span<const std::string_view> candidates);
inline std::string closest(std::string_view wanted,
                           std::initializer_list<std::string_view> candidates) {
  return closest(wanted, std::span<const std::string_view>(candidates.begin(), candidates.size()));
}

class Line {
 public:
  Line(std::vector<Word> words, NetworkSetup& setup, Diagnostics& diags)
      : words_(std::move(words)), setup_(setup), diags_(diags) {}

  bool at_end() const { return pos_ >= words_.size(); }
  const Word& peek() const { return words_[pos_]; }
  const Word& next() { return words_[pos_++]; }
  // The last word of the line (for errors about something missing).
  const Word& last() const { return words_.back(); }
  NetworkSetup& setup() { return setup_; }

  // The family forced by `ip -4` / `ip -6` (None when not given).
  Family forced = Family::None;

  void error(const Word& at, const char* code, std::string message);
  void warning(const Word& at, const char* code, std::string message);
  // `unknown argument "X"` with a did-you-mean among `keywords`.
  void unknown_argument(const Word& at, std::span<const std::string_view> keywords);
  void unknown_argument(const Word& at, std::initializer_list<std::string_view> keywords) {
    unknown_argument(at, std::span<const std::string_view>(keywords.begin(), keywords.size()));
  }

  // The word after keyword `kw`, or nullopt after reporting `missing value after "kw"`.
  const Word* value(const Word& kw);
  std::optional<uint32_t> number(const Word& kw, uint32_t min, uint32_t max);
  std::optional<IpAddr> address(const Word& kw);  // also checks the forced family
  std::optional<Prefix> prefix(const Word& w);    // the word itself; checks the forced family
  std::optional<MacAddr> mac(const Word& kw);
  Interface* device(const Word& kw);       // the word after kw names a device
  Interface* device_named(const Word& w);  // `Cannot find device "X"`
  // A name `ip link add` accepts: 1..15 bytes, no '/', not "." or "..".
  bool valid_ifname(const Word& w);
  // Reports a refused operation (SetupStatus != Ok) at `at`; returns true when it was Ok.
  bool check(SetupStatus s, const Word& at, Family f);

 private:
  std::vector<Word> words_;
  size_t pos_ = 0;
  NetworkSetup& setup_;
  Diagnostics& diags_;
};

// `ip link ...`, `ip addr ...`, `ip route ...`, `ip neigh ...` after the object word.
void parse_link(Line& line, const Word& object);
void parse_addr(Line& line, const Word& object);
void parse_route(Line& line, const Word& object);
void parse_neigh(Line& line, const Word& object);

}  // namespace nftx::fastpath::net::setup
