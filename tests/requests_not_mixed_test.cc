// Requests that cannot be mixed up or lost (issue 15, items 9 to 11), on a
// real engine and its SQLite file:
// - an intake's idempotency key names one body: the same body gives the same
//   request, another body (another person) a conflict naming the request and
//   the key, also for a key stored before digests were;
// - `assign` gives a request only to an active reviewer, and a manager
//   re-assigns an open request (`reassign`) with the reason in its history;
// - `advance` takes an idempotency key with the same contract, and
//   `madoguchi advance` sends one.
#include <catch2/catch.hpp>

#include <fstream>

#include <SQLiteCpp/SQLiteCpp.h>

#include "engine_calls.h"
#include "engine_process.h"
#include "test_support.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

// Another person than SampleRecord's.
nlohmann::json OtherPerson(nlohmann::json record) {
  record["requester"]["name"] = "佐藤 次郎";
  record["requester"]["kana"] = "サトウ ジロウ";
  record["requester"]["birth_date"] = "1975-09-30";
  record["requester"]["insured_number"] = "99881";
  record["requester"]["address"] = "大阪府大阪市北区梅田3-3-3";
  record["requester"]["phone"] = "06-9876-5432";
  return record;
}

void AddUser(const EngineProcess& engine, const std::string& name, const std::string& role) {
  CommandOutput added = RunCommand(EngineBinary() + " user add " + name + " --role " + role + " --data " + engine.data_dir());
  INFO(added.out);
  REQUIRE(added.exit_code == 0);
}

nlohmann::json VerifyData() {
  return {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-01-05"}}}}};
}

// A request taken in and verified: ready to be assigned.
std::string VerifiedRequest(EngineProcess& engine, const std::string& key) {
  std::string id = Call(engine, "clerk1", "intake", {{"record", SampleRecord("disclosure", key)}})["id"];
  Advance(engine, "clerk1", id, "verify_identity", VerifyData());
  return id;
}

nlohmann::json Show(EngineProcess& engine, const std::string& id) {
  return Call(engine, "manager1", "show", {{"id", id}, {"personal", false}});
}

void CheckConflictNaming(const Result<nlohmann::json>& r, const std::string& id, const std::string& key) {
  INFO(r.status().ToString());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kConflict);
  CHECK_THAT(r.status().message(), Catch::Contains(id) && Catch::Contains(key));
}

}  // namespace

TEST_CASE("intake: a key used again with another person's body is a conflict naming the request and the key",
          "[idempotency]") {
  EngineProcess engine;
  AddUser(engine, "clerk2", "clerk");
  engine.Start();
  const nlohmann::json first = SampleRecord("disclosure", "shared-key-0001");
  nlohmann::json made = Call(engine, "clerk1", "intake", {{"record", first}});
  CHECK(made["created"] == true);
  const std::string id = made["id"];

  // The same body again, from another clerk (a retry, a double click): the same request.
  nlohmann::json again = Call(engine, "clerk2", "intake", {{"record", first}});
  CHECK(again["id"] == id);
  CHECK(again["created"] == false);

  // Another person under the same key: refused, naming the request and the key, never the person.
  auto other = engine.Client("clerk2")->Call("intake", {{"record", OtherPerson(first)}});
  CheckConflictNaming(other, id, "shared-key-0001");
  CHECK(other.status().message().find("山田") == std::string::npos);
  // So is the same person asking something else (one field differs).
  nlohmann::json more = first;
  more["categories"] = {"qualification", "health_checkups"};
  CheckConflictNaming(engine.Client("clerk1")->Call("intake", {{"record", more}}), id, "shared-key-0001");

  // Nothing was taken in; the first request is as it was.
  CHECK(Call(engine, "manager1", "list", nlohmann::json::object())["total"] == 1);
  CHECK(Call(engine, "clerk1", "show", {{"id", id}})["personal"]["requester"]["name"] == "山田 花子");

  // The CLI says so and exits 1.
  TempDir dir;
  std::ofstream(dir.file("other.json")) << OtherPerson(first).dump();
  CommandOutput cli = RunClient(engine, "clerk2", "intake " + dir.file("other.json"));
  INFO(cli.out);
  CHECK(cli.exit_code == 1);
  CHECK_THAT(cli.out, Catch::Contains("conflict") && Catch::Contains(id));
}

