// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/json/json_dump.h"

#include <array>
#include <cstdio>

namespace nftx::raise {
namespace {

void dump_string(const std::string& s, std::string& out) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          // jansson spells the remaining control characters with upper case hex digits.
          std::array<char, 8> buf{};
          std::snprintf(buf.data(), buf.size(), "\\u%04X", static_cast<unsigned>(c));
          out += buf.data();
        } else {
          out += c;
        }
        break;
    }
  }
  out += '"';
}

void dump(const Json& v, std::string& out) {
  switch (v.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      out += "null";
      return;
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
      out += std::to_string(v.get<int64_t>());
      return;
    case Json::value_t::number_unsigned:
      out += std::to_string(v.get<uint64_t>());
      return;
    case Json::value_t::number_float:
    case Json::value_t::binary:
      out += v.dump();
      return;
    case Json::value_t::string:
      dump_string(v.get_ref<const std::string&>(), out);
      return;
    case Json::value_t::array: {
      out += '[';
      const char* sep = "";
      for (const Json& item : v) {
        out += sep;
        dump(item, out);
        sep = ", ";
      }
      out += ']';
      return;
    }
    case Json::value_t::object: {
      out += '{';
      const char* sep = "";
      for (const auto& [key, item] : v.items()) {
        out += sep;
        dump_string(key, out);
        out += ": ";
        dump(item, out);
        sep = ", ";
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

std::string dump_json(const Json& value) {
  std::string out;
  dump(value, out);
  return out;
}

}  // namespace nftx::raise
