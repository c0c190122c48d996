// SPDX-License-Identifier: GPL-2.0-or-later
// One conntrack entry as one `conntrack -L` line (conntrack-tools 1.4.7 field order and spacing),
// and the summary line conntrack prints on stderr.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "backends/netlink/conntrack/conntrack_entry.h"

namespace nftx::conntrack {

struct TextOptions {
  bool show_layer3 = false;  // `-o extended`: "ipv4     2 " before the protocol
  bool show_id = false;      // `-o id`: "id=N" after use=
  // conntrack-tools silently drops the timeout and state columns of offloaded flows (the kernel
  // does not report them), which shifts every later column. nftx prints "-" there instead so the
  // columns stay put; false gives conntrack-tools' exact text.
  bool placeholders = true;
  int64_t now_sec = 0;  // wall clock for delta-time= of still-running timestamped flows
  // Connlabel names by bit number (connlabel.conf); labels= is printed only when this is not
  // empty, as conntrack-tools prints labels only with a label map.
  std::vector<std::string> label_names;
};

std::string format_conntrack_line(const ConntrackEntry& entry, const TextOptions& options);

// "nftx v<version> (conntrack): N flow entries have been shown."
std::string conntrack_summary_line(size_t shown);

// Textual form of an address of the given family ("" for an unknown family).
std::string address_to_string(uint8_t family, const Address& address);

}  // namespace nftx::conntrack
