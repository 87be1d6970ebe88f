// The tamper-evident audit log (issue 7, part 2) end to end: a real engine
// process, its real database file, the real `madoguchi audit` command.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/jst_time.h"
#include "util/sha256.h"
#include "audit_check.h"
#include "engine_process.h"
#include "store/audit_chain_verify.h"
#include "store/audit_log.h"
#include "store/personal_vault.h"
#include "commands/request_writer.h"
#include "test_support.h"
#include "web_client.h"

using namespace madoguchi;
using madoguchi::testing::CommandOutput;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::RunClient;
using madoguchi::testing::RunCommand;
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
  CHECK(csv.rfind("\xEF\xBB\xBFseq,at,actor,role,source,command,target,result,detail,pos,key_id,prev,hash\r\n", 0) == 0);
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
  // The chain's first record's prev is 64 zeros; audit seq has no gaps.
  CHECK(db.execAndGet("SELECT prev FROM audit WHERE pos = 1").getString() == std::string(64, '0'));
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
  CHECK_THAT(broken.out, Catch::StartsWith("audit BROKEN at record ") && Catch::Contains("(audit record 3, hash)"));
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
  CHECK_THAT(deleted.out, Catch::StartsWith("audit BROKEN at record ") && Catch::Contains("(audit record 5, missing)"));
  CHECK(engine.Stop() == 0);
}

TEST_CASE("audit log: the chain on a connection: links, a forged record, export by JST date", "[audit]") {
  testing::TempDir dir;
  const std::shared_ptr<PersonalVault> vault = PersonalVault::Ephemeral();
  auto store = RequestWriter::Open(dir.file("m.db"), testing::DefaultWorkflow(), vault);
  REQUIRE(store.ok());
  SQLite::Database& db = (*store)->db();
  auto entry = [](const std::string& at, const std::string& command) {
    return AuditEntry{at, "clerk1", "clerk", "curve", command, "", "ok"};
  };
  AppendAudit(db, *vault, {entry("2026-04-01T09:00:00+09:00", "whoami"), entry("2026-04-02T09:00:00+09:00", "list")});
  ChainHead head = AppendAudit(db, *vault, {entry("2026-04-03T09:00:00+09:00", "stats")});
  const ChainKeys keys = KeysOf(*vault);
  Result<ChainVerification> v = VerifyChain(db, keys);
  REQUIRE(v.ok());
  CHECK(v->ok);
  CHECK(v->count == 3);
  CHECK(v->audit == 3);
  CHECK(v->head == head.hash);
  CHECK(head == ReadChainHead(db));
  CHECK(db.execAndGet("SELECT prev FROM audit WHERE seq = 2").getString() ==
        db.execAndGet("SELECT hash FROM audit WHERE seq = 1").getString());
  Result<std::vector<AuditRecord>> april2 = ExportAudit(db, "2026-04-02", "2026-04-03");
  REQUIRE(april2.ok());
  REQUIRE(april2->size() == 2);
  CHECK((*april2)[0].seq == 2);
  CHECK((*april2)[1].entry.command == "stats");
  // A kept head the chain does not reach: it was cut.
  ChainVerifyOptions kept;
  kept.expected.push_back({5, std::string(64, 'a'), "a test"});
  v = VerifyChain(db, keys, kept);
  REQUIRE(v.ok());
  CHECK_FALSE(v->ok);
  CHECK(v->what == "behind");
  // Record 2 forged with its SHA-256 made right, as the chain once was: its MAC does not hold.
  db.exec("DROP TRIGGER audit_no_update");
  AuditEntry forged = entry("2026-04-02T09:00:00+09:00", "list");
  std::string prev = db.execAndGet("SELECT prev FROM audit WHERE seq = 2").getString();
  SQLite::Statement u(db, "UPDATE audit SET actor = 'mallory', hash = ? WHERE seq = 2");
  forged.actor = "mallory";
  u.bind(1, Sha256Hex(CanonicalAuditText(2, forged, prev)));
  u.exec();
  v = VerifyChain(db, keys);
  REQUIRE(v.ok());
  CHECK_FALSE(v->ok);
  CHECK(v->broken_at == 2);
  CHECK(v->what == "hash");
  CHECK(v->entry == "audit record 2");
}

