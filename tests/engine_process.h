// EngineProcess: a real madoguchi-engine in a temporary data folder, for end
// to end tests: initialised with `madoguchi-engine init`, listening on an
// ipc:// endpoint inside the folder (no port to collide with), with users
// added by `madoguchi-engine user add`, started, stopped and killed as a
// separate process.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "protocol/engine_client.h"
#include "protocol/key_file.h"
#include "test_support.h"

namespace madoguchi::testing {

// Runs a command line through /bin/sh; returns its exit status and output.
struct CommandOutput {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};
CommandOutput RunCommand(const std::string& command_line);

class EngineProcess {
 public:
  EngineProcess();   // init + one user of each role (clerk1, reviewer1, reviewer2, manager1, manager2, auditor1, admin1)
  ~EngineProcess();  // kills the engine if it still runs

  const std::string& data_dir() const { return data_dir_; }
  std::string endpoint() const;
  std::string workers_endpoint() const;
  std::string key_path(const std::string& user) const;
  KeyFile key(const std::string& user) const;
  std::unique_ptr<EngineClient> Client(const std::string& user,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

  // Starts `madoguchi-engine run` and waits until it answers whoami.
  void Start();
  // SIGTERM and wait; returns the exit status.
  int Stop();
  // SIGKILL and wait.
  void Kill();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // Changes the configuration file before Start (e.g. limits).
  void EditConfig(const std::function<void(nlohmann::json&)>& edit);

 private:
  TempDir dir_;
  std::string data_dir_;
  pid_t pid_ = -1;
};

std::string EngineBinary();
std::string ClientBinary();

}  // namespace madoguchi::testing
