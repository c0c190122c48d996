// SPDX-License-Identifier: GPL-2.0-or-later
// Register allocation in nft's scheme: 32-bit units numbered from NFT_REG_1; a unit on a
// 128-bit boundary is named by its 128-bit register (reg 1..4), others by NFT_REG32_xx (8..23).
#pragma once

#include <cstdint>

#include "compiler/ir/ir.h"

namespace nftx::lower {

class Registers {
 public:
  void reset() { low_ = 1; }
  // Reserves room for `len_bits` (rounded up to 32-bit units) and returns its wire register.
  ir::Reg take(uint32_t len_bits) {
    const uint32_t unit = low_;
    low_ += len_bits == 0 ? 4 : (len_bits + 31) / 32;
    return wire(unit);
  }
  // A whole 128-bit register (nft's get_register() without an expression).
  ir::Reg take_full() { return take(128); }
  // The wire register `units` 32-bit units after `reg`.
  static ir::Reg offset(ir::Reg reg, uint32_t units) { return wire(unit_of(reg) + units); }

 private:
  static ir::Reg wire(uint32_t unit) {
    const uint32_t idx = unit - 1;
    return idx % 4 == 0 ? 1 + idx / 4 : idx + 8;
  }
  static uint32_t unit_of(ir::Reg reg) { return reg < 8 ? (reg - 1) * 4 + 1 : reg - 8 + 1; }
  uint32_t low_ = 1;
};

}  // namespace nftx::lower
