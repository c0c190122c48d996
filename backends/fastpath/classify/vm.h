// SPDX-License-Identifier: GPL-2.0-or-later
// Internal to classify: the VM's register file and per-run context, shared by the operation
// files (ops_*.cc). Each operation returns false to break the rule (NFT_BREAK).
#pragma once

#include <cstdint>
#include <cstring>

#include "backends/fastpath/classify/env.h"
#include "backends/fastpath/classify/ruleset.h"

namespace nftx::fastpath::classify {

// struct nft_regs: 20 words; word 0..3 is the verdict, NFT_REG_1..4 are words 4..19 in blocks
// of four, NFT_REG32_00..15 are words 4..19 one by one.
struct Regs {
  static constexpr uint32_t kWords = 20;
  uint32_t data[kWords] = {};
  ir::VerdictCode code = ir::VerdictCode::Continue;
  int32_t chain = -1;  // Jump/Goto target

  // Byte pointer to register `r` when `len` bytes fit from there, else null.
  uint8_t* at(ir::Reg r, uint32_t len) {
    const uint32_t word = r <= 4 ? r * 4 : r - 8 + 4;
    if (r == 0 || (r > 4 && r < 8) || word * 4 + len > kWords * 4) return nullptr;
    return reinterpret_cast<uint8_t*>(&data[word]);
  }
};

struct Vm {
  CompiledRuleset& rs;
  CompiledTable& table;
  Packet& pkt;
  Env& env;
  Result& result;
  Regs regs;
  uint32_t pkt_len = 0;  // skb->len: from the network header (counters, limits, meta len)
  bool notracked = false;
};

// nft_reg_store8/16 zero the rest of the 32-bit word.
inline void store_u8(uint8_t* d, uint8_t v) {
  uint32_t w = 0;
  std::memcpy(&w, &v, 1);
  std::memcpy(d, &w, 4);
}
inline void store_u16(uint8_t* d, uint16_t v) {
  uint32_t w = 0;
  std::memcpy(&w, &v, 2);
  std::memcpy(d, &w, 4);
}
inline void store_u32(uint8_t* d, uint32_t v) { std::memcpy(d, &v, 4); }
inline void store_u64(uint8_t* d, uint64_t v) { std::memcpy(d, &v, 8); }
inline uint32_t load_u32(const uint8_t* s) {
  uint32_t v;
  std::memcpy(&v, s, 4);
  return v;
}

// ops_payload.cc
bool op_payload(Vm& vm, const ir::Payload& p);
bool op_payload_write(Vm& vm, const ir::PayloadWrite& p);
bool op_exthdr(Vm& vm, const ir::Exthdr& e);
// ops_meta.cc
bool op_meta(Vm& vm, const ir::Meta& m);
bool op_ct(Vm& vm, const ir::Ct& c);
bool op_fib(Vm& vm, const ir::Fib& f);
bool op_rt(Vm& vm, const ir::Rt& r);
// ops_data.cc
bool op_cmp(Vm& vm, const ir::Cmp& c);
bool op_range(Vm& vm, const ir::Range& r);
bool op_bitwise(Vm& vm, const ir::Bitwise& b);
bool op_byteorder(Vm& vm, const ir::Byteorder& b);
bool op_hash(Vm& vm, const ir::Hash& h);
bool op_numgen(Vm& vm, const ir::Numgen& n, StatefulState& st);
// ops_set.cc
bool op_lookup(Vm& vm, const ir::Lookup& l, int32_t set);
bool op_dynset(Vm& vm, const ir::Dynset& d, int32_t set);
bool op_objref(Vm& vm, const ir::Objref& o, int32_t ref);
// ops_action.cc
bool op_nat(Vm& vm, const ir::Nat& n);
bool op_masq_redir(Vm& vm, NatKind kind, const std::optional<uint32_t>& flags,
                   const std::optional<ir::Reg>& pmin, const std::optional<ir::Reg>& pmax);
bool op_log(Vm& vm, const ir::Log& l);
// The packet's transport header is readable (not a later fragment, l4 found).
bool has_transport(const Vm& vm);
// End of the readable bytes for network/transport loads (the IP datagram in ip hooks).
uint32_t packet_end(const Vm& vm);

}  // namespace nftx::fastpath::classify
