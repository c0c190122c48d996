// SPDX-License-Identifier: GPL-2.0-or-later
// Constants as nft prints them (datatype_print and the types' print functions): symbolic names,
// addresses, strings, times, hexadecimal marks and flags.
#pragma once

#include <cstdint>
#include <string>

#include "compiler/raise/expr.h"

namespace nftx::raise {

struct PrintCtx {
  bool numeric_proto = false;     // -p
  bool numeric_symbol = false;    // inside ranges
  bool numeric_time = false;      // inside ranges: times in seconds
  bool service = false;           // -S
  bool stateless = false;         // -s
  bool handles = false;           // -a
  bool numeric_priority = false;  // -y
  bool terse = false;             // -t: no set elements
};

std::string print_value(const Expr& value, const PrintCtx& ctx);
std::string print_verdict(const ir::Verdict& v);
// nft's time_print: "1d2h3m4s5ms", "0s" for zero.
std::string time_string(uint64_t ms, bool seconds_only = false);
// A string constant's characters (host order bytes up to the first NUL).
std::string string_value(const Expr& value);

}  // namespace nftx::raise
