// The write figures of madoguchi-bench: `intake` and `advance` (a note)
// through the ZeroMQ API of a real engine with N concurrent clients, durable
// (synchronous=FULL, each acknowledged after its commit), with latency
// percentiles; each against SQLite's own ceiling for the same rows with the
// same batching (N per commit), measured in the same run (raw_ceiling.h).
#pragma once

#include <chrono>
#include <string>

#include "engine_process.h"

namespace madoguchi::bench {

struct WriteFigure {
  std::string name;
  int clients = 0;
  double per_second = 0;
  double p50_ms = 0, p99_ms = 0, p999_ms = 0;
  double ceiling_per_second = 0;  // raw SQLite, the same rows, `clients` per commit
};

WriteFigure EngineIntake(testing::EngineProcess& engine, const std::string& dir, int clients,
                         std::chrono::seconds duration);
// Each client notes a request of its own, over and over.
WriteFigure EngineAdvance(testing::EngineProcess& engine, const std::string& dir, int clients,
                          std::chrono::seconds duration);

}  // namespace madoguchi::bench
