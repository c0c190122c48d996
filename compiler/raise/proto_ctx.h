// SPDX-License-Identifier: GPL-2.0-or-later
// What a rule has established about the packet so far while it is read back (nft's proto_ctx): the
// protocol at each header base, learnt from matches such as `meta l4proto tcp` or `ether type
// vlan`, which payload loads are then named after.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/proto/protocol.h"
#include "compiler/raise/expr.h"

namespace nftx::raise {

// nft's proto_unknown: a protocol is known to be present but has no description.
const proto::Protocol& unknown_protocol();

struct ProtoCtx {
  ir::Family family = ir::Family::Ip;
  std::array<const proto::Protocol*, kBaseMax + 1> protocol{};
  std::vector<const proto::Protocol*> stacked_ll;  // link layers below the current one (vlan)
  uint8_t icmp_type = 0;                           // th_dep.icmp.type

  explicit ProtoCtx(ir::Family f);
  void update(uint32_t base, const proto::Protocol* desc) { protocol[base] = desc; }
};

// nft's base of a protocol description (PayloadBase + 1).
uint32_t proto_base(const proto::Protocol& p);
// The hook's starting protocol and base for a family (hook_proto_desc).
const proto::Protocol& hook_protocol(ir::Family f);
uint32_t hook_base(ir::Family f);

// relational_expr_pctx_update: learn from `left == right` where left is a protocol key.
void pctx_update(ProtoCtx& ctx, const Expr& relational);
// ct saddr/daddr take their type from the network protocol (ct_expr_update_type).
void ct_update_type(const ProtoCtx& ctx, Expr& ct);

}  // namespace nftx::raise
