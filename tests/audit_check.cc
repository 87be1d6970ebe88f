#include "audit_check.h"

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <thread>

#include "test_support.h"

namespace madoguchi::testing {

int64_t CheckChangesAudited(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  // Events and records counted by request, actor and command: a request's
  // events of one kind by one actor need at least as many records (a
  // replayed intake is a record without a new event).
  SQLite::Statement missing(
      db,
      "WITH events AS (SELECT request_id, actor, CASE event WHEN 'intake' THEN 'intake' ELSE 'advance' END AS command, "
      "                       count(*) AS n FROM history WHERE event <> 'letter_issued' GROUP BY 1, 2, 3), "
      "     records AS (SELECT target AS request_id, actor, command, count(*) AS n FROM audit "
      "                 WHERE result = 'ok' AND command IN ('intake', 'advance') GROUP BY 1, 2, 3) "
      "SELECT e.request_id, e.actor, e.command, e.n, coalesce(r.n, 0) FROM events e "
      "LEFT JOIN records r ON r.request_id = e.request_id AND r.actor = e.actor AND r.command = e.command "
      "WHERE coalesce(r.n, 0) < e.n");
  int64_t unaudited = 0;
  std::string examples;
  while (missing.executeStep()) {
    int64_t lacking = missing.getColumn(3).getInt64() - missing.getColumn(4).getInt64();
    unaudited += lacking;
    if (examples.size() < 400) {
      examples += " " + missing.getColumn(0).getString() + " " + missing.getColumn(2).getString() + " by " +
                  missing.getColumn(1).getString() + " (" + std::to_string(lacking) + " unrecorded);";
    }
  }
  const int64_t events = db.execAndGet("SELECT count(*) FROM history WHERE event <> 'letter_issued'").getInt64();
  INFO(unaudited << " of " << events << " committed history events have no audit record:" << examples);
  CHECK(unaudited == 0);
  // Each letter's message is named among the acked of an ack record of the
  // worker that stored it (one record per ack command, which may ack many).
  const int64_t letters = db.execAndGet("SELECT count(*) FROM letters").getInt64();
  const int64_t unacked =
      db.execAndGet("SELECT count(*) FROM letters l JOIN outbox o ON o.dedup_key = l.letter_id WHERE NOT EXISTS "
                    "(SELECT 1 FROM audit a, json_each(CASE WHEN json_valid(a.detail) THEN a.detail ELSE '{}' END, "
                    "'$.acked') j WHERE a.command = 'ack' AND a.result = 'ok' AND a.actor = l.worker AND j.value = o.id)")
          .getInt64();
  INFO(letters << " letters stored, " << unacked << " of them without an ack record naming their message");
  CHECK(unacked == 0);
  return unaudited;
}

CommandOutput AuditAttack(const std::string& db_path, const std::string& args) {
  return RunCommand("python3 " MADOGUCHI_SOURCE_DIR "/tests/audit_attack.py " + db_path + " " + args);
}

std::string ChainHeadOf(const std::string& db_path) {
  CommandOutput head = AuditAttack(db_path, "head");
  REQUIRE(head.exit_code == 0);
  return LastLine(head.out);
}

std::string HeadLine(const std::string& attack_output, const std::string& which) {
  size_t at = attack_output.find(which + " ");
  if (at == std::string::npos) return "";
  at += which.size() + 1;
  return attack_output.substr(at, attack_output.find('\n', at) - at);
}

// Step 24 (issue 18): no mark for the start's reindex of the search tokens.
void UndoStep24(SQLite::Database& db) {
  db.exec("DELETE FROM seal_state WHERE name = 'search_reindex'");
  db.exec("PRAGMA user_version = 23");
}

// Step 23 (issue 17 part 6): no retention columns, no index of the due.
void UndoStep23(SQLite::Database& db) {
  db.exec("DROP INDEX requests_retention_due");
  for (const char* column : {"retention_until", "legal_hold", "disposed_at"}) {
    db.exec(std::string("ALTER TABLE requests DROP COLUMN ") + column);
  }
  db.exec("PRAGMA user_version = 22");
}

// Step 22 (issue 17 part 3): no package passwords. The dashboard's triggers
// it made again with `delivering` stay: the step drops and makes them anew.
void UndoStep22(SQLite::Database& db) {
  db.exec("DROP TABLE disclosure_passwords");
  db.exec("PRAGMA user_version = 21");
}

// Step 21 (issue 17 parts 2 and 4): no provision ledger.
void UndoStep21(SQLite::Database& db) {
  db.exec("DROP TABLE provision_index");
  db.exec("DROP TABLE provision_records");
  db.exec("PRAGMA user_version = 20");
}

void UndoStep20(SQLite::Database& db) {
  // The steps after 20 first, newest first.
  UndoStep24(db);
  UndoStep23(db);
  UndoStep22(db);
  UndoStep21(db);
  // No sealed history, history_no_update as step 1 made it.
  db.exec("DROP TABLE history_sealed");
  db.exec("DROP TRIGGER history_no_update");
  db.exec("CREATE TRIGGER history_no_update BEFORE UPDATE ON history "
          "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END");
  // And the mark of the start's sealing pass (SealLegacyHealth) over it.
  db.exec("DELETE FROM seal_state WHERE name = 'health_sealed'");
  db.exec("PRAGMA user_version = 19");
}

void UndoStepsFrom14(SQLite::Database& db, int user_version) {
  UndoStep20(db);
  // Step 19: the indexes as step 18 left them.
  db.exec("DROP INDEX timers_pending");
  db.exec("CREATE INDEX timers_due ON timers(fired_at, cancelled_at, fire_on)");
  db.exec("CREATE INDEX outbox_request ON outbox(request_id)");
  db.exec("CREATE INDEX history_to_state_at ON history(to_state, at, request_id)");
  db.exec("DROP TABLE advance_keys");                             // 18
  for (const char* column : {"intake_digest", "intake_digest_key"}) {
    db.exec(std::string("ALTER TABLE requests DROP COLUMN ") + column);
  }
  db.exec("DROP TABLE protected_persons");                       // 17
  db.exec("DROP INDEX requests_extended_due");                   // 16
  db.exec("ALTER TABLE requests DROP COLUMN original_due_date");
  db.exec("ALTER TABLE web_credentials DROP COLUMN token_expires_at");  // 14
  for (const char* table : {"audit", "history", "personal_access"}) {
    db.exec(std::string("DROP TRIGGER ") + table + "_no_replace");
    db.exec(std::string("DROP INDEX ") + table + "_pos");
  }
  for (const char* column : {"pos", "key_id", "detail"}) db.exec(std::string("ALTER TABLE audit DROP COLUMN ") + column);
  for (const char* table : {"history", "personal_access"}) {
    for (const char* column : {"pos", "key_id", "prev", "hash"}) {
      db.exec(std::string("ALTER TABLE ") + table + " DROP COLUMN " + column);
    }
  }
  db.exec("PRAGMA user_version = " + std::to_string(user_version));
}

bool WaitForAnchorAtHead(const EngineProcess& engine) {
  for (int i = 0; i < 100; ++i) {
    const std::string head = ChainHeadOf(engine.data_dir() + "/madoguchi.db");
    const std::string anchor = ReadFile(engine.data_dir() + "/audit.anchor");
    if (anchor.rfind(head + " ", 0) == 0 || anchor.find("\n" + head + " ") != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace madoguchi::testing
