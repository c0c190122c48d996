// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/control/control_server.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "backends/fastpath/control/control_client.h"

namespace nftx::fastpath::control {
namespace {

constexpr size_t kMaxConnections = 64;  // at once; see accept_all()
constexpr int kBacklog = 16;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

std::unique_ptr<ControlServer> ControlServer::open(const std::string& path, std::string& error) {
  sockaddr_un addr{};
  if (path.empty() || path.size() >= sizeof(addr.sun_path)) {
    error = path + ": socket path too long (at most " +
            std::to_string(sizeof(addr.sun_path) - 1) + " bytes)";
    return nullptr;
  }
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      error = path + ": exists and is not a socket";
      return nullptr;
    }
    if (answers(path)) {
      error = path + ": an engine already answers there";
      return nullptr;
    }
    // Left behind by an engine that did not exit cleanly: nobody listens, replace it.
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      error = errno_text(path + ": cannot remove the stale socket");
      return nullptr;
    }
  }
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = errno_text("socket");
    return nullptr;
  }
  // Linux creates the socket file with the socket inode's mode: 0600 from the start, with no
  // window where others could connect.
  ::fchmod(fd, S_IRUSR | S_IWUSR);
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    error = errno_text(path);
    ::close(fd);
    return nullptr;
  }
  if (::chmod(path.c_str(), S_IRUSR | S_IWUSR) != 0 || ::listen(fd, kBacklog) != 0 ||
      ::lstat(path.c_str(), &st) != 0) {
    error = errno_text(path);
    ::unlink(path.c_str());
    ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<ControlServer>(new ControlServer(fd, path, st.st_dev, st.st_ino));
}

ControlServer::ControlServer(int fd, std::string path, dev_t dev, ino_t ino)
    : listen_fd_(fd), path_(std::move(path)), dev_(dev), ino_(ino) {}

