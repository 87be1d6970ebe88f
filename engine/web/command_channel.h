// CommandChannel: how the web desk sends commands down the engine's one
// command path, over the command server's in-process socket
// (kLocalCommandsEndpoint), as the signed-in user.
//
// Thread-safe: HTTP handlers run on many threads and ZeroMQ sockets may not
// be shared, so each call borrows a socket of its own from a small pool. A
// socket whose call timed out is closed, never reused, so that a late reply
// cannot be taken for the next call's.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include "util/mutex.h"

namespace madoguchi {

class CommandChannel {
 public:
  CommandChannel(zmq::context_t& context, std::string endpoint, std::chrono::milliseconds timeout);
  ~CommandChannel();

  // The engine's reply envelope (schemas/api/reply.schema.json) to `command`
  // with `args` sent as `user`; an "unavailable" error reply when the engine
  // does not answer in time. A non-empty `bound_role` is the role of the
  // caller's web session: the engine refuses the command when the user's
  // role is no longer that one.
  nlohmann::json Call(const std::string& user, const std::string& command, const nlohmann::json& args,
                      const std::string& bound_role = "");

 private:
  std::unique_ptr<zmq::socket_t> Borrow();
  void Return(std::unique_ptr<zmq::socket_t> socket);

  zmq::context_t& context_;
  std::string endpoint_;
  std::chrono::milliseconds timeout_;
  Mutex mutex_;
  std::vector<std::unique_ptr<zmq::socket_t>> idle_ GUARDED_BY(mutex_);
};

}  // namespace madoguchi
