// SPDX-License-Identifier: GPL-2.0-or-later
// In-place 802.1Q tag insertion and removal. The 12 MAC bytes move by 4 into the frame's
// headroom (push) or forward over the tag (pop); the payload never moves. When the frame was
// parsed, hdr offsets, vlan and vlan_tci are kept in step, so no re-parse is needed.
#pragma once

#include <cstdint>

#include "backends/fastpath/packet/frame.h"

namespace nftx::fastpath {

// False (frame unchanged) when there is less than 4 bytes of headroom, the frame is shorter than
// an Ethernet header, or it already carries an 802.1Q tag.
bool push_vlan(Frame& f, uint16_t tci);

// False (frame unchanged) when the frame carries no 802.1Q tag.
bool pop_vlan(Frame& f);

}  // namespace nftx::fastpath
