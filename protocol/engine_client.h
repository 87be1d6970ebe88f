// EngineClient: sends commands to the engine and waits for each reply, with a
// deadline. Used by the madoguchi command and by the tests. Not thread-safe:
// one client per thread (a ZeroMQ socket belongs to the thread that made it).
//
// An engine that is down and a key the engine does not accept look the same
// from here (CURVE gives a rejected client no answer), so both come back as
// kUnavailable with a message that names both possibilities.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include "core/status.h"
#include "protocol/key_file.h"

namespace madoguchi {

class EngineClient {
 public:
  // `endpoint` empty: the key file's engine_endpoint.
  EngineClient(KeyFile key, std::string endpoint, std::chrono::milliseconds timeout);
  ~EngineClient();

  // Sends one command and returns its result, or the Status of its error.
  Result<nlohmann::json> Call(std::string_view command, const nlohmann::json& args);

  // Sends raw frames as given and returns the first reply frame's text
  // (for tests of malformed input).
  Result<std::string> CallRaw(const std::vector<std::string>& frames);

  const std::string& endpoint() const { return endpoint_; }

 private:
  Status Connect();
  Status NoAnswer() const;
  Result<std::vector<zmq::message_t>> Receive(std::chrono::steady_clock::time_point deadline);

  KeyFile key_;
  std::string endpoint_;
  std::chrono::milliseconds timeout_;
  zmq::context_t context_;
  std::unique_ptr<zmq::socket_t> socket_;
  uint64_t next_request_ = 1;
};

}  // namespace madoguchi
