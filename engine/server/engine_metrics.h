// EngineMetrics: what the engine counts about itself while it serves, for
// the Prometheus endpoint (web/metrics_server.h, issue 21): worker leases
// and acks, the size and latency of each group commit, web sign-in failures.
// What can be read from the database (requests by state and type, overdue,
// the outbox, the audit chain's head) is read there at each scrape instead
// (store/store_gauges.h), so nothing here needs to agree with stored rows.
//
// Any thread may update and read it: counters are atomics, each histogram
// has a mutex of its own. Counts restart with the engine (Prometheus's
// rate() and increase() take counter resets in their stride).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "util/mutex.h"

namespace madoguchi {

// Cumulative buckets, as Prometheus keeps them: counts[i] observations of at
// most bounds[i]; count observations in all (the +Inf bucket), their sum.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);

  struct Snapshot {
    std::vector<double> bounds;
    std::vector<uint64_t> counts;  // cumulative, one per bound
    uint64_t count = 0;
    double sum = 0;
  };
  Snapshot Take() const;

 private:
  mutable Mutex mutex_;
  const std::vector<double> bounds_;
  std::vector<uint64_t> counts_ GUARDED_BY(mutex_);  // not cumulative: counts_[i] for (bounds[i-1], bounds[i]]
  uint64_t count_ GUARDED_BY(mutex_) = 0;
  double sum_ GUARDED_BY(mutex_) = 0;
};

struct EngineMetrics {
  // The writer's group commits: commands per batch, seconds from BEGIN to a durable COMMIT.
  Histogram commit_batch_size{{1, 2, 4, 8, 16, 32, 64, 128, 256}};
  Histogram commit_seconds{{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}};
  // Workers: outbox messages leased, acked and failed (committed), one by
  // one however they were batched.
  std::atomic<int64_t> jobs_leased{0};
  std::atomic<int64_t> acks{0};
  std::atomic<int64_t> fails{0};
  // The web desk: sign-ins refused (a wrong password, a wait, a lock).
  std::atomic<int64_t> sign_in_failures{0};
  // The web desk's live sessions, asked when scraped (set by the engine when the desk runs).
  std::function<int64_t()> web_sessions;
};

}  // namespace madoguchi
