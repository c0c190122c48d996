// SPDX-License-Identifier: GPL-2.0-or-later
// IR batch -> the bytes of one nfnetlink batch, as nft 1.0.6 sends them: BATCH_BEGIN, one
// message per IR message (element lists split into chunks of at most BUFSIZ bytes, which all
// carry their message's sequence number), then BATCH_END (left out in check mode, so that the
// kernel validates everything and then aborts). Next to the bytes the builder records, per
// netlink message, where it sits in the buffer and which IR message, rule expression or set
// element each top-level item came from, so that a kernel error (sequence number + extended-ack
// attribute offset) can be mapped back to a source span.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/span.h"
#include "compiler/ir/ir.h"

namespace nftx::netlink {

struct WireOptions {
  uint32_t first_seq = 1;  // BATCH_BEGIN gets first_seq, the IR messages the ones after it
  bool echo = false;       // NLM_F_ECHO on every message (nft -e)
  bool check = false;      // no BATCH_END: the kernel aborts after validating (nft -c)
};

// A byte range of a netlink message (offsets from the start of its nlmsghdr, as the kernel
// reports NLMSGERR_ATTR_OFFS) and the source construct that produced it.
struct WireItem {
  uint32_t begin = 0;
  uint32_t end = 0;
  Span span;
  std::optional<size_t> index;  // the rule's expression / the element list's element
};

struct WireMessage {
  uint32_t seq = 0;
  size_t offset = 0;  // in WireBatch::bytes
  uint32_t length = 0;
  std::optional<size_t> ir_index;  // nullopt for BATCH_BEGIN / BATCH_END
  Span span;                       // the whole construct (command, rule, set, ...)
  std::vector<WireItem> items;     // rule expressions, set elements
};

struct WireBatch {
  std::vector<uint8_t> bytes;
  std::vector<WireMessage> messages;

  // The message with this sequence number whose byte range holds `offset` (the first one
  // with the sequence number when offset is 0 or unknown); nullptr when there is none.
  const WireMessage* find(uint32_t seq, std::optional<uint32_t> offset) const;
};

// Throws EncodeError (encode_expr.h) when the IR breaks an invariant.
WireBatch build_wire_batch(const ir::Batch& batch, const WireOptions& options);

// NFT_MSG_* type (without the subsystem) and NLM_F_* flags nft 1.0.6 uses for a message.
uint16_t message_type(const ir::Message& message);
uint16_t message_flags(const ir::Message& message);

}  // namespace nftx::netlink
