// SPDX-License-Identifier: GPL-2.0-or-later
// The client side of the engine's control socket: one request line out, one reply line back,
// everything bounded by a timeout so a stuck engine cannot hang the caller.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nftx::fastpath::control {

inline constexpr int kClientTimeoutMs = 5000;

struct ClientResult {
  std::optional<std::string> reply;  // the reply line without its newline
  std::string error;                 // why there is no reply ("Connection refused", ...)
};

// Connects to `path`, sends `request` (a newline is added) and reads the reply until the
// server closes the connection.
ClientResult request(const std::string& path, std::string_view request,
                     int timeout_ms = kClientTimeoutMs);

// Whether something accepts connections at `path` (a live server, as opposed to a stale file).
bool answers(const std::string& path);

}  // namespace nftx::fastpath::control
