// The engine's Prometheus endpoint (issue 21): scraped over real HTTP from a
// real engine and parsed with the Prometheus client's own parser
// (tests/metrics_scrape.py), after real intakes, sign-ins and a backup.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "engine_calls.h"
#include "engine_process.h"
#include "test_support.h"
#include "web_client.h"

using namespace madoguchi;
using madoguchi::testing::CommandOutput;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::ReadFile;
using madoguchi::testing::RunCommand;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TempDir;
using madoguchi::testing::WebClient;

namespace {

const std::string kPassword = "metrics-desk-password-2026";

struct Scrape {
  nlohmann::json samples;
  nlohmann::json types;
  double at(const std::string& key) const {
    INFO(key << " in " << samples.dump(1));
    REQUIRE(samples.contains(key));
    return samples[key].get<double>();
  }
};

Scrape ScrapeMetrics(const EngineProcess& engine) {
  std::string url = ReadFile(engine.data_dir() + "/metrics.url");
  url = url.substr(0, url.find('\n'));
  // Debian's python3, whose packages hold the parser (python3-prometheus-client).
  CommandOutput out = RunCommand("/usr/bin/python3 " MADOGUCHI_SOURCE_DIR "/tests/metrics_scrape.py " + url);
  INFO(out.out);
  REQUIRE(out.exit_code == 0);
  nlohmann::json j = nlohmann::json::parse(out.out);
  return Scrape{j["samples"], j["types"]};
}

}  // namespace

TEST_CASE("metrics: Prometheus text that its own parser reads, with the desk's figures", "[metrics]") {
  EngineProcess engine;
  engine.EditConfig([](nlohmann::json& c) { c["metrics"] = {{"enabled", true}, {"address", "127.0.0.1"}, {"port", 0}}; });
  engine.SetPassword("clerk1", kPassword);
  testing::QuickWorkers(engine);
  engine.Start();
  for (const char* key : {"metrics-0001", "metrics-0002"}) {
    testing::Call(engine, "clerk1", "intake", {{"record", SampleRecord("disclosure", key)}});
  }
  testing::Call(engine, "clerk1", "intake", {{"record", SampleRecord("correction", "metrics-0003")}});
  WebClient staff(engine.web_url());
  REQUIRE(staff.SignIn("clerk1", kPassword).status == 200);
  WebClient stranger(engine.web_url());
  CHECK(stranger.SignIn("clerk1", "not-the-password-at-all").status == 401);
  TempDir backups;
  CommandOutput backup = RunCommand(testing::EngineBinary() + " backup --data " + engine.data_dir() + " --to " +
                                    backups.file("desk.mdbk"));
  INFO(backup.out);
  REQUIRE(backup.exit_code == 0);

  Scrape m = ScrapeMetrics(engine);
  CHECK(m.types["madoguchi_requests"] == "gauge");
  CHECK(m.at("madoguchi_requests{state=received,type=disclosure}") == 2);
  CHECK(m.at("madoguchi_requests{state=received,type=correction}") == 1);
  CHECK(m.at("madoguchi_requests_overdue{}") == 0);
  CHECK(m.at("madoguchi_requests_due_soon{}") >= 0);
  // Three acknowledgement letters owed, no worker running.
  CHECK(m.at("madoguchi_outbox_messages{kind=letter}") == 3);
  CHECK(m.at("madoguchi_outbox_dead_messages{kind=letter}") == 0);
  CHECK(m.at("madoguchi_outbox_leased_messages{kind=reminder}") == 0);
  // Commits: three intakes at least (the sign-ins and reads commit lazily too).
  CHECK(m.types["madoguchi_commit_duration_seconds"] == "histogram");
  CHECK(m.at("madoguchi_commit_duration_seconds_count{}") >= 3);
  CHECK(m.at("madoguchi_commit_batch_commands_bucket{le=+Inf}") == m.at("madoguchi_commit_batch_commands_count{}"));
  CHECK(m.types["madoguchi_web_sign_in_failures"] == "counter");  // the parser names a counter without _total
  CHECK(m.at("madoguchi_web_sign_in_failures_total{}") == 1);
  CHECK(m.at("madoguchi_web_sessions{}") == 1);
  CHECK(m.at("madoguchi_audit_head_position{}") > 0);
  CHECK(m.at("madoguchi_backup_age_seconds{}") < 600);
  CHECK(m.at("madoguchi_worker_acks_total{}") == 0);

  // A worker: the letters go out and the counters move.
  madoguchi::testing::ChildProcess worker;
  engine.StartWorker(worker, testing::LetterWorkerBinary(), {}, "letter-worker.log");
  REQUIRE(testing::WaitForOutbox(engine, std::chrono::seconds(60)));
  Scrape after = ScrapeMetrics(engine);
  CHECK(after.at("madoguchi_outbox_messages{kind=letter}") == 0);
  CHECK(after.at("madoguchi_worker_acks_total{}") == 3);
  CHECK(after.at("madoguchi_worker_leases_total{}") >= 3);
  CHECK(worker.Stop() == 0);
  CHECK(engine.Stop() == 0);
}

TEST_CASE("metrics: off by default, and never on an address the network can reach", "[metrics]") {
  EngineProcess engine;
  engine.Start();
  CHECK_FALSE(std::filesystem::exists(engine.data_dir() + "/metrics.url"));
  REQUIRE(engine.Stop() == 0);
  engine.EditConfig([](nlohmann::json& c) { c["metrics"] = {{"enabled", true}, {"address", "0.0.0.0"}, {"port", 0}}; });
  CommandOutput run = RunCommand("timeout 20 " + testing::EngineRunCommand(engine.data_dir()));
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("metrics.address 0.0.0.0") && Catch::Contains("loopback"));
}
