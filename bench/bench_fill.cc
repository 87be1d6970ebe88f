#include "bench_fill.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "request_filler.h"
#include "commands/request_writer.h"
#include "test_support.h"

namespace madoguchi::bench {

Filled FillDatabase(const testing::EngineProcess& engine, int requests) {
  Result<std::unique_ptr<RequestWriter>> store =
      RequestWriter::Open(engine.data_dir() + "/madoguchi.db", testing::DefaultWorkflow(), engine.DataVault());
  if (!store.ok()) {
    std::fprintf(stderr, "bench: opening the store: %s\n", store.status().ToString().c_str());
    std::exit(1);
  }
  // Set-up, not the figure: a crash during the fill means starting over, so
  // it need not wait for the disk at every day's commit.
  (*store)->db().exec("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144");
  // A quarter of the lives through the store and three SQL copies keep
  // 100,000 requests within a minute (request_filler.h).
  Filled f;
  f.copies = requests >= 20000 && requests % 4 == 0 ? 4 : 1;
  auto start = std::chrono::steady_clock::now();
  Result<testing::FillStats> filled = testing::FillRequests(
      **store, {requests / f.copies, f.copies, 730, testing::D(kBenchToday), static_cast<uint32_t>(requests)});
  if (!filled.ok()) {
    std::fprintf(stderr, "bench: filling %d requests: %s\n", requests, filled.status().ToString().c_str());
    std::exit(1);
  }
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  f.requests = static_cast<int>(filled->requests);
  f.commands = filled->commands;
  return f;
}

}  // namespace madoguchi::bench
