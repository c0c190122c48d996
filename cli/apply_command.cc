// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/apply_command.h"

#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "backends/netlink/apply.h"
#include "backends/netlink/echo/echo_text.h"
#include "backends/netlink/kernel_error.h"
#include "backends/netlink/transport.h"
#include "backends/netlink/wire_batch.h"

namespace nftx::cli {

bool apply_batch(const ir::Batch& compiled, const RunOptions& opts, Diagnostics& diags) {
  const ir::Batch batch =
      netlink::kernel_flowtable_hooks(compiled, opts.early_ingress_as_ingress, diags);
  if (diags.has_errors()) return false;
  netlink::WireOptions wopts;
  // Like nft, start from the clock so that answers to an earlier run cannot be mistaken.
  wopts.first_seq = static_cast<uint32_t>(std::time(nullptr));
  wopts.check = opts.check;
  wopts.echo = opts.echo && !opts.check;
  const netlink::WireBatch wire = netlink::build_wire_batch(batch, wopts);
  if (opts.debug_mnl) {
    mnl_nlmsg_fprintf(stdout, wire.bytes.data(), wire.bytes.size(), sizeof(nfgenmsg));
    std::fflush(stdout);
  }
  int err = 0;
  auto transport = netlink::open_netfilter_socket(err);
  if (!transport) {
    std::string text = "cannot open a netlink socket: ";
    text += std::strerror(err);
    if (err == EPERM || err == EACCES) text += " (applying needs root or CAP_NET_ADMIN)";
    diags.error(Span{}, "kernel", text);
    return false;
  }
  const netlink::SendResult result = netlink::send_batch(wire, *transport);
  netlink::report_kernel_errors(result, wire, batch, diags);
  if (wopts.echo && !diags.has_errors()) {
    std::fputs(netlink::echo_text(result.notifications, batch, opts.handles).c_str(), stdout);
  }
  return !diags.has_errors();
}

}  // namespace nftx::cli
