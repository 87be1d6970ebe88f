#include "engine_process.h"

#include "core/jst_time.h"
#include "reply_checks.h"
#include "store/data_key_ring.h"
#include "store/personal_vault.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

// The environment a child starts from (ChildProcess::Start).
extern char** environ;

namespace madoguchi::testing {

namespace {

// Its replies go to the test programs' schema check (reply_checks.h).
std::unique_ptr<EngineClient> ObservedByTests(std::unique_ptr<EngineClient> client) {
  client->ObserveReplies([](std::string_view command, const nlohmann::json& reply) {
    if (TestReplyChecks().on_reply) TestReplyChecks().on_reply(command, reply);
  });
  return client;
}

}  // namespace

std::string EngineBinary() { return MADOGUCHI_BIN_DIR "/madoguchi-engine"; }
std::string ClientBinary() { return MADOGUCHI_BIN_DIR "/madoguchi"; }
std::string LetterWorkerBinary() { return MADOGUCHI_BIN_DIR "/madoguchi-letter-worker"; }
std::string ReminderWorkerBinary() { return MADOGUCHI_BIN_DIR "/madoguchi-reminder-worker"; }

ChildProcess::~ChildProcess() {
  if (pid_ > 0) Kill();
}

void ChildProcess::Start(const std::vector<std::string>& argv, const std::string& log_file,
                         const std::vector<std::string>& environment) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // Made before fork: the child of a threaded process may only exec.
  std::vector<std::string> kept;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string var = *e;
    std::string name = var.substr(0, var.find('='));
    bool replaced = false;
    for (const auto& extra : environment) replaced |= extra.rfind(name + "=", 0) == 0;
    if (!replaced) kept.push_back(var);
  }
  kept.insert(kept.end(), environment.begin(), environment.end());
  std::vector<char*> env;
  for (const auto& e : kept) env.push_back(const_cast<char*>(e.c_str()));
  env.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    std::FILE* out = std::freopen(log_file.c_str(), "a", stderr);
    (void)out;
    ::execve(args[0], args.data(), env.data());
    ::_exit(127);
  }
}