TEST_CASE("intake: a key stored before digests is checked against the stored record", "[idempotency]") {
  EngineProcess engine;
  engine.Start();
  const nlohmann::json first = SampleRecord("correction", "older-key-0001");
  const std::string id = Call(engine, "clerk1", "intake", {{"record", first}})["id"];
  REQUIRE(engine.Stop() == 0);
  {
    // As a request taken in by the release before: no digest with its key.
    SQLite::Database db(engine.data_dir() + "/madoguchi.db", SQLite::OPEN_READWRITE);
    REQUIRE(db.exec("UPDATE requests SET intake_digest = NULL, intake_digest_key = NULL") == 1);
  }
  engine.Start();
  nlohmann::json again = Call(engine, "clerk1", "intake", {{"record", first}});
  CHECK(again["id"] == id);
  CHECK(again["created"] == false);
  CheckConflictNaming(engine.Client("clerk1")->Call("intake", {{"record", OtherPerson(first)}}), id, "older-key-0001");
}

TEST_CASE("assign: only an active reviewer, whatever else the name is", "[assign]") {
  EngineProcess engine;
  AddUser(engine, "reviewer3", "reviewer");
  REQUIRE(RunCommand(EngineBinary() + " user disable reviewer3 --data " + engine.data_dir()).exit_code == 0);
  engine.Start();
  const std::string id = VerifiedRequest(engine, "assign-0001");
  // Unknown, an admin, a worker, an auditor, a clerk, a manager (managers do
  // not decide: the workflow table's decide is the reviewers'), a disabled reviewer.
  for (const std::string to : {"nobody", "admin1", "letters1", "auditor1", "clerk1", "manager1", "reviewer3"}) {
    INFO("assign to " << to);
    auto r = TryAdvance(engine, "manager1", id, "assign", {{"to", to}});
    INFO(r.status().ToString());
    CHECK_FALSE(r.ok());
    CHECK_THAT(r.status().message(), Catch::Contains(to));
    nlohmann::json now = Show(engine, id);
    CHECK(now["state"] == "verified");
    CHECK(now["version"] == 2);
    CHECK(now["assignee"].is_null());
  }
  nlohmann::json assigned = Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});
  CHECK(assigned["state"] == "in_review");
  CHECK(Show(engine, id)["assignee"] == "reviewer1");
  // A reviewer still claims a request for themself.
  const std::string claimed = VerifiedRequest(engine, "assign-0002");
  CHECK(Advance(engine, "reviewer2", claimed, "assign", {{"to", "reviewer2"}})["state"] == "in_review");
}

TEST_CASE("reassign: a manager gives an open request to another reviewer, with the reason in its history", "[assign]") {
  EngineProcess engine;
  engine.Start();
  const std::string id = VerifiedRequest(engine, "reassign-0001");
  // Not assigned yet: that is assign's work.
  CHECK(TryAdvance(engine, "manager1", id, "reassign", {{"to", "reviewer2"}, {"reason", "担当替え"}}).status().code() ==
        Status::Code::kConflict);
  Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});

  // A reason is required; a reviewer may not; the new assignee is an active reviewer.
  CHECK(TryAdvance(engine, "manager1", id, "reassign", {{"to", "reviewer2"}}).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(TryAdvance(engine, "reviewer1", id, "reassign", {{"to", "reviewer2"}, {"reason", "多忙のため"}}).status().code() ==
        Status::Code::kPermissionDenied);
  CHECK_FALSE(TryAdvance(engine, "manager1", id, "reassign", {{"to", "auditor1"}, {"reason", "担当替え"}}).ok());
  CHECK_FALSE(TryAdvance(engine, "manager1", id, "reassign", {{"to", "reviewer1"}, {"reason", "同じ人"}}).ok());
  CHECK(Show(engine, id)["assignee"] == "reviewer1");

  nlohmann::json moved = Advance(engine, "manager1", id, "reassign", {{"to", "reviewer2"}, {"reason", "担当者の長期休暇のため"}});
  CHECK(moved["state"] == "in_review");
  // The reason is free text: shown with personal fields (issue 15 item 7), withheld without.
  nlohmann::json shown = Call(engine, "manager1", "show", {{"id", id}});
  CHECK(shown["assignee"] == "reviewer2");
  CHECK(Show(engine, id)["history"].back()["data"] ==
        nlohmann::json({{"to", "reviewer2"}, {"withheld", {"reason"}}}));
  const nlohmann::json last = shown["history"].back();
  CHECK(last["event"] == "reassign");
  CHECK(last["actor"] == "manager1");
  CHECK(last["data"] == nlohmann::json({{"to", "reviewer2"}, {"reason", "担当者の長期休暇のため"}}));
  // The new reviewer works on it; the old one no longer reaches it.
  CHECK_FALSE(TryAdvance(engine, "reviewer1", id, "note", {{"text", "確認中"}}).ok());
  Advance(engine, "reviewer2", id, "decide", {{"outcome", "refused"}, {"grounds", {"operations"}}, {"reason", "業務に著しい支障"}});
  CHECK(Show(engine, id)["state"] == "pending_approval");

  // From any open state: here while the decision waits for approval.
  Advance(engine, "manager1", id, "reassign", {{"to", "reviewer1"}, {"reason", "差戻しに備えて元の担当へ"}});
  shown = Show(engine, id);
  CHECK(shown["state"] == "pending_approval");
  CHECK(shown["assignee"] == "reviewer1");
}