// Issue 15, part 1: someone with the database file alone cuts the log's tail,
// or deletes or edits a record and recomputes the chain as the published
// algorithm says (tests/audit_attack.py), while the engine serves. Both
// verifiers find it, and the engine, once stopped, refuses to start on that
// database, naming the head it anchored and the head the database holds.
TEST_CASE("audit chain: a cut or re-chained log is caught by both verifiers and refused at start", "[audit][anchor]") {
  const std::string attack = GENERATE(as<std::string>{}, "cut 3", "delete 2", "edit 2", "replace 2");
  INFO("attack: " << attack);
  EngineProcess engine;
  engine.Start();
  SomeCommands(engine);
  CHECK(testing::WaitForAnchorAtHead(engine));

  CommandOutput attacked = testing::AuditAttack(DbPath(engine), attack);
  INFO(attacked.out);
  REQUIRE(attacked.exit_code == 0);
  const std::string before = testing::HeadLine(attacked.out, "before");
  const std::string after = testing::HeadLine(attacked.out, "after");
  REQUIRE(!before.empty());
  REQUIRE(before != after);
  if (attack.rfind("replace", 0) == 0) {
    // INSERT OR REPLACE alone no longer gets past the triggers.
    CHECK_THAT(attacked.out, Catch::Contains("INSERT OR REPLACE refused by a trigger"));
  }

  CommandOutput online = Verify(engine);
  INFO(online.out);
  CHECK(online.exit_code == 1);
  CHECK_THAT(online.out, Catch::StartsWith("audit BROKEN"));
  CommandOutput offline = RunCommand(testing::EngineBinary() + " audit-verify --data " + engine.data_dir());
  INFO(offline.out);
  CHECK(offline.exit_code == 1);
  CHECK_THAT(offline.out, Catch::StartsWith("audit BROKEN"));
  // The head an auditor kept (from the daily mail, or the log) finds it too.
  const std::string kept = before.substr(0, before.find(' ')) + ":" + before.substr(before.find(' ') + 1);
  CommandOutput expected = RunClient(engine, "auditor1", "audit verify --expect-head " + kept);
  INFO(expected.out);
  CHECK(expected.exit_code == 1);
  engine.Stop();

  CHECK_THROWS(engine.Start());
  const std::string refusal = testing::ReadFile(engine.data_dir() + "/logs/engine.out");
  INFO(refusal);
  for (const std::string& head : {before, after}) {
    CHECK_THAT(refusal, Catch::Contains(head.substr(0, head.find(' '))) && Catch::Contains(head.substr(head.find(' ') + 1)));
  }
  CHECK_THAT(refusal, Catch::Contains("audit-anchor"));
}

