// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/decode/netlink_socket.h"

#include <linux/netfilter/nfnetlink.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace nftx::netlink::decode {
namespace {

// Large enough for the biggest message the kernel puts into one dump skb.
constexpr size_t kReceiveSize = 256 * 1024;

int keep_message(const nlmsghdr* nlh, void* data) {
  auto* out = static_cast<std::vector<std::string>*>(data);
  out->emplace_back(reinterpret_cast<const char*>(nlh), nlh->nlmsg_len);
  return MNL_CB_OK;
}

std::string errno_text(int err) { return std::strerror(err); }

}  // namespace

NetlinkSocket::NetlinkSocket() : socket_(mnl_socket_open(NETLINK_NETFILTER)) {
  if (!socket_) throw NetlinkError("cannot open netlink socket: " + errno_text(errno), errno);
  if (mnl_socket_bind(socket_.get(), 0, MNL_SOCKET_AUTOPID) < 0) {
    throw NetlinkError("cannot bind netlink socket: " + errno_text(errno), errno);
  }
  portid_ = mnl_socket_get_portid(socket_.get());
  // Sequence numbers only have to differ between requests of this socket.
  next_seq_ = static_cast<uint32_t>(std::time(nullptr));
}

std::vector<std::string> NetlinkSocket::exchange(const nlmsghdr* request, uint32_t seq) {
  if (mnl_socket_sendto(socket_.get(), request, request->nlmsg_len) < 0) {
    throw NetlinkError("cannot send netlink request: " + errno_text(errno), errno);
  }
  std::vector<std::string> replies;
  std::vector<char> buf(kReceiveSize);
  for (;;) {
    const ssize_t n = mnl_socket_recvfrom(socket_.get(), buf.data(), buf.size());
    if (n < 0) throw NetlinkError("cannot receive netlink reply: " + errno_text(errno), errno);
    const int ret =
        mnl_cb_run(buf.data(), static_cast<size_t>(n), seq, portid_, keep_message, &replies);
    if (ret == MNL_CB_STOP) return replies;
    // libmnl reports an error reply, and a dump the kernel flagged NLM_F_DUMP_INTR, as -1/errno.
    if (ret < 0) throw NetlinkError(errno_text(errno), errno);
  }
}

}  // namespace nftx::netlink::decode
