// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers shared by the object encoders (internal to backends/netlink).
#pragma once

#include <cstdint>
#include <new>
#include <string>

#include "compiler/ir/ir.h"

namespace nftx::netlink::detail {

// libnftnl allocators return null only when out of memory.
template <typename T>
T* check_alloc(T* p) {
  if (!p) throw std::bad_alloc();
  return p;
}

// A userdata TLV blob holding one NUL-terminated comment of the given NFTNL_UDATA_*_COMMENT
// type, built with libnftnl as nft does. Throws EncodeError when it does not fit.
ir::Bytes comment_udata(uint8_t type, const std::string& comment);

}  // namespace nftx::netlink::detail
