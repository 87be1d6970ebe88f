#include "util/run_program.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace madoguchi {

namespace {

// The last bytes of standard error kept for the message.
constexpr size_t kErrorTail = 4096;

// A descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

std::string LastLine(const std::string& text) {
  size_t end = text.find_last_not_of(" \r\n\t");
  if (end == std::string::npos) return "";
  size_t start = text.rfind('\n', end);
  start = start == std::string::npos ? 0 : start + 1;
  return text.substr(start, std::min<size_t>(end + 1 - start, 300));
}

std::string Seconds(std::chrono::milliseconds d) {
  const auto ms = d.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

// Reads what is there, until `into` holds more than `limit` bytes; false at
// end of file or on an error.
bool ReadSome(int fd, std::string& into, size_t limit) {
  char buf[65536];
  while (into.size() <= limit) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      into.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && errno == EAGAIN;
  }
  return true;
}

}  // namespace

Result<std::string> RunProgram(const ProgramRun& run) {
  if (run.argv.empty()) return Status::InvalidArgument("no program to run");
  const std::string& program = run.argv[0];

  // Standard input is a socket, not a pipe: writing to a program that has
  // already ended then fails with EPIPE (MSG_NOSIGNAL) instead of raising
  // SIGPIPE, which would end the caller's whole process.
  int in_pair[2], out_pipe[2], err_pipe[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pair) != 0) {
    return Status::Unavailable(program + ": no socket for its input: " + std::strerror(errno));
  }
  Fd in_child(in_pair[0]), in(in_pair[1]);
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return Status::Unavailable(program + ": no pipe: " + std::strerror(errno));
  Fd out(out_pipe[0]), out_child(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) return Status::Unavailable(program + ": no pipe: " + std::strerror(errno));
  Fd err(err_pipe[0]), err_child(err_pipe[1]);

  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_adddup2(&files, in_child.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&files, out_child.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&files, err_child.get(), STDERR_FILENO);
  // The caller's sockets and files (the database, the desk's connections) stay its own.
  posix_spawn_file_actions_addclosefrom_np(&files, STDERR_FILENO + 1);
  // No signal blocked or ignored because the caller's thread had it so.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> argv;
  for (const std::string& a : run.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = ::posix_spawn(&pid, program.c_str(), &files, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attributes);
  if (spawned == ENOENT) return Status::NotFound(program + " does not exist");
  if (spawned != 0) return Status::Unavailable("cannot start " + program + ": " + std::strerror(spawned));
  in_child.Close();
  out_child.Close();
  err_child.Close();
  // Waited for through a descriptor, so that one poll watches it and the pipes.
  // (The system call itself: Debian 12's <sys/pidfd.h> declares pidfd_open
  // without C linkage, so C++ cannot link it.)
  Fd exited(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  for (int fd : {in.get(), out.get(), err.get()}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);

  const auto deadline = std::chrono::steady_clock::now() + run.deadline;
  std::string output, error_tail;
  size_t written = 0;
  bool ended = false;
  std::string failure;  // why it was killed
  if (run.input.empty()) in.Close();
  while (out.open() || err.open() || !ended) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      failure = program + " did not finish within " + Seconds(run.deadline) + " and was stopped";
      break;
    }
    pollfd watched[4];
    nfds_t n = 0;
    if (in.open()) watched[n++] = {in.get(), POLLOUT, 0};
    if (out.open()) watched[n++] = {out.get(), POLLIN, 0};
    if (err.open()) watched[n++] = {err.get(), POLLIN, 0};
    if (!ended && exited.open()) watched[n++] = {exited.get(), POLLIN, 0};
    // Without a pidfd (an old kernel), look at the process every 50 ms.
    const int wait_ms = exited.open() ? static_cast<int>(std::min<int64_t>(left.count(), 60'000)) : 50;
    if (::poll(watched, n, wait_ms) < 0 && errno != EINTR) {
      failure = std::string("poll: ") + std::strerror(errno);
      break;
    }
    if (in.open()) {
      ssize_t sent = ::send(in.get(), run.input.data() + written, run.input.size() - written, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (sent > 0) written += static_cast<size_t>(sent);
      // EPIPE: it stopped reading (it may still answer, or fail, on its own).
      if (written == run.input.size() || (sent < 0 && errno != EAGAIN && errno != EINTR)) in.Close();
    }
    if (out.open() && !ReadSome(out.get(), output, run.max_output)) out.Close();
    if (output.size() > run.max_output) {
      failure = program + " wrote more than " + std::to_string(run.max_output) + " bytes and was stopped";
      break;
    }
    if (err.open()) {
      if (!ReadSome(err.get(), error_tail, kErrorTail * 4)) err.Close();
      if (error_tail.size() > kErrorTail) error_tail.erase(0, error_tail.size() - kErrorTail);
    }
    if (!ended) {
      int status = 0;
      pid_t done = ::waitpid(pid, &status, WNOHANG);
      // ECHILD: a caller that ignores SIGCHLD has it reaped already; its
      // exit status is lost, and only what it wrote can be judged.
      if (done == pid || (done < 0 && errno == ECHILD)) {
        ended = true;
        if (done == pid && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
          std::string how = WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                              : "was ended by signal " + std::to_string(WTERMSIG(status));
          // What it said before it ended, if the pipe still holds it.
          if (err.open()) ReadSome(err.get(), error_tail, kErrorTail * 4);
          std::string said = LastLine(error_tail);
          return Status::Unavailable(program + " " + how + (said.empty() ? "" : ": " + said));
        }
      }
    }
  }
  if (!failure.empty()) {
    if (!ended) {
      ::kill(pid, SIGKILL);
      int status = 0;
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    return Status::Unavailable(failure);
  }
  return output;
}

}  // namespace madoguchi
