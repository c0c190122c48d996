// SPDX-License-Identifier: GPL-2.0-or-later
// The netlink socket the kernel backend talks through, behind an interface so that unit tests
// can replay kernel answers without a kernel (the netns tests use the real one).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace nftx::netlink {

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends one datagram holding the whole batch. Returns 0 or an errno value.
  virtual int send(std::span<const uint8_t> bytes) = 0;
  // The next datagram the kernel has queued for us, without waiting: the kernel handles a
  // batch inside the send call, so every answer is queued once send() returns.
  virtual std::optional<std::vector<uint8_t>> receive() = 0;
};

// A NETLINK_NETFILTER socket via libmnl with extended acks on. Returns nullptr and sets `err`
// when the socket cannot be opened.
std::unique_ptr<Transport> open_netfilter_socket(int& err);

}  // namespace nftx::netlink
