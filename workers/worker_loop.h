// WorkerLoop: the shared runtime of Madoguchi's workers. It asks the engine
// for work (lease), runs the jobs, and acks each only once its result is
// durable where the job put it — or reports the failure, so the message goes
// out again (or, out of attempts, is parked as dead).
//
// Work comes in batches: a lease asks for up to `batch` messages, all leased
// in one durable commit of the engine; the jobs are run one after another;
// their acks go back in one command that also carries the next lease, so
// that a busy worker pays one round trip and one commit per batch, not two
// per message (schemas/api/lease, ack, fail). Failures go back in one `fail`.
// A job is not started once three quarters of its lease have gone (the
// engine may already be handing it to another worker); it is left for a
// later lease. On a stop, the jobs done are acked before Run returns; the
// ones not started keep their lease until it ends, then go out again.
//
// Asking is also the worker's heartbeat: an engine that does not answer
// within the timeout is taken as gone; the loop says so once, then keeps
// asking (EngineClient reconnects with a fresh socket each time) until the
// engine is back. Acks the engine did not answer are not sent again: those
// messages' leases run out and the next attempt finds the work done (every
// job is idempotent). A worker that dies with jobs loses only their leases:
// the engine gives the messages to the next worker that asks.
//
// The batch protocol needs an engine of this release or later: an older
// engine refuses a lease with `max` (invalid_argument), which the loop logs.
// An older worker (one message per lease) works with this engine unchanged.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"
#include "protocol/engine_client.h"

namespace madoguchi {

struct WorkerJob {
  int64_t outbox_id = 0;
  std::string kind;  // "letter" or "reminder"
  int attempt = 0;
  nlohmann::json payload;
};

// Does one job; returns the result to ack with, or the reason it failed.
// `engine` is there for jobs that must ask the engine for more (letter_context).
using JobHandler = std::function<Result<nlohmann::json>(const WorkerJob& job, EngineClient& engine)>;

// How many messages the workers lease at once by default. A batch should
// keep the worker busy across the round trip and commit between batches
// (~1-2 ms) and end well within a lease (workers.lease_seconds, 60 by default):
// a letter takes ~10 ms to render, so 8 are ~80 ms of work; a reminder into a
// Maildir a few ms (it is synced), over SMTP tens to hundreds, so 32 end in
// seconds even at the slow end.
inline constexpr int kLetterBatch = 8;
inline constexpr int kReminderBatch = 32;

struct WorkerLoopOptions {
  std::vector<std::string> kinds;                 // what this worker does
  std::chrono::milliseconds idle_wait{500};       // between asks when there is no work
  // How many messages one lease asks for (1..256): enough that the worker
  // is not kept waiting by the round trip and the commit between batches,
  // few enough that the batch is done well within the engine's lease.
  int batch = 16;
  int max_jobs = 0;                               // stop after this many (0: never; for tests and benchmarks)
};

class WorkerLoop {
 public:
  WorkerLoop(EngineClient& engine, JobHandler handler, WorkerLoopOptions options);

  // Runs until `stop` is set (SIGTERM/SIGINT in the worker mains). Returns
  // the number of jobs the engine took the acks of.
  int Run(const std::atomic<bool>& stop);

 private:
  struct Batch {
    std::vector<WorkerJob> jobs;
    std::chrono::steady_clock::time_point start_by;  // no job is started after this
  };
  // Sends the acks waiting (if any) with a lease of `want` messages (if
  // any); the jobs leased. Counts the acks the engine took into *acked.
  Batch AckAndLease(int want, int* acked);
  // Runs the jobs; their acks wait for the next AckAndLease (or go at once,
  // without a lease, when their results grow large), their failures are
  // sent at the end of the batch.
  void Work(const Batch& batch, const std::atomic<bool>& stop, int* acked);
  void SendFailures();
  // An answer of the engine after none (or a first failure): said once each way.
  void EngineAnswered(const Result<nlohmann::json>& reply, const char* command);

  EngineClient& engine_;
  JobHandler handler_;
  WorkerLoopOptions options_;
  nlohmann::json acks_ = nlohmann::json::array();      // {outbox_id, result} of jobs done, not yet acked
  size_t ack_bytes_ = 0;                               // about the size of acks_ (ResultBytes)
  nlohmann::json failures_ = nlohmann::json::array();  // {outbox_id, error} of jobs failed
  bool engine_lost_ = false;
};

// Installs SIGINT/SIGTERM handlers that set the returned flag.
const std::atomic<bool>& StopOnSignals();

}  // namespace madoguchi
