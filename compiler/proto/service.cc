// SPDX-License-Identifier: GPL-2.0-or-later
// Service names <-> ports from the built-in copy of Debian's /etc/services.
#include "compiler/proto/service_table.h"
#include "compiler/proto/value.h"

namespace nftx::proto {

std::optional<uint16_t> lookup_service(std::string_view name) {
  for (const services::Service& s : services::kServices) {
    if (s.name == name) return s.port;
  }
  return std::nullopt;
}

std::optional<std::string_view> service_name(uint16_t port) {
  for (const services::Service& s : services::kServices) {
    if (s.port == port) return s.name;
  }
  return std::nullopt;
}

}  // namespace nftx::proto
