#include "workers/worker_loop.h"

#include <signal.h>

#include <spdlog/spdlog.h>

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

}  // namespace

const std::atomic<bool>& StopOnSignals() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  return g_stop;
}

bool WorkerLoop::RunOnce(int* acked) {
  Result<nlohmann::json> leased = engine_.Call("lease", {{"kinds", options_.kinds}});
  if (!leased.ok()) {
    if (leased.status().code() == Status::Code::kUnavailable) {
      if (!engine_lost_) spdlog::warn("{}; asking again until it answers", leased.status().message());
      engine_lost_ = true;
    } else {
      spdlog::error("lease refused: {}", leased.status().ToString());
    }
    return false;
  }
  if (engine_lost_) spdlog::info("the engine answers again");
  engine_lost_ = false;
  if (leased->value("type", "") != "job") return false;

  WorkerJob job{(*leased)["outbox_id"].get<int64_t>(), (*leased)["kind"].get<std::string>(),
                (*leased).value("attempt", 1), (*leased)["payload"]};
  Result<nlohmann::json> result = handler_(job, engine_);
  if (result.ok()) {
    Result<nlohmann::json> ack = engine_.Call("ack", {{"outbox_id", job.outbox_id}, {"result", *result}});
    if (ack.ok()) {
      ++*acked;
      spdlog::info("{} job {} done{}", job.kind, job.outbox_id, ack->value("duplicate", false) ? " (already done)" : "");
    } else {
      // The work is durable on our side; the lease will run out and the
      // next attempt finds it done (every job is idempotent).
      spdlog::warn("ack of {} job {} not taken: {}", job.kind, job.outbox_id, ack.status().ToString());
    }
  } else {
    spdlog::warn("{} job {} failed (attempt {}): {}", job.kind, job.outbox_id, job.attempt, result.status().ToString());
    Result<nlohmann::json> failed =
        engine_.Call("fail", {{"outbox_id", job.outbox_id}, {"error", result.status().ToString().substr(0, 1900)}});
    if (failed.ok() && failed->value("dead", false)) spdlog::error("{} job {} is dead", job.kind, job.outbox_id);
  }
  return true;
}

int WorkerLoop::Run(const std::atomic<bool>& stop) {
  // Under systemd (Type=notify): ready at once (a worker whose engine is
  // away keeps asking, which is its normal state); the watchdog is fed by
  // each turn of the loop, so a worker stuck in a job is restarted.
  SystemdNotifier systemd;
  systemd.Ready("asking " + engine_.endpoint() + " for work");
  int acked = 0;
  while (!stop && (options_.max_jobs == 0 || acked < options_.max_jobs)) {
    systemd.PingWatchdog();
    if (!RunOnce(&acked)) Wait(options_.idle_wait, stop);
  }
  systemd.Stopping();
  return acked;
}

}  // namespace madoguchi
