// The access log of personal data (issue 7, part 3), end to end: a real
// engine process; who saw which request's personal data, through show, list,
// letter downloads (the CLI's socket and the web desk) and a worker's letter
// context; what the access_log command, `madoguchi access-log` and the
// database then hold; nothing lost at a clean stop; the table append-only.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "engine_calls.h"
#include "engine_process.h"
#include "util/base64.h"
#include "store/database.h"
#include "web_client.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

nlohmann::json IntakeArgs(const std::string& key) { return {{"record", SampleRecord("disclosure", key)}}; }

// "actor role source what" of each access_log item, oldest first.
std::vector<std::string> Rows(const nlohmann::json& log) {
  std::vector<std::string> rows;
  for (const auto& item : log["items"]) {
    rows.push_back(item["actor"].get<std::string>() + " " + item["role"].get<std::string>() + " " +
                   item["source"].get<std::string>() + " " + item["what"].get<std::string>());
  }
  return rows;
}

}  // namespace

TEST_CASE("access log: show list letter and letter_context are recorded with actor and what", "[access_log][engine]") {
  EngineProcess engine;
  engine.Start();
  std::string mine = Call(engine, "clerk1", "intake", IntakeArgs("access-0001"))["id"];
  std::string queue = Call(engine, "clerk1", "intake", IntakeArgs("access-0002"))["id"];
  for (const auto& id : {mine, queue}) {
    Advance(engine, "clerk1", id, "verify_identity",
            {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-01-05"}}}}});
  }
  Advance(engine, "manager1", mine, "assign", {{"to", "reviewer1"}});
  // Advance asked manager1 for the version each time without personal fields: no showing so far.
  CHECK(AccessLog(engine, mine, 0)["items"].empty());

  // The letter worker, by hand over the workers' socket: its context is personal data.
  auto worker = engine.WorkerClient("letters1");
  for (int i = 0; i < 2; ++i) {
    auto job = worker->Call("lease", {{"kinds", {"letter"}}});
    REQUIRE(job.ok());
    REQUIRE((*job)["type"] == "job");
    int64_t outbox_id = (*job)["outbox_id"];
    REQUIRE(worker->Call("letter_context", {{"outbox_id", outbox_id}}).ok());
    REQUIRE(worker->Call("ack", {{"outbox_id", outbox_id},
                                 {"result",
                                  {{"letter_id", (*job)["payload"]["letter_id"]},
                                   {"pdf_base64", Base64Encode("%PDF-1.4 access log test")},
                                   {"text", "受付通知"}}}})
                .ok());
  }

  Call(engine, "reviewer1", "show", {{"id", mine}});   // assigned: personal fields, recorded
  Call(engine, "reviewer1", "show", {{"id", queue}});  // the queue: no personal fields, not recorded
  Call(engine, "auditor1", "show", {{"id", mine}});    // no grant: no personal fields, not recorded

  // The list: masked names by default (not recorded), full names when asked (recorded, one row per request).
  nlohmann::json masked = Call(engine, "clerk1", "list", nlohmann::json::object());
  for (const auto& item : masked["items"]) {
    CHECK(item["requester"]["masked"] == true);
    CHECK(item["requester"]["name"] == "山＊＊");
  }
  nlohmann::json full = Call(engine, "clerk1", "list", {{"personal", true}});
  REQUIRE(full["items"].size() == 2);
  for (const auto& item : full["items"]) CHECK(item["requester"]["name"] == "山田 花子");
  // A reviewer asking for full names gets them only for their own request.
  nlohmann::json reviewers = Call(engine, "reviewer1", "list", {{"personal", true}});
  for (const auto& item : reviewers["items"]) CHECK(item["requester"]["masked"] == (item["id"] != mine));
  // Auditors see no names at all in the list.
  nlohmann::json auditors = Call(engine, "auditor1", "list", nlohmann::json::object());
  REQUIRE(auditors["items"].size() == 2);
  for (const auto& item : auditors["items"]) {
    CHECK_FALSE(item.contains("requester"));
  }

  Call(engine, "manager1", "letter", {{"id", mine}, {"n", 1}});  // the PDF over the CLI's socket

  // The web desk's download is the same command, from the web.
  engine.SetPassword("manager2", "ume-no-hana-2026");
  WebClient web(engine.web_url());
  REQUIRE(web.SignIn("manager2", "ume-no-hana-2026").status == 200);
  auto pdf = web.Get("/api/requests/" + mine + "/letters/1.pdf");
  REQUIRE(pdf.status == 200);
  // The request page asks for the log the same way; a clerk is refused (403).
  WebAnswer web_log = web.Api("access_log", {{"id", mine}});
  CHECK(web_log.status == 200);
  CHECK(web_log.json()["result"]["id"] == mine);
  engine.SetPassword("clerk1", "sakura-no-kage-2026");
  WebClient clerk_web(engine.web_url());
  REQUIRE(clerk_web.SignIn("clerk1", "sakura-no-kage-2026").status == 200);
  CHECK(clerk_web.Api("access_log", {{"id", mine}}).status == 403);

  // The grant: while granted, the auditor's show is personal and recorded.
  Call(engine, "admin1", "user_admin", {{"user", "auditor1"}, {"action", "grant_personal"}});
  CHECK(Call(engine, "auditor1", "show", {{"id", mine}}).contains("personal"));
  Call(engine, "admin1", "user_admin", {{"user", "auditor1"}, {"action", "revoke_personal"}});
  CHECK_FALSE(Call(engine, "auditor1", "show", {{"id", mine}}).contains("personal"));

  std::vector<std::string> expected = {"letters1 worker worker letter_context", "reviewer1 reviewer curve show",
                                       "clerk1 clerk curve list",           "reviewer1 reviewer curve list",
                                       "manager1 manager curve letter",     "manager2 manager web letter",
                                       "auditor1 auditor curve show"};
  nlohmann::json log = AccessLog(engine, mine, expected.size());
  std::vector<std::string> rows = Rows(log);
  REQUIRE(rows.size() == expected.size());
  CHECK(rows == expected);
  for (const auto& item : log["items"]) CHECK(item["at"].get<std::string>().find("+09:00") != std::string::npos);
  // The queue's request: shown only to those who may see it in full.
  std::vector<std::string> queue_rows = Rows(AccessLog(engine, queue, 4));
  CHECK(std::count(queue_rows.begin(), queue_rows.end(), "clerk1 clerk curve list") == 1);
  CHECK(std::count(queue_rows.begin(), queue_rows.end(), "reviewer1 reviewer curve show") == 0);
  CHECK(std::count(queue_rows.begin(), queue_rows.end(), "reviewer1 reviewer curve list") == 0);

  // Auditors read it too; nobody else.
  CHECK(Call(engine, "auditor1", "access_log", {{"id", mine}})["items"].size() == rows.size());
  for (const char* user : {"clerk1", "reviewer1", "admin1"}) {
    CHECK(engine.Client(user)->Call("access_log", {{"id", mine}}).status().code() == Status::Code::kPermissionDenied);
  }
  CHECK(engine.Client("manager1")->Call("access_log", {{"id", "R2026-999999"}}).status().code() ==
        Status::Code::kNotFound);

  // The CLI prints it as a table.
  CommandOutput cli = RunClient(engine, "auditor1", "access-log " + mine);
  INFO(cli.out);
  CHECK(cli.exit_code == 0);
  CHECK_THAT(cli.out, Catch::Contains("閲覧日時") && Catch::Contains("manager2") && Catch::Contains("通知書 (letter)"));
  CHECK(engine.Stop() == 0);
}

TEST_CASE("access log: a showing just before a clean stop is kept and the table is append-only", "[access_log][engine]") {
  EngineProcess engine;
  engine.Start();
  std::string id = Call(engine, "clerk1", "intake", IntakeArgs("access-stop-0001"))["id"];
  Call(engine, "clerk1", "show", {{"id", id}});
  REQUIRE(engine.Stop() == 0);  // at once: the row is still queued when the stop begins

  auto db = OpenDatabase(engine.data_dir() + "/madoguchi.db", OpenMode::kReadWrite);
  REQUIRE(db.ok());
  SQLite::Statement q(**db, "SELECT actor, what FROM personal_access WHERE request_id = ?");
  q.bind(1, id);
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getString() == "clerk1");
  CHECK(q.getColumn(1).getString() == "show");
  CHECK_THROWS_WITH((*db)->exec("UPDATE personal_access SET actor = 'nobody'"), Catch::Contains("append-only"));
  CHECK_THROWS_WITH((*db)->exec("DELETE FROM personal_access"), Catch::Contains("append-only"));
}

TEST_CASE("access log: grants given on the server are audited and take effect on the next command",
          "[access_log][engine]") {
  EngineProcess engine;
  engine.Start();
  std::string id = Call(engine, "clerk1", "intake", IntakeArgs("access-grant-0001"))["id"];
  CHECK_FALSE(Call(engine, "auditor1", "show", {{"id", id}}).contains("personal"));
  CommandOutput grant = RunCommand(EngineBinary() + " user grant-personal auditor1 --data " + engine.data_dir());
  INFO(grant.out);
  REQUIRE(grant.exit_code == 0);
  CHECK(Call(engine, "auditor1", "show", {{"id", id}}).contains("personal"));
  REQUIRE(RunCommand(EngineBinary() + " user revoke-personal auditor1 --data " + engine.data_dir()).exit_code == 0);
  CHECK_FALSE(Call(engine, "auditor1", "show", {{"id", id}}).contains("personal"));
  // Only auditors; unknown users are refused.
  CHECK(RunCommand(EngineBinary() + " user grant-personal reviewer1 --data " + engine.data_dir()).exit_code == 1);
  CHECK(RunCommand(EngineBinary() + " user grant-personal nobody --data " + engine.data_dir()).exit_code == 1);

  // The audit chain still verifies, with both records in it.
  nlohmann::json verified = Call(engine, "auditor1", "audit_verify", nlohmann::json::object());
  CHECK(verified["ok"] == true);
  REQUIRE(engine.Stop() == 0);
  auto db = OpenDatabase(engine.data_dir() + "/madoguchi.db", OpenMode::kReadOnly);
  REQUIRE(db.ok());
  SQLite::Statement q(**db, "SELECT command, target, source FROM audit WHERE command LIKE 'user %-personal' ORDER BY seq");
  std::vector<std::string> records;
  while (q.executeStep()) {
    records.push_back(q.getColumn(0).getString() + " " + q.getColumn(1).getString() + " " + q.getColumn(2).getString());
  }
  CHECK(records == std::vector<std::string>{"user grant-personal auditor1 server", "user revoke-personal auditor1 server"});
}

// Issue 15, part 6: `madoguchi advance` learns the version without personal
// data, so only a real showing is in the access log.
TEST_CASE("access log: madoguchi advance records no showing, madoguchi show records one", "[access_log][engine]") {
  EngineProcess engine;
  engine.Start();
  std::string id = Call(engine, "clerk1", "intake", IntakeArgs("access-cli-0001"))["id"];
  CommandOutput verified = RunClient(engine, "clerk1", "advance " + id + " verify_identity --data "
      "'{\"method\": \"counter\", \"documents\": [{\"kind\": \"passport\", \"issued\": \"2022-01-05\"}]}'");
  INFO(verified.out);
  REQUIRE(verified.exit_code == 0);
  REQUIRE(RunClient(engine, "clerk1", "advance " + id + " note --data '{\"text\": \"確認済み\"}'").exit_code == 0);
  CommandOutput shown = RunClient(engine, "clerk1", "show " + id);
  INFO(shown.out);
  REQUIRE(shown.exit_code == 0);
  REQUIRE(engine.Stop() == 0);

  auto db = OpenDatabase(engine.data_dir() + "/madoguchi.db", OpenMode::kReadOnly);
  REQUIRE(db.ok());
  SQLite::Statement q(**db, "SELECT actor || ' ' || what FROM personal_access WHERE request_id = ? ORDER BY seq");
  q.bind(1, id);
  std::vector<std::string> rows;
  while (q.executeStep()) rows.push_back(q.getColumn(0).getString());
  CHECK(rows == std::vector<std::string>{"clerk1 show"});
}
