// SPDX-License-Identifier: GPL-2.0-or-later
// The text of a `log` statement, shaped like the kernel's nf_log_ip/ip6 output:
// "<prefix>IN=eth0 OUT=eth1 MAC=... SRC=... DST=... LEN=... ... PROTO=TCP SPT=... DPT=... ".
#pragma once

#include <cstdint>
#include <string>

#include "backends/fastpath/classify/env.h"

namespace nftx::fastpath::classify {

// `flags`: NF_LOG_TCPSEQ 1, TCPOPT 2, IPOPT 4, UID 8, MACDECODE 32 (only TCPSEQ and MACDECODE
// change the text here).
void format_log_line(const Packet& pkt, const std::string& prefix, uint32_t flags,
                     std::string& out);

}  // namespace nftx::fastpath::classify
