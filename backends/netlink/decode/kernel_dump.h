// SPDX-License-Identifier: GPL-2.0-or-later
// Reads the kernel's ruleset back as an IR batch of Add messages, the way nft fills its cache
// (src/cache.c, src/mnl.c): NFT_MSG_GETGEN, then GETTABLE / GETCHAIN / GETSET (+ GETSETELEM per
// set) / GETFLOWTABLE / GETOBJ / GETRULE dumps, and the whole read again when the generation
// changed meanwhile or the kernel interrupted a dump.
//
// The batch is in the order raise::list_ruleset expects (tables, chains, sets with their
// elements, flowtables, objects, rules), every object carries its kernel handle, and
// anonymous sets are included so that the listing can inline them into rules.
#pragma once

#include <optional>
#include <string>

#include "backends/netlink/decode/decode_objects.h"
#include "backends/netlink/decode/netlink_socket.h"
#include "compiler/ir/ir.h"

namespace nftx::netlink::decode {

struct DumpRequest {
  std::optional<ir::Family> family;  // only this family (NFPROTO_UNSPEC when empty)
  std::optional<std::string> table;  // only this table (of `family`)
  bool chains = true;
  bool rules = true;  // implies chains and anonymous sets
  bool sets = true;
  bool named_set_elements = true;  // false for terse listings; anonymous sets always get theirs
  bool flowtables = true;
  bool objects = true;
};

// Throws NetlinkError (no permission, no nf_tables, ...) or DecodeError (an expression nftx has
// no IR for). Gives up with NetlinkError(EINTR) after many changed generations in a row.
ir::Batch dump_ruleset(const DumpRequest& request);

}  // namespace nftx::netlink::decode
