// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsuite/conformance/counts.h"

namespace nftx::conformance {

Counts& Counts::operator+=(const Counts& other) {
  for (const MetricInfo& m : kMetrics) this->*m.member += other.*m.member;
  return *this;
}

std::optional<int> Counts::metric(std::string_view name) const {
  for (const MetricInfo& m : kMetrics) {
    if (m.name == name) return this->*m.member;
  }
  return std::nullopt;
}

double percent(int part, int whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace nftx::conformance
