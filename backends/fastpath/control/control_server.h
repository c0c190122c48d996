// SPDX-License-Identifier: GPL-2.0-or-later
// The server side of the engine's control socket: a Unix stream socket (mode 0600, removed when
// the server goes) whose clients each send one request line and get one reply. Everything is
// non-blocking: serve() handles whatever is ready and returns at once, so the packet loop can
// call it between batches; wait() sleeps until a client (or another fd) needs attention.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nftx::fastpath::control {

inline constexpr size_t kMaxRequest = 64 * 1024;   // bytes, the newline excluded
inline constexpr int kConnectionTimeoutMs = 5000;  // a client must be done by then

enum class RequestStatus : uint8_t {
  Ok,        // `line` is the request, without its newline
  TooLarge,  // more than kMaxRequest bytes before the newline; `line` is empty
};

// Returns the reply; the transport adds the newline and closes the connection once it is sent.
using Handler = std::function<std::string(RequestStatus status, std::string_view line)>;

class ControlServer {
 public:
  // Binds `path`. A socket file nobody answers on is stale and replaced; a live one (or a file
  // that is not a socket) is refused. nullptr and `error` set on failure.
  static std::unique_ptr<ControlServer> open(const std::string& path, std::string& error);
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // Accepts, reads, runs `handler` for complete requests and writes replies, never blocking.
  void serve(const Handler& handler);
  // Sleeps up to `timeout_ms` until a client needs attention or `wake_fd` (if >= 0) is
  // readable, then serves. Returns true when `wake_fd` is readable.
  bool wait(int timeout_ms, int wake_fd, const Handler& handler);
  // Finishes the replies still being written (at most `timeout_ms`), e.g. before exiting.
  void flush(int timeout_ms);

  const std::string& path() const { return path_; }

 private:
  struct Connection {
    int fd = -1;
    std::string in;
    std::string out;
    size_t sent = 0;
    bool too_large = false;  // the request overflowed: the rest is read and dropped
    bool replying = false;
    int64_t deadline_ms = 0;
  };

  ControlServer(int fd, std::string path, dev_t dev, ino_t ino);
  void accept_all();
  // false when the connection is finished (closed by the caller).
  bool advance(Connection& c, const Handler& handler);
  void close_finished(std::vector<bool>& keep);

  int listen_fd_;
  std::string path_;
  dev_t dev_;  // the socket file we created: only that one is removed at exit
  ino_t ino_;
  std::vector<Connection> conns_;
};

}  // namespace nftx::fastpath::control
