// SPDX-License-Identifier: GPL-2.0-or-later
// ICMP and ICMPv6 fields that exist only in some message types (nft's icmp_dep): the type nft
// adds as a dependency, and the types that already satisfy it.
#include "compiler/proto/protocol.h"

namespace nftx::proto {
namespace {

// icmp types (netinet/ip_icmp.h) and icmpv6 types (netinet/icmp6.h).
constexpr uint8_t kEchoReply = 0, kDestUnreach = 3, kRedirect = 5, kEcho = 8;
constexpr uint8_t kPacketTooBig = 2, kParamProb = 4, kEcho6 = 128, kEchoReply6 = 129;
constexpr uint8_t kMldQuery = 130, kMldReport = 131, kMldReduction = 132;
constexpr uint8_t kNdSolicit = 135, kNdAdvert = 136, kNdRedirect = 137;

constexpr uint8_t kEchoTypes[] = {kEcho, kEchoReply};
constexpr uint8_t kMtuTypes[] = {kDestUnreach};
constexpr uint8_t kAddressTypes[] = {kRedirect};
constexpr uint8_t kEcho6Types[] = {kEcho6, kEchoReply6};
constexpr uint8_t kMtu6Types[] = {kPacketTooBig};
constexpr uint8_t kMgmqTypes[] = {kMldQuery};
constexpr uint8_t kPptrTypes[] = {kParamProb};
constexpr uint8_t kRedirect6Types[] = {kNdRedirect};
constexpr uint8_t kAddress6Types[] = {kNdSolicit, kNdAdvert,  kNdRedirect,
                                      kMldQuery,  kMldReport, kMldReduction};

}  // namespace

std::optional<uint8_t> icmp_dep_type(IcmpDep dep) {
  switch (dep) {
    case IcmpDep::None:
      return std::nullopt;
    case IcmpDep::Echo:
      return kEcho;
    case IcmpDep::Mtu:
      return kDestUnreach;
    case IcmpDep::Address:
      return kRedirect;
    case IcmpDep::Icmp6Echo:
      return kEcho6;
    case IcmpDep::Icmp6Mtu:
      return kPacketTooBig;
    case IcmpDep::Icmp6Mgmq:
      return kMldQuery;
    case IcmpDep::Icmp6Pptr:
      return kParamProb;
    case IcmpDep::Icmp6Redirect:
      return kNdRedirect;
    case IcmpDep::Icmp6Address:
      return kNdSolicit;
  }
  return std::nullopt;
}

std::span<const uint8_t> icmp_dep_types(IcmpDep dep) {
  switch (dep) {
    case IcmpDep::None:
      return {};
    case IcmpDep::Echo:
      return kEchoTypes;
    case IcmpDep::Mtu:
      return kMtuTypes;
    case IcmpDep::Address:
      return kAddressTypes;
    case IcmpDep::Icmp6Echo:
      return kEcho6Types;
    case IcmpDep::Icmp6Mtu:
      return kMtu6Types;
    case IcmpDep::Icmp6Mgmq:
      return kMgmqTypes;
    case IcmpDep::Icmp6Pptr:
      return kPptrTypes;
    case IcmpDep::Icmp6Redirect:
      return kRedirect6Types;
    case IcmpDep::Icmp6Address:
      return kAddress6Types;
  }
  return {};
}

}  // namespace nftx::proto
