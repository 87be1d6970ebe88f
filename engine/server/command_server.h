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
// the writer and the readers take their jobs, owned, from a JobQueue each
// (server/job_queue.h) and return replies over an inproc socket.
// What a write needs no stored data for (its arguments, an intake's record
// parsed and checked against its schema) is done on the ROUTER's thread, so
// that the one writer only writes. The writer takes every job waiting (up to
// max_batch), applies them in one transaction with each one's audit record
// and replies only after the commit is durable; after commits it writes the
// audit chain's head to the anchor file. Readers use
// their own read-only connections, so they never wait for the writer.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include <zmq.hpp>

#include "util/status.h"
#include "core/workflow.h"
#include "server/audit_sink.h"
#include "server/engine_metrics.h"
#include "server/job_queue.h"
#include "commands/request_writer.h"
#include "store/request_store.h"
#include "store/user_store.h"

namespace madoguchi {

// The in-process front: a DEALER sends [user][command JSON] and receives
// [empty][reply JSON]. Staff commands only, as on the commands socket.
inline constexpr const char* kLocalCommandsEndpoint = "inproc://madoguchi-local-commands";

struct CommandServerOptions {
  std::string endpoint = "tcp://127.0.0.1:7460";          // staff commands
  std::string workers_endpoint = "tcp://127.0.0.1:7461";  // the workers' queue
  std::string db_path;
  // The engine's data keys (app/data_keys.h): the readers open sealed rows
  // with them, the writer's anchor lines are keyed with them. The store was
  // opened with the same vault.
  std::shared_ptr<PersonalVault> vault;
  std::string secret_key;  // the engine's CURVE secret key (Z85)
  size_t max_message_bytes = 256 * 1024;
  size_t worker_max_message_bytes = 16 * 1024 * 1024;  // a letter's PDF travels in an ack
  int max_batch = 256;
  int readers = 2;
  std::chrono::milliseconds timer_interval{30000};  // how often due reminders are looked for
  std::chrono::milliseconds audit_head_interval{60000};  // how often the audit head goes to the log
  std::string audit_anchor;  // the anchor file (store/audit_anchor.h): each head appended goes there
  bool audit_head_mail = false;  // queue the chain's head to the auditors once a day (audit.head_mail)
  // Dispose of requests past their retention date at every timer turn, the
  // first at start (store/disposal.h), and of the provision ledger's records
  // once a day; false: `run --keep-past-retention` keeps both.
  bool dispose = true;
  int dispose_batch = 100;  // requests per transaction
  EngineMetrics* metrics = nullptr;  // commits, leases and acks are counted here when set
  nlohmann::json society;                           // the letterhead, for letter contexts
  std::string letters_dir;
  std::string templates_dir;                        // the letter templates, for `preview`
};

class CommandServer {
 public:
  // `writer` is the engine's one writer, over its one write connection; the
  // writer thread owns it while Run runs. `context` must have a
  // ZapAuthenticator started.
  CommandServer(zmq::context_t& context, CommandServerOptions options, const Workflow& workflow, RequestWriter& writer);

  // Binds and serves until `stop` becomes true; `on_listening` (if any) runs
  // once every socket is bound, so that in-process clients may connect. then takes no new command,
  // answers every command it took, and returns. Fails if it cannot bind.
  Status Run(const std::atomic<bool>& stop, const std::function<void()>& on_listening = {});

  // Where audit records go (any thread): the web desk's sign-ins too. Every
  // command taken is recorded, with its result: a write in the transaction
  // of its change, anything else by the thread that answers it, appended by
  // the writer (server/audit_sink.h). What only says "I am here" -- whoami,
  // and a worker's poll that finds no work after its connection's first --
  // is counted instead and logged with the audit head.
  AuditSink& audit() { return audit_; }

  // Whether the thread that takes commands and the writer have each begun a
  // turn of their loops within `within` (any thread). Each turn waits at most
  // 100 ms for work, so a healthy server turns ten times a second; a thread
  // stuck (a lock never released, a disk that hangs) stops turning. What the
  // engine's systemd watchdog is fed on.
  bool Responsive(std::chrono::steady_clock::duration within) const;

  // What unlock_sign_in does: lift a user name's web sign-in delay and lock,
  // true when there was any. The sign-in throttle lives in the web desk's
  // memory, which the command path cannot otherwise reach; the engine wires
  // the desk in here at start (before Run; the hook then runs on Run's
  // thread). Without one (the desk is off) the command answers unavailable.
  // Taken this way so that the command, like every other, is decoded,
  // authorized and audited on the one command path.
  void SetSignInUnlocker(std::function<bool(const std::string& user)> unlock) { unlock_sign_in_ = std::move(unlock); }

 private:
  void WriterLoop(std::atomic<bool>& done);
  void ReaderLoop(std::atomic<bool>& done);
  // Writer thread only (or Run, once the writer has ended).
  void AppendPendingAudit();
  // unlock_sign_in {user}: on Run's thread, with its user store.
  Result<nlohmann::json> UnlockSignIn(UserStore& users, const nlohmann::json& args);
  void LogAuditHead();
  // The head the store appended last, to the anchor file when it moved
  // (at most once per 100 ms unless `now`).
  void AnchorAuditHead(bool now = false);

  zmq::context_t& context_;
  CommandServerOptions options_;
  const Workflow& workflow_;
  RequestWriter& writer_;
  RequestStore& store_;  // writer_'s: the audit records, the disposals, the anchor's head
  std::atomic<bool> draining_{false};  // set once the ROUTER takes no more commands
  // Jobs from the ROUTER's thread: to the one writer, and to whichever reader
  // is free first. What is queued is owned by the queue, then by its taker.
  JobQueue writer_jobs_;
  JobQueue reader_jobs_;
  AuditSink audit_;
  std::vector<AuditEntry> audit_backlog_;  // taken but not yet committed (writer)
  std::vector<PersonalAccess> access_backlog_;  // likewise, the access log
  int64_t logged_audit_count_ = 0;         // the head last logged
  std::function<bool(const std::string&)> unlock_sign_in_;
  // steady_clock ticks at the start of the last turn of Run's loop and of the writer's.
  std::atomic<int64_t> router_turn_{std::chrono::steady_clock::now().time_since_epoch().count()};
  std::atomic<int64_t> writer_turn_{std::chrono::steady_clock::now().time_since_epoch().count()};
  std::optional<ChainHead> anchored_;      // the head last written to the anchor file (writer)
  std::chrono::steady_clock::time_point next_anchor_;  // no anchor line before then, unless at a stop (writer)
  std::string head_mail_day_;              // the JST day whose head mail is queued (writer)
  std::string provision_disposal_day_;     // the JST day the provision ledger was last disposed of (writer)
  // Polls counted rather than recorded, since the last log line.
  std::atomic<int64_t> whoami_polls_{0};
  int64_t idle_lease_polls_ = 0;           // writer
  std::unordered_set<std::string> polled_connections_;  // routing ids whose first idle poll was recorded (writer)
};

}  // namespace madoguchi
