// The madoguchi command against a real engine: what a clerk's script relies
// on (the id alone on the last line, exit codes, JSON output), and a clear
// error rather than a hang when the engine is down.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>

#include "core/request_id.h"
#include "engine_process.h"

using namespace madoguchi;
using madoguchi::testing::ClientBinary;
using madoguchi::testing::CommandOutput;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::LastLine;
using madoguchi::testing::RunClient;
using madoguchi::testing::RunCommand;

TEST_CASE("cli client: a request from file to decision, as scripts use it", "[cli][engine]") {
  EngineProcess engine;
  engine.Start();
  const std::string file = std::string(MADOGUCHI_SOURCE_DIR) + "/examples/requests/05-purpose-notice-counter.json";

  CommandOutput in = RunClient(engine, "clerk1", "intake " + file);
  INFO(in.out);
  REQUIRE(in.exit_code == 0);
  std::string id = LastLine(in.out);
  CHECK(IsRequestId(id));
  CommandOutput again = RunClient(engine, "clerk1", "intake " + file);
  REQUIRE(again.exit_code == 0);
  CHECK(LastLine(again.out) == id);

  CHECK(RunClient(engine, "clerk1",
                  "advance " + id + " verify_identity --data '{\"method\":\"counter\",\"documents\":[{\"kind\":\"passport\",\"issued\":\"2023-06-01\"}]}'")
            .exit_code == 0);
  CHECK(RunClient(engine, "manager1", "advance " + id + " assign --data '{\"to\":\"reviewer1\"}'").exit_code == 0);
  CommandOutput refused = RunClient(engine, "reviewer1", "advance " + id + " decide --data '{\"outcome\":\"refused\"}'");
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.out, Catch::Contains("grounds"));
  CHECK(RunClient(engine, "reviewer1", "advance " + id + " decide --data '{\"outcome\":\"full\"}'").exit_code == 0);
  CommandOutput stale = RunClient(engine, "reviewer1", "advance " + id + " respond --version 2 --data '{\"method\":\"post\"}'");
  CHECK(stale.exit_code == 1);
  CHECK_THAT(stale.out, Catch::Contains("stale version 2"));

  CommandOutput show = RunClient(engine, "clerk1", "show " + id + " --json");
  REQUIRE(show.exit_code == 0);
  nlohmann::json j = nlohmann::json::parse(show.out);
  CHECK(j["state"] == "decided");
  CHECK(j["version"] == 4);
  CHECK(j["history"].size() == 4);
  for (const char* field : {"id", "type", "state", "version", "received_at", "due_date", "days_left", "allowed_events", "history"}) {
    CHECK(j.contains(field));
  }
  CommandOutput human = RunClient(engine, "clerk1", "show " + id);
  REQUIRE(human.exit_code == 0);
  CHECK_THAT(human.out, Catch::Contains("決定済"));
  CHECK_THAT(human.out, Catch::Contains("利用目的の通知"));

  CommandOutput list = RunClient(engine, "manager1", "list --state decided --json");
  REQUIRE(list.exit_code == 0);
  CHECK(nlohmann::json::parse(list.out)["total"] == 1);
  CommandOutput sorted = RunClient(engine, "manager1", "list --sort due_date --order desc --json");
  REQUIRE(sorted.exit_code == 0);
  CHECK(nlohmann::json::parse(sorted.out)["items"][0]["id"] == id);
  CommandOutput none_overdue = RunClient(engine, "manager1", "list --due overdue");
  REQUIRE(none_overdue.exit_code == 0);
  CHECK_THAT(none_overdue.out, Catch::Contains("0件中 0件"));
  CHECK(RunClient(engine, "manager1", "list --sort 'id; DROP TABLE requests'").exit_code == 2);
  CommandOutput open = RunClient(engine, "manager1", "list --open --json");
  REQUIRE(open.exit_code == 0);
  CHECK(nlohmann::json::parse(open.out)["total"] == 1);  // decided is still open
  CommandOutput stats = RunClient(engine, "manager1", "stats --json");
  REQUIRE(stats.exit_code == 0);
  CHECK(nlohmann::json::parse(stats.out)["by_state"]["decided"] == 1);
  CommandOutput overdue = RunClient(engine, "manager1", "overdue --days 20 --json");
  REQUIRE(overdue.exit_code == 0);
  CHECK(nlohmann::json::parse(overdue.out)["due_soon"].size() == 1);
  CHECK(RunClient(engine, "auditor1", "whoami").out == "auditor1 (auditor)\n");
}

TEST_CASE("cli client: bad local input is exit 2, an engine that does not answer exit 3", "[cli][engine]") {
  EngineProcess engine;
  engine.Start();
  CHECK(RunClient(engine, "clerk1", "intake /nonexistent/file.json").exit_code == 2);
  CHECK(RunCommand("MADOGUCHI_KEY= " + ClientBinary() + " whoami").exit_code == 2);
  CHECK(RunClient(engine, "clerk1", "advance R2026-000001 note --data '{not json'").exit_code == 2);
  CHECK(RunClient(engine, "clerk1", "show R2026-000099").exit_code == 1);

  CHECK(engine.Stop() == 0);
  auto start = std::chrono::steady_clock::now();
  CommandOutput down = RunClient(engine, "clerk1", "whoami");
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(down.exit_code == 3);
  CHECK_THAT(down.out, Catch::Contains("no answer from the engine"));
  CHECK(took < std::chrono::seconds(10));
}
