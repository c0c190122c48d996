// SPDX-License-Identifier: GPL-2.0-or-later
// Internal to the delinearize files: the register file a rule's operations are read back through
// (nft's netlink_parse_ctx registers), one expression per 32-bit register.
#pragma once

#include <array>
#include <cstdint>

#include "compiler/ir/ir.h"
#include "compiler/raise/ruleset.h"
#include "compiler/raise/stmt.h"

namespace nftx::raise {

class RegisterFile {
 public:
  static constexpr uint32_t kSlots = 17;  // verdict + 16 32-bit registers

  // nft's netlink_parse_register: 128-bit registers map onto their first 32-bit register.
  static uint32_t slot(ir::Reg reg);

  void set(ir::Reg reg, ExprPtr e);
  ExprPtr get(ir::Reg reg) const { return get_slot(slot(reg)); }
  ExprPtr get_slot(uint32_t s) const;  // a copy, as each consumer may rewrite it
  // netlink_parse_concat_expr: the expressions of consecutive registers covering `len` bits.
  ExprPtr concat(uint32_t s, uint32_t len) const;
  // netlink_parse_concat_data: a constant split like the registers it is compared with.
  ExprPtr concat_data(uint32_t s, uint32_t len, const ir::Bytes& data) const;
  // The lookup key: the register's expression, or a concatenation when the set key is longer.
  ExprPtr key(ir::Reg reg, uint32_t key_bits) const;

 private:
  std::array<ExprPtr, kSlots> regs_{};
};

StmtPtr make_stmt(StmtKind kind);

// The statements with side effects (delinearize_stmt.cc); null when a register is missing.
StmtPtr parse_nat(const ir::Nat& n, const RegisterFile& regs, const TableState& table);
StmtPtr parse_masq(const ir::Masq& m, const RegisterFile& regs);
StmtPtr parse_redir(const ir::Redir& r, const RegisterFile& regs);
StmtPtr parse_objref(const ir::Objref& o, const RegisterFile& regs, const TableState& table);
StmtPtr parse_tproxy(const ir::Tproxy& t, const RegisterFile& regs);
StmtPtr parse_queue(const ir::Queue& q, const RegisterFile& regs);
StmtPtr parse_dup(const ir::Dup& d, const RegisterFile& regs, const TableState& table);
StmtPtr parse_fwd(const ir::Fwd& f, const RegisterFile& regs);
StmtPtr parse_dynset(const ir::Dynset& d, const RegisterFile& regs, const TableState& table);

}  // namespace nftx::raise
