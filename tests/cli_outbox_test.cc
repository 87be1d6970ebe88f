// The madoguchi outbox and letters commands against a real engine: what a
// manager sees of the jobs the engine owes its workers, who may see it, how a
// dead message comes back, and the letters of a request before any worker
// ran. (Letters with content are tested with the letter worker.)
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <string>

#include "engine_process.h"

using namespace madoguchi;
using madoguchi::testing::ClientBinary;
using madoguchi::testing::CommandOutput;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::LastLine;
using madoguchi::testing::RunClient;
using madoguchi::testing::RunCommand;
using madoguchi::testing::TempDir;

namespace {

// Takes in a sample request as clerk1; its id.
std::string TakeIn(const EngineProcess& engine) {
  const std::string file = std::string(MADOGUCHI_SOURCE_DIR) + "/examples/requests/05-purpose-notice-counter.json";
  CommandOutput in = RunClient(engine, "clerk1", "intake " + file);
  INFO(in.out);
  REQUIRE(in.exit_code == 0);
  return LastLine(in.out);
}

nlohmann::json JsonOf(const CommandOutput& run) {
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  return nlohmann::json::parse(run.out);
}

// The outbox's letter job for request `id`, or null.
nlohmann::json LetterJob(const nlohmann::json& outbox, const std::string& id) {
  for (const nlohmann::json& item : outbox["items"]) {
    if (item["kind"] == "letter" && item.value("request_id", "") == id) return item;
  }
  return nullptr;
}

// Leases the oldest letter job as the worker letters1 and gives up on it.
void LeaseAndFail(const EngineProcess& engine, const std::string& error) {
  EngineClient worker(engine.key("letters1"), engine.workers_endpoint(), std::chrono::seconds(10));
  Result<nlohmann::json> job = worker.Call("lease", {{"kinds", {"letter"}}});
  REQUIRE(job.ok());
  REQUIRE((*job)["type"] == "job");
  Result<nlohmann::json> failed = worker.Call("fail", {{"outbox_id", (*job)["outbox_id"]}, {"error", error}});
  REQUIRE(failed.ok());
}

}  // namespace

TEST_CASE("cli outbox: an intake's acknowledgement letter waits in the outbox, for managers and auditors",
          "[cli][engine][outbox]") {
  EngineProcess engine;
  engine.Start();
  const std::string id = TakeIn(engine);

  nlohmann::json outbox = JsonOf(RunClient(engine, "manager1", "outbox --json"));
  CHECK(outbox["dead_total"] == 0);
  nlohmann::json job = LetterJob(outbox, id);
  REQUIRE(job.is_object());
  CHECK(job["what"] == "acknowledgement");
  CHECK(job["attempts"] == 0);
  CHECK(job["dead_at"].is_null());

  CommandOutput human = RunClient(engine, "auditor1", "outbox");
  INFO(human.out);
  CHECK(human.exit_code == 0);
  CHECK_THAT(human.out, Catch::Contains("停止 (dead) 0件"));
  CHECK_THAT(human.out, Catch::Contains(id));
  CHECK_THAT(human.out, Catch::Contains("受付通知"));

  CommandOutput clerk = RunClient(engine, "clerk1", "outbox");
  CHECK(clerk.exit_code == 1);
  CHECK_THAT(clerk.out, Catch::Contains("permission_denied"));
  CHECK_THAT(clerk.out, Catch::Contains("may not run 'outbox'"));
}

TEST_CASE("cli outbox: retry of a message that is not dead is refused with a clear message", "[cli][engine][outbox]") {
  EngineProcess engine;
  engine.Start();
  const std::string id = TakeIn(engine);
  nlohmann::json job = LetterJob(JsonOf(RunClient(engine, "manager1", "outbox --json")), id);
  REQUIRE(job.is_object());
  const std::string outbox_id = job["id"].dump();

  CommandOutput live = RunClient(engine, "manager1", "outbox retry " + outbox_id);
  CHECK(live.exit_code == 1);
  CHECK_THAT(live.out, Catch::Contains("madoguchi outbox retry: "));
  CHECK_THAT(live.out, Catch::Contains("outbox message " + outbox_id + " is not dead"));
  CommandOutput missing = RunClient(engine, "manager1", "outbox retry 999");
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.out, Catch::Contains("no outbox message 999"));
  CHECK(RunClient(engine, "manager1", "outbox retry 0").exit_code == 2);
  CHECK(RunClient(engine, "manager1", "outbox retry " + outbox_id + " --dead").exit_code == 2);
}

TEST_CASE("cli outbox: a dead message is listed with its error and a manager puts it back", "[cli][engine][outbox]") {
  EngineProcess engine;
  engine.EditConfig([](nlohmann::json& c) { c["workers"]["max_attempts"] = 1; });
  engine.Start();
  const std::string id = TakeIn(engine);
  LeaseAndFail(engine, "printer on fire");

  nlohmann::json dead = JsonOf(RunClient(engine, "auditor1", "outbox --dead --json"));
  CHECK(dead["dead_total"] == 1);
  REQUIRE(dead["items"].size() == 1);
  const nlohmann::json& item = dead["items"][0];
  CHECK(item["request_id"] == id);
  CHECK(item["last_error"] == "printer on fire");
  CHECK(item["dead_at"].is_string());
  const std::string outbox_id = item["id"].dump();

  CommandOutput human = RunClient(engine, "manager1", "outbox --dead");
  INFO(human.out);
  CHECK_THAT(human.out, Catch::Contains("停止 (dead) 1件"));
  CHECK_THAT(human.out, Catch::Contains("printer on fire"));

  CHECK(RunClient(engine, "auditor1", "outbox retry " + outbox_id).exit_code == 1);  // managers only
  CommandOutput retried = RunClient(engine, "manager1", "outbox retry " + outbox_id);
  INFO(retried.out);
  CHECK(retried.exit_code == 0);
  CHECK_THAT(retried.out, Catch::Contains("送信 " + outbox_id + " を再送待ちに戻しました"));
  nlohmann::json after = JsonOf(RunClient(engine, "manager1", "outbox --json"));
  CHECK(after["dead_total"] == 0);
  nlohmann::json job = LetterJob(after, id);
  REQUIRE(job.is_object());
  CHECK(job["attempts"] == 0);
  CHECK(job["dead_at"].is_null());
}

TEST_CASE("cli outbox: a request has no letters before any worker ran", "[cli][engine][letters]") {
  EngineProcess engine;
  engine.Start();
  const std::string id = TakeIn(engine);

  nlohmann::json letters = JsonOf(RunClient(engine, "clerk1", "letters " + id + " --json"));
  CHECK(letters["items"] == nlohmann::json::array());
  CommandOutput human = RunClient(engine, "clerk1", "letters " + id);
  CHECK(human.exit_code == 0);
  CHECK_THAT(human.out, Catch::Contains("(0通)"));
  CHECK(RunClient(engine, "clerk1", "letters R2026-99").exit_code == 2);

  TempDir dir;
  const std::string pdf = dir.file("letter.pdf");
  CommandOutput none = RunClient(engine, "clerk1", "letter " + id + " 1 --out " + pdf);
  CHECK(none.exit_code == 1);
  CHECK_THAT(none.out, Catch::Contains("there is no letter 1"));
  std::ofstream(pdf) << "already here";
  CommandOutput in_the_way = RunClient(engine, "clerk1", "letter " + id + " 1 --out " + pdf);
  CHECK(in_the_way.exit_code == 2);
  CHECK_THAT(in_the_way.out, Catch::Contains("pass --force"));
}
