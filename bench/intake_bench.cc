// madoguchi-bench: intake throughput through the ZeroMQ API with 1, 4 and 16
// concurrent clients (durable: synchronous=FULL, acknowledged after commit),
// against the ceiling that SQLite itself gives on this disk in the same run:
// raw inserts of the same records, one transaction each and in batches.
// Machines here are shared and noisy: read the ratios, not the absolutes.
//
// Usage: madoguchi-bench [SECONDS [OUTDIR [DASHBOARD_REQUESTS]]] | madoguchi-bench seal
//   SECONDS per engine figure (default 5; 0 skips the intake and worker figures),
//   DASHBOARD_REQUESTS for the dashboard figure (default 100000; 0 skips it).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include "dashboard_bench.h"
#include "seal_bench.h"
#include "engine_process.h"
#include "worker_bench.h"

using namespace madoguchi;
using Clock = std::chrono::steady_clock;

namespace {

struct Figure {
  std::string name;
  double per_second = 0;
  double p50_ms = 0, p99_ms = 0, p999_ms = 0;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Raw SQLite: the same record text, WAL + synchronous=FULL, `batch` rows per
// transaction: what the disk allows for this durability.
Figure RawSqlite(const std::string& dir, int rows, int batch) {
  std::string path = dir + "/raw-" + std::to_string(batch) + ".db";
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  db.exec("CREATE TABLE r (id INTEGER PRIMARY KEY, key TEXT UNIQUE, record TEXT, history TEXT)");
  std::string record = testing::SampleRecord("disclosure", "raw-key-0000").dump();
  SQLite::Statement st(db, "INSERT INTO r(key, record, history) VALUES (?, ?, ?)");
  auto start = Clock::now();
  for (int i = 0; i < rows; i += batch) {
    SQLite::Transaction txn(db);
    for (int j = i; j < std::min(rows, i + batch); ++j) {
      st.bind(1, "raw-" + std::to_string(j));
      st.bind(2, record);
      st.bind(3, R"({"event":"intake"})");
      st.exec();
      st.reset();
    }
    txn.commit();
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return {"raw SQLite insert, " + std::to_string(batch) + " per commit", rows / seconds};
}

Figure EngineIntake(testing::EngineProcess& engine, int clients, std::chrono::seconds duration) {
  static std::atomic<int> run{0};
  int this_run = run++;
  std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto client = engine.Client("clerk1");
      for (int i = 0; !stop; ++i) {
        std::string key = "bench-" + std::to_string(this_run) + "-" + std::to_string(c) + "-" + std::to_string(i);
        auto t0 = Clock::now();
        auto r = client->Call("intake", {{"record", testing::SampleRecord("disclosure", key)}});
        if (!r.ok()) {
          std::fprintf(stderr, "intake failed: %s\n", r.status().ToString().c_str());
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
  return {"engine intake, " + std::to_string(clients) + " client(s)", static_cast<double>(all.size()) / seconds,
          Percentile(all, 0.5), Percentile(all, 0.99), Percentile(all, 0.999)};
}

// Intake through the engine against raw SQLite, and the workers' figures;
// printed, and appended to `json`.
// What sealing the personal records costs intake, both ways in this run;
// printed, and appended to `json`.
void SealFigures(const std::string& dir, nlohmann::json& json) {
  std::fprintf(stderr, "intake with and without sealing of personal records...\n");
  std::printf("\n%-40s %12s %12s %10s\n", "what", "sealed /s", "clear /s", "cost");
  for (int batch : {1, 100}) {
    bench::SealCost c = bench::IntakeSealCost(dir, batch, batch == 1 ? 300 : 3000, 6);
    double cost = 1.0 - c.sealed_per_second / c.plain_per_second;
    std::printf("%-40s %12.0f %12.0f %9.1f%%\n", c.name.c_str(), c.sealed_per_second, c.plain_per_second, cost * 100);
    json.push_back({{"name", c.name + ", sealed"}, {"per_second", c.sealed_per_second}});
    json.push_back({{"name", c.name + ", in clear"}, {"per_second", c.plain_per_second}, {"sealing_cost", cost}});
  }
}

void EngineFigures(const std::string& dir, int seconds, nlohmann::json& json) {
  std::vector<Figure> figures;
  std::fprintf(stderr, "raw SQLite baselines...\n");
  figures.push_back(RawSqlite(dir, 2000, 1));
  figures.push_back(RawSqlite(dir, 20000, 16));

  testing::EngineProcess engine;
  engine.EditConfig([](nlohmann::json& c) { c["workers"]["timer_interval_seconds"] = 0.2; });
  engine.Start();
  for (int clients : {1, 4, 16}) {
    std::fprintf(stderr, "engine intake with %d client(s) for %d s...\n", clients, seconds);
    figures.push_back(EngineIntake(engine, clients, std::chrono::seconds(seconds)));
  }
  std::fprintf(stderr, "workers: raw ZeroMQ baseline, outbox round trips, letters...\n");
  std::vector<bench::Rate> rates;
  rates.push_back(bench::RawZmqRoundTrips(std::chrono::seconds(seconds)));
  rates.push_back(bench::OutboxRoundTrips(engine, 2000, 1));
  rates.push_back(bench::OutboxRoundTrips(engine, 2000, 4));
  rates.push_back(bench::LettersPerSecond(std::chrono::seconds(seconds)));
  engine.Stop();

  double ceiling_1 = figures[0].per_second;
  std::printf("%-40s %12s %10s %9s %9s %9s\n", "what", "per second", "vs raw(1)", "p50 ms", "p99 ms", "p99.9 ms");
  for (const auto& f : figures) {
    std::printf("%-40s %12.0f %10.2f %9.2f %9.2f %9.2f\n", f.name.c_str(), f.per_second, f.per_second / ceiling_1,
                f.p50_ms, f.p99_ms, f.p999_ms);
    json.push_back({{"name", f.name}, {"per_second", f.per_second}, {"ratio_to_raw_single", f.per_second / ceiling_1},
                    {"p50_ms", f.p50_ms}, {"p99_ms", f.p99_ms}, {"p999_ms", f.p999_ms}});
  }
  std::printf("\n%-40s %12s %12s\n", "what", "per second", "vs raw ZMQ");
  for (const auto& r : rates) {
    std::printf("%-40s %12.0f %12.2f\n", r.name.c_str(), r.per_second, r.per_second / rates[0].per_second);
    json.push_back({{"name", r.name}, {"per_second", r.per_second}, {"ratio_to_raw_zmq", r.per_second / rates[0].per_second}});
  }

  SealFigures(dir, json);
}

// The dashboard against show and stats on the same database; printed, and
// appended to `json`.
void ReportDashboard(int requests, nlohmann::json& json) {
  std::fprintf(stderr, "dashboard: filling %d requests over two years...\n", requests);
  bench::DashboardFigures d = bench::DashboardAtScale(requests, 20);
  std::printf("\nfilled %d requests in %.1f s (%lld commands through ApplyBatch, x%d by SQL copies)\n", d.requests,
              d.fill_seconds, static_cast<long long>(d.commands), d.copies);
  json.push_back({{"name", "fill " + std::to_string(d.requests) + " requests"},
                  {"seconds", d.fill_seconds}, {"commands", d.commands}, {"copies", d.copies}});
  std::printf("%-50s %9s %9s %9s %9s\n", "what", "median ms", "p95 ms", "vs show", "vs stats");
  for (size_t i = 0; i < d.reads.size(); ++i) {
    // Each group of four (show, stats, dashboard, report) is measured against its own show and stats.
    const bench::Latency& r = d.reads[i];
    const bench::Latency& show = d.reads[i - i % 4];
    const bench::Latency& stats = d.reads[i - i % 4 + 1];
    std::printf("%-50s %9.2f %9.2f %9.1f %9.2f\n", r.name.c_str(), r.median_ms, r.p95_ms,
                r.median_ms / show.median_ms, r.median_ms / stats.median_ms);
    json.push_back({{"name", r.name}, {"median_ms", r.median_ms}, {"p95_ms", r.p95_ms},
                    {"ratio_to_show", r.median_ms / show.median_ms}, {"ratio_to_stats", r.median_ms / stats.median_ms}});
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "seal") {  // only the cost of sealing, quickly
    spdlog::set_level(spdlog::level::warn);
    testing::TempDir dir;
    nlohmann::json json = nlohmann::json::array();
    SealFigures(dir.path().string(), json);
    return 0;
  }
  int seconds = argc > 1 ? std::atoi(argv[1]) : 5;
  std::string out_dir = argc > 2 ? argv[2] : "build/bench";
  int dashboard_requests = argc > 3 ? std::atoi(argv[3]) : 100000;
  spdlog::set_level(spdlog::level::warn);  // the in-process workers log every job at info
  testing::TempDir dir;
  nlohmann::json json = nlohmann::json::array();
  if (seconds > 0) EngineFigures(dir.path().string(), seconds, json);
  if (dashboard_requests > 0) ReportDashboard(dashboard_requests, json);
  std::filesystem::create_directories(out_dir);
  std::ofstream(out_dir + "/results.json") << json.dump(2) << "\n";
  return 0;
}
