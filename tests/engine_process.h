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
#include <vector>

#include "core/civil_date.h"
#include "protocol/engine_client.h"
#include "protocol/key_file.h"
#include "store/personal_vault.h"
#include "test_support.h"

namespace madoguchi::testing {

// Runs a command line through /bin/sh; returns its exit status and output.
struct CommandOutput {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};
CommandOutput RunCommand(const std::string& command_line);

// A program of ours run as a child process, its stderr to a log file.
class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();  // kills it if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // `environment` is added to (or replaces in) this process's own.
  void Start(const std::vector<std::string>& argv, const std::string& log_file,
             const std::vector<std::string>& environment = {});
  int Stop();   // SIGTERM and wait; the exit status
  void Kill();  // SIGKILL and wait
  bool Exited();  // reaps it if it has exited
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// An existing data folder (e.g. a restored backup) for EngineProcess to serve.
struct ExistingDataDir {
  std::string path;
};

class EngineProcess {
 public:
  // init + one user of each role (clerk1, reviewer1, reviewer2, manager1, manager2, auditor1, admin1) and
  // letters1 (a worker of both kinds); audit.head_mail off (EditConfig turns it on).
  EngineProcess();
  // Serves `existing` as it is (its users and their key files in DATA/keys),
  // only moved to this object's own endpoints and any free web port.
  explicit EngineProcess(const ExistingDataDir& existing);
  ~EngineProcess();  // kills the engine if it still runs

  const std::string& data_dir() const { return data_dir_; }
  std::string endpoint() const;
  std::string workers_endpoint() const;
  std::string key_path(const std::string& user) const;
  KeyFile key(const std::string& user) const;
  std::unique_ptr<EngineClient> Client(const std::string& user,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // A client of the workers' socket (e.g. as letters1), as a worker program has.
  std::unique_ptr<EngineClient> WorkerClient(const std::string& user,
                                             std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

  // Starts `madoguchi-engine run` and waits until it answers whoami.
  void Start();
  // SIGTERM and wait; returns the exit status.
  int Stop();
  // SIGKILL and wait.
  void Kill();
  bool running() const { return process_.running(); }
  pid_t pid() const { return process_.pid(); }

  // This folder's data keys, read from its key file now: a store or reader a
  // test or a benchmark opens in process on the folder's database with them
  // writes what the engine opens, and opens what the engine wrote.
  std::shared_ptr<PersonalVault> DataVault() const;

  // Runs the engine and its workers (Start, StartWorker) on the first
  // business day from today, with libfaketime shifting their clock by whole
  // days (none on a business day): reminders fall due only on business days,
  // and a test that waits for one must not fail at the weekend. Returns that
  // day (JST); the test process keeps the real clock.
  Date ShiftClockToBusinessDay();
  // Runs the engine, its workers and FakeTimeCommand's commands `days` whole
  // days ahead of the real clock (libfaketime, monotonic clocks real), from
  // the next Start or StartWorker on; 0 puts them back on the real clock.
  // Replaces ShiftClockToBusinessDay's shift. (A pick-up deadline passes,
  // retention runs out: days or years ahead, without a sleep.)
  void ShiftClockByDays(int days);
  // The same shift as a prefix for a shell command line ("" when none).
  std::string FakeTimeCommand() const;
  // An argument added to `madoguchi-engine run` from the next Start on
  // (e.g. --keep-past-retention); ClearRunArguments forgets them.
  void AddRunArgument(const std::string& arg) { run_arguments_.push_back(arg); }
  void ClearRunArguments() { run_arguments_.clear(); }

  // NAME=VALUE in the environment of the engine and its workers, from the
  // next Start or StartWorker on (e.g. what systemd would set).
  void AddEnvironment(const std::string& name_value) { environment_.push_back(name_value); }

  // Changes the configuration file before Start (e.g. limits).
  void EditConfig(const std::function<void(nlohmann::json&)>& edit);
  // Before Start: the commands socket listens on tcp://127.0.0.1 at a free
  // port instead of ipc:// (endpoint() says which), for tests of what TCP
  // peers can do to it.
  void ListenOnTcp();
  // Before Start: the engine starts with this soft RLIMIT_NOFILE (its hard
  // limit unchanged), as under a service manager's default of 1024.
  void SetOpenFileLimit(int soft);
  // Sets `user`'s web desk password (madoguchi-engine user passwd, from standard input).
  void SetPassword(const std::string& user, const std::string& password) const;
  // The web desk's address (DATA/web.url, written once it listens); Start() first.
  std::string web_url() const;

  // Starts a worker (madoguchi-letter-worker or madoguchi-reminder-worker) as
  // user `letters1` with extra arguments; its log is DATA/logs/<log_name>.
  void StartWorker(ChildProcess& worker, const std::string& binary, const std::vector<std::string>& args,
                   const std::string& log_name) const;

 private:
  TempDir dir_;
  std::string data_dir_;
  std::string tcp_endpoint_;  // ListenOnTcp's; empty: ipc://
  int open_file_limit_ = 0;   // SetOpenFileLimit's; 0: as inherited
  ChildProcess process_;
  std::vector<std::string> environment_;  // of the engine and its workers
  std::vector<std::string> run_arguments_;  // AddRunArgument's
};

// A figure of a process's /proc/PID/status in KiB, e.g. "VmRSS" (resident
// now) or "VmHWM" (the most it was resident); 0 when it cannot be read.
long ProcessStatusKib(pid_t pid, const std::string& field);

// The madoguchi command as `user` against this engine: "madoguchi ARGS".
CommandOutput RunClient(const EngineProcess& engine, const std::string& user, const std::string& args);
// The last line of a command's output (where `madoguchi intake` prints the id).
std::string LastLine(const std::string& out);

std::string EngineBinary();
// "madoguchi-engine run --data DATA", with --allow-root when the tests run as
// root (CI does; the engine refuses root unless told), for a shell command line.
std::string EngineRunCommand(const std::string& data_dir);
std::string ClientBinary();
std::string LetterWorkerBinary();
std::string ReminderWorkerBinary();

}  // namespace madoguchi::testing
