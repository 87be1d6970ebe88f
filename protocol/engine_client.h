// EngineClient: sends commands to the engine and waits for each reply, with a
// deadline. Used by the madoguchi command and by the tests. Not thread-safe:
// one client per thread (a ZeroMQ socket belongs to the thread that made it).
//
// An engine that is down and a key the engine does not accept look the same
// from here (CURVE gives a rejected client no answer), so both come back as
// kUnavailable with a message that names both possibilities.
//
// A message too large for the engine. Up to CutOffBytes of the socket's limit
// (protocol/wire.h) the engine answers too_large; beyond it the engine takes
// nothing in and cuts the connection, which gives a client no answer either.
// The client does not know the engine's limit (it is the engine's
// configuration), so instead of refusing locally beyond a guessed bound it
// watches its socket (a ZeroMQ socket monitor) while it waits: when the
// connection is cut after a message larger than any engine's smallest cut-off
// was sent, and the engine takes the client back at once (the reconnection's
// handshake succeeds within a second), the engine is up and refused that
// message, and Call says so at once: kInvalidArgument "too_large: ...", as a
// too_large reply reads. A cut with no reconnection is kUnavailable at once
// (the engine stopped). Small messages wait for their answer as before: no
// engine cuts those for their size, so a cut there is a stop or a restart.
// The one case read wrongly: an engine restarted within that second while a
// large message was on its way is reported as a refusal of the message.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include "util/status.h"
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

  // Called with each whole reply (envelope and result) that Call takes as the
  // answer to its command, before Call returns (the tests check every reply
  // against its published schema through this).
  using ReplyObserver = std::function<void(std::string_view command, const nlohmann::json& reply)>;
  void ObserveReplies(ReplyObserver observer) { observer_ = std::move(observer); }

 private:
  Status Connect();
  Status NoAnswer() const;
  // The reply to a message of `sent_bytes`, or why none will come (see above).
  Result<std::vector<zmq::message_t>> Receive(std::chrono::steady_clock::time_point deadline, size_t sent_bytes);
  // Forgets what the monitor said before this message went.
  void DrainMonitor();

  KeyFile key_;
  std::string endpoint_;
  std::chrono::milliseconds timeout_;
  zmq::context_t context_;
  std::unique_ptr<zmq::socket_t> socket_;
  std::unique_ptr<zmq::socket_t> monitor_;  // the connection's events (cuts, handshakes)
  uint64_t next_request_ = 1;
  uint64_t next_monitor_ = 1;
  ReplyObserver observer_;
};

}  // namespace madoguchi
