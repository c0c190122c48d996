// SPDX-License-Identifier: GPL-2.0-or-later
// Runs a check in a forked child with a deadline, so a stack overflow or a hang in the code
// under test fails that one test with a clear message instead of killing or stalling the whole
// test binary. Used for the inputs that push on limits (nesting depth, include loops, length).
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <string>

namespace nftx::robustness {

// `check` returns "" when all is well, else a description; the child sends it over a pipe.
// Returns "" or the problem (including "killed by signal ..." and "did not finish ...").
inline std::string run_isolated(const std::function<std::string()>& check, unsigned seconds) {
  int fds[2];
  if (pipe(fds) != 0) return "pipe() failed";
  const pid_t pid = fork();
  if (pid < 0) return "fork() failed";
  if (pid == 0) {
    close(fds[0]);
    alarm(seconds);  // the default SIGALRM action ends the child: that is the deadline
    const std::string problem = check();
    size_t done = 0;
    while (done < problem.size()) {
      const ssize_t n = write(fds[1], problem.data() + done, problem.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    _exit(problem.empty() ? 0 : 1);
  }
  close(fds[1]);
  std::string message;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) message.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return "waitpid() failed";
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGALRM) return "did not finish within " + std::to_string(seconds) + " s";
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  return message.empty() ? "exit status " + std::to_string(WEXITSTATUS(status)) : message;
}

}  // namespace nftx::robustness