ControlServer::~ControlServer() {
  for (Connection& c : conns_) ::close(c.fd);
  ::close(listen_fd_);
  // Only our own socket file: someone may have replaced it meanwhile.
  struct stat st {};
  if (::lstat(path_.c_str(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_) {
    ::unlink(path_.c_str());
  }
}

void ControlServer::accept_all() {
  for (;;) {
    if (conns_.size() >= kMaxConnections) {
      // Full: the oldest client that has not finished its request makes room, so idle
      // connections cannot lock everyone else out for their whole timeout.
      auto idle = std::find_if(conns_.begin(), conns_.end(),
                               [](const Connection& c) { return !c.replying; });
      if (idle == conns_.end()) return;
      ::close(idle->fd);
      conns_.erase(idle);
    }
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // EAGAIN, or out of descriptors: try again later
    }
    Connection c;
    c.fd = fd;
    c.deadline_ms = now_ms() + kConnectionTimeoutMs;
    conns_.push_back(std::move(c));
  }
}

bool ControlServer::advance(Connection& c, const Handler& handler) {
  if (now_ms() > c.deadline_ms) return false;
  if (!c.replying) {
    bool complete = false, eof = false;
    char buf[4096];
    while (!complete) {
      const ssize_t n = ::recv(c.fd, buf, sizeof(buf), MSG_DONTWAIT);
      if (n > 0) {
        // An oversized request is still read to its end: closing with unread data would reset
        // the connection and lose the error reply.
        if (c.too_large) {
          complete = std::memchr(buf, '\n', static_cast<size_t>(n)) != nullptr;
          continue;
        }
        const size_t old = c.in.size();
        c.in.append(buf, static_cast<size_t>(n));
        complete = c.in.find('\n', old) != std::string::npos;
        if (!complete && c.in.size() > kMaxRequest) {
          c.too_large = true;
          c.in.clear();
        }
        continue;
      }
      if (n == 0) {
        eof = true;
        break;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      return false;
    }
    if (!complete && !eof) return true;
    if (!complete && c.in.empty() && !c.too_large) return false;  // nothing asked
    const size_t nl = c.in.find('\n');
    const size_t len = nl == std::string::npos ? c.in.size() : nl;
    const RequestStatus status =
        c.too_large || len > kMaxRequest ? RequestStatus::TooLarge : RequestStatus::Ok;
    const std::string_view line =
        status == RequestStatus::Ok ? std::string_view(c.in).substr(0, len) : std::string_view();
    c.out = handler(status, line);
    c.out += '\n';
    c.in.clear();
    c.in.shrink_to_fit();
    c.replying = true;
  }
  while (c.sent < c.out.size()) {
    const ssize_t n =
        ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) {
      c.sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && errno == EAGAIN;
  }
  return false;  // the reply is out: close, which is the client's end-of-reply
}

void ControlServer::close_finished(std::vector<bool>& keep) {
  size_t j = 0;
  for (size_t i = 0; i < conns_.size(); ++i) {
    if (keep[i]) {
      if (j != i) conns_[j] = std::move(conns_[i]);
      ++j;
    } else {
      ::close(conns_[i].fd);
    }
  }
  conns_.resize(j);
}

void ControlServer::serve(const Handler& handler) { wait(0, -1, handler); }

bool ControlServer::wait(int timeout_ms, int wake_fd, const Handler& handler) {
  std::vector<pollfd> fds;
  fds.reserve(conns_.size() + 2);
  fds.push_back(pollfd{listen_fd_, POLLIN, 0});
  int64_t first_deadline = now_ms() + timeout_ms;
  for (const Connection& c : conns_) {
    fds.push_back(pollfd{c.fd, static_cast<short>(c.replying ? POLLOUT : POLLIN), 0});
    first_deadline = std::min(first_deadline, c.deadline_ms + 1);
  }
  if (wake_fd >= 0) fds.push_back(pollfd{wake_fd, POLLIN, 0});
  const int wait_ms = static_cast<int>(std::max<int64_t>(0, first_deadline - now_ms()));
  const int n = ::poll(fds.data(), fds.size(), timeout_ms == 0 ? 0 : wait_ms);
  if (n < 0) return false;  // EINTR: the caller loops
  const bool woken = wake_fd >= 0 && (fds.back().revents & POLLIN) != 0;
  const int64_t now = now_ms();
  std::vector<bool> keep(conns_.size(), true);
  for (size_t i = 0; i < conns_.size(); ++i) {
    if (fds[i + 1].revents != 0 || now > conns_[i].deadline_ms) {
      keep[i] = advance(conns_[i], handler);
    }
  }
  close_finished(keep);
  if ((fds[0].revents & POLLIN) != 0) {
    accept_all();
    // Requests usually arrive with the connection: answer them in this round (advancing the
    // others again is harmless: they are at EAGAIN).
    std::vector<bool> keep_new(conns_.size(), true);
    for (size_t i = 0; i < conns_.size(); ++i) keep_new[i] = advance(conns_[i], handler);
    close_finished(keep_new);
  }
  return woken;
}

void ControlServer::flush(int timeout_ms) {
  const int64_t deadline = now_ms() + timeout_ms;
  const Handler none = [](RequestStatus, std::string_view) { return std::string(); };
  for (;;) {
    std::vector<bool> keep(conns_.size(), true);
    std::vector<pollfd> fds;
    for (size_t i = 0; i < conns_.size(); ++i) {
      conns_[i].deadline_ms = std::min(conns_[i].deadline_ms, deadline);
      if (conns_[i].replying) {
        fds.push_back(pollfd{conns_[i].fd, POLLOUT, 0});
      } else {
        keep[i] = false;  // no request yet: nobody will read it after we are gone
      }
    }
    close_finished(keep);
    if (conns_.empty() || now_ms() >= deadline) return;
    ::poll(fds.data(), fds.size(), static_cast<int>(std::max<int64_t>(1, deadline - now_ms())));
    keep.assign(conns_.size(), true);
    for (size_t i = 0; i < conns_.size(); ++i) keep[i] = advance(conns_[i], none);
    close_finished(keep);
  }
}

}  // namespace nftx::fastpath::control
