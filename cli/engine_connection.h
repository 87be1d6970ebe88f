// How a `madoguchi` command talks to a running engine (protocol/wire.h,
// schemas/api/<command>.{request,reply}.schema.json): the options every such
// command takes, one run of one command (connect, call, report), and the
// exit codes.
//
// Every command that talks to the engine takes:
//   --engine ENDPOINT  where the engine listens (default: $MADOGUCHI_ENGINE,
//                      else the key file's engine_endpoint), tcp://HOST:PORT
//                      or ipc://PATH
//   --key FILE         the user's key file, written by `madoguchi-engine user
//                      add` (default: $MADOGUCHI_KEY; one or the other is
//                      required)
//   --timeout SECONDS  how long to wait for each reply (default 5)
// and those that print something also take --json, which prints the
// engine's reply result as is (ISO dates throughout).
//
// Exit codes through `exit_code`: 0 success; 1 the engine answered with an
// error (refused, not found, stale version, invalid event data, ...) or with
// something unusable; 2 bad local input (a missing or unreadable file, JSON
// that does not parse, a bad id, event, state, date or option, no key file,
// a file that would be overwritten); 3 the engine did not answer in time
// (down, unreachable, or it does not accept the key). Every error is one
// message on stderr, prefixed "madoguchi <command>: ".
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "util/status.h"
#include "protocol/engine_client.h"

namespace madoguchi::cli {

inline constexpr int kExitEngineError = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitNoAnswer = 3;

inline constexpr double kDefaultTimeoutSeconds = 5;

// The connection options of one subcommand. Like every subcommand's
// arguments it lives in a shared_ptr owned by the subcommand's callback, so
// that CLI11 can write into it during the parse.
struct ConnectionArgs {
  std::string engine;
  std::string key_file;
  double timeout_seconds = kDefaultTimeoutSeconds;
};

// One run of one command: owns the connection and turns every failure into
// a message on stderr and the exit code of its kind.
class Command {
 public:
  Command(std::string_view name, const ConnectionArgs& connection, int& exit_code);

  // Bad local input: exit 2.
  void FailLocal(const Status& status) { Report(status.message(), kExitBadInput); }
  // The engine answered, but not with something we can use: exit 1.
  void FailReply(const Status& status) { Report(status.message(), kExitEngineError); }

  // Sends one command; nullopt (already reported) when it failed.
  std::optional<nlohmann::json> Call(std::string_view command, const nlohmann::json& args);

  // Call for a command that carries an idempotency key: when the engine does
  // not answer, it may have applied the command and lost the answer, so the
  // same command (the same key) is sent once more, which the engine applies
  // at most once. If that is not answered either, `hint` (how to send it
  // again by hand, with the key) ends the message.
  std::optional<nlohmann::json> CallIdempotent(std::string_view command, const nlohmann::json& args,
                                               const std::string& hint);

 private:
  Status Connect();
  // The result, or nullopt after reporting its failure (`hint` after a no-answer).
  std::optional<nlohmann::json> Finish(Result<nlohmann::json> result, const std::string& hint);
  void Report(const std::string& message, int code);

  std::string name_;
  const ConnectionArgs& connection_;
  int& exit_code_;
  std::unique_ptr<EngineClient> client_;
};

// --engine, --key and --timeout on `sub`, written into `c`.
void AddConnectionOptions(CLI::App* sub, ConnectionArgs& c);

// --json on `sub`: print the engine's result as is.
void AddJsonFlag(CLI::App* sub, bool& target);

// The engine's result as --json prints it: indented, invalid UTF-8 replaced.
void PrintJson(const nlohmann::json& j);

}  // namespace madoguchi::cli
