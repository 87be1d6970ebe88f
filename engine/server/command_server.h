// CommandServer: the engine's command API over ZeroMQ.
//
//   clients ──CURVE──► ROUTER (this thread) ──inproc──► writer thread (group commit,
//   workers ──CURVE──► ROUTER   decode,          │            reminder timers)
//                        │     authenticate,    └──► reader threads (one connection each)
//                        │     authorize                   │
//                        ◄──────────── replies (inproc) ◄──┘
//
// Both sockets take the same messages (protocol/wire.h) on the same command
// path; the command policy says which commands each socket serves. A third,
// in-process socket (kLocalCommandsEndpoint) serves the engine's own web desk
// on the very same path: there the sender names the signed-in user in a frame
// of its own instead of proving a CURVE key, which only code inside this
// process can do. Workers
// ask for work (lease), ask for what a letter needs (letter_context), and
// ack or fail each message; their asking is also their heartbeat, and a
// worker that stops asking loses its lease, so its message goes out again.
//
// The ROUTER socket lives on the thread that calls Run, as ZeroMQ requires;
// the writer and the readers get jobs and return replies over inproc sockets.
// What a write needs no stored data for (its arguments, an intake's record
// parsed and checked against its schema) is done on the ROUTER's thread, so
// that the one writer only writes. The writer takes every job waiting (up to
// max_batch), applies them in one transaction and replies only after the
// commit is durable. Readers use
// their own read-only connections, so they never wait for the writer.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include <zmq.hpp>

#include "core/status.h"
#include "core/workflow.h"
#include "server/audit_sink.h"
#include "store/request_store.h"

namespace madoguchi {

// The in-process front: a DEALER sends [user][command JSON] and receives
// [empty][reply JSON]. Staff commands only, as on the commands socket.
inline constexpr const char* kLocalCommandsEndpoint = "inproc://madoguchi-local-commands";

struct CommandServerOptions {
  std::string endpoint = "tcp://127.0.0.1:7460";          // staff commands
  std::string workers_endpoint = "tcp://127.0.0.1:7461";  // the workers' queue
  std::string db_path;
  std::string secret_key;  // the engine's CURVE secret key (Z85)
  size_t max_message_bytes = 256 * 1024;
  size_t worker_max_message_bytes = 16 * 1024 * 1024;  // a letter's PDF travels in an ack
  int max_batch = 256;
  int readers = 2;
  std::chrono::milliseconds timer_interval{30000};  // how often due reminders are looked for
  std::chrono::milliseconds audit_head_interval{60000};  // how often the audit head goes to the log
  nlohmann::json society;                           // the letterhead, for letter contexts
  std::string letters_dir;
  std::string templates_dir;                        // the letter templates, for `preview`
};

class CommandServer {
 public:
  // `store` is the engine's one write connection; the writer thread owns it
  // while Run runs. `context` must have a ZapAuthenticator started.
  CommandServer(zmq::context_t& context, CommandServerOptions options, const Workflow& workflow, RequestStore& store);

  // Binds and serves until `stop` becomes true; `on_listening` (if any) runs
  // once every socket is bound, so that in-process clients may connect. then takes no new command,
  // answers every command it took, and returns. Fails if it cannot bind.
  Status Run(const std::atomic<bool>& stop, const std::function<void()>& on_listening = {});

  // Where audit records go (any thread): the web desk's sign-ins too. Every
  // command taken is recorded, with its result, by the thread that answers
  // it; the writer appends them (server/audit_sink.h).
  AuditSink& audit() { return audit_; }

 private:
  void WriterLoop(std::atomic<bool>& done);
  void ReaderLoop(std::atomic<bool>& done);
  // Writer thread only (or Run, once the writer has ended).
  void AppendPendingAudit();
  void LogAuditHead();

  zmq::context_t& context_;
  CommandServerOptions options_;
  const Workflow& workflow_;
  RequestStore& store_;
  std::atomic<bool> draining_{false};  // set once the ROUTER takes no more commands
  AuditSink audit_;
  std::vector<AuditEntry> audit_backlog_;  // taken but not yet committed (writer)
  std::vector<PersonalAccess> access_backlog_;  // likewise, the access log
  int64_t logged_audit_count_ = 0;         // the head last logged
};

}  // namespace madoguchi
