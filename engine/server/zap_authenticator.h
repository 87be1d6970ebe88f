// ZapAuthenticator: the ZeroMQ Authentication Protocol (RFC 27) handler of
// the engine's context. Every CURVE connection to a socket that has a ZAP
// domain is checked here: the client's public key must belong to a user in
// the users table who is not disabled; the reply names that user, and the
// engine reads the name back from every message ("User-Id"). An unknown or
// disabled key is refused, and the client gets no connection at all.
//
// Without a ZAP domain libzmq accepts every CURVE client, so the sockets we
// bind always set one (kZapDomain). The handler must be bound (Start) before
// those sockets bind.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include <zmq.hpp>

#include "util/status.h"

namespace madoguchi {

inline constexpr const char* kZapDomain = "madoguchi";

class ZapAuthenticator {
 public:
  ZapAuthenticator(zmq::context_t& context, std::string db_path);
  ~ZapAuthenticator();

  // Binds inproc://zeromq.zap.01 and starts the handler thread.
  Status Start();
  void Stop();

 private:
  void Serve(zmq::socket_t socket);

  zmq::context_t& context_;
  std::string db_path_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace madoguchi
