// SPDX-License-Identifier: GPL-2.0-or-later
// JSON text the way libnftables writes it (jansson's json_dumpf without flags): one line, ", "
// between items, ": " after keys, keys in insertion order, non-ASCII bytes unescaped.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace nftx::raise {

using Json = nlohmann::ordered_json;

std::string dump_json(const Json& value);

}  // namespace nftx::raise
