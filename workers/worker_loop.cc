#include "workers/worker_loop.h"

#include <signal.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "util/systemd_notify.h"

namespace madoguchi {

namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

// Sleeps up to `total`, waking early when asked to stop.
void Wait(std::chrono::milliseconds total, const std::atomic<bool>& stop) {
  auto until = std::chrono::steady_clock::now() + total;
  while (!stop && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

constexpr int kMaxBatch = 256;  // schemas/api/lease.request.schema.json, max
constexpr size_t kMaxErrorText = 1900;  // under fail's 2000 characters
// Acks waiting are sent (without a lease) once their results hold this much
// text: well under the engine's 16 MiB for a worker's message
// (workers.max_message_bytes), whatever the batch, e.g. letters of 4 MiB.
constexpr size_t kAckFlushBytes = 6 * 1024 * 1024;

// About what a result adds to the ack's message: its text fields' bytes.
size_t ResultBytes(const nlohmann::json& result) {
  size_t bytes = 64;
  if (!result.is_object()) return bytes;
  for (const auto& [key, value] : result.items()) bytes += key.size() + (value.is_string() ? value.get_ref<const std::string&>().size() : 16);
  return bytes;
}

}  // namespace

const std::atomic<bool>& StopOnSignals() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  return g_stop;
}

WorkerLoop::WorkerLoop(EngineClient& engine, JobHandler handler, WorkerLoopOptions options)
    : engine_(engine), handler_(std::move(handler)), options_(std::move(options)) {
  options_.batch = std::clamp(options_.batch, 1, kMaxBatch);
}

void WorkerLoop::EngineAnswered(const Result<nlohmann::json>& reply, const char* command) {
  if (reply.ok()) {
    if (engine_lost_) spdlog::info("the engine answers again");
    engine_lost_ = false;
    return;
  }
  const Status& s = reply.status();
  if (s.code() == Status::Code::kUnavailable) {
    if (!engine_lost_) spdlog::warn("{}; asking again until it answers", s.message());
    engine_lost_ = true;
  } else if (s.code() == Status::Code::kInvalidArgument && std::string_view(command) == "lease") {
    spdlog::error("the engine refused a lease of many messages: it is older than this worker, which needs an engine "
                  "that takes lease {{kinds, max}}; upgrade the engine ({})", s.ToString());
  } else {
    spdlog::error("{} refused: {}", command, s.ToString());
  }
}

WorkerLoop::Batch WorkerLoop::AckAndLease(int want, int* acked) {
  Batch batch;
  const nlohmann::json lease = {{"kinds", options_.kinds}, {"max", want}};
  if (acks_.empty() && want < 1) return batch;
  const char* command = acks_.empty() ? "lease" : "ack";
  nlohmann::json args = lease;
  if (!acks_.empty()) {
    args = {{"acks", std::move(acks_)}};
    acks_ = nlohmann::json::array();
    ack_bytes_ = 0;
    if (want > 0) args["lease"] = lease;
  }
  const auto sent = std::chrono::steady_clock::now();
  Result<nlohmann::json> reply = engine_.Call(command, args);
  EngineAnswered(reply, command);
  if (!reply.ok()) return batch;  // acks unanswered are not sent again (see the header)

  const nlohmann::json* leased = &*reply;
  if (reply->contains("acks")) {
    int done = 0, duplicates = 0;
    std::string ids;
    for (const nlohmann::json& item : (*reply)["acks"]) {
      const int64_t id = item["outbox_id"].get<int64_t>();
      if (item.contains("error")) {
        // The work is durable on our side; the lease will run out and the
        // next attempt finds it done (every job is idempotent).
        spdlog::warn("ack of job {} not taken: {}: {}", id, item["error"].value("code", ""),
                     item["error"].value("message", ""));
        continue;
      }
      ++done;
      duplicates += item.value("duplicate", false) ? 1 : 0;
      ids += (ids.empty() ? "" : " ") + std::to_string(id);
    }
    *acked += done;
    if (done > 0) {
      spdlog::info("{} {} done: {}{}", done, done == 1 ? "job" : "jobs", ids,
                   duplicates > 0 ? " (" + std::to_string(duplicates) + " already done)" : std::string());
    }
    leased = reply->contains("lease") ? &(*reply)["lease"] : nullptr;
  }
  if (leased == nullptr) return batch;
  for (const nlohmann::json& job : leased->value("jobs", nlohmann::json::array())) {
    batch.jobs.push_back({job["outbox_id"].get<int64_t>(), job["kind"].get<std::string>(), job.value("attempt", 1),
                          job["payload"]});
  }
  // The lease began at the engine's commit, after `sent`: counting from
  // `sent` errs on the safe side.
  batch.start_by = sent + std::chrono::seconds(leased->value("lease_seconds", 60)) * 3 / 4;
  return batch;
}

void WorkerLoop::Work(const Batch& batch, const std::atomic<bool>& stop, int* acked) {
  for (size_t i = 0; i < batch.jobs.size() && !stop; ++i) {
    const WorkerJob& job = batch.jobs[i];
    if (std::chrono::steady_clock::now() > batch.start_by) {
      spdlog::warn("{} jobs left for a later lease: theirs is running out", batch.jobs.size() - i);
      break;
    }
    Result<nlohmann::json> result = handler_(job, engine_);
    if (result.ok()) {
      ack_bytes_ += ResultBytes(*result);
      acks_.push_back({{"outbox_id", job.outbox_id}, {"result", std::move(result).value()}});
      if (ack_bytes_ > kAckFlushBytes) AckAndLease(0, acked);
      continue;
    }
    spdlog::warn("{} job {} failed (attempt {}): {}", job.kind, job.outbox_id, job.attempt, result.status().ToString());
    failures_.push_back({{"outbox_id", job.outbox_id}, {"error", result.status().ToString().substr(0, kMaxErrorText)}});
  }
  SendFailures();
}

void WorkerLoop::SendFailures() {
  if (failures_.empty()) return;
  Result<nlohmann::json> reply = engine_.Call("fail", {{"failures", std::move(failures_)}});
  failures_ = nlohmann::json::array();
  EngineAnswered(reply, "fail");
  if (!reply.ok()) return;  // the leases run out: the messages go out again
  for (const nlohmann::json& item : reply->value("failures", nlohmann::json::array())) {
    if (item.value("dead", false)) spdlog::error("job {} is dead", item["outbox_id"].get<int64_t>());
    if (item.contains("error")) {
      spdlog::warn("failure of job {} not taken: {}", item["outbox_id"].get<int64_t>(), item["error"].value("message", ""));
    }
  }
}

int WorkerLoop::Run(const std::atomic<bool>& stop) {
  // Under systemd (Type=notify): ready at once (a worker whose engine is
  // away keeps asking, which is its normal state); the watchdog is fed by
  // each turn of the loop, so a worker stuck in a job is restarted.
  SystemdNotifier systemd;
  systemd.Ready("asking " + engine_.endpoint() + " for work");
  int acked = 0;
  while (!stop) {
    systemd.PingWatchdog();
    int want = options_.batch;
    if (options_.max_jobs > 0) {
      if (acked >= options_.max_jobs) break;
      want = std::min(want, options_.max_jobs - acked - static_cast<int>(acks_.size()));
    }
    Batch batch = AckAndLease(want, &acked);
    if (batch.jobs.empty()) {
      if (want > 0) Wait(options_.idle_wait, stop);  // no work (or no engine): ask again later
      continue;
    }
    Work(batch, stop, &acked);
  }
  // Stopping: the jobs done are acked, nothing more is leased.
  if (!acks_.empty()) AckAndLease(0, &acked);
  systemd.Stopping();
  return acked;
}

}  // namespace madoguchi
