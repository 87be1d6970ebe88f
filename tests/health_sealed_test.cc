// Health-related data and free text as personal data (issue 15, item 7), on
// real SQLite files and the real engine process: the receipts named at
// intake (clinic and months), consultations (questions, institutions,
// answers' reasons), history notes and decision reasons are nowhere in clear
// in the database file or its WAL; show gives them only to those who may see
// the request's personal fields (an unclaimed reviewer and an auditor without
// a grant get codes and "withheld"), and each such showing is in the access
// log; the audit chain still verifies; an older database holding them in
// clear is sealed at the first start.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "audit_check.h"
#include "core/sealed_fields.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "store/data_key_ring.h"
#include "store/migrations.h"
#include "store/personal_vault.h"
#include "store/request_rows.h"
#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::Advance;
using madoguchi::testing::AccessLog;
using madoguchi::testing::Call;
using madoguchi::testing::ReadFile;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::RunCommand;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::UndoStep20;

namespace {

// Values that occur nowhere else in a data folder.
const std::string kClinic = "鷺沼こころのクリニック";
const std::string kMonth = "2026-07";
const std::string kQuestion = "双極性障害の病名欄の開示について";
const std::string kObjection = "統合失調症の告知前につき開示に反対";
const std::string kNote = "主治医より電話、躁うつ病の既往あり";
const std::string kReason = "心因性疾患の記載があるため一部を開示しない";
const std::string kInternal = "院長の所見として自傷の危険を記録";
const std::string kLinkReason = "同じ精神科通院の照会として関連付け";
const std::vector<std::string> kHealth = {kClinic, kQuestion, kObjection, kNote, kReason, kInternal, kLinkReason};

std::vector<std::string> HealthIn(const std::string& text) {
  std::vector<std::string> found;
  for (const std::string& s : kHealth) {
    if (text.find(s) != std::string::npos) found.push_back(s);
  }
  return found;
}

// The raw bytes of the database file and its WAL, and the sqlite3 shell's dump.
void RequireNoHealthAtRest(const std::string& data_dir) {
  const std::string db = data_dir + "/madoguchi.db";
  for (const std::string& file : {db, db + "-wal"}) {
    INFO(file);
    CHECK(HealthIn(ReadFile(file)).empty());
  }
  auto dump = RunCommand("/usr/bin/sqlite3 -readonly '" + db + "' .dump");
  REQUIRE(dump.exit_code == 0);
  CHECK(HealthIn(dump.out).empty());
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir + "/logs")) {
    if (!entry.is_regular_file()) continue;
    INFO(entry.path().string());
    CHECK(HealthIn(ReadFile(entry.path().string())).empty());
  }
}

nlohmann::json ReceiptsRecord(const std::string& key) {
  nlohmann::json record = SampleRecord("disclosure", key);
  record["categories"] = {"receipts"};
  record["receipts"] = {{{"institution", kClinic}, {"months", {kMonth}}}};
  return record;
}

// Taken in with a receipt, identity verified and a note written by clerk1,
// assigned to reviewer1, consulted (objection), and decided: every kind of
// health text this item is about.
std::string ThroughDecision(EngineProcess& engine, const std::string& key) {
  std::string id = Call(engine, "clerk1", "intake", {{"record", ReceiptsRecord(key)}})["id"];
  Advance(engine, "clerk1", id, "verify_identity",
          {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}}}}});
  Advance(engine, "clerk1", id, "note", {{"text", kNote}});
  std::string other = Call(engine, "clerk1", "intake", {{"record", SampleRecord("correction", key + "-other")}})["id"];
  Advance(engine, "clerk1", id, "link", {{"to", other}, {"reason", kLinkReason}});
  Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});
  Advance(engine, "reviewer1", id, "consult", {{"question", kQuestion}});
  Advance(engine, "reviewer1", id, "consultation_done",
          {{"institution", kClinic}, {"answer", "objection"}, {"reason", kObjection}});
  Advance(engine, "reviewer1", id, "decide",
          {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", kReason}, {"internal_reason", kInternal}});
  return id;
}

size_t ShowsBy(const nlohmann::json& log, const std::string& actor) {
  size_t n = 0;
  for (const auto& item : log["items"]) n += item["actor"] == actor && item["what"] == "show";
  return n;
}

}  // namespace

