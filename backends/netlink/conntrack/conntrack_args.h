// SPDX-License-Identifier: GPL-2.0-or-later
// The arguments of `nftx list conntrack ...`, spelled as conntrack-tools spells its -L options.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backends/netlink/conntrack/conntrack_filter.h"

namespace nftx::conntrack {

struct ListRequest {
  ConntrackFilter filter;
  bool json = false;      // -j / --json
  bool extended = false;  // -o extended
  bool show_id = false;   // -o id
  bool help = false;      // -h / --help
  bool operator==(const ListRequest&) const = default;
};

struct ArgsResult {
  std::optional<ListRequest> request;
  std::string error;  // set when request is empty
};

ArgsResult parse_list_args(const std::vector<std::string>& args);

// Pieces, exposed for the tests: "10.0.0.1", "10.0.0.0/8", "fd00::/64".
std::optional<AddressMatch> parse_address_match(const std::string& text);
// "value" or "value/mask", each decimal or 0x-hex.
std::optional<MarkMatch> parse_mark_match(const std::string& text);

// One line per option, for `nftx list conntrack --help`.
std::string list_args_help();

}  // namespace nftx::conntrack
