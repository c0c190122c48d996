// SPDX-License-Identifier: GPL-2.0-or-later
// Small helpers to write IR by hand in the netlink unit tests.
#pragma once

#include <linux/netfilter/nf_tables.h>

#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/ir.h"

namespace nftx::netlink::testing {

inline ir::Instr I(ir::Op op) { return ir::Instr{std::move(op), {}}; }

inline ir::Message msg(ir::Verb verb, ir::Object_ object, uint32_t command = 0) {
  return ir::Message{verb, std::move(object), command, {}};
}

inline ir::Batch batch(std::vector<ir::Message> messages) { return ir::Batch{std::move(messages)}; }

inline ir::Rule rule(ir::Family family, std::string table, std::string chain,
                     std::vector<ir::Instr> exprs) {
  ir::Rule r{family, std::move(table), std::move(chain), std::move(exprs), {}, {}, {}, {}};
  return r;
}

// Register images of common constants.
inline ir::Bytes u8(uint8_t v) { return {v}; }
inline ir::Bytes be16(uint16_t v) {
  return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v & 0xff)};
}
inline ir::Bytes host32(uint32_t v) {  // little-endian host order (x86, the reference)
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 24)};
}
inline ir::Bytes ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return {a, b, c, d}; }

// Frequent operation pairs.
inline ir::Instr meta_load(uint32_t key, ir::Reg dreg = NFT_REG_1) {
  return I(ir::Meta{dreg, std::nullopt, key});
}
inline ir::Instr cmp_eq(ir::Bytes data, ir::Reg sreg = NFT_REG_1) {
  return I(ir::Cmp{sreg, ir::CmpOp::Eq, std::move(data)});
}
inline ir::Instr payload(ir::PayloadBase base, uint32_t offset, uint32_t len,
                         ir::Reg dreg = NFT_REG_1) {
  return I(ir::Payload{dreg, base, offset, len});
}
inline ir::Instr verdict(ir::VerdictCode code, std::string chain = {}) {
  return I(ir::ImmediateVerdict{ir::Verdict{code, std::move(chain)}});
}

}  // namespace nftx::netlink::testing
