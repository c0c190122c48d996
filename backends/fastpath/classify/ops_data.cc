// SPDX-License-Identifier: GPL-2.0-or-later
// Register-only operations: cmp, range, bitwise, byteorder, hash, numgen.
#include <algorithm>
#include <cstring>

#include "backends/fastpath/classify/jhash.h"
#include "backends/fastpath/classify/kernel_consts.h"
#include "backends/fastpath/classify/vm.h"

namespace nftx::fastpath::classify {

namespace {

uint32_t words(uint32_t len) { return (len + 3) / 4; }

}  // namespace

// nft_cmp: memcmp over the data's length, whatever the operator (big-endian order).
bool op_cmp(Vm& vm, const ir::Cmp& c) {
  const auto len = static_cast<uint32_t>(c.data.size());
  const uint8_t* s = vm.regs.at(c.sreg, len);
  if (s == nullptr) return false;
  const int d = std::memcmp(s, c.data.data(), len);
  switch (c.op) {
    case ir::CmpOp::Eq: return d == 0;
    case ir::CmpOp::Neq: return d != 0;
    case ir::CmpOp::Lt: return d < 0;
    case ir::CmpOp::Lte: return d <= 0;
    case ir::CmpOp::Gt: return d > 0;
    case ir::CmpOp::Gte: return d >= 0;
  }
  return false;
}

bool op_range(Vm& vm, const ir::Range& r) {
  const auto len = static_cast<uint32_t>(r.from.size());
  const uint8_t* s = vm.regs.at(r.sreg, len);
  if (s == nullptr || r.to.size() < len) return false;
  const bool outside =
      std::memcmp(s, r.from.data(), len) < 0 || std::memcmp(s, r.to.data(), len) > 0;
  return r.op == ir::CmpOp::Neq ? outside : !outside;
}

bool op_bitwise(Vm& vm, const ir::Bitwise& b) {
  const uint32_t n = words(b.len);
  uint8_t* s = vm.regs.at(b.sreg, n * 4);
  uint8_t* d = vm.regs.at(b.dreg, n * 4);
  if (s == nullptr || d == nullptr) return false;
  uint32_t src[16] = {};
  if (n > 16) return false;
  std::memcpy(src, s, n * 4);
  uint32_t dst[16] = {};
  switch (b.op) {
    case ir::BitwiseOp::Bool: {
      // mask/xor are zero beyond len (nft_data pads), so the padding bytes come out 0.
      uint8_t mask[64] = {}, x[64] = {};
      std::copy_n(b.mask.begin(), std::min<size_t>(b.mask.size(), 64), mask);
      std::copy_n(b.xor_.begin(), std::min<size_t>(b.xor_.size(), 64), x);
      const auto* sb = reinterpret_cast<const uint8_t*>(src);
      auto* db = reinterpret_cast<uint8_t*>(dst);
      for (uint32_t i = 0; i < n * 4; ++i) db[i] = static_cast<uint8_t>((sb[i] & mask[i]) ^ x[i]);
      break;
    }
    case ir::BitwiseOp::Lshift:
    case ir::BitwiseOp::Rshift: {
      uint32_t shift = 0;
      std::memcpy(&shift, b.data.data(), std::min<size_t>(b.data.size(), 4));
      if (shift >= 32) return false;
      uint32_t carry = 0;
      // Host-order 32-bit words, the carry moving between them as nft_bitwise_eval_*shift.
      if (b.op == ir::BitwiseOp::Lshift) {
        for (uint32_t i = n; i > 0; --i) {
          dst[i - 1] = (src[i - 1] << shift) | carry;
          carry = shift == 0 ? 0 : src[i - 1] >> (32 - shift);
        }
      } else {
        for (uint32_t i = 0; i < n; ++i) {
          dst[i] = carry | (src[i] >> shift);
          carry = shift == 0 ? 0 : src[i] << (32 - shift);
        }
      }
      break;
    }
  }
  std::memcpy(d, dst, n * 4);
  return true;
}

// hton and ntoh are the same byte swap on a little-endian host.
bool op_byteorder(Vm& vm, const ir::Byteorder& b) {
  if (b.size != 2 && b.size != 4 && b.size != 8) return false;
  uint8_t* s = vm.regs.at(b.sreg, b.len);
  uint8_t* d = vm.regs.at(b.dreg, b.len);
  if (s == nullptr || d == nullptr) return false;
  uint8_t tmp[64];
  if (b.len > sizeof(tmp)) return false;
  std::memcpy(tmp, s, b.len);
  for (uint32_t off = 0; off + b.size <= b.len; off += b.size) {
    std::reverse(tmp + off, tmp + off + b.size);
  }
  std::memcpy(d, tmp, b.len - b.len % b.size);
  return true;
}

bool op_hash(Vm& vm, const ir::Hash& h) {
  if (!h.sreg || h.type != k::kHashJenkins || h.modulus == 0) return false;
  const uint8_t* s = vm.regs.at(*h.sreg, h.len);
  uint8_t* d = vm.regs.at(h.dreg, 4);
  if (s == nullptr || d == nullptr) return false;
  store_u32(d, reciprocal_scale(jhash(s, h.len, h.seed), h.modulus) + h.offset);
  return true;
}

bool op_numgen(Vm& vm, const ir::Numgen& n, StatefulState& st) {
  uint8_t* d = vm.regs.at(n.dreg, 4);
  if (d == nullptr || n.modulus == 0) return false;
  uint32_t v = 0;
  if (n.type == k::kNumgenRandom) {
    v = reciprocal_scale(vm.env.random_u32(), n.modulus);
  } else {
    v = st.seq + 1 < n.modulus ? st.seq + 1 : 0;
    st.seq = v;
  }
  store_u32(d, v + n.offset);
  return true;
}

}  // namespace nftx::fastpath::classify
