// SPDX-License-Identifier: GPL-2.0-or-later
// nft's relative time strings ("1d2h3m4s5ms"): parsing and printing, rule for rule as nft's
// time_parse() and time_print(), quirks included, since the milliseconds go on the wire.
#include <string>

#include "compiler/proto/value.h"

namespace nftx::proto {
namespace {

constexpr uint64_t kMsPerSecond = 1000;
constexpr uint64_t kMsPerMinute = 60 * kMsPerSecond;
constexpr uint64_t kMsPerHour = 60 * kMsPerMinute;
constexpr uint64_t kMsPerDay = 24 * kMsPerHour;
constexpr size_t kMaxDigits = 8;  // per unit; more is "value too large"

enum Unit : unsigned { kDay = 1, kHour = 2, kMinute = 4, kSecond = 8, kMilli = 16 };

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The digits just before a unit letter; none (as in "h" or "1dh") counts as 0, like nft's
// sscanf-based str2int.
uint64_t digits_value(std::string_view text, size_t end, size_t count) {
  uint64_t v = 0;
  for (size_t i = end - count; i < end; ++i) v = v * 10 + static_cast<uint64_t>(text[i] - '0');
  return v;
}

}  // namespace

std::optional<uint64_t> parse_time_ms(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t days = 0, hours = 0, minutes = 0, seconds = 0, millis = 0;
  unsigned seen = 0;
  size_t run = 0;  // digits since the last unit
  auto take = [&](Unit u, uint64_t& slot, size_t end) {
    if ((seen & u) != 0) return false;  // "... has been specified twice"
    slot = digits_value(text, end, run);
    run = 0;
    seen |= u;
    return true;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    bool ok = true;
    switch (c) {
      case 'd':
        ok = take(kDay, days, i);
        break;
      case 'h':
        ok = take(kHour, hours, i);
        break;
      case 'm':
        // nft only reads "ms" when it ends the string; elsewhere 'm' is minutes.
        if (text.substr(i) == "ms") {
          ok = take(kMilli, millis, i);
          ++i;
        } else {
          ok = take(kMinute, minutes, i);
        }
        break;
      case 's':
        ok = take(kSecond, seconds, i);
        break;
      default:
        if (!is_digit(c)) return std::nullopt;         // "wrong time format"
        if (run++ >= kMaxDigits) return std::nullopt;  // "value too large"
        break;
    }
    if (!ok) return std::nullopt;
  }
  // A plain number is seconds. Trailing digits after the last unit are ignored, as in nft.
  if (seen == 0) return digits_value(text, text.size(), run) * kMsPerSecond;
  return days * kMsPerDay + hours * kMsPerHour + minutes * kMsPerMinute + seconds * kMsPerSecond +
         millis;
}

std::string format_time_ms(uint64_t ms) {
  const uint64_t days = ms / kMsPerDay;
  ms %= kMsPerDay;
  const uint64_t hours = ms / kMsPerHour;
  ms %= kMsPerHour;
  const uint64_t minutes = ms / kMsPerMinute;
  ms %= kMsPerMinute;
  const uint64_t seconds = ms / kMsPerSecond;
  ms %= kMsPerSecond;

  std::string out;
  if (days > 0) out += std::to_string(days) + "d";
  if (hours > 0) out += std::to_string(hours) + "h";
  if (minutes > 0) out += std::to_string(minutes) + "m";
  if (seconds > 0) out += std::to_string(seconds) + "s";
  if (ms > 0) out += std::to_string(ms) + "ms";
  return out.empty() ? "0s" : out;
}

}  // namespace nftx::proto
