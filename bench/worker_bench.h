// The workers' figures of madoguchi-bench (see bench_main.cc for the table):
// letters rendered per second on one core, messages per second from the
// outbox to a worker and back (no-op delivery), and the raw ZeroMQ round
// trip between two processes over ipc:// as the baseline of the latter.
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
// The raw ZeroMQ round trip between this process and a child running ZmqEcho.
Rate RawZmqRoundTrips(std::chrono::seconds duration);
// The child's side: echoes every message on `endpoint` until an empty one.
int ZmqEcho(const std::string& endpoint);
// Takes in `requests` overdue requests (one reminder each) and drains the
// reminder queue with `workers` no-op workers.
Rate OutboxRoundTrips(testing::EngineProcess& engine, int requests, int workers);

}  // namespace madoguchi::bench
