// What systemd sees of the engine and the workers (issue 21): readiness,
// the watchdog and stopping through sd_notify's socket, and log lines in the
// journal's form when standard error is the journal. No systemd runs here:
// the test is systemd's end of both -- a datagram socket named by
// NOTIFY_SOCKET, and JOURNAL_STREAM naming the file standard error goes to --
// for real processes.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "engine_process.h"
#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::ReadFile;
using madoguchi::testing::TempDir;

namespace {

// systemd's end of sd_notify: a unix datagram socket, and what came to it.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path.size() < sizeof addr.sun_path);
    path.copy(addr.sun_path, path.size());
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~NotifySocket() { ::close(fd_); }

  // The messages that come within `limit` until one contains `wanted` (or time is up).
  std::vector<std::string> Until(const std::string& wanted, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      timeval tv{0, 100 * 1000};
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      char buffer[4096];
      ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) continue;
      received_.emplace_back(buffer, static_cast<size_t>(n));
      if (received_.back().find(wanted) != std::string::npos) break;
    }
    return received_;
  }

  int Count(const std::string& wanted) const {
    int n = 0;
    for (const std::string& m : received_) n += m.find(wanted) != std::string::npos;
    return n;
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::vector<std::string> received_;
};

}  // namespace

TEST_CASE("service: the engine says ready, feeds the watchdog while it serves and says when it stops", "[service]") {
  EngineProcess engine;
  TempDir dir;
  NotifySocket systemd(dir.file("notify"));
  engine.AddEnvironment("NOTIFY_SOCKET=" + systemd.path());
  engine.AddEnvironment("WATCHDOG_USEC=1000000");  // WatchdogSec=1: a ping every half second
  engine.Start();
  systemd.Until("READY=1", std::chrono::seconds(10));
  REQUIRE(systemd.Count("READY=1") == 1);
  CHECK(systemd.Count("STATUS=serving commands on ") == 1);
  systemd.Until("never", std::chrono::milliseconds(2500));
  CHECK(systemd.Count("WATCHDOG=1") >= 3);
  CHECK(engine.Stop() == 0);
  systemd.Until("STOPPING=1", std::chrono::seconds(5));
  CHECK(systemd.Count("STOPPING=1") == 1);
}

TEST_CASE("service: a worker says ready and feeds the watchdog while it asks for work", "[service]") {
  EngineProcess engine;
  engine.Start();
  TempDir dir;
  NotifySocket systemd(dir.file("notify"));
  engine.AddEnvironment("NOTIFY_SOCKET=" + systemd.path());
  engine.AddEnvironment("WATCHDOG_USEC=1000000");
  ChildProcess worker;
  engine.StartWorker(worker, testing::LetterWorkerBinary(), {}, "letter-worker.log");
  systemd.Until("READY=1", std::chrono::seconds(10));
  REQUIRE(systemd.Count("READY=1") == 1);
  systemd.Until("never", std::chrono::milliseconds(2500));
  CHECK(systemd.Count("WATCHDOG=1") >= 3);
  CHECK(worker.Stop() == 0);
  systemd.Until("STOPPING=1", std::chrono::seconds(5));
  CHECK(systemd.Count("STOPPING=1") == 1);
  CHECK(engine.Stop() == 0);
}

TEST_CASE("service: with standard error the journal, lines carry their priority and no second timestamp", "[service]") {
  EngineProcess engine;
  // What systemd does: standard error is the journal's stream, named by
  // JOURNAL_STREAM (device:inode). The engine's standard error is this file.
  const std::string out = engine.data_dir() + "/logs/engine.out";
  std::ofstream(out).close();
  struct stat st;
  REQUIRE(::stat(out.c_str(), &st) == 0);
  engine.AddEnvironment("JOURNAL_STREAM=" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino));
  engine.EditConfig([](nlohmann::json& c) {
    c["log"]["max_file_mb"] = 1;
    c["log"]["max_files"] = 2;
  });
  engine.Start();
  REQUIRE(engine.Stop() == 0);
  const std::string journal = ReadFile(out);
  INFO(journal);
  CHECK_THAT(journal, Catch::Contains("<6>[engine] madoguchi-engine ") && Catch::Contains("<6>[engine] madoguchi-engine stopped cleanly"));
  CHECK_THAT(journal, !Catch::Contains("[info]"));
  if (::geteuid() == 0) CHECK_THAT(journal, Catch::Contains("<4>[engine] !!! madoguchi-engine runs as root"));
  // The file keeps its own form, with the time.
  CHECK_THAT(ReadFile(engine.data_dir() + "/logs/engine.log"), Catch::Contains("[engine] [info] madoguchi-engine "));
}
