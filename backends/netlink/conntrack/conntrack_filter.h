// SPDX-License-Identifier: GPL-2.0-or-later
// Which entries a listing keeps: conntrack-tools' -L filters plus nftx's --offloaded, applied to
// the model so the kernel dump and the fast path filter alike. Every set criterion must hold.
#pragma once

#include <cstdint>
#include <optional>

#include "backends/netlink/conntrack/conntrack_entry.h"

namespace nftx::conntrack {

// An address with a prefix length (a plain address has the full length).
struct AddressMatch {
  uint8_t family = 0;
  Address address{};
  uint8_t prefix_len = 0;
  bool operator==(const AddressMatch&) const = default;
};

struct MarkMatch {
  uint32_t value = 0;
  uint32_t mask = 0xffffffff;  // keeps entries with (mark & mask) == value
  bool operator==(const MarkMatch&) const = default;
};

struct ConntrackFilter {
  std::optional<uint8_t> family;          // -f ipv4|ipv6
  std::optional<uint8_t> l4proto;         // -p
  std::optional<AddressMatch> orig_src;   // -s
  std::optional<AddressMatch> orig_dst;   // -d
  std::optional<AddressMatch> reply_src;  // -r
  std::optional<AddressMatch> reply_dst;  // -q
  std::optional<uint16_t> orig_sport;     // --sport
  std::optional<uint16_t> orig_dport;     // --dport
  std::optional<uint16_t> reply_sport;    // --reply-port-src
  std::optional<uint16_t> reply_dport;    // --reply-port-dst
  std::optional<MarkMatch> mark;          // -m value[/mask]
  std::optional<uint16_t> zone;           // -w (an entry without CTA_ZONE is in zone 0)
  std::optional<uint16_t> orig_zone;      // --orig-zone
  std::optional<uint16_t> reply_zone;     // --reply-zone
  uint32_t status_all = 0;                // --status: every listed bit must be set
  bool offloaded = false;                 // --offloaded: IPS_OFFLOAD or IPS_HW_OFFLOAD set
  bool operator==(const ConntrackFilter&) const = default;
};

bool address_matches(const AddressMatch& match, uint8_t family, const Address& address);
bool filter_matches(const ConntrackFilter& filter, const ConntrackEntry& entry);

}  // namespace nftx::conntrack
