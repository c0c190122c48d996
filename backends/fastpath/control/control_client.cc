// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/control/control_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace nftx::fastpath::control {
namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Closes the descriptor on every way out of request().
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

bool make_address(const std::string& path, sockaddr_un& addr) {
  if (path.empty() || path.size() >= sizeof(addr.sun_path)) return false;
  std::memset(&addr, 0, sizeof(addr));
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());
  return true;
}

int connect_to(int fd, const sockaddr_un& addr) {
  return ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr));
}

// Waits for `events` on `fd` until `deadline`; false on timeout (errno = ETIMEDOUT).
bool wait_for(int fd, short events, int64_t deadline) {
  for (;;) {
    const int64_t left = deadline - now_ms();
    if (left <= 0) {
      errno = ETIMEDOUT;
      return false;
    }
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(left));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

std::string timeout_text(int timeout_ms) {
  return "no reply within " + std::to_string(timeout_ms / 1000) + " s";
}

}  // namespace

ClientResult request(const std::string& path, std::string_view request, int timeout_ms) {
  ClientResult r;
  sockaddr_un addr{};
  if (!make_address(path, addr)) {
    r.error = "socket path too long";
    return r;
  }
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    r.error = std::strerror(errno);
    return r;
  }
  const int64_t deadline = now_ms() + timeout_ms;
  // A Unix connect completes at once or fails; EAGAIN means the backlog is full: retry.
  while (connect_to(fd.get(), addr) != 0) {
    if (errno != EAGAIN && errno != EINTR) {
      r.error = std::strerror(errno);
      return r;
    }
    if (now_ms() >= deadline) {
      r.error = timeout_text(timeout_ms);
      return r;
    }
    ::poll(nullptr, 0, 10);
  }
  std::string out(request);
  out += '\n';
  size_t sent = 0;
  while (sent < out.size()) {
    const ssize_t n = ::send(fd.get(), out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      if (!wait_for(fd.get(), POLLOUT, deadline)) {
        r.error = errno == ETIMEDOUT ? timeout_text(timeout_ms) : std::strerror(errno);
        return r;
      }
      continue;
    }
    r.error = std::strerror(errno);
    return r;
  }
  ::shutdown(fd.get(), SHUT_WR);
  std::string in;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::recv(fd.get(), buf, sizeof(buf), 0);
    if (n > 0) {
      in.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) break;
    if (errno == EINTR) continue;
    if (errno == EAGAIN) {
      if (!wait_for(fd.get(), POLLIN, deadline)) {
        r.error = errno == ETIMEDOUT ? timeout_text(timeout_ms) : std::strerror(errno);
        return r;
      }
      continue;
    }
    r.error = std::strerror(errno);
    return r;
  }
  if (in.empty() || in.back() != '\n') {
    r.error = "the connection closed without a complete reply";
    return r;
  }
  in.pop_back();
  r.reply = std::move(in);
  return r;
}

bool answers(const std::string& path) {
  sockaddr_un addr{};
  if (!make_address(path, addr)) return false;
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return false;
  // EAGAIN: a listener whose backlog is full is still alive.
  return connect_to(fd.get(), addr) == 0 || errno == EAGAIN;
}

}  // namespace nftx::fastpath::control
