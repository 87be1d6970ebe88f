// CommandServer: the engine's command API over ZeroMQ.
//
//   clients ──CURVE──► ROUTER (this thread) ──inproc──► writer thread (group commit)
//                        │  decode, authenticate,  └──► reader threads (one connection each)
//                        │  authorize                      │
//                        ◄──────────── replies (inproc) ◄──┘
//
// The ROUTER socket lives on the thread that calls Run, as ZeroMQ requires;
// the writer and the readers get jobs and return replies over inproc sockets.
// The writer takes every job waiting (up to max_batch), applies them in one
// transaction and replies only after the commit is durable. Readers use
// their own read-only connections, so they never wait for the writer.
#pragma once

#include <atomic>
#include <string>

#include <zmq.hpp>

#include "core/status.h"
#include "core/workflow.h"
#include "store/request_store.h"

namespace madoguchi {

struct CommandServerOptions {
  std::string endpoint = "tcp://127.0.0.1:7460";
  std::string db_path;
  std::string secret_key;  // the engine's CURVE secret key (Z85)
  size_t max_message_bytes = 256 * 1024;
  int max_batch = 256;
  int readers = 2;
};

class CommandServer {
 public:
  // `store` is the engine's one write connection; the writer thread owns it
  // while Run runs. `context` must have a ZapAuthenticator started.
  CommandServer(zmq::context_t& context, CommandServerOptions options, const Workflow& workflow, RequestStore& store);

  // Binds and serves until `stop` becomes true; then takes no new command,
  // answers every command it took, and returns. Fails if it cannot bind.
  Status Run(const std::atomic<bool>& stop);

 private:
  void WriterLoop(std::atomic<bool>& done);
  void ReaderLoop(std::atomic<bool>& done);

  zmq::context_t& context_;
  CommandServerOptions options_;
  const Workflow& workflow_;
  RequestStore& store_;
  std::atomic<bool> draining_{false};  // set once the ROUTER takes no more commands
};

}  // namespace madoguchi
