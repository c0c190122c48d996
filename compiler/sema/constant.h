// SPDX-License-Identifier: GPL-2.0-or-later
// Constants: a word, number or string as written, turned into the register image of a value of
// a given type (width, byte order, symbols, addresses, services, names of users and devices).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/ir/ir.h"
#include "compiler/proto/datatype.h"
#include "parser/ast_expr.h"

namespace nftx::sema {

struct ValueType {
  proto::TypeId type = proto::TypeId::Integer;
  proto::ByteOrder byteorder = proto::ByteOrder::Big;
  uint32_t len_bits = 0;  // field width (values must fit)
};

struct ConstResult {
  ir::Bytes data;            // ceil(len_bits / 8) bytes in the type's byte order
  std::optional<uint32_t> wildcard_len;  // `eth*`: only the first N bytes are compared
  std::string error;         // non-empty on failure (nft's wording where it has one)
  bool ok() const { return error.empty(); }
};

ConstResult parse_constant(const ast::Symbol& sym, const ValueType& want);

// Integer helpers shared by sema: numbers of arbitrary width as big-endian byte strings.
std::optional<ir::Bytes> parse_number(std::string_view text);  // minimal big-endian bytes
// Fits a big-endian number into `len_bits`; nullopt if it does not fit.
std::optional<ir::Bytes> fit_number(const ir::Bytes& be, uint32_t len_bits);
ir::Bytes to_order(ir::Bytes be, proto::ByteOrder order);  // reverse for host order
ir::Bytes from_u64(uint64_t v, uint32_t len_bytes);         // big-endian
uint64_t to_u64(const ir::Bytes& be);                       // big-endian, low 8 bytes

}  // namespace nftx::sema
