// SPDX-License-Identifier: GPL-2.0-or-later
// Small helpers to write IR batches by hand in the listing printer's unit tests.
#pragma once

#include <linux/netfilter/nf_tables.h>

#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/raise/raise.h"

namespace nftx::raise::testing {

inline ir::Instr I(ir::Op op) { return ir::Instr{std::move(op), {}}; }

inline ir::Message msg(ir::Object_ object, ir::Verb verb = ir::Verb::Add) {
  return ir::Message{verb, std::move(object), 0, {}};
}

inline ir::Table table(ir::Family f, std::string name) {
  ir::Table t;
  t.family = f;
  t.name = std::move(name);
  return t;
}

inline ir::SetElem elem(ir::Bytes key, uint32_t flags = 0) {
  ir::SetElem e;
  e.key = std::move(key);
  e.flags = flags;
  return e;
}

inline ir::SetElems elems(ir::Family f, std::string table, std::string set, uint32_t set_id,
                          std::vector<ir::SetElem> list) {
  ir::SetElems e;
  e.family = f;
  e.table = std::move(table);
  e.set = std::move(set);
  e.set_id = set_id;
  e.elements = std::move(list);
  return e;
}

inline ir::Chain chain(ir::Family f, std::string table, std::string name) {
  ir::Chain c;
  c.family = f;
  c.table = std::move(table);
  c.name = std::move(name);
  return c;
}

inline ir::Chain base_chain(ir::Family f, std::string table, std::string name, uint32_t hook,
                            int32_t prio, std::string type = "filter") {
  ir::Chain c = chain(f, std::move(table), std::move(name));
  c.hook = ir::ChainHook{hook, prio, std::move(type), {}};
  c.flags = NFT_CHAIN_BASE;
  return c;
}

inline ir::Rule rule(ir::Family f, std::string table, std::string chain,
                     std::vector<ir::Instr> exprs) {
  ir::Rule r;
  r.family = f;
  r.table = std::move(table);
  r.chain = std::move(chain);
  r.exprs = std::move(exprs);
  return r;
}

inline ir::Bytes be16(uint16_t v) {
  return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v & 0xff)};
}
inline ir::Bytes host32(uint32_t v) {
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 24)};
}

inline ir::Instr meta(uint32_t key, ir::Reg dreg = NFT_REG_1) {
  return I(ir::Meta{dreg, std::nullopt, key});
}
inline ir::Instr cmp(ir::Bytes data, ir::CmpOp op = ir::CmpOp::Eq, ir::Reg sreg = NFT_REG_1) {
  return I(ir::Cmp{sreg, op, std::move(data)});
}
inline ir::Instr load(ir::PayloadBase base, uint32_t offset, uint32_t len,
                      ir::Reg dreg = NFT_REG_1) {
  return I(ir::Payload{dreg, base, offset, len});
}
inline ir::Instr mask(ir::Bytes m, ir::Bytes x, uint32_t len) {
  return I(
      ir::Bitwise{NFT_REG_1, NFT_REG_1, len, ir::BitwiseOp::Bool, std::move(m), std::move(x), {}});
}
inline ir::Instr verdict(ir::VerdictCode code, std::string target = {}) {
  return I(ir::ImmediateVerdict{ir::Verdict{code, std::move(target)}});
}

// The stateless, numeric-protocol listing the conformance runner compares.
inline std::string listing(const std::vector<ir::Message>& messages) {
  return list_ruleset(ir::Batch{messages}, {.stateless = true, .numeric_protocol = true});
}

// The rule line of a batch holding one table, one chain and one rule.
inline std::string rule_line(ir::Family f, std::vector<ir::Instr> exprs,
                             std::vector<ir::Message> before = {}) {
  std::vector<ir::Message> m{msg(table(f, "t")), msg(chain(f, "t", "c"))};
  for (auto& b : before) m.push_back(std::move(b));
  m.push_back(msg(rule(f, "t", "c", std::move(exprs))));
  const std::string out = listing(m);
  const std::string head = "\tchain c {\n\t\t";
  const size_t at = out.find(head);
  if (at == std::string::npos) return "<no rule>";
  const size_t from = at + head.size();
  return out.substr(from, out.find('\n', from) - from);
}

}  // namespace nftx::raise::testing
