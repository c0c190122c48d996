// SPDX-License-Identifier: GPL-2.0-or-later
// Statements that hand work to the engine: nat/masquerade/redirect requests (the kernel's
// nf_nat_range2 as nft_nat_eval fills it) and log lines.
#include <cstring>
#include <string>

#include "backends/fastpath/classify/kernel_consts.h"
#include "backends/fastpath/classify/log_line.h"
#include "backends/fastpath/classify/vm.h"

namespace nftx::fastpath::classify {

bool op_nat(Vm& vm, const ir::Nat& n) {
  NatRequest req;
  req.kind = n.type == k::kNatSnat ? NatKind::Snat : NatKind::Dnat;
  req.family = static_cast<uint8_t>(n.family);
  req.flags = n.flags.value_or(0);
  const uint32_t alen = n.family == kNfprotoIpv6 ? 16 : 4;
  if (n.addr_min) {
    const uint8_t* lo = vm.regs.at(*n.addr_min, alen);
    const uint8_t* hi = vm.regs.at(n.addr_max.value_or(*n.addr_min), alen);
    if (lo == nullptr || hi == nullptr) return false;
    std::memcpy(req.addr_min, lo, alen);
    std::memcpy(req.addr_max, hi, alen);
    req.flags |= k::kNatRangeMapIps;
  }
  if (n.proto_min) {
    const uint8_t* lo = vm.regs.at(*n.proto_min, 2);
    const uint8_t* hi = vm.regs.at(n.proto_max.value_or(*n.proto_min), 2);
    if (lo == nullptr || hi == nullptr) return false;
    std::memcpy(&req.proto_min, lo, 2);
    std::memcpy(&req.proto_max, hi, 2);
    req.flags |= k::kNatRangeProtoSpecified;
  }
  vm.result.has_nat = true;
  vm.result.nat = req;
  vm.regs.code = ir::VerdictCode::Accept;
  return true;
}

bool op_masq_redir(Vm& vm, NatKind kind, const std::optional<uint32_t>& flags,
                   const std::optional<ir::Reg>& pmin, const std::optional<ir::Reg>& pmax) {
  NatRequest req;
  req.kind = kind;
  req.family = static_cast<uint8_t>(vm.pkt.pf);
  req.flags = flags.value_or(0);
  if (pmin) {
    const uint8_t* lo = vm.regs.at(*pmin, 2);
    const uint8_t* hi = vm.regs.at(pmax.value_or(*pmin), 2);
    if (lo == nullptr || hi == nullptr) return false;
    std::memcpy(&req.proto_min, lo, 2);
    std::memcpy(&req.proto_max, hi, 2);
    req.flags |= k::kNatRangeProtoSpecified;
  }
  vm.result.has_nat = true;
  vm.result.nat = req;
  vm.regs.code = ir::VerdictCode::Accept;
  return true;
}

bool op_log(Vm& vm, const ir::Log& l) {
  std::string line;
  format_log_line(vm.pkt, l.prefix ? *l.prefix : std::string(), l.flags.value_or(0), line);
  vm.env.log(line);
  return true;
}

}  // namespace nftx::fastpath::classify