TEST_CASE("advance: the same key and command give the first result again, another command with it a conflict",
          "[idempotency]") {
  EngineProcess engine;
  engine.Start();
  const std::string id = Call(engine, "clerk1", "intake", {{"record", SampleRecord("disclosure", "adv-key-1")}})["id"];
  const nlohmann::json verify = {
      {"id", id}, {"event", "verify_identity"}, {"version", 1}, {"data", VerifyData()}, {"idempotency_key", "verify-once-1"}};
  nlohmann::json first = Call(engine, "clerk1", "advance", verify);
  CHECK(first["state"] == "verified");
  CHECK(first["version"] == 2);
  CHECK_FALSE(first.value("replayed", false));

  // Its retry (the answer was lost): the first result, nothing applied twice.
  nlohmann::json retried = Call(engine, "clerk1", "advance", verify);
  CHECK(retried["state"] == "verified");
  CHECK(retried["version"] == 2);
  CHECK(retried["replayed"] == true);
  CHECK(Show(engine, id)["history"].size() == 2);

  // Also after the request moved on: still the first result.
  Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});
  nlohmann::json later = Call(engine, "clerk1", "advance", verify);
  CHECK(later["version"] == 2);
  CHECK(later["state"] == "verified");
  CHECK(Show(engine, id)["history"].size() == 3);

  // The key with another command: another event, other data, another
  // version, another request, another user.
  nlohmann::json other = verify;
  other["data"]["method"] = "post";
  CheckConflictNaming(engine.Client("clerk1")->Call("advance", other), id, "verify-once-1");
  other = verify;
  other["version"] = 3;
  other["event"] = "note";
  other["data"] = {{"text", "x"}};
  CheckConflictNaming(engine.Client("clerk1")->Call("advance", other), id, "verify-once-1");
  const std::string second = Call(engine, "clerk1", "intake", {{"record", SampleRecord("disclosure", "adv-key-2")}})["id"];
  other = verify;
  other["id"] = second;
  CheckConflictNaming(engine.Client("clerk1")->Call("advance", other), id, "verify-once-1");
  CHECK(Show(engine, second)["version"] == 1);
  CheckConflictNaming(engine.Client("manager1")->Call("advance", verify), id, "verify-once-1");

  // Without a key a retry is a stale version, as before.
  nlohmann::json unkeyed = verify;
  unkeyed.erase("idempotency_key");
  unkeyed["id"] = second;
  Call(engine, "clerk1", "advance", unkeyed);
  CHECK(engine.Client("clerk1")->Call("advance", unkeyed).status().code() == Status::Code::kConflict);
}

TEST_CASE("madoguchi advance sends an idempotency key, and one given again with its version is the first result",
          "[idempotency][cli]") {
  EngineProcess engine;
  engine.Start();
  const std::string id = Call(engine, "clerk1", "intake", {{"record", SampleRecord("purpose_notice", "cli-adv-1")}})["id"];
  const std::string note = "note --data '{\"text\": \"電話で照会あり\"}'";
  CommandOutput once = RunClient(engine, "clerk1", "advance " + id + " " + note + " --version 1 --idempotency-key cli-note-1");
  INFO(once.out);
  REQUIRE(once.exit_code == 0);
  CommandOutput twice = RunClient(engine, "clerk1", "advance " + id + " " + note + " --version 1 --idempotency-key cli-note-1");
  INFO(twice.out);
  CHECK(twice.exit_code == 0);
  CHECK_THAT(twice.out, Catch::Contains("cli-note-1"));
  CHECK(Show(engine, id)["history"].size() == 2);

  // Without the option the CLI makes a key of its own: the engine keeps it with the advance.
  CommandOutput keyed = RunClient(engine, "clerk1", "advance " + id + " " + note);
  INFO(keyed.out);
  REQUIRE(keyed.exit_code == 0);
  CHECK(Show(engine, id)["history"].size() == 3);
  SQLite::Database db(engine.data_dir() + "/madoguchi.db", SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM advance_keys WHERE request_id = '" + id + "'").getInt() == 2);
}