TEST_CASE("health data: no clinic consultation note or reason in clear in the database file or its WAL",
          "[seal][health]") {
  EngineProcess engine;
  engine.EditConfig([](nlohmann::json& c) { c["log"]["level"] = "debug"; });
  engine.Start();
  std::string id = ThroughDecision(engine, "health-rest-1");

  // Those who may see them get them back whole.
  nlohmann::json shown = Call(engine, "reviewer1", "show", {{"id", id}});
  CHECK(HealthIn(shown.dump()).size() == kHealth.size());
  CHECK(shown["particulars"]["receipts"][0]["institution"] == kClinic);
  CHECK(shown["particulars"]["receipts"][0]["months"][0] == kMonth);
  CHECK(shown["particulars"]["consultations"][0]["reason"] == kObjection);
  CHECK(shown["links"][0]["reason"] == kLinkReason);

  RequireNoHealthAtRest(engine.data_dir());
  // The chain covers the whole of each event, sealed part included.
  nlohmann::json verified = Call(engine, "auditor1", "audit_verify", nlohmann::json::object());
  INFO(verified.dump());
  CHECK(verified["ok"] == true);
  REQUIRE(engine.Stop() == 0);
  RequireNoHealthAtRest(engine.data_dir());
  auto offline = RunCommand(madoguchi::testing::EngineBinary() + " audit-verify --data '" + engine.data_dir() + "' 2>&1");
  INFO(offline.out);
  CHECK(offline.exit_code == 0);

  // A clear part changed by hand (the triggers dropped, as an attacker with
  // the file would) no longer verifies.
  {
    SQLite::Database db(engine.data_dir() + "/madoguchi.db", SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER history_no_update");
    db.exec("UPDATE history SET data = json_set(data, '$.outcome', 'full') WHERE event = 'decide'");
  }
  auto broken = RunCommand(madoguchi::testing::EngineBinary() + " audit-verify --data '" + engine.data_dir() + "' 2>&1");
  INFO(broken.out);
  CHECK(broken.exit_code != 0);
}

TEST_CASE("health data: shown only to those who may see personal fields and each showing is logged",
          "[seal][health][access_log]") {
  EngineProcess engine;
  engine.Start();
  std::string id = Call(engine, "clerk1", "intake", {{"record", ReceiptsRecord("health-gate-1")}})["id"];
  Advance(engine, "clerk1", id, "verify_identity",
          {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}}}}});
  Advance(engine, "clerk1", id, "note", {{"text", kNote}});

  // Before anyone claims it: reviewers see the queue, auditors everything,
  // but neither the clinic, the months nor the note.
  for (const std::string user : {"reviewer1", "reviewer2", "auditor1"}) {
    INFO(user);
    nlohmann::json shown = Call(engine, user, "show", {{"id", id}});
    CHECK(HealthIn(shown.dump()).empty());
    CHECK(shown.dump().find(kMonth) == std::string::npos);
    CHECK_FALSE(shown.contains("personal"));
    CHECK(shown["particulars"]["withheld"] == true);
    CHECK(shown["particulars"]["receipt_count"] == 1);
    bool note_withheld = false;
    for (const auto& h : shown["history"]) {
      if (h["event"] == "note") {
        note_withheld = h["data"].value("withheld", nlohmann::json()) == nlohmann::json{"text"} && !h["data"].contains("text");
      }
    }
    CHECK(note_withheld);
  }
  // A clerk asking without personal fields (the version only): nothing shown, nothing logged.
  nlohmann::json version_only = Call(engine, "clerk1", "show", {{"id", id}, {"personal", false}});
  CHECK(HealthIn(version_only.dump()).empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(AccessLog(engine, id, 0)["items"].empty());

  // Claimed: reviewer1 sees them, and the showing is logged; reviewer2 still does not.
  Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});
  Advance(engine, "reviewer1", id, "consult", {{"question", kQuestion}});
  Advance(engine, "reviewer1", id, "consultation_done",
          {{"institution", kClinic}, {"answer", "objection"}, {"reason", kObjection}});
  nlohmann::json mine = Call(engine, "reviewer1", "show", {{"id", id}});
  CHECK(mine["particulars"]["receipts"][0]["institution"] == kClinic);
  CHECK(mine["particulars"]["consultations"][0]["institution"] == kClinic);
  CHECK(mine["particulars"]["consultations"][0]["reason"] == kObjection);
  CHECK(mine.dump().find(kNote) != std::string::npos);
  CHECK(mine.dump().find(kQuestion) != std::string::npos);
  nlohmann::json log = AccessLog(engine, id, 1);
  CHECK(ShowsBy(log, "reviewer1") == 1);

  nlohmann::json other = Call(engine, "auditor1", "show", {{"id", id}});
  CHECK(HealthIn(other.dump()).empty());
  CHECK(other["particulars"]["consultations"][0]["institution_no"] == 1);
  CHECK(other["particulars"]["consultations"][0]["answer"] == "objection");  // codes stay
  CHECK_FALSE(other["particulars"]["consultations"][0].contains("reason"));

  // An auditor with a grant sees them, logged; a manager too.
  Call(engine, "admin1", "user_admin", {{"user", "auditor1"}, {"action", "grant_personal"}});
  nlohmann::json granted = Call(engine, "auditor1", "show", {{"id", id}});
  CHECK(HealthIn(granted.dump()).size() == 4);  // clinic, question, objection, note
  nlohmann::json managed = Call(engine, "manager1", "show", {{"id", id}});
  CHECK(managed["particulars"]["receipts"][0]["months"][0] == kMonth);
  log = AccessLog(engine, id, 3);
  CHECK(ShowsBy(log, "reviewer1") == 1);
  CHECK(ShowsBy(log, "auditor1") == 1);
  CHECK(ShowsBy(log, "manager1") == 1);
  CHECK(ShowsBy(log, "reviewer2") == 0);
}

