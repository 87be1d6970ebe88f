// WorkerLoop: the shared runtime of Madoguchi's workers. It asks the engine
// for work (lease), runs the job, and acks it only once the job's result is
// durable where the job put it — or reports the failure, so the message goes
// out again (or, out of attempts, is parked as dead).
//
// Asking is also the worker's heartbeat: an engine that does not answer
// within the timeout is taken as gone; the loop says so once, then keeps
// asking (EngineClient reconnects with a fresh socket each time) until the
// engine is back. A worker that dies with a job loses only its lease: the
// engine gives the message to the next worker that asks.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
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

struct WorkerLoopOptions {
  std::vector<std::string> kinds;                 // what this worker does
  std::chrono::milliseconds idle_wait{500};       // between asks when there is no work
  std::chrono::milliseconds engine_timeout{5000};
  int max_jobs = 0;                               // stop after this many (0: never; for tests and benchmarks)
};

class WorkerLoop {
 public:
  WorkerLoop(EngineClient& engine, JobHandler handler, WorkerLoopOptions options)
      : engine_(engine), handler_(std::move(handler)), options_(std::move(options)) {}

  // Runs until `stop` is set (SIGTERM/SIGINT in the worker mains). Returns
  // the number of jobs acked.
  int Run(const std::atomic<bool>& stop);

 private:
  // One lease-work-ack round; true when there was a job.
  bool RunOnce(int* acked);

  EngineClient& engine_;
  JobHandler handler_;
  WorkerLoopOptions options_;
  bool engine_lost_ = false;
};

// Installs SIGINT/SIGTERM handlers that set the returned flag.
const std::atomic<bool>& StopOnSignals();

}  // namespace madoguchi