int ChildProcess::Stop() {
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ChildProcess::Kill() {
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

bool ChildProcess::Exited() {
  int status;
  if (pid_ > 0 && ::waitpid(pid_, &status, WNOHANG) == pid_) pid_ = -1;
  return pid_ <= 0;
}

CommandOutput RunCommand(const std::string& command_line) {
  CommandOutput result;
  FILE* pipe = ::popen((command_line + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed: " + command_line);
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) result.out.append(buf.data(), n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

EngineProcess::EngineProcess() : data_dir_(dir_.file("data")) {
  CommandOutput init = RunCommand(EngineBinary() + " init --data " + data_dir_);
  if (init.exit_code != 0) throw std::runtime_error("init failed: " + init.out);
  EditConfig([&](nlohmann::json& c) {
    c["endpoints"]["commands"] = endpoint();
    c["endpoints"]["workers"] = workers_endpoint();
    c["web"]["port"] = 0;  // any free port: tests run side by side; DATA/web.url says which
    // The audit head's daily mail is a reminder-kind message: tests that run
    // no reminder worker would wait on it. Its own test turns it on.
    c["audit"]["head_mail"] = false;
  });
  for (auto [user, role] : {std::pair{"clerk1", "clerk"}, std::pair{"reviewer1", "reviewer"},
                            std::pair{"reviewer2", "reviewer"}, std::pair{"manager1", "manager"},
                            std::pair{"manager2", "manager"}, std::pair{"auditor1", "auditor"},
                            std::pair{"admin1", "admin"}, std::pair{"letters1", "worker"}}) {
    // letters1 runs both kinds of worker in the tests (StartWorker).
    std::string kinds = std::string(role) == "worker" ? " --kinds letter,reminder" : "";
    CommandOutput add =
        RunCommand(EngineBinary() + " user add " + user + " --role " + role + kinds + " --data " + data_dir_);
    if (add.exit_code != 0) throw std::runtime_error("user add failed: " + add.out);
  }
}

EngineProcess::EngineProcess(const ExistingDataDir& existing) : data_dir_(existing.path) {
  EditConfig([&](nlohmann::json& c) {
    c["endpoints"]["commands"] = endpoint();
    c["endpoints"]["workers"] = workers_endpoint();
    c["web"]["port"] = 0;
  });
}

ReplyChecks& TestReplyChecks() {
  static ReplyChecks checks;
  return checks;
}

EngineProcess::~EngineProcess() {
  if (TestReplyChecks().on_engine_end) TestReplyChecks().on_engine_end();
}

std::string EngineProcess::endpoint() const {
  return tcp_endpoint_.empty() ? "ipc://" + dir_.file("commands.sock") : tcp_endpoint_;
}

void EngineProcess::ListenOnTcp() {
  // A port the kernel says is free now; nothing else of ours takes it before
  // the engine binds it (the web desk asks for port 0).
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port on 127.0.0.1");
  }
  ::close(fd);
  tcp_endpoint_ = "tcp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  EditConfig([&](nlohmann::json& c) { c["endpoints"]["commands"] = tcp_endpoint_; });
}

void EngineProcess::SetOpenFileLimit(int soft) { open_file_limit_ = soft; }
std::string EngineProcess::workers_endpoint() const { return "ipc://" + dir_.file("workers.sock"); }

std::string EngineProcess::key_path(const std::string& user) const { return data_dir_ + "/keys/" + user + ".key"; }

KeyFile EngineProcess::key(const std::string& user) const {
  Result<KeyFile> k = KeyFile::Load(key_path(user));
  if (!k.ok()) throw std::runtime_error(k.status().ToString());
  return k.value();
}

std::unique_ptr<EngineClient> EngineProcess::Client(const std::string& user,
                                                    std::chrono::milliseconds timeout) const {
  return ObservedByTests(std::make_unique<EngineClient>(key(user), endpoint(), timeout));
}

std::unique_ptr<EngineClient> EngineProcess::WorkerClient(const std::string& user,
                                                          std::chrono::milliseconds timeout) const {
  return ObservedByTests(std::make_unique<EngineClient>(key(user), workers_endpoint(), timeout));
}

std::shared_ptr<PersonalVault> EngineProcess::DataVault() const {
  const std::string path = data_dir_ + "/data.key";
  Result<std::shared_ptr<PersonalVault>> vault = PersonalVault::Load(path);
  if (!vault.ok()) throw std::runtime_error("loading " + path + ": " + vault.status().ToString());
  return std::move(vault).value();
}

Date EngineProcess::ShiftClockToBusinessDay() {
  const Date today = JstDate(Now());
  const Date business_day = DefaultCalendar().NextBusinessDayOnOrAfter(today);
  const int days = today.DaysUntil(business_day);
  environment_.clear();
  if (days > 0) {
    // libfaketime's relative form: the real clock plus whole days, running on.
    // Monotonic clocks stay real: ZeroMQ's and the engine's timeouts use them.
    environment_ = {"LD_PRELOAD=" MADOGUCHI_FAKETIME_LIB, "FAKETIME=+" + std::to_string(days) + "d",
                    "FAKETIME_DONT_FAKE_MONOTONIC=1"};
  }
  return business_day;
}

void EngineProcess::ShiftClockByDays(int days) {
  environment_.clear();
  if (days != 0) {
    environment_ = {"LD_PRELOAD=" MADOGUCHI_FAKETIME_LIB, "FAKETIME=" + std::string(days > 0 ? "+" : "") +
                                                            std::to_string(days) + "d",
                    "FAKETIME_DONT_FAKE_MONOTONIC=1"};
  }
}

std::string EngineProcess::FakeTimeCommand() const {
  std::string prefix;
  for (const std::string& e : environment_) prefix += "'" + e + "' ";
  return prefix.empty() ? "" : "env " + prefix;
}

void EngineProcess::EditConfig(const std::function<void(nlohmann::json&)>& edit) {
  const std::string path = data_dir_ + "/madoguchi.json";
  std::ifstream in(path);
  nlohmann::json config = nlohmann::json::parse(std::string((std::istreambuf_iterator<char>(in)), {}));
  edit(config);
  std::ofstream(path) << config.dump(2);
}

void EngineProcess::SetPassword(const std::string& user, const std::string& password) const {
  CommandOutput set = RunCommand("printf '%s\\n' '" + password + "' | " + EngineBinary() + " user passwd " + user +
                                 " --data " + data_dir_);
  if (set.exit_code != 0) throw std::runtime_error("user passwd failed: " + set.out);
}

std::string EngineProcess::web_url() const {
  // Start() returns once the commands answer; the web desk listens right after.
  for (int i = 0; i < 200; ++i) {
    std::ifstream in(data_dir_ + "/web.url");
    std::string url;
    if (in && std::getline(in, url) && !url.empty()) return url;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  throw std::runtime_error("no " + data_dir_ + "/web.url: the web desk did not start");
}

void EngineProcess::Start() {
  std::vector<std::string> argv = {EngineBinary(), "run", "--data", data_dir_};
  // CI runs the tests as root; the engine refuses root unless told (EngineRunCommand).
  if (::geteuid() == 0) argv.push_back("--allow-root");
  argv.insert(argv.end(), run_arguments_.begin(), run_arguments_.end());
  if (open_file_limit_ > 0) {
    // The shell sets the limit and becomes the engine (exec): same pid.
    argv.insert(argv.begin(), {"/bin/sh", "-c", "ulimit -Sn " + std::to_string(open_file_limit_) + " && exec \"$0\" \"$@\""});
  }
  process_.Start(argv, data_dir_ + "/logs/engine.out", environment_);
  auto client = Client("clerk1", std::chrono::milliseconds(500));
  for (int i = 0; i < 100; ++i) {
    if (client->Call("whoami", nlohmann::json::object()).ok()) return;
    if (process_.Exited()) throw std::runtime_error("the engine exited at start; see " + data_dir_ + "/logs/engine.out");
  }
  throw std::runtime_error("the engine did not answer within 50 s");
}

int EngineProcess::Stop() { return process_.Stop(); }

void EngineProcess::Kill() { process_.Kill(); }

std::string EngineRunCommand(const std::string& data_dir) {
  return EngineBinary() + " run --data '" + data_dir + "'" + (::geteuid() == 0 ? " --allow-root" : "");
}

CommandOutput RunClient(const EngineProcess& engine, const std::string& user, const std::string& args) {
  return RunCommand("MADOGUCHI_KEY=" + engine.key_path(user) + " " + ClientBinary() + " " + args + " --engine " +
                    engine.endpoint() + " --timeout 2");
}

long ProcessStatusKib(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
  }
  return 0;
}

std::string LastLine(const std::string& out) {
  std::string s = out;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  size_t newline = s.find_last_of('\n');
  return newline == std::string::npos ? s : s.substr(newline + 1);
}

void EngineProcess::StartWorker(ChildProcess& worker, const std::string& binary, const std::vector<std::string>& args,
                                const std::string& log_name) const {
  std::vector<std::string> argv = {binary, "--key", key_path("letters1"), "--engine", workers_endpoint()};
  argv.insert(argv.end(), args.begin(), args.end());
  worker.Start(argv, data_dir_ + "/logs/" + log_name, environment_);
}

}  // namespace madoguchi::testing
