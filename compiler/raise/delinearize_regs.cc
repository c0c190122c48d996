// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/raise/delinearize_regs.h"

namespace nftx::raise {

uint32_t RegisterFile::slot(ir::Reg reg) {
  if (reg >= 1 && reg <= 4) return 1 + (reg - 1) * 4;
  if (reg >= 8) return 1 + reg - 8;
  return 0;
}

void RegisterFile::set(ir::Reg reg, ExprPtr e) {
  const uint32_t s = slot(reg);
  if (s == 0 || s >= kSlots) return;
  regs_[s] = std::move(e);
}

ExprPtr RegisterFile::get_slot(uint32_t s) const {
  if (s == 0 || s >= kSlots || !regs_[s]) return nullptr;
  return clone(regs_[s]);
}

ExprPtr RegisterFile::concat(uint32_t s, uint32_t len) const {
  std::vector<ExprPtr> items;
  int64_t left = len;
  while (left > 0) {
    ExprPtr e = get_slot(s);
    if (!e || e->len == 0) return nullptr;
    left -= padded_len(e->len);
    s += register_space(e->len);
    items.push_back(std::move(e));
  }
  return make_concat(std::move(items));
}

ExprPtr RegisterFile::concat_data(uint32_t s, uint32_t len, const ir::Bytes& data) const {
  std::vector<ExprPtr> items;
  size_t pos = 0;
  int64_t left = len;
  while (left > 0) {
    ExprPtr e = get_slot(s);
    if (!e || e->len == 0) return nullptr;
    const size_t bytes = (e->len + 7) / 8;
    if (pos + bytes > data.size()) return nullptr;
    ir::Bytes part(data.begin() + static_cast<ptrdiff_t>(pos),
                   data.begin() + static_cast<ptrdiff_t>(pos + bytes));
    ExprPtr v = make_raw_value(part);
    v->len = e->len;
    items.push_back(v);
    pos += register_space(e->len) * 4;
    left -= padded_len(e->len);
    s += register_space(e->len);
  }
  return make_concat(std::move(items));
}

ExprPtr RegisterFile::key(ir::Reg reg, uint32_t key_bits) const {
  ExprPtr e = get(reg);
  if (e && e->len < key_bits) {
    if (ExprPtr c = concat(slot(reg), key_bits)) return c;
  }
  return e;
}

StmtPtr make_stmt(StmtKind kind) {
  auto s = std::make_shared<Stmt>();
  s->kind = kind;
  return s;
}

}  // namespace nftx::raise
