// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/vlan.h"

#include <cstring>

#include "backends/fastpath/packet/wire.h"

namespace nftx::fastpath {

namespace {

constexpr uint32_t kMacBytes = 12;

bool tagged(const Frame& f) {
  return f.len >= kEthHdrLen && (f.data[12] << 8 | f.data[13]) == kEthP8021Q;
}

// hdr offsets move with the payload's distance from data; 0 means "absent" and stays 0.
void shift_offsets(Headers& h, int delta) {
  h.l3_off = static_cast<uint16_t>(h.l3_off + delta);
  if (h.l4_off != 0) h.l4_off = static_cast<uint16_t>(h.l4_off + delta);
}

}  // namespace

bool push_vlan(Frame& f, uint16_t tci) {
  if (f.headroom() < kVlanHdrLen || f.len < kEthHdrLen || tagged(f)) return false;
  uint8_t* d = f.data - kVlanHdrLen;
  std::memmove(d, f.data, kMacBytes);
  d[12] = kEthP8021Q >> 8;
  d[13] = kEthP8021Q & 0xff;
  d[14] = static_cast<uint8_t>(tci >> 8);
  d[15] = static_cast<uint8_t>(tci);
  f.data = d;
  f.len += kVlanHdrLen;
  if (f.hdr.l3_off != 0) shift_offsets(f.hdr, kVlanHdrLen);
  f.hdr.vlan = true;
  f.hdr.vlan_tci = tci;
  return true;
}

bool pop_vlan(Frame& f) {
  if (!tagged(f) || f.len < kEthHdrLen + kVlanHdrLen) return false;
  uint8_t* d = f.data + kVlanHdrLen;
  std::memmove(d, f.data, kMacBytes);
  f.data = d;
  f.len -= kVlanHdrLen;
  if (f.hdr.l3_off != 0) shift_offsets(f.hdr, -static_cast<int>(kVlanHdrLen));
  f.hdr.vlan = false;
  f.hdr.vlan_tci = 0;
  return true;
}

}  // namespace nftx::fastpath
