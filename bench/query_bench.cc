#include "query_bench.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>

#include "bench_fill.h"
#include "commands/read_handler.h"
#include "engine_process.h"
#include "test_support.h"
#include "timing.h"

namespace madoguchi::bench {

namespace {

[[noreturn]] void Fail(const std::string& what, const Status& s) {
  std::fprintf(stderr, "query bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(1);
}

// Every statement a connection runs, with its time, while `recording`:
// SQLite's profile callback (sqlite3_trace_v2), keyed by the statement's text.
class StatementProfile {
 public:
  explicit StatementProfile(sqlite3* db) : db_(db) {
    sqlite3_trace_v2(db_, SQLITE_TRACE_PROFILE, &StatementProfile::OnProfile, this);
  }
  ~StatementProfile() { sqlite3_trace_v2(db_, 0, nullptr, nullptr); }
  StatementProfile(const StatementProfile&) = delete;
  StatementProfile& operator=(const StatementProfile&) = delete;

  void set_recording(bool on) { recording_ = on; }
  const std::map<std::string, std::vector<double>>& ms_by_sql() const { return ms_by_sql_; }

 private:
  static int OnProfile(unsigned type, void* self, void* statement, void* nanoseconds) {
    auto* p = static_cast<StatementProfile*>(self);
    if (type != SQLITE_TRACE_PROFILE || !p->recording_) return 0;
    const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
    p->ms_by_sql_[sql ? sql : "?"].push_back(static_cast<double>(*static_cast<sqlite3_int64*>(nanoseconds)) / 1e6);
    return 0;
  }

  sqlite3* db_;
  bool recording_ = false;
  std::map<std::string, std::vector<double>> ms_by_sql_;
};

// A statement's text on one line, short enough for the table.
std::string Label(const std::string& sql) {
  std::string one_line = std::regex_replace(sql, std::regex("\\s+"), " ");
  if (one_line.rfind("SELECT ", 0) == 0) one_line = one_line.substr(7);
  return one_line.size() > 72 ? one_line.substr(0, 69) + "..." : one_line;
}

// Start-up of a real engine on `engine`'s folder (exec to the first answered
// whoami), then one dashboard as a manager, and its resident memory.
StartupFigure StartUp(testing::EngineProcess& engine, const std::string& name, int requests) {
  auto t0 = std::chrono::steady_clock::now();
  engine.Start();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto dashboard = engine.Client("manager1", std::chrono::seconds(120))->Call("dashboard", nlohmann::json::object());
  if (!dashboard.ok()) Fail("dashboard after start-up", dashboard.status());
  StartupFigure f{name, requests, seconds, static_cast<double>(testing::ProcessStatusKib(engine.pid(), "VmRSS")) / 1024.0};
  engine.Stop();
  return f;
}

}  // namespace

QueryFigures QueriesAtScale(const std::vector<int>& scales, int runs) {
  QueryFigures out;
  {
    testing::EngineProcess empty;
    out.startup.push_back(StartUp(empty, "engine start-up, empty database", 0));
  }
  for (size_t i = 0; i < scales.size(); ++i) {
    testing::EngineProcess engine;
    const std::string path = engine.data_dir() + "/madoguchi.db";
    std::fprintf(stderr, "queries: filling %d requests...\n", scales[i]);
    Filled filled = FillDatabase(engine, scales[i]);
    std::fprintf(stderr, "queries: filled %d requests in %.1f s; timing...\n", filled.requests, filled.seconds);

    Result<std::unique_ptr<RequestReader>> reader = RequestReader::Open(path, engine.DataVault());
    if (!reader.ok()) Fail("opening a reader", reader.status());
    StatementProfile profile((*reader)->db().getHandle());
    ReadHandler handler(std::move(reader).value(), testing::DefaultWorkflow(),
                        ReadSettings{nlohmann::json::object(), engine.data_dir() + "/letters"});
    const Actor manager{"manager1", Role::kManager};
    const Timestamp now = JstStartOfDay(testing::D(kBenchToday)) + std::chrono::hours(15);
    auto time = [&](const std::string& name, Command command, const nlohmann::json& args) {
      std::vector<double> ms = TimeRuns(runs, [&] {
        if (Status s = handler.Run(command, args, manager, now).status(); !s.ok()) Fail(name, s);
      });
      out.reads.push_back({name, filled.requests, Percentile(ms, 0.5), Percentile(ms, 0.99)});
    };
    time("overdue", Command::kOverdue, nlohmann::json::object());
    time("list: open queue by due date, first 50", Command::kList,
         {{"open", true}, {"sort", "due_date"}, {"order", "asc"}, {"limit", 50}});
    profile.set_recording(true);
    time("dashboard (whole)", Command::kDashboard, nlohmann::json::object());
    profile.set_recording(false);
    for (const auto& [sql, ms] : profile.ms_by_sql()) {
      out.reads.push_back({"  dashboard query: " + Label(sql), filled.requests, Percentile(ms, 0.5),
                           Percentile(ms, 0.99)});
    }
    if (i + 1 == scales.size()) {
      out.startup.push_back(StartUp(engine, "engine start-up", filled.requests));
    }
  }
  return out;
}

}  // namespace madoguchi::bench
