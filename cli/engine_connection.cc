#include "engine_connection.h"

#include <chrono>
#include <cmath>
#include <iostream>
#include <regex>
#include <utility>

#include "protocol/key_file.h"

namespace madoguchi::cli {

namespace {

using nlohmann::json;

constexpr double kMaxTimeoutSeconds = 3600;

// tcp://HOST:PORT or ipc://PATH: what a client can connect to. Checked here
// so that a typo is reported as bad input rather than as an engine error.
Status CheckEndpoint(const std::string& endpoint) {
  static const std::regex kEndpoint(R"(^(tcp://.+:[0-9]{1,5}|ipc://.+)$)");
  if (std::regex_match(endpoint, kEndpoint)) return Status::Ok();
  return Status::InvalidArgument("engine endpoint '" + endpoint + "' is not tcp://HOST:PORT or ipc://PATH");
}

Result<std::chrono::milliseconds> TimeoutOf(double seconds) {
  if (!std::isfinite(seconds) || seconds <= 0 || seconds > kMaxTimeoutSeconds) {
    return Status::InvalidArgument("--timeout must be more than 0 and at most 3600 seconds");
  }
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

}  // namespace

Command::Command(std::string_view name, const ConnectionArgs& connection, int& exit_code)
    : name_(name), connection_(connection), exit_code_(exit_code) {}

void Command::Report(const std::string& message, int code) {
  std::cerr << "madoguchi " << name_ << ": " << message << "\n";
  exit_code_ = code;
}

Status Command::Connect() {
  if (connection_.key_file.empty()) {
    return Status::InvalidArgument(
        "no key file: pass --key FILE or set MADOGUCHI_KEY "
        "(an administrator makes one with `madoguchi-engine user add NAME --role ROLE`)");
  }
  Result<KeyFile> key = KeyFile::Load(connection_.key_file);
  if (!key.ok()) return key.status();
  std::string endpoint = connection_.engine.empty() ? key->engine_endpoint : connection_.engine;
  if (Status s = CheckEndpoint(endpoint); !s.ok()) return s;
  Result<std::chrono::milliseconds> timeout = TimeoutOf(connection_.timeout_seconds);
  if (!timeout.ok()) return timeout.status();
  client_ = std::make_unique<EngineClient>(std::move(key).value(), std::move(endpoint), *timeout);
  return Status::Ok();
}

std::optional<json> Command::Call(std::string_view command, const json& args) {
  if (!client_) {
    if (Status s = Connect(); !s.ok()) {
      FailLocal(s);
      return std::nullopt;
    }
  }
  return Finish(client_->Call(command, args), "");
}

std::optional<json> Command::CallIdempotent(std::string_view command, const json& args, const std::string& hint) {
  if (!client_) {
    if (Status s = Connect(); !s.ok()) {
      FailLocal(s);
      return std::nullopt;
    }
  }
  Result<json> result = client_->Call(command, args);
  // The client starts a new connection after a timeout.
  if (!result.ok() && result.status().code() == Status::Code::kUnavailable) result = client_->Call(command, args);
  return Finish(std::move(result), hint);
}

std::optional<json> Command::Finish(Result<json> result, const std::string& hint) {
  if (result.ok()) return std::move(result).value();
  const Status& s = result.status();
  if (s.code() == Status::Code::kUnavailable) {
    // CURVE gives a refused key no answer at all: from here an unknown or
    // disabled key looks like an engine that is down, so say both.
    std::string message = s.message();
    if (message.find(" key") == std::string::npos) {
      message += " (or it does not accept the key in " + connection_.key_file + ")";
    }
    Report(message + hint, kExitNoAnswer);
  } else {
    Report(s.ToString(), kExitEngineError);
  }
  return std::nullopt;
}

void AddConnectionOptions(CLI::App* sub, ConnectionArgs& c) {
  sub->add_option("--engine", c.engine, "Engine endpoint, tcp://HOST:PORT or ipc://PATH (default: the key file's)")
      ->envname("MADOGUCHI_ENGINE");
  sub->add_option("--key", c.key_file, "Your key file (from `madoguchi-engine user add`)")->envname("MADOGUCHI_KEY");
  sub->add_option("--timeout", c.timeout_seconds, "Seconds to wait for the engine's answer")->capture_default_str();
}

void AddJsonFlag(CLI::App* sub, bool& target) {
  sub->add_flag("--json", target, "Print the engine's result as JSON");
}

void PrintJson(const json& j) { std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n'; }

}  // namespace madoguchi::cli
