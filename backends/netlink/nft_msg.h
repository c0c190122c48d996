// SPDX-License-Identifier: GPL-2.0-or-later
// nf_tables message types newer than the system headers (Debian 12 ships the 6.1 uapi; the
// DESTROY* requests arrived in Linux 6.3). Values from include/uapi/linux/netfilter/nf_tables.h.
#pragma once

#include <cstdint>

namespace nftx::netlink {

inline constexpr uint16_t kNftMsgDestroyTable = 26;
inline constexpr uint16_t kNftMsgDestroyChain = 27;
inline constexpr uint16_t kNftMsgDestroyRule = 28;
inline constexpr uint16_t kNftMsgDestroySet = 29;
inline constexpr uint16_t kNftMsgDestroySetElem = 30;
inline constexpr uint16_t kNftMsgDestroyObj = 31;
inline constexpr uint16_t kNftMsgDestroyFlowtable = 32;

}  // namespace nftx::netlink
