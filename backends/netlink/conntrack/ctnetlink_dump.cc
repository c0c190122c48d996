// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/conntrack/ctnetlink_dump.h"

#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>

#include "backends/netlink/conntrack/ctnetlink_parse.h"

namespace nftx::conntrack {
namespace {

struct SocketCloser {
  void operator()(mnl_socket* s) const { mnl_socket_close(s); }
};
using Socket = std::unique_ptr<mnl_socket, SocketCloser>;

// Kernel dump skbs grow up to 32 KiB (more with large pages); a short buffer would truncate
// messages (MSG_TRUNC), so receive into a generous one.
constexpr size_t kReceiveBuffer = 1u << 17;

DumpResult failure(DumpResult r, const std::string& what, int err) {
  r.error = what + ": " + std::strerror(err);
  if (err == EPERM) r.error += " (CAP_NET_ADMIN is needed to read the conntrack table)";
  r.error_number = err;
  return r;
}

}  // namespace

DumpResult dump_kernel_conntrack(uint8_t family) {
  DumpResult result;
  Socket nl(mnl_socket_open(NETLINK_NETFILTER));
  if (!nl) return failure(std::move(result), "cannot open netlink socket", errno);
  if (mnl_socket_bind(nl.get(), 0, MNL_SOCKET_AUTOPID) < 0) {
    return failure(std::move(result), "cannot bind netlink socket", errno);
  }
  const uint32_t portid = mnl_socket_get_portid(nl.get());
  const auto seq = static_cast<uint32_t>(std::time(nullptr));

  std::vector<char> buf(kReceiveBuffer);
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf.data());
  nlh->nlmsg_type = static_cast<uint16_t>((NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET);
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  nlh->nlmsg_seq = seq;
  auto* gen = static_cast<nfgenmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(nfgenmsg)));
  gen->nfgen_family = family;
  gen->version = NFNETLINK_V0;
  gen->res_id = 0;
  if (mnl_socket_sendto(nl.get(), nlh, nlh->nlmsg_len) < 0) {
    return failure(std::move(result), "cannot send conntrack dump request", errno);
  }

  MessagesResult parsed;
  while (true) {
    const ssize_t n = mnl_socket_recvfrom(nl.get(), buf.data(), buf.size());
    if (n < 0) {
      result.entries = std::move(parsed.entries);
      return failure(std::move(result), "cannot receive conntrack dump", errno);
    }
    const int ret = parse_ct_messages(buf.data(), static_cast<size_t>(n), seq, portid, parsed);
    if (ret <= MNL_CB_STOP) break;
  }
  result.entries = std::move(parsed.entries);
  result.warnings = std::move(parsed.warnings);
  if (parsed.error != 0) return failure(std::move(result), "conntrack dump failed", parsed.error);
  return result;
}

}  // namespace nftx::conntrack
