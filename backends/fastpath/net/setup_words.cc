// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/net/setup_words.h"

#include <algorithm>
#include <charconv>

namespace nftx::fastpath::net::setup {

std::vector<Word> split_words(std::string_view line, uint32_t file, uint32_t offset) {
  std::vector<Word> words;
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
      ++i;
      continue;
    }
    if (line[i] == '#') break;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    words.push_back(
        Word{line.substr(start, i - start),
             Span{file, offset + static_cast<uint32_t>(start), offset + static_cast<uint32_t>(i)}});
  }
  return words;
}

namespace {
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t subst = prev[j - 1] + (a[i - 1] != b[j - 1] ? 1 : 0);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string closest(std::string_view wanted, std::span<const std::string_view> candidates) {
  std::string best;
  // A third of the word may be wrong (at least 1, at most 2 for short words): "metirc" finds
  // "metric", "10.0.0.1" finds nothing.
  size_t best_d = std::max<size_t>(2, wanted.size() / 3) + 1;
  for (std::string_view c : candidates) {
    const size_t d = edit_distance(wanted, c);
    if (d < best_d && d < c.size()) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

void Line::error(const Word& at, const char* code, std::string message) {
  diags_.error(at.span, code, std::move(message));
}

void Line::warning(const Word& at, const char* code, std::string message) {
  diags_.warning(at.span, code, std::move(message));
}

void Line::unknown_argument(const Word& at, std::span<const std::string_view> keywords) {
  const std::string hint = closest(at.text, keywords);
  error(at, "setup-syntax",
        "unknown argument \"" + std::string(at.text) + "\"" +
            (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
}

const Word* Line::value(const Word& kw) {
  if (at_end()) {
    error(kw, "setup-syntax", "missing value after \"" + std::string(kw.text) + "\"");
    return nullptr;
  }
  return &next();
}

std::optional<uint32_t> Line::number(const Word& kw, uint32_t min, uint32_t max) {
  const Word* w = value(kw);
  if (w == nullptr) return std::nullopt;
  uint32_t v = 0;
  const auto [end, ec] = std::from_chars(w->text.data(), w->text.data() + w->text.size(), v);
  if (ec != std::errc{} || end != w->text.data() + w->text.size() || v < min || v > max) {
    error(*w, "setup-bad-value",
          "invalid " + std::string(kw.text) + " \"" + std::string(w->text) + "\": expected " +
              std::to_string(min) + ".." + std::to_string(max));
    return std::nullopt;
  }
  return v;
}

namespace {
const char* family_word(Family f) { return f == Family::V6 ? "inet6" : "inet"; }
}  // namespace

std::optional<IpAddr> Line::address(const Word& kw) {
  const Word* w = value(kw);
  if (w == nullptr) return std::nullopt;
  auto a = parse_ip(w->text);
  if (!a || (forced != Family::None && a->family != forced)) {
    error(*w, "setup-bad-value",
          std::string(family_word(forced)) + " address is expected rather than \"" +
              std::string(w->text) + "\"");
    return std::nullopt;
  }
  return a;
}

std::optional<Prefix> Line::prefix(const Word& w) {
  auto p = parse_prefix(w.text);
  if (!p) {
    error(w, "setup-bad-value",
          "any valid prefix is expected rather than \"" + std::string(w.text) + "\"");
    return std::nullopt;
  }
  if (forced != Family::None && p->family() != forced) {
    error(w, "setup-bad-value",
          std::string("an ") + family_word(forced) + " prefix is expected rather than \"" +
              std::string(w.text) + "\"");
    return std::nullopt;
  }
  return p;
}

std::optional<MacAddr> Line::mac(const Word& kw) {
  const Word* w = value(kw);
  if (w == nullptr) return std::nullopt;
  auto m = parse_mac(w->text);
  if (!m) {
    error(*w, "setup-bad-value",
          "\"" + std::string(w->text) + "\" is not a valid MAC address (expected " +
              "6 hex bytes like 02:00:00:00:00:01)");
    return std::nullopt;
  }
  return m;
}

Interface* Line::device(const Word& kw) {
  const Word* w = value(kw);
  return w == nullptr ? nullptr : device_named(*w);
}

Interface* Line::device_named(const Word& w) {
  Interface* ifc = setup_.interfaces.find(w.text);
  if (ifc == nullptr) {
    error(w, "setup-unknown-device", "Cannot find device \"" + std::string(w.text) + "\"");
  }
  return ifc;
}

bool Line::valid_ifname(const Word& w) {
  // IFNAMSIZ is 16 with the terminating NUL.
  if (w.text.size() <= 15 && w.text != "." && w.text != ".." &&
      w.text.find('/') == std::string_view::npos) {
    return true;
  }
  error(w, "setup-bad-value",
        "\"" + std::string(w.text) + "\" is not a valid interface name (at most 15 bytes, no '/')");
  return false;
}

bool Line::check(SetupStatus s, const Word& at, Family f) {
  if (s == SetupStatus::Ok) return true;
  error(at, "setup-refused", status_message(s, f));
  return false;
}

}  // namespace nftx::fastpath::net::setup
