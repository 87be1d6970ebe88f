// The tamper-evident audit log (issue 7, part 2) end to end: a real engine
// process, its real database file, the real `madoguchi audit` command.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "core/jst_time.h"
#include "protocol/sha256.h"
#include "engine_process.h"
#include "store/audit_log.h"
#include "store/request_store.h"
#include "test_support.h"
#include "web_client.h"

using namespace madoguchi;
using madoguchi::testing::CommandOutput;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::RunClient;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::WebClient;

namespace {

const std::string kPassword = "correct-horse-battery";

std::string DbPath(const EngineProcess& engine) { return engine.data_dir() + "/madoguchi.db"; }

// Whether the audit table holds a record with these fields ("" matches any target).
bool HasRecord(SQLite::Database& db, const std::string& actor, const std::string& source, const std::string& command,
               const std::string& result, const std::string& target = "") {
  SQLite::Statement q(db,
                      "SELECT count(*) FROM audit WHERE actor = ? AND source = ? AND command = ? AND result = ? "
                      "AND (? = '' OR target = ?)");
  q.bind(1, actor);
  q.bind(2, source);
  q.bind(3, command);
  q.bind(4, result);
  q.bind(5, target);
  q.bind(6, target);
  q.executeStep();
  return q.getColumn(0).getInt() > 0;
}

// A few commands, accepted and refused, so that there is a chain to check.
std::string SomeCommands(EngineProcess& engine) {
  auto in = engine.Client("clerk1")->Call("intake", {{"record", SampleRecord("disclosure", "audit-0001")}});
  REQUIRE(in.ok());
  std::string id = (*in)["id"];
  REQUIRE(engine.Client("manager1")->Call("show", {{"id", id}}).ok());
  for (int i = 0; i < 5; ++i) REQUIRE(engine.Client("auditor1")->Call("whoami", nlohmann::json::object()).ok());
  return id;
}

// The audit appends come shortly after the replies: stop the engine (which
// appends what is left) before reading the file.
CommandOutput Verify(const EngineProcess& engine) { return RunClient(engine, "auditor1", "audit verify"); }

}  // namespace

TEST_CASE("audit log: accepted and refused commands and web sign-ins are recorded, without personal data",
          "[audit]") {
  EngineProcess engine;
  engine.SetPassword("clerk1", kPassword);
  engine.Start();
  std::string id = SomeCommands(engine);
  // Refused: by the policy, by the workflow, a command that does not exist.
  CHECK(engine.Client("reviewer1")->Call("intake", {{"record", SampleRecord("disclosure", "audit-0002")}})
            .status()
            .code() == Status::Code::kPermissionDenied);
  CHECK_FALSE(engine.Client("clerk1")->Call("advance", {{"id", id}, {"event", "respond"}, {"version", 1}}).ok());
  CHECK_FALSE(engine.Client("clerk1")->Call("no_such_command", nlohmann::json::object()).ok());
  // The web desk: a failed sign-in, a sign-in, a command, a sign-out.
  WebClient web(engine.web_url());
  CHECK(web.SignIn("clerk1", "wrong-password-here").status == 401);
  CHECK(web.SignIn("clerk1", kPassword).status == 200);
  CHECK(web.Api("show", {{"id", id}}).status == 200);
  CHECK(web.Post("/logout", nlohmann::json::object()).status == 200);
  // An auditor verifies it while the engine serves; an admin may, a clerk may not.
  CommandOutput verified = Verify(engine);
  INFO(verified.out);
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.find("audit ok: ") != std::string::npos);
  CHECK(RunClient(engine, "admin1", "audit verify").exit_code == 0);
  CHECK(RunClient(engine, "clerk1", "audit verify").exit_code == 1);
  // Export: CSV with a BOM and a header row.
  std::string today = FormatJst(Now()).substr(0, 10);
  std::string csv_path = engine.data_dir() + "/audit.csv";
  CommandOutput exported =
      RunClient(engine, "auditor1", "audit export --from " + today + " --to " + today + " --out " + csv_path);
  INFO(exported.out);
  REQUIRE(exported.exit_code == 0);
  std::string csv = testing::ReadFile(csv_path);
  CHECK(csv.rfind("\xEF\xBB\xBFseq,at,actor,role,source,command,target,result,prev,hash\r\n", 0) == 0);
  CHECK(csv.find("\"intake\"") != std::string::npos);
  CHECK(engine.Stop() == 0);

  SQLite::Database db(DbPath(engine), SQLite::OPEN_READONLY);
  CHECK(HasRecord(db, "clerk1", "curve", "intake", "ok", id));
  CHECK(HasRecord(db, "manager1", "curve", "show", "ok", id));
  CHECK(HasRecord(db, "reviewer1", "curve", "intake", "permission_denied"));
  CHECK(db.execAndGet("SELECT count(*) FROM audit WHERE actor = 'clerk1' AND command = 'advance' AND result <> 'ok' "
                      "AND target = '" + id + "'")
            .getInt() == 1);
  CHECK(HasRecord(db, "clerk1", "curve", "", "unknown_command"));
  CHECK(HasRecord(db, "clerk1", "web", "sign_in", "permission_denied"));
  CHECK(HasRecord(db, "clerk1", "web", "sign_in", "ok"));
  CHECK(HasRecord(db, "clerk1", "web", "show", "ok", id));
  CHECK(HasRecord(db, "clerk1", "web", "sign_out", "ok"));
  CHECK(HasRecord(db, "auditor1", "curve", "audit_verify", "ok"));
  CHECK(HasRecord(db, "clerk1", "curve", "audit_verify", "permission_denied"));
  // The first record's prev is 64 zeros; seq has no gaps.
  CHECK(db.execAndGet("SELECT prev FROM audit WHERE seq = 1").getString() == std::string(64, '0'));
  CHECK(db.execAndGet("SELECT count(*) = max(seq) FROM audit").getInt() == 1);
  // No personal data: the requester's name of the sample record is nowhere.
  std::string name = SampleRecord("disclosure", "x")["requester"]["name"].get<std::string>();
  REQUIRE_FALSE(name.empty());
  SQLite::Statement all(db, "SELECT at || actor || role || source || command || target || result FROM audit");
  while (all.executeStep()) CHECK(all.getColumn(0).getString().find(name) == std::string::npos);
  // The head went to the engine's log.
  CHECK(testing::ReadFile(engine.data_dir() + "/logs/engine.out").find("audit head ") != std::string::npos);
}

