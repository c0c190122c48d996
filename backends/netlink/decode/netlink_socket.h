// SPDX-License-Identifier: GPL-2.0-or-later
// A NETLINK_NETFILTER socket (libmnl) that sends one request and collects the replies. Replies
// are returned as raw message copies so that parsing and decoding happen outside libmnl's C
// callbacks (no exception ever unwinds through C code).
#pragma once

#include <libmnl/libmnl.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace nftx::netlink::decode {

// A failed netlink conversation; `error` is the errno (EPERM without CAP_NET_ADMIN, EINTR when
// the ruleset changed during a dump, ENOENT for a missing object, ...).
class NetlinkError : public std::runtime_error {
 public:
  NetlinkError(const std::string& what, int error) : std::runtime_error(what), error_(error) {}
  int error() const { return error_; }

 private:
  int error_;
};

class NetlinkSocket {
 public:
  // Opens and binds the socket; throws NetlinkError.
  NetlinkSocket();

  // Builds a request with `build` (given a zeroed buffer and the sequence number to use; it
  // returns the finished message), sends it and returns every reply message up to NLMSG_DONE
  // or the acknowledgement. Throws NetlinkError for an error reply or an interrupted dump.
  template <typename Build>
  std::vector<std::string> talk(Build build) {
    std::vector<char> buf(kRequestSize, 0);
    const uint32_t seq = next_seq_++;
    const nlmsghdr* nlh = build(buf.data(), seq);
    return exchange(nlh, seq);
  }

 private:
  static constexpr size_t kRequestSize = 64 * 1024;

  std::vector<std::string> exchange(const nlmsghdr* request, uint32_t seq);

  struct Closer {
    void operator()(mnl_socket* s) const { mnl_socket_close(s); }
  };
  std::unique_ptr<mnl_socket, Closer> socket_;
  uint32_t portid_ = 0;
  uint32_t next_seq_ = 0;
};

}  // namespace nftx::netlink::decode
