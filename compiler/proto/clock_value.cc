// SPDX-License-Identifier: GPL-2.0-or-later
// Wall-clock values of `meta hour` and `meta time`, and the units of rates: the same inputs
// nft's hour_type_parse(), date_type_parse() and rate_parse() accept, the same numbers out.
#include <ctime>
#include <string>

#include "compiler/proto/value.h"

namespace nftx::proto {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

// A run of 1..max_digits decimal digits at `i`, within [lo, hi] (strptime's %H, %M, ...).
std::optional<int64_t> number(std::string_view s, size_t& i, size_t max_digits, int64_t lo,
                              int64_t hi) {
  int64_t v = 0;
  size_t n = 0;
  while (i < s.size() && n < max_digits && s[i] >= '0' && s[i] <= '9') {
    v = v * 10 + (s[i] - '0');
    ++i;
    ++n;
  }
  if (n == 0 || v < lo || v > hi) return std::nullopt;
  return v;
}

bool literal(std::string_view s, size_t& i, char c) {
  if (i >= s.size() || s[i] != c) return false;
  ++i;
  return true;
}

// "%H:%M" or "%H:%M:%S" from `i`: seconds since midnight; `i` moves past what matched.
std::optional<int64_t> clock(std::string_view s, size_t& i, bool with_seconds) {
  const auto h = number(s, i, 2, 0, 23);
  if (!h || !literal(s, i, ':')) return std::nullopt;
  const auto m = number(s, i, 2, 0, 59);
  if (!m) return std::nullopt;
  int64_t sec = 0;
  if (with_seconds) {
    if (!literal(s, i, ':')) return std::nullopt;
    const auto parsed = number(s, i, 2, 0, 61);  // glibc allows leap seconds
    if (!parsed) return std::nullopt;
    sec = *parsed;
  }
  return *h * 3600 + *m * 60 + sec;
}

std::optional<uint64_t> whole_number(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date; out-of-range days roll over into the
// next month like timegm() does (Feb 30 is Mar 2).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 + (d - 1);
}

}  // namespace

int64_t local_utc_offset(int64_t utc_seconds) {
  const time_t t = static_cast<time_t>(utc_seconds);
  struct tm local {};
  if (localtime_r(&t, &local) == nullptr) return 0;
  return local.tm_gmtoff;
}

std::optional<uint32_t> parse_hour(std::string_view text, int64_t gmtoff_seconds) {
  // A plain number is taken as seconds, without the local time adjustment.
  if (const auto n = whole_number(text)) {
    if (*n > UINT32_MAX) return std::nullopt;
    return static_cast<uint32_t>(*n);
  }
  // nft tries "%T", then "%R" (rejecting trailing text), then a relative time.
  int64_t result = 0;
  size_t end_hms = 0, end_hm = 0;
  const auto hms = clock(text, end_hms, true);
  const auto hm = clock(text, end_hm, false);
  if (hms && end_hms == text.size()) {
    result = *hms;
  } else if (hm) {
    if (end_hm != text.size()) return std::nullopt;  // "Can't parse trailing input"
    result = *hm;
  } else if (const auto ms = parse_time_ms(text)) {
    result = static_cast<int64_t>(*ms / 1000);
  } else {
    return std::nullopt;
  }
  // nft: convert local to UTC, wrapping at midnight.
  if (result >= gmtoff_seconds) {
    result = (result - gmtoff_seconds) % kSecondsPerDay;
  } else {
    result = kSecondsPerDay - gmtoff_seconds + result;
  }
  return static_cast<uint32_t>(result);
}

std::optional<uint64_t> parse_date_ns(std::string_view text, UtcOffsetFn utc_offset) {
  constexpr uint64_t kNsPerSecond = 1000000000;
  size_t i = 0;
  const auto y = number(text, i, 4, 0, 9999);
  const bool dash1 = y && literal(text, i, '-');
  const auto m = dash1 ? number(text, i, 2, 1, 12) : std::nullopt;
  const bool dash2 = m && literal(text, i, '-');
  const auto d = dash2 ? number(text, i, 2, 1, 31) : std::nullopt;
  if (d) {
    int64_t tod = 0;
    size_t j = i;
    while (j < text.size() && text[j] == ' ') ++j;  // the format's space: any whitespace
    size_t k = j;
    if (const auto hms = clock(text, k, true)) {
      tod = *hms;
    } else if (k = j; const auto hm = clock(text, k, false)) {
      tod = *hm;
    }
    // nft: timegm() of the fields, minus the local offset at that moment.
    const int64_t utc = days_from_civil(*y, *m, *d) * kSecondsPerDay + tod;
    const int64_t secs = utc - (utc_offset != nullptr ? utc_offset(utc) : 0);
    if (secs < 0) return std::nullopt;
    return static_cast<uint64_t>(secs) * kNsPerSecond;
  }
  if (const auto n = whole_number(text); n && *n <= UINT64_MAX / kNsPerSecond) {
    return *n * kNsPerSecond;
  }
  return std::nullopt;
}

std::optional<uint64_t> time_unit_seconds(std::string_view unit) {
  if (unit == "second") return 1;
  if (unit == "minute") return 60;
  if (unit == "hour") return 60 * 60;
  if (unit == "day") return 60 * 60 * 24;
  if (unit == "week") return 60 * 60 * 24 * 7;
  return std::nullopt;
}

std::optional<uint64_t> data_unit_bytes(std::string_view unit) {
  if (unit == "bytes") return 1;
  if (unit == "kbytes") return 1024;
  if (unit == "mbytes") return 1024 * 1024;
  return std::nullopt;
}

}  // namespace nftx::proto