TEST_CASE("health data: an older database holding it in clear is sealed at the first start", "[seal][health]") {
  EngineProcess engine;
  engine.Start();
  std::string id = ThroughDecision(engine, "health-old-1");
  REQUIRE(engine.Stop() == 0);

  // Made into a database of before step 20: the particulars whole in the
  // requests row, each event's whole data in its history row (the text its
  // MAC was made over), nothing sealed beside them.
  const std::string path = engine.data_dir() + "/madoguchi.db";
  {
    Result<DataKeyRing> ring = DataKeyRing::Load(engine.data_dir() + "/data.key");
    REQUIRE(ring.ok());
    PersonalVault vault(*ring, engine.data_dir() + "/data.key");
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    Result<std::optional<Request>> request = LoadRequest(db, vault, id);
    REQUIRE(request.ok());
    REQUIRE(request->has_value());
    Result<std::vector<HistoryEntry>> history = LoadHistory(db, vault, id);
    REQUIRE(history.ok());
    Result<nlohmann::json> personal = LoadPersonal(db, vault, id);  // without its "health"
    REQUIRE(personal.ok());
    WriteSealedPersonal(db, ring->current(), id, *personal);
    UndoStep20(db);
    db.exec("DROP TRIGGER history_no_update");
    SQLite::Statement put(db, "UPDATE history SET data = ? WHERE request_id = ? AND version = ?");
    for (const HistoryEntry& h : *history) {
      put.bind(1, h.data.dump());
      put.bind(2, id);
      put.bind(3, h.version);
      put.exec();
      put.reset();
    }
    db.exec("CREATE TRIGGER history_no_update BEFORE UPDATE ON history "
            "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END");
    SQLite::Statement link(db, "UPDATE request_links SET reason = ? WHERE from_id = ?");
    link.bind(1, kLinkReason);
    link.bind(2, id);
    REQUIRE(link.exec() == 1);
    SQLite::Statement particulars(db, "UPDATE requests SET particulars = ? WHERE id = ?");
    particulars.bind(1, ParticularsToJson(**request).dump());
    particulars.bind(2, id);
    particulars.exec();
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  REQUIRE(HealthIn(ReadFile(path)).size() == kHealth.size());  // the test sees them when they are there

  engine.Start();
  nlohmann::json shown = Call(engine, "manager1", "show", {{"id", id}});
  CHECK(HealthIn(shown.dump()).size() == kHealth.size());
  CHECK(shown["particulars"]["receipts"][0]["months"][0] == kMonth);
  nlohmann::json ungranted = Call(engine, "auditor1", "show", {{"id", id}});
  CHECK(HealthIn(ungranted.dump()).empty());
  RequireNoHealthAtRest(engine.data_dir());
  nlohmann::json verified = Call(engine, "auditor1", "audit_verify", nlohmann::json::object());
  INFO(verified.dump());
  CHECK(verified["ok"] == true);
  REQUIRE(engine.Stop() == 0);
  RequireNoHealthAtRest(engine.data_dir());
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  // note, link, consult, consultation_done, decide
  CHECK(db.execAndGet("SELECT count(*) FROM history_sealed").getInt() == 5);
  CHECK(db.execAndGet("SELECT count(*) FROM request_links WHERE reason LIKE 'sealed:%'").getInt() == 1);
  CHECK(db.execAndGet("SELECT count(*) FROM seal_state WHERE name = 'health_sealed'").getInt() == 1);  // done for good
  CHECK(db.execAndGet("SELECT user_version FROM pragma_user_version").getInt() == LatestSchemaVersion());
}
