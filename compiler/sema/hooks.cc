// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/sema/hooks.h"

#include <linux/netfilter.h>

#include <array>
#include <span>

namespace nftx::sema {
namespace {

struct HookName {
  std::string_view name;
  uint32_t num;
};
constexpr std::array kInetHooks = {
    HookName{"prerouting", NF_INET_PRE_ROUTING}, HookName{"input", NF_INET_LOCAL_IN},
    HookName{"forward", NF_INET_FORWARD},        HookName{"output", NF_INET_LOCAL_OUT},
    HookName{"postrouting", NF_INET_POST_ROUTING}, HookName{"ingress", NF_INET_INGRESS}};
constexpr std::array kArpHooks = {HookName{"input", 0}, HookName{"output", 1}};
constexpr std::array kNetdevHooks = {HookName{"ingress", NF_NETDEV_INGRESS},
                                     HookName{"egress", NF_NETDEV_EGRESS}};

std::span<const HookName> hooks_of(ir::Family f) {
  switch (f) {
    case ir::Family::Ip:
    case ir::Family::Ip6:
    case ir::Family::Inet:
    case ir::Family::Bridge: return kInetHooks;
    case ir::Family::Arp: return kArpHooks;
    case ir::Family::Netdev: return kNetdevHooks;
  }
  return {};
}

struct Prio {
  std::string_view name;
  int32_t value;
};
constexpr std::array kInetPrios = {Prio{"raw", -300},   Prio{"mangle", -150},
                                   Prio{"dstnat", -100}, Prio{"filter", 0},
                                   Prio{"security", 50}, Prio{"srcnat", 100}};
constexpr std::array kBridgePrios = {Prio{"dstnat", -300}, Prio{"filter", -200},
                                     Prio{"out", 100}, Prio{"srcnat", 300}};
constexpr std::array kFilterOnly = {Prio{"filter", 0}};

}  // namespace

std::optional<uint32_t> hook_number(ir::Family family, std::string_view hook) {
  for (const auto& h : hooks_of(family)) {
    if (h.name == hook) {
      if (h.num == NF_INET_INGRESS && family != ir::Family::Inet) return std::nullopt;
      return h.num;
    }
  }
  return std::nullopt;
}

std::string_view hook_name(ir::Family family, uint32_t hooknum) {
  for (const auto& h : hooks_of(family)) {
    if (h.num == hooknum) return h.name;
  }
  return "unknown";
}

std::vector<std::string> hook_names(ir::Family family) {
  std::vector<std::string> out;
  for (const auto& h : hooks_of(family)) out.emplace_back(h.name);
  return out;
}

std::string chain_type_problem(ir::Family family, std::string_view type, std::string_view hook) {
  if (type == "filter") return "";
  if (type == "nat") {
    if (family != ir::Family::Ip && family != ir::Family::Ip6 && family != ir::Family::Inet) {
      return "nat chains are only valid in ip, ip6 and inet tables";
    }
    if (hook == "forward" || hook == "ingress") {
      return "nat chains can hook at prerouting, input, output and postrouting only";
    }
    return "";
  }
  if (type == "route") {
    if (family != ir::Family::Ip && family != ir::Family::Ip6 && family != ir::Family::Inet) {
      return "route chains are only valid in ip, ip6 and inet tables";
    }
    if (hook != "output") return "route chains can hook at output only";
    return "";
  }
  return "unknown chain type '" + std::string(type) + "': use filter, nat or route";
}

std::optional<int32_t> standard_priority(ir::Family family, std::string_view name) {
  std::span<const Prio> table = kInetPrios;
  if (family == ir::Family::Bridge) table = kBridgePrios;
  if (family == ir::Family::Arp || family == ir::Family::Netdev) table = kFilterOnly;
  for (const auto& p : table) {
    if (p.name == name) return p.value;
  }
  return std::nullopt;
}

bool priority_allowed_at(ir::Family family, std::string_view name, std::string_view hook) {
  // nft >= 1.0.8: destination NAT happens at prerouting and output, source NAT at postrouting
  // and input.
  if (name == "dstnat") return hook == "prerouting" || hook == "output";
  if (name == "srcnat") return hook == "postrouting" || hook == "input";
  if (name == "out") return family == ir::Family::Bridge && hook == "output";
  return true;
}

std::optional<ir::Family> family_from_name(std::string_view name) {
  if (name == "ip") return ir::Family::Ip;
  if (name == "ip6") return ir::Family::Ip6;
  if (name == "inet") return ir::Family::Inet;
  if (name == "arp") return ir::Family::Arp;
  if (name == "bridge") return ir::Family::Bridge;
  if (name == "netdev") return ir::Family::Netdev;
  return std::nullopt;
}

std::string_view family_name(ir::Family family) {
  switch (family) {
    case ir::Family::Ip: return "ip";
    case ir::Family::Ip6: return "ip6";
    case ir::Family::Inet: return "inet";
    case ir::Family::Arp: return "arp";
    case ir::Family::Bridge: return "bridge";
    case ir::Family::Netdev: return "netdev";
  }
  return "ip";
}

}  // namespace nftx::sema
