// SPDX-License-Identifier: GPL-2.0-or-later
// Forwarding's TTL / hop limit decrement. IPv4 updates the header checksum incrementally as the
// kernel's ip_decrease_ttl does (check += htons(0x0100), end-around carry); IPv6 has none.
#pragma once

#include <arpa/inet.h>

#include <cstdint>

#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/frame.h"

namespace nftx::fastpath {

inline void decrease_ttl(Frame& f) {
  uint8_t* ip = f.l3();
  if (f.hdr.nfproto == kNfprotoIpv4) {
    uint32_t check = csum::load16(ip + 10);
    check += htons(0x0100);
    check = (check & 0xffff) + (check >> 16);
    csum::store16(ip + 10, static_cast<uint16_t>(check));
    --ip[8];
  } else {
    --ip[7];
  }
}

}  // namespace nftx::fastpath
