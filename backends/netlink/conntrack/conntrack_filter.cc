// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/conntrack/conntrack_filter.h"

namespace nftx::conntrack {
namespace {

bool opt_matches(const std::optional<uint16_t>& want, const std::optional<uint16_t>& have) {
  return !want || (have && *have == *want);
}

bool addr_opt_matches(const std::optional<AddressMatch>& want, uint8_t family,
                      const Address& have) {
  return !want || address_matches(*want, family, have);
}

}  // namespace

bool address_matches(const AddressMatch& match, uint8_t family, const Address& address) {
  if (match.family != family) return false;
  unsigned bits = match.prefix_len;
  for (size_t i = 0; i < address.size() && bits > 0; ++i) {
    const unsigned take = bits >= 8 ? 8 : bits;
    const auto mask = static_cast<uint8_t>(0xff00u >> take);
    if ((address[i] & mask) != (match.address[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

bool filter_matches(const ConntrackFilter& f, const ConntrackEntry& e) {
  if (f.family && e.l3family != *f.family) return false;
  if (f.l4proto && e.l4proto() != *f.l4proto) return false;
  if (!addr_opt_matches(f.orig_src, e.l3family, e.orig.src) ||
      !addr_opt_matches(f.orig_dst, e.l3family, e.orig.dst) ||
      !addr_opt_matches(f.reply_src, e.l3family, e.reply.src) ||
      !addr_opt_matches(f.reply_dst, e.l3family, e.reply.dst)) {
    return false;
  }
  if (!opt_matches(f.orig_sport, e.orig.sport) || !opt_matches(f.orig_dport, e.orig.dport) ||
      !opt_matches(f.reply_sport, e.reply.sport) || !opt_matches(f.reply_dport, e.reply.dport)) {
    return false;
  }
  if (f.mark && (!e.mark || (*e.mark & f.mark->mask) != f.mark->value)) return false;
  if (f.zone && e.zone.value_or(0) != *f.zone) return false;
  if (f.orig_zone && e.orig.zone.value_or(0) != *f.orig_zone) return false;
  if (f.reply_zone && e.reply.zone.value_or(0) != *f.reply_zone) return false;
  const uint32_t st = e.status.value_or(0);
  if ((st & f.status_all) != f.status_all) return false;
  if (f.offloaded && !e.offloaded()) return false;
  return true;
}

}  // namespace nftx::conntrack
