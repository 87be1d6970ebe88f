#include "write_bench.h"

#include <atomic>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

#include "raw_ceiling.h"
#include "test_support.h"
#include "timing.h"

namespace madoguchi::bench {

namespace {

using Clock = std::chrono::steady_clock;

// `clients` threads, each with its own connection, calling `one(client, i)`
// until `duration` is over; throughput and latency percentiles.
WriteFigure Drive(testing::EngineProcess& engine, const std::string& name, int clients, std::chrono::seconds duration,
                  const std::function<Status(EngineClient&, int, int)>& one) {
  std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto client = engine.Client("clerk1");
      for (int i = 0; !stop; ++i) {
        auto t0 = Clock::now();
        if (Status s = one(*client, c, i); !s.ok()) {
          std::fprintf(stderr, "%s failed: %s\n", name.c_str(), s.ToString().c_str());
          return;
        }
        latencies[static_cast<size_t>(c)].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
    });
  }
  auto start = Clock::now();
  std::this_thread::sleep_for(duration);
  stop = true;
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  WriteFigure f;
  f.name = name + ", " + std::to_string(clients) + " client(s)";
  f.clients = clients;
  f.per_second = static_cast<double>(all.size()) / seconds;
  f.p50_ms = Percentile(all, 0.5);
  f.p99_ms = Percentile(all, 0.99);
  f.p999_ms = Percentile(all, 0.999);
  return f;
}

// Enough raw commands to take about as long as a figure: the ceiling is
// measured on the same disk, just before.
int RawTotal(int clients) { return std::max(400, clients * 150); }

}  // namespace

WriteFigure EngineIntake(testing::EngineProcess& engine, const std::string& dir, int clients,
                         std::chrono::seconds duration) {
  static std::atomic<int> run{0};
  const int this_run = run++;
  double ceiling = RawIntakeCeiling(dir, clients, RawTotal(clients));
  WriteFigure f = Drive(engine, "intake", clients, duration, [&](EngineClient& client, int c, int i) {
    std::string key = "bench-" + std::to_string(this_run) + "-" + std::to_string(c) + "-" + std::to_string(i);
    nlohmann::json record = testing::SampleRecord("disclosure", key);
    // Another person each time: duplicates are linked at intake, and a desk
    // rarely sees the same person twice in a day.
    record["requester"]["insured_number"] = std::to_string(20000000 + this_run * 1000000 + c * 100000 + i);
    return client.Call("intake", {{"record", record}}).status();
  });
  f.ceiling_per_second = ceiling;
  return f;
}

WriteFigure EngineAdvance(testing::EngineProcess& engine, const std::string& dir, int clients,
                          std::chrono::seconds duration) {
  static std::atomic<int> run{0};
  const int this_run = run++;
  // One request per client, and the version each client saw last.
  std::vector<std::string> ids;
  std::vector<int64_t> versions;
  auto clerk = engine.Client("clerk1");
  for (int c = 0; c < clients; ++c) {
    std::string key = "bench-advance-" + std::to_string(this_run) + "-" + std::to_string(c);
    auto r = clerk->Call("intake", {{"record", testing::SampleRecord("disclosure", key)}});
    if (!r.ok()) {
      std::fprintf(stderr, "advance set-up failed: %s\n", r.status().ToString().c_str());
      std::exit(1);
    }
    ids.push_back((*r)["id"]);
    versions.push_back((*r)["version"]);
  }
  double ceiling = RawAdvanceCeiling(dir, clients, RawTotal(clients));
  WriteFigure f = Drive(engine, "advance (note)", clients, duration, [&](EngineClient& client, int c, int) {
    size_t k = static_cast<size_t>(c);
    auto r = client.Call("advance", {{"id", ids[k]}, {"event", "note"}, {"version", versions[k]}, {"data", {{"text", "確認"}}}});
    if (r.ok()) versions[k] = (*r)["version"];
    return r.status();
  });
  f.ceiling_per_second = ceiling;
  return f;
}

}  // namespace madoguchi::bench
