// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/transport.h"

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include <cerrno>

namespace nftx::netlink {
namespace {

class MnlTransport final : public Transport {
 public:
  explicit MnlTransport(mnl_socket* nl) : nl_(nl) {}
  ~MnlTransport() override { mnl_socket_close(nl_); }
  MnlTransport(const MnlTransport&) = delete;
  MnlTransport& operator=(const MnlTransport&) = delete;

  int send(std::span<const uint8_t> bytes) override {
    grow_buffers(bytes.size());
    const ssize_t n = mnl_socket_sendto(nl_, bytes.data(), bytes.size());
    if (n < 0) return errno;
    return 0;
  }

  std::optional<std::vector<uint8_t>> receive() override {
    std::vector<uint8_t> buf(kReceiveSize);
    const ssize_t n = recv(mnl_socket_get_fd(nl_), buf.data(), buf.size(), MSG_DONTWAIT);
    if (n <= 0) return std::nullopt;
    buf.resize(static_cast<size_t>(n));
    return buf;
  }

 private:
  // A batch must arrive in one datagram: make the send buffer hold it (SO_SNDBUFFORCE needs
  // CAP_NET_ADMIN, which applying needs anyway; SO_SNDBUF is the fallback), and make room for
  // the answers of every message (errors carry the request back).
  void grow_buffers(size_t len) {
    const int want = static_cast<int>(len + 4096);
    if (want <= sndbuf_) return;
    const int fd = mnl_socket_get_fd(nl_);
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof(want)) != 0) {
      setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want));
    }
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof(want)) != 0) {
      setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof(want));
    }
    sndbuf_ = want;
  }

  static constexpr size_t kReceiveSize = 1 << 20;
  mnl_socket* nl_;
  int sndbuf_ = 0;
};

}  // namespace

std::unique_ptr<Transport> open_netfilter_socket(int& err) {
  mnl_socket* nl = mnl_socket_open(NETLINK_NETFILTER);
  if (!nl) {
    err = errno;
    return nullptr;
  }
  if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
    err = errno;
    mnl_socket_close(nl);
    return nullptr;
  }
  int on = 1;  // libmnl takes a non-const pointer
  mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &on, sizeof(on));
  return std::make_unique<MnlTransport>(nl);
}

}  // namespace nftx::netlink
