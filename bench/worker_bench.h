// The workers' figures of madoguchi-bench (see intake_bench.cc for the table):
// letters rendered per second on one core, messages per second from the
// outbox to a worker and back (no-op delivery), and the raw ZeroMQ round
// trip between two threads over loopback TCP as the baseline of the latter.
#pragma once

#include <chrono>
#include <string>

#include "engine_process.h"

namespace madoguchi::bench {

struct Rate {
  std::string name;
  double per_second = 0;
};

Rate LettersPerSecond(std::chrono::seconds duration);
Rate RawZmqRoundTrips(std::chrono::seconds duration);
// Takes in `requests` overdue requests (one reminder each) and drains the
// reminder queue with `workers` no-op workers.
Rate OutboxRoundTrips(testing::EngineProcess& engine, int requests, int workers);

}  // namespace madoguchi::bench
