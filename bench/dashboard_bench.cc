#include "dashboard_bench.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "bench_fill.h"
#include "timing.h"
#include "commands/read_handler.h"
#include "commands/request_writer.h"
#include "engine_process.h"
#include "test_support.h"
#include "web_client.h"

namespace madoguchi::bench {

namespace {

constexpr const char* kToday = kBenchToday;

[[noreturn]] void Fail(const std::string& what, const Status& s) {
  std::fprintf(stderr, "dashboard bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(1);
}

Latency Time(const std::string& name, int runs, const std::function<Status()>& read) {
  std::vector<double> ms = TimeRuns(runs, [&] {
    if (Status s = read(); !s.ok()) Fail(name, s);
  });
  return {name, Percentile(ms, 0.5), Percentile(ms, 0.95)};
}

}  // namespace

DashboardFigures DashboardAtScale(int requests, int runs) {
  // A real engine's data folder (users, keys, configuration), its database
  // filled before the engine starts.
  testing::EngineProcess engine;
  const std::string path = engine.data_dir() + "/madoguchi.db";
  const Workflow& workflow = testing::DefaultWorkflow();
  DashboardFigures figures;
  Filled filled = FillDatabase(engine, requests);
  figures.fill_seconds = filled.seconds;
  figures.requests = filled.requests;
  figures.commands = filled.commands;
  figures.copies = filled.copies;
  Result<std::unique_ptr<RequestReader>> reader = RequestReader::Open(path, engine.DataVault());
  if (!reader.ok()) Fail("opening a reader", reader.status());
  // A closed request read whole: about the longest history a request has.
  std::string id = (*reader)->db().execAndGet("SELECT id FROM requests WHERE state = 'closed' LIMIT 1").getString();
  ReadHandler handler(std::move(reader).value(), workflow,
                      ReadSettings{nlohmann::json::object(), engine.data_dir() + "/letters"});
  const Actor manager{"manager1", Role::kManager};
  const Timestamp now = JstStartOfDay(testing::D(kToday)) + std::chrono::hours(15);
  auto run = [&](Command command, nlohmann::json args) {
    return [&handler, &manager, now, command, args] { return handler.Run(command, args, manager, now).status(); };
  };
  const std::string at = " at " + std::to_string(figures.requests) + " requests";
  figures.reads.push_back(Time("show (one request)" + at, runs, run(Command::kShow, {{"id", id}})));
  figures.reads.push_back(Time("stats" + at, runs, run(Command::kStats, nlohmann::json::object())));
  figures.reads.push_back(Time("dashboard" + at, runs, run(Command::kDashboard, nlohmann::json::object())));
  // The annual ledger: one row per request received in the year of kToday.
  const nlohmann::json year = {{"year", testing::D(kToday).year()}};
  figures.reads.push_back(Time("report (the year's ledger)" + at, runs, run(Command::kReport, year)));

  // The same three as a manager's script or page gets them: HTTP to the web
  // desk, a bearer token, the command path, a reader thread, JSON back.
  testing::CommandOutput made = testing::RunCommand("(" + testing::EngineBinary() + " user token manager1 --data " +
                                                    engine.data_dir() + " 2>/dev/null)");
  if (made.exit_code != 0) Fail("making a token", Status::IoError(made.out));
  const std::string token = made.out.substr(0, made.out.find('\n'));
  engine.Start();
  testing::WebClient web(engine.web_url());
  auto http = [&](const std::string& command, nlohmann::json args) {
    return [&web, &token, command, args] {
      testing::WebAnswer a = web.Post("/api/" + command, args, false, {{"Authorization", "Bearer " + token}});
      return a.status == 200 ? Status::Ok() : Status::IoError(command + ": HTTP " + std::to_string(a.status) + " " + a.body);
    };
  };
  const std::string over_http = at + " over HTTP";
  figures.reads.push_back(Time("show (one request)" + over_http, runs, http("show", {{"id", id}})));
  figures.reads.push_back(Time("stats" + over_http, runs, http("stats", nlohmann::json::object())));
  figures.reads.push_back(Time("dashboard" + over_http, runs, http("dashboard", nlohmann::json::object())));
  figures.reads.push_back(Time("report (the year's ledger)" + over_http, runs, http("report", year)));
  engine.Stop();
  return figures;
}

}  // namespace madoguchi::bench
