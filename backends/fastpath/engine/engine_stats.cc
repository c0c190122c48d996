// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/engine/engine_stats.h"

#include <string>

namespace nftx::fastpath {

uint64_t EngineStats::dropped() const {
  uint64_t n = 0;
  for (uint64_t d : drops) n += d;
  return n;
}

std::string format_stats(const EngineStats& s) {
  std::string out;
  auto line = [&](const std::string& key, uint64_t v) {
    out += key + " " + std::to_string(v) + "\n";
  };
  line("rx", s.rx);
  line("tx", s.tx);
  line("forwarded fast_path", s.fast_path);
  line("forwarded classic", s.classic);
  line("local", s.local);
  line("generated", s.generated);
  if (s.fragments_out != 0) line("fragments_out", s.fragments_out);
  line("dropped", s.dropped());
  for (size_t i = 0; i < s.drops.size(); ++i) {
    if (s.drops[i] != 0) line(std::string("drop ") + kDropReasonNames[i], s.drops[i]);
  }
  return out;
}

}  // namespace nftx::fastpath
