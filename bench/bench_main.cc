// madoguchi-bench: how close Madoguchi runs to what its parts allow. Every
// figure is printed with a baseline measured in the same run, because these
// machines are shared and noisy: read the ratios, not the absolutes.
//
//   writes    intake and advance through the ZeroMQ API with 1, 4 and 16
//             clients, durable, p50/p99/p99.9, against raw SQLite writing the
//             same rows with the same batching (write_bench.h, raw_ceiling.h);
//             the rows and index entries each writes (write_set.h)
//   workers   outbox -> worker -> ack against a raw ZeroMQ round trip between
//             two processes; letters rendered per second on one core
//   sealing   intake with and without sealing of personal records
//   queries   overdue, list and each dashboard query at 10,000, 100,000 and
//             1,000,000 requests; engine start-up and resident memory
//   http      show, stats, dashboard and report in process and over HTTP
//
// Usage: madoguchi-bench [SECONDS [OUTDIR [SCALES [HTTP_REQUESTS]]]]
//   SECONDS per write and worker figure (default 5; 0 skips them),
//   SCALES for the queries, comma-separated (default 10000,100000,1000000; 0 skips),
//   HTTP_REQUESTS for the http figure (default 100000; 0 skips it).
// Results: the tables on stdout, JSON in OUTDIR/results.json.
//   madoguchi-bench seal          only the sealing figure
//   madoguchi-bench written       only the rows, index entries and pages an intake and an advance write
//   madoguchi-bench workers [SECONDS [BATCHES]]   only the outbox round trips (leases of the
//                                 comma-separated sizes, default the reminder worker's) and the letters
//   madoguchi-bench letters [SECONDS]   only the letters (to profile the renderer)
//   madoguchi-bench writes [SECONDS [OUTDIR]]   only the write figures
//   madoguchi-bench zmq-echo EP   (internal) the raw ZeroMQ baseline's other process
#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "dashboard_bench.h"
#include "engine_process.h"
#include "query_bench.h"
#include "seal_bench.h"
#include "worker_bench.h"
#include "workers/worker_loop.h"
#include "write_bench.h"
#include "write_set.h"

using namespace madoguchi;

