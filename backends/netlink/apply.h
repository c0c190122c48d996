// SPDX-License-Identifier: GPL-2.0-or-later
// Sending a wire batch to the kernel and collecting what comes back: errors (with the
// extended-ack message and attribute offset) and, with NLM_F_ECHO, the objects as created.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backends/netlink/transport.h"
#include "backends/netlink/wire_batch.h"

namespace nftx::netlink {

struct KernelError {
  int error = 0;                  // positive errno
  uint32_t seq = 0;               // of the failing request
  uint16_t type = 0;              // nlmsg_type of the failing request (from the echoed header)
  std::optional<uint32_t> offset;  // NLMSGERR_ATTR_OFFS: attribute offset in the request
  std::string message;            // NLMSGERR_ATTR_MSG, when the kernel gave one
};

struct SendResult {
  int send_error = 0;  // errno of the send itself (EMSGSIZE, EPERM, ...), 0 when sent
  std::vector<KernelError> errors;
  std::vector<std::vector<uint8_t>> notifications;  // echoed objects, one netlink message each
};

SendResult send_batch(const WireBatch& batch, Transport& transport);

// Decodes kernel answers (NLMSG_ERROR with extended ack, echoed objects); exposed for tests.
void parse_answers(const std::vector<uint8_t>& datagram, SendResult& result);

}  // namespace nftx::netlink