TEST_CASE("audit log: the product cannot change it, a changed or deleted record is found at its number", "[audit]") {
  EngineProcess engine;
  engine.Start();
  SomeCommands(engine);
  CHECK(engine.Stop() == 0);
  std::string original_actor;
  {
    SQLite::Database db(DbPath(engine), SQLite::OPEN_READWRITE);
    REQUIRE(db.execAndGet("SELECT count(*) FROM audit").getInt() >= 6);
    CHECK_THROWS_AS(db.exec("UPDATE audit SET result = 'ok' WHERE seq = 3"), SQLite::Exception);
    CHECK_THROWS_AS(db.exec("DELETE FROM audit WHERE seq = 5"), SQLite::Exception);
    // Someone with the file and a SQLite shell:
    db.exec("DROP TRIGGER audit_no_update");
    db.exec("DROP TRIGGER audit_no_delete");
    original_actor = db.execAndGet("SELECT actor FROM audit WHERE seq = 3").getString();
    db.exec("UPDATE audit SET actor = 'mallory' WHERE seq = 3");
  }
  engine.Start();
  CommandOutput broken = Verify(engine);
  INFO(broken.out);
  CHECK(broken.exit_code == 1);
  CHECK(broken.out.find("audit BROKEN at record 3 (hash)") != std::string::npos);
  CHECK(engine.Stop() == 0);
  {
    SQLite::Database db(DbPath(engine), SQLite::OPEN_READWRITE);
    SQLite::Statement undo(db, "UPDATE audit SET actor = ? WHERE seq = 3");
    undo.bind(1, original_actor);
    undo.exec();
  }
  engine.Start();
  CommandOutput after = Verify(engine);
  INFO(after.out);
  CHECK(after.exit_code == 0);
  CHECK(engine.Stop() == 0);
  {
    SQLite::Database db(DbPath(engine), SQLite::OPEN_READWRITE);
    db.exec("DELETE FROM audit WHERE seq = 5");
  }
  engine.Start();
  CommandOutput deleted = Verify(engine);
  INFO(deleted.out);
  CHECK(deleted.exit_code == 1);
  CHECK(deleted.out.find("audit BROKEN at record 5 (seq)") != std::string::npos);
  CHECK(engine.Stop() == 0);
}

TEST_CASE("audit log: the chain on a connection: links, a forged prev, export by JST date", "[audit]") {
  testing::TempDir dir;
  auto store = RequestStore::Open(dir.file("m.db"), testing::DefaultWorkflow());
  REQUIRE(store.ok());
  SQLite::Database& db = (*store)->db();
  auto entry = [](const std::string& at, const std::string& command) {
    return AuditEntry{at, "clerk1", "clerk", "curve", command, "", "ok"};
  };
  AppendAudit(db, {entry("2026-04-01T09:00:00+09:00", "whoami"), entry("2026-04-02T09:00:00+09:00", "list")});
  AppendAudit(db, {entry("2026-04-03T09:00:00+09:00", "stats")});
  Result<AuditVerification> v = VerifyAudit(db);
  REQUIRE(v.ok());
  CHECK(v->ok);
  CHECK(v->count == 3);
  CHECK(v->head == ReadAuditHead(db).hash);
  CHECK(db.execAndGet("SELECT prev FROM audit WHERE seq = 2").getString() ==
        db.execAndGet("SELECT hash FROM audit WHERE seq = 1").getString());
  Result<std::vector<AuditRecord>> april2 = ExportAudit(db, "2026-04-02", "2026-04-03");
  REQUIRE(april2.ok());
  REQUIRE(april2->size() == 2);
  CHECK((*april2)[0].seq == 2);
  CHECK((*april2)[1].entry.command == "stats");
  // A forged record 2 with its own hash made right: record 2's prev no longer holds.
  db.exec("DROP TRIGGER audit_no_update");
  AuditEntry forged = entry("2026-04-02T09:00:00+09:00", "list");
  std::string fake_prev(64, 'f');
  SQLite::Statement u(db, "UPDATE audit SET prev = ?, hash = ? WHERE seq = 2");
  u.bind(1, fake_prev);
  u.bind(2, Sha256Hex(CanonicalAuditText(2, forged, fake_prev)));
  u.exec();
  v = VerifyAudit(db);
  REQUIRE(v.ok());
  CHECK_FALSE(v->ok);
  CHECK(v->broken_at == 2);
  CHECK(v->what == "prev");
  CHECK(v->found == fake_prev);
}
