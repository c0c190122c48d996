// SPDX-License-Identifier: GPL-2.0-or-later
// IPv4 fragmentation on output (ip_fragment's slow path): a datagram larger than the egress MTU
// becomes fragments whose data sizes are multiples of 8 (except the last), each with its own
// header checksum. Like Linux, every fragment keeps the original header length: options without
// the copy bit are overwritten with NOPs after the first fragment (ip_options_fragment).
// Fragmenting a fragment works (offsets add up, the last keeps the original MF).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "backends/fastpath/packet/frame.h"

namespace nftx::fastpath {

enum class FragmentStatus : uint8_t {
  Fits,          // l3_len <= mtu: nothing emitted, send the frame as it is
  Done,          // fragments emitted
  DontFragment,  // DF set: nothing emitted, the caller sends frag-needed with the MTU
  MtuTooSmall,   // mtu < header length + 8: nothing emitted
  NotIpv4,       // not a parsed IPv4 frame
};

const char* fragment_status_name(FragmentStatus s);

// Receives each fragment as a full Ethernet frame (the original L2 header and VLAN tag, then the
// fragment). The bytes are valid during the call only.
using FragmentSink = std::function<void(const uint8_t* frame, size_t len)>;

// `mtu` is the L3 MTU of the egress interface (bytes of IP datagram per fragment).
FragmentStatus fragment_ipv4(const Frame& f, uint32_t mtu, const FragmentSink& sink);

}  // namespace nftx::fastpath
