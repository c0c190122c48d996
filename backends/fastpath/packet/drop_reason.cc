// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/drop_reason.h"

namespace nftx::fastpath {

const char* drop_reason_name(DropReason r) {
  auto i = static_cast<size_t>(r);
  return i < kDropReasonCount ? kDropReasonNames[i] : "unknown";
}

std::optional<DropReason> drop_reason_from_name(std::string_view name) {
  for (size_t i = 0; i < kDropReasonCount; ++i) {
    if (name == kDropReasonNames[i]) return static_cast<DropReason>(i);
  }
  return std::nullopt;
}

}  // namespace nftx::fastpath