// Issue 15, part 2: history and the access log are in the chain too.
TEST_CASE("audit chain: an edited history note or a deleted access-log row is caught by both verifiers", "[audit]") {
  EngineProcess engine;
  engine.Start();
  auto in = engine.Client("clerk1")->Call("intake", {{"record", SampleRecord("disclosure", "audit-history-1")}});
  REQUIRE(in.ok());
  const std::string id = (*in)["id"];
  REQUIRE(engine.Client("clerk1")
              ->Call("advance", {{"id", id}, {"event", "note"}, {"version", 1}, {"data", {{"text", "電話で確認した"}}}})
              .ok());
  REQUIRE(engine.Client("clerk1")->Call("show", {{"id", id}}).ok());  // a showing of personal data: one access row
  CHECK(testing::WaitForAnchorAtHead(engine));
  int64_t note = 0, access = 0;
  for (int i = 0; i < 100 && access == 0; ++i) {
    SQLite::Database db(DbPath(engine), SQLite::OPEN_READONLY);
    note = db.execAndGet("SELECT coalesce(max(seq), 0) FROM history WHERE event = 'note'").getInt64();
    access = db.execAndGet("SELECT coalesce(max(seq), 0) FROM personal_access").getInt64();
    if (access == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(note > 0);
  REQUIRE(access > 0);
  // More after them, so that what is taken out is not the chain's tail (a
  // tail cut is the anchor's business, tested above).
  REQUIRE(engine.Client("clerk1")->Call("intake", {{"record", SampleRecord("disclosure", "audit-history-2")}}).ok());
  CHECK(testing::WaitForAnchorAtHead(engine));
  std::string what, attack;
  SECTION("a history note edited") {
    attack = "edit-history " + std::to_string(note);
    what = "history";
  }
  SECTION("an access-log row deleted") {
    attack = "delete-access " + std::to_string(access);
    what = "personal_access";
  }
  CommandOutput attacked = testing::AuditAttack(DbPath(engine), attack);
  INFO(attacked.out);
  REQUIRE(attacked.exit_code == 0);
  CommandOutput online = Verify(engine);
  INFO(online.out);
  CHECK(online.exit_code == 1);
  CHECK_THAT(online.out, Catch::StartsWith("audit BROKEN") && Catch::Contains(what));
  CommandOutput offline = RunCommand(testing::EngineBinary() + " audit-verify --data " + engine.data_dir());
  INFO(offline.out);
  CHECK(offline.exit_code == 1);
  CHECK_THAT(offline.out, Catch::StartsWith("audit BROKEN") && Catch::Contains(what));
  engine.Stop();
}

// Issue 15, part 4: what only says "I am here" is counted, not recorded.
TEST_CASE("audit log: an idle worker and a browsing web session leave no record per poll", "[audit]") {
  EngineProcess engine;
  engine.SetPassword("clerk1", kPassword);
  engine.Start();
  engine.Stop();  // the start's own whoami polls are in now
  auto count = [&](const std::string& where) {
    SQLite::Database db(DbPath(engine), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT count(*) FROM audit WHERE " + where).getInt64();
  };
  const int64_t before = count("1");
  const int64_t whoami_before = count("command = 'whoami'");
  engine.Start();

  // An idle worker asks for work again and again, over its own socket.
  EngineClient worker(engine.key("letters1"), engine.workers_endpoint(), std::chrono::seconds(10));
  for (int i = 0; i < 40; ++i) {
    auto r = worker.Call("lease", {{"kinds", {"letter"}}});
    REQUIRE(r.ok());
    REQUIRE((*r)["type"] == "no_work");
  }
  // A script asks who it is; a clerk browses the web desk's pages.
  auto script = engine.Client("clerk1");
  for (int i = 0; i < 30; ++i) REQUIRE(script->Call("whoami", nlohmann::json::object()).ok());
  WebClient web(engine.web_url());
  REQUIRE(web.SignIn("clerk1", kPassword).status == 200);
  for (int i = 0; i < 20; ++i) {
    CHECK(web.Get("/desk/queue").status == 200);
    CHECK(web.Get("/assets/style.css").status == 200);
    CHECK(web.Get("/api/session").status == 200);
  }
  CHECK(web.Post("/logout", nlohmann::json::object()).status == 200);
  CHECK(engine.Stop() == 0);

  // Sign-in and sign-out are records; the polls are not (at most one line
  // for the worker's connection), and whoami is never one.
  INFO("records added: " << count("1") - before);
  CHECK(count("command = 'lease'") <= 1);
  CHECK(count("command = 'whoami'") == whoami_before);
  CHECK(count("command = 'whoami'") == 0);
  CHECK(count("1") - before <= 3);
  CHECK(count("command = 'sign_in' AND result = 'ok'") == 1);
  CHECK(count("command = 'sign_out'") == 1);
  // They are counted instead, in the engine's log.
  const std::string log = testing::ReadFile(engine.data_dir() + "/logs/engine.out");
  CHECK_THAT(log, Catch::Matches("[\\s\\S]*not recorded in the audit log: [0-9]+ idle lease polls, [0-9]+ whoami[\\s\\S]*"));
}

// A database made before the chain was keyed (schema 13, written by the
// release before it; tests/fixtures/legacy-schema13.mdbk): its backup
// restores, the engine starts on it and keys the chain from there on, the
// old part is verified as it was (its head, as the old engine logged it,
// still checks), and an edit of an old record or history event is found.
TEST_CASE("audit chain: a database from before the keyed chain keeps working and its old part is verified as it was",
          "[audit][anchor]") {
  testing::TempDir dir;
  const std::string key_file = dir.file("data.key");
  std::filesystem::copy_file(MADOGUCHI_SOURCE_DIR "/tests/fixtures/legacy-schema13.data.key", key_file);
  std::filesystem::permissions(key_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const std::string data = dir.file("restored");
  CommandOutput restore = RunCommand(testing::EngineBinary() + " restore --from " MADOGUCHI_SOURCE_DIR
                                     "/tests/fixtures/legacy-schema13.mdbk --data " + data + " --key-file " + key_file);
  INFO(restore.out);
  REQUIRE(restore.exit_code == 0);
  // What the old engine logged when it stopped: "audit head 9 90c298b7...".
  const std::string old_head = "9:90c298b78888d32f4f5fda8eac895ab76e775c76f017654a29c1949651fa5c75";

  EngineProcess engine(testing::ExistingDataDir{data});
  engine.Start();
  auto in = engine.Client("clerk1")->Call("intake", {{"record", SampleRecord("purpose_notice", "after-upgrade-1")}});
  REQUIRE(in.ok());
  CommandOutput verified = RunClient(engine, "auditor1", "audit verify --expect-head " + old_head);
  INFO(verified.out);
  CHECK(verified.exit_code == 0);
  CHECK_THAT(verified.out, Catch::StartsWith("audit ok: ") && Catch::Contains("before the keyed chain"));
  CHECK(engine.Stop() == 0);
  CommandOutput offline = RunCommand(testing::EngineBinary() + " audit-verify --data " + data + " --expect-head " + old_head);
  INFO(offline.out);
  CHECK(offline.exit_code == 0);

  std::string attack, what;
  SECTION("an old audit record edited, the chain recomputed from it") {
    // SHA-256 alone cannot tell a recomputed old part; the keyed record that
    // follows it names the head it was keyed on.
    attack = "edit 3";
    what = "before the keyed chain";
  }
  SECTION("an old history event edited") {
    attack = "edit-history 2";
    what = "history";
  }
  CommandOutput attacked = testing::AuditAttack(DbPath(engine), attack);
  INFO(attacked.out);
  REQUIRE(attacked.exit_code == 0);
  CommandOutput broken = RunCommand(testing::EngineBinary() + " audit-verify --data " + data);
  INFO(broken.out);
  CHECK(broken.exit_code == 1);
  CHECK_THAT(broken.out, Catch::StartsWith("audit BROKEN"));
  // With the database alone (no anchor file), the keyed record that follows
  // the old part still finds it.
  std::filesystem::rename(data + "/audit.anchor", data + "/audit.anchor.kept");
  CommandOutput alone = RunCommand(testing::EngineBinary() + " audit-verify --data " + data);
  INFO(alone.out);
  CHECK(alone.exit_code == 1);
  CHECK_THAT(alone.out, Catch::Contains("no anchor file") && Catch::Contains("\naudit BROKEN") && Catch::Contains(what));
}