namespace {

void WriteFigures(const std::string& dir, int seconds, nlohmann::json& json) {
  testing::EngineProcess engine;
  engine.EditConfig([](nlohmann::json& c) { c["workers"]["timer_interval_seconds"] = 0.2; });
  engine.Start();
  std::vector<bench::WriteFigure> figures;
  for (int clients : {1, 4, 16}) {
    std::fprintf(stderr, "intake with %d client(s) for %d s, and its raw ceiling...\n", clients, seconds);
    figures.push_back(bench::EngineIntake(engine, dir, clients, std::chrono::seconds(seconds)));
  }
  for (int clients : {1, 4, 16}) {
    std::fprintf(stderr, "advance with %d client(s) for %d s, and its raw ceiling...\n", clients, seconds);
    figures.push_back(bench::EngineAdvance(engine, dir, clients, std::chrono::seconds(seconds)));
  }
  engine.Stop();
  std::printf("%-32s %10s %10s %8s %8s %8s %9s\n", "writes (durable)", "per second", "raw same", "ratio", "p50 ms",
              "p99 ms", "p99.9 ms");
  for (const auto& f : figures) {
    double ratio = f.per_second / f.ceiling_per_second;
    std::printf("%-32s %10.0f %10.0f %8.2f %8.2f %8.2f %9.2f\n", f.name.c_str(), f.per_second, f.ceiling_per_second,
                ratio, f.p50_ms, f.p99_ms, f.p999_ms);
    json.push_back({{"name", f.name}, {"per_second", f.per_second}, {"raw_same_rows_per_second", f.ceiling_per_second},
                    {"ratio_to_raw", ratio}, {"p50_ms", f.p50_ms}, {"p99_ms", f.p99_ms}, {"p999_ms", f.p999_ms}});
  }
}

// What one intake and one advance write, b-tree by b-tree (write_set.h).
void WriteSetFigures(const std::string& dir, nlohmann::json& json) {
  std::fprintf(stderr, "rows and index entries written per intake and per advance...\n");
  std::vector<bench::WriteSet> sets = {bench::IntakeWriteSet(dir, 300, 20), bench::AdvanceWriteSet(dir, 300, 20)};
  std::printf("\n%-44s", "written per command (1 per commit)");
  for (const auto& set : sets) std::printf(" %16s", set.name.c_str());
  std::printf("\n");
  std::set<std::string> names;
  for (const auto& set : sets) {
    for (const auto& [name, w] : set.btrees) names.insert((w.index ? w.table + "." : "") + name);
  }
  // Tables, each followed by its indexes (their names sort after the table's as "table.index").
  for (const std::string& line : names) {
    size_t dot = line.find('.');
    std::string btree = dot == std::string::npos ? line : line.substr(dot + 1);
    std::printf("%-44s", (dot == std::string::npos ? line : "  " + btree).c_str());
    for (const auto& set : sets) {
      auto it = set.btrees.find(btree);
      char cell[64] = "";
      if (it != set.btrees.end()) {
        const bench::BTreeWrites& w = it->second;
        std::snprintf(cell, sizeof cell, "+%.1f -%.1f ~%.1f", w.added, w.removed, w.changed);
      }
      std::printf(" %16s", cell);
    }
    std::printf("\n");
  }
  std::printf("%-44s", "rows (added, removed or changed)");
  for (const auto& set : sets) std::printf(" %16.1f", set.rows);
  std::printf("\n%-44s", "index entries (added or removed)");
  for (const auto& set : sets) std::printf(" %16.1f", set.index_entries);
  std::printf("\n%-44s", "database pages written per commit");
  for (const auto& set : sets) std::printf(" %16.1f", set.pages);
  std::printf("\n");
  for (const auto& set : sets) {
    nlohmann::json btrees = nlohmann::json::object();
    for (const auto& [name, w] : set.btrees) {
      btrees[name] = {{"index", w.index}, {"table", w.table}, {"added", w.added}, {"removed", w.removed}, {"changed", w.changed}};
    }
    json.push_back({{"name", "written per " + set.name}, {"rows", set.rows}, {"index_entries", set.index_entries},
                    {"pages_per_commit", set.pages}, {"btrees", btrees}});
  }
}

// `batches`: the lease sizes measured besides one message per lease (the
// protocol before batches); the reminder worker's by default.
void WorkerFigures(int seconds, nlohmann::json& json, const std::vector<int>& batches = {kReminderBatch}) {
  testing::EngineProcess engine;
  engine.EditConfig([](nlohmann::json& c) { c["workers"]["timer_interval_seconds"] = 0.2; });
  engine.Start();
  std::fprintf(stderr, "workers: raw ZeroMQ baseline, outbox round trips, letters...\n");
  const bench::Rate raw = bench::RawZmqRoundTrips(std::chrono::seconds(seconds));
  // Enough messages to last a few seconds at the goals' rates.
  const int messages = std::max(4000, 8000 * seconds);
  std::vector<std::pair<bench::Rate, double>> rates;  // and the same workers one message per lease
  for (int workers : {1, 4}) {
    const bench::Rate single = bench::OutboxRoundTrips(engine, std::max(1000, messages / 8), workers, 0);
    rates.emplace_back(single, single.per_second);
    for (int batch : batches) rates.emplace_back(bench::OutboxRoundTrips(engine, messages, workers, batch), single.per_second);
  }
  engine.Stop();
  std::printf("\n%-58s %10s %10s %12s\n", "workers", "per second", "vs raw ZMQ", "vs 1 a lease");
  std::printf("%-58s %10.0f %10.2f\n", raw.name.c_str(), raw.per_second, 1.0);
  json.push_back({{"name", raw.name}, {"per_second", raw.per_second}});
  for (const auto& [r, single] : rates) {
    std::printf("%-58s %10.0f %10.2f %12.1f\n", r.name.c_str(), r.per_second, r.per_second / raw.per_second,
                r.per_second / single);
    json.push_back({{"name", r.name}, {"per_second", r.per_second}, {"ratio_to_raw_zmq", r.per_second / raw.per_second},
                    {"ratio_to_one_per_lease", r.per_second / single}});
  }
  bench::LetterFigure letters = bench::Letters(std::chrono::seconds(seconds));
  std::printf("\n%-40s %12s %12s\n", "letters (1 core)", "per second", "vs set-up each");
  std::printf("%-40s %12.1f %12.2f\n", "rendered by one LetterRenderer", letters.per_second,
              letters.per_second / letters.one_off_per_second);
  std::printf("%-40s %12.1f %12.2f\n", "rendered with every set-up each time", letters.one_off_per_second, 1.0);
  std::printf("%-40s %12zu bytes, %d page(s) (text copy %zu bytes)\n", "PDF of the acknowledgement", letters.pdf_bytes,
              letters.pages, letters.text_bytes);
  for (const auto& k : letters.kinds) {
    std::printf("%-40s %12zu bytes, %d page(s)\n", ("PDF of the " + k.kind).c_str(), k.pdf_bytes, k.pages);
    json.push_back({{"name", "letter " + k.kind}, {"pdf_bytes", k.pdf_bytes}, {"pages", k.pages}});
  }
  json.push_back({{"name", "letters rendered (1 core)"}, {"per_second", letters.per_second},
                  {"set_up_each_per_second", letters.one_off_per_second}, {"pdf_bytes", letters.pdf_bytes},
                  {"pages", letters.pages}, {"text_bytes", letters.text_bytes}});
}

// What sealing the personal records costs intake, both ways in this run.
void SealFigures(const std::string& dir, nlohmann::json& json) {
  std::fprintf(stderr, "intake with and without sealing of personal records...\n");
  std::printf("\n%-40s %12s %12s %10s\n", "sealing", "sealed /s", "clear /s", "cost");
  for (int batch : {1, 100}) {
    bench::SealCost c = bench::IntakeSealCost(dir, batch, batch == 1 ? 300 : 3000, 6);
    double cost = 1.0 - c.sealed_per_second / c.plain_per_second;
    std::printf("%-40s %12.0f %12.0f %9.1f%%\n", c.name.c_str(), c.sealed_per_second, c.plain_per_second, cost * 100);
    json.push_back({{"name", c.name + ", sealed"}, {"per_second", c.sealed_per_second}});
    json.push_back({{"name", c.name + ", in clear"}, {"per_second", c.plain_per_second}, {"sealing_cost", cost}});
  }
}

void QueryFigures(const std::vector<int>& scales, nlohmann::json& json) {
  bench::QueryFigures q = bench::QueriesAtScale(scales, 30);
  std::printf("\n%-84s %10s %8s %8s\n", "queries (in process)", "requests", "p50 ms", "p99 ms");
  for (const auto& r : q.reads) {
    std::printf("%-84s %10d %8.2f %8.2f\n", r.name.c_str(), r.requests, r.p50_ms, r.p99_ms);
    json.push_back({{"name", r.name}, {"requests", r.requests}, {"p50_ms", r.p50_ms}, {"p99_ms", r.p99_ms}});
  }
  std::printf("\n%-40s %10s %10s %10s %10s %10s\n", "start-up", "requests", "seconds", "vs empty", "RSS MiB",
              "vs empty");
  const bench::StartupFigure& empty = q.startup.front();
  for (const auto& s : q.startup) {
    std::printf("%-40s %10d %10.2f %10.1f %10.1f %10.1f\n", s.name.c_str(), s.requests, s.seconds,
                s.seconds / empty.seconds, s.rss_mib, s.rss_mib / empty.rss_mib);
    json.push_back({{"name", s.name}, {"requests", s.requests}, {"seconds", s.seconds}, {"rss_mib", s.rss_mib},
                    {"ratio_to_empty_seconds", s.seconds / empty.seconds}, {"ratio_to_empty_rss", s.rss_mib / empty.rss_mib}});
  }
}

// show, stats, dashboard and report in process and over HTTP, each group
// against its own show and stats.
void HttpFigures(int requests, nlohmann::json& json) {
  std::fprintf(stderr, "http: filling %d requests over two years...\n", requests);
  bench::DashboardFigures d = bench::DashboardAtScale(requests, 20);
  std::printf("\nfilled %d requests in %.1f s (%lld commands through ApplyBatch, x%d by SQL copies)\n", d.requests,
              d.fill_seconds, static_cast<long long>(d.commands), d.copies);
  json.push_back({{"name", "fill " + std::to_string(d.requests) + " requests"},
                  {"seconds", d.fill_seconds}, {"commands", d.commands}, {"copies", d.copies}});
  std::printf("%-50s %9s %9s %9s %9s\n", "reads", "median ms", "p95 ms", "vs show", "vs stats");
  for (size_t i = 0; i < d.reads.size(); ++i) {
    const bench::Latency& r = d.reads[i];
    const bench::Latency& show = d.reads[i - i % 4];
    const bench::Latency& stats = d.reads[i - i % 4 + 1];
    std::printf("%-50s %9.2f %9.2f %9.1f %9.2f\n", r.name.c_str(), r.median_ms, r.p95_ms,
                r.median_ms / show.median_ms, r.median_ms / stats.median_ms);
    json.push_back({{"name", r.name}, {"median_ms", r.median_ms}, {"p95_ms", r.p95_ms},
                    {"ratio_to_show", r.median_ms / show.median_ms}, {"ratio_to_stats", r.median_ms / stats.median_ms}});
  }
}

std::vector<int> Scales(const std::string& list) {
  std::vector<int> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (int n = std::atoi(item.c_str()); n > 0) out.push_back(n);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // the in-process workers log every job at info
  if (argc > 2 && std::string(argv[1]) == "zmq-echo") return bench::ZmqEcho(argv[2]);
  testing::TempDir dir;
  nlohmann::json json = nlohmann::json::array();
  if (argc > 1 && std::string(argv[1]) == "written") {
    WriteSetFigures(dir.path().string(), json);  // counts only, no timing: quick
    return 0;
  }
  if (argc > 1 && std::string(argv[1]) == "workers") {
    // Only the outbox round trips and the letters, against their baselines.
    std::vector<int> batches = argc > 3 ? Scales(argv[3]) : std::vector<int>{kReminderBatch};
    WorkerFigures(argc > 2 ? std::atoi(argv[2]) : 5, json, batches);
    return 0;
  }
  if (argc > 1 && std::string(argv[1]) == "letters") {
    // Only the letters: the loop to profile the renderer under (perf record, callgrind).
    bench::LetterFigure letters = bench::Letters(std::chrono::seconds(argc > 2 ? std::atoi(argv[2]) : 5));
    std::printf("letters per second: %.1f by one renderer, %.1f with every set-up each time; PDF %zu bytes, %d page(s)\n",
                letters.per_second, letters.one_off_per_second, letters.pdf_bytes, letters.pages);
    for (const auto& k : letters.kinds) std::printf("%s: %zu bytes, %d page(s)\n", k.kind.c_str(), k.pdf_bytes, k.pages);
    return 0;
  }
  if (argc > 1 && std::string(argv[1]) == "seal") {
    SealFigures(dir.path().string(), json);
    return 0;
  }
  if (argc > 1 && std::string(argv[1]) == "writes") {
    // Only intake and advance: the quick loop when working on the command path.
    int seconds = argc > 2 ? std::atoi(argv[2]) : 5;
    std::string out_dir = argc > 3 ? argv[3] : "build/bench";
    WriteFigures(dir.path().string(), seconds, json);
    WriteSetFigures(dir.path().string(), json);
    std::filesystem::create_directories(out_dir);
    std::ofstream(out_dir + "/results.json") << json.dump(2) << "\n";
    return 0;
  }
  int seconds = argc > 1 ? std::atoi(argv[1]) : 5;
  std::string out_dir = argc > 2 ? argv[2] : "build/bench";
  std::vector<int> scales = Scales(argc > 3 ? argv[3] : "10000,100000,1000000");
  int http_requests = argc > 4 ? std::atoi(argv[4]) : 100000;
  if (seconds > 0) {
    WriteFigures(dir.path().string(), seconds, json);
    WriteSetFigures(dir.path().string(), json);
    WorkerFigures(seconds, json);
    SealFigures(dir.path().string(), json);
  }
  if (!scales.empty()) QueryFigures(scales, json);
  if (http_requests > 0) HttpFigures(http_requests, json);
  std::filesystem::create_directories(out_dir);
  std::ofstream(out_dir + "/results.json") << json.dump(2) << "\n";
  std::fprintf(stderr, "results: %s/results.json\n", out_dir.c_str());
  return 0;
}
