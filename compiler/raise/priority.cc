// SPDX-License-Identifier: GPL-2.0-or-later
// Hook and priority names (rule.c hooknum2str, prio2str, std_prio_family_hook_compat).
#include <cstdlib>

#include "compiler/raise/object_print.h"

namespace nftx::raise {
namespace {

struct PrioTag {
  int32_t value;
  const char* name;
};

// NF_IP_PRI_* and NF_BR_PRI_* values.
constexpr PrioTag kStdPrios[] = {{-300, "raw"}, {-150, "mangle"}, {-100, "dstnat"},
                                 {0, "filter"}, {50, "security"}, {100, "srcnat"}};
constexpr PrioTag kBridgePrios[] = {
    {-300, "dstnat"}, {-200, "filter"}, {100, "out"}, {300, "srcnat"}};

constexpr uint32_t kPrerouting = 0, kInput = 1, kOutput = 3, kPostrouting = 4;

bool compatible(int32_t prio, ir::Family family, uint32_t hook) {
  if (family == ir::Family::Bridge) {
    switch (prio) {
      case -300:
        return hook == kPrerouting;
      case -200:
        return true;
      case 100:
        return hook == kOutput;
      case 300:
        return hook == kPostrouting;
      default:
        return false;
    }
  }
  const bool inet_like =
      family == ir::Family::Inet || family == ir::Family::Ip || family == ir::Family::Ip6;
  switch (prio) {
    case 0:
      return inet_like || family == ir::Family::Arp || family == ir::Family::Netdev;
    case -300:
    case -150:
    case 50:
      return inet_like;
    case -100:
      return inet_like && (hook == kPrerouting || hook == kOutput);
    case 100:
      return inet_like && (hook == kInput || hook == kPostrouting);
    default:
      return false;
  }
}

}  // namespace

std::string family_name(ir::Family family) {
  switch (family) {
    case ir::Family::Ip:
      return "ip";
    case ir::Family::Ip6:
      return "ip6";
    case ir::Family::Inet:
      return "inet";
    case ir::Family::Netdev:
      return "netdev";
    case ir::Family::Arp:
      return "arp";
    case ir::Family::Bridge:
      return "bridge";
  }
  return "unknown";
}

std::string priority_string(ir::Family family, uint32_t hook, int32_t prio, bool numeric) {
  if (!numeric) {
    const auto& table = family == ir::Family::Bridge ? std::span<const PrioTag>(kBridgePrios)
                                                     : std::span<const PrioTag>(kStdPrios);
    for (const PrioTag& t : table) {
      const int64_t offset = static_cast<int64_t>(prio) - t.value;
      if (std::llabs(offset) > 10) continue;
      if (!compatible(t.value, family, hook)) break;
      std::string out = t.name;
      if (offset > 0) out += " + " + std::to_string(offset);
      if (offset < 0) out += " - " + std::to_string(-offset);
      return out;
    }
  }
  return std::to_string(prio);
}

}  // namespace nftx::raise
