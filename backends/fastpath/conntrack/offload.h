// SPDX-License-Identifier: GPL-2.0-or-later
// Conntrack side of the flowtable coupling (flowtable spec §1.5, §4.1, §4.2): while a conn is
// offloaded (IPS_OFFLOAD) the flowtable owns its lifetime; on teardown its timeout is fixed up.
#pragma once

#include <cstdint>

#include "backends/fastpath/conntrack/conn.h"
#include "backends/fastpath/conntrack/timeouts.h"

namespace nftx::fastpath::ct {

// flow_offload_add(): nf_ct_refresh(ct, NF_CT_DAY), so the conn cannot expire meanwhile.
void refresh_for_offload(Conn& conn, uint64_t now_ns);

// §4.1 nf_flow_table_extend_ct_timeout(): when less than 5 min remain and IPS_OFFLOAD is set,
// bump the timeout (UDP and TCP ESTABLISHED: 1 day; TCP FIN_WAIT/CLOSE_WAIT/LAST_ACK/
// TIME_WAIT: 5 min; other TCP states and other protocols: unchanged).
void extend_offloaded(Conn& conn, uint64_t now_ns);

// §4.2 flow_offload_teardown() + flow_offload_fixup_ct() (>= 6.14): clears IPS_OFFLOAD, then
//   TCP: closing -> state CLOSE, CLOSE_INIT on seen[0], timeout CLOSE (always applied);
//        else timeout of the current state, minus nf_flowtable_tcp_timeout if `expired`;
//        both: td_maxwin = 0 and MAXACK_SET cleared in both directions.
//   UDP: stream (SEEN_REPLY) or unreplied timeout, minus nf_flowtable_udp_timeout if expired.
//   other protocols: no fixup.
// The timeout (clamped at 0) is applied only if shorter than the remaining one, or closing.
// Returns the timeout chosen in ns (before the "only shorten" rule), or 0 when no fixup ran.
uint64_t fixup_after_offload(Conn& conn, bool closing, bool expired, const Timeouts& t,
                             uint64_t now_ns);

}  // namespace nftx::fastpath::ct
