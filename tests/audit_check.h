// What the audit tests check on a real database file, and the attacker's
// script they run against it (tests/audit_attack.py).
#pragma once

#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "engine_process.h"

namespace madoguchi::testing {

// Every committed change has its audit record: each history event (but the
// letter_issued a worker's ack causes) a record of its intake or advance by
// the same actor with result ok and the request as target, and each letter
// stored an ack record of its worker naming its message among the acked.
// Catch2 CHECKs; returns the events without one.
int64_t CheckChangesAudited(const std::string& db_path);

// tests/audit_attack.py DB ARGS (e.g. "cut 3", "edit 2", "head"): what
// someone with the database file alone does to the chain. Its output says
// "before N HASH" and "after N HASH".
CommandOutput AuditAttack(const std::string& db_path, const std::string& args);

// The chain's head as the database holds it now, "N HASH".
std::string ChainHeadOf(const std::string& db_path);

// "N HASH" of the line that starts with "before " or "after " in an
// AuditAttack's output; "" when there is none.
std::string HeadLine(const std::string& attack_output, const std::string& which);

// Takes a database back to before migration 14: the token expiry (14), the
// keyed audit chain (15), the original due date (16), the protected persons
// (17), the idempotency digests (18) and the fewer index entries (19) undone
// -- columns, tables, triggers and indexes dropped, the indexes 19 dropped
// made again -- and user_version set to `user_version` (13 or less; the
// caller undoes the steps in between). For tests that make an older database
// out of a current one. Throws SQLite::Exception.
void UndoStepsFrom14(SQLite::Database& db, int user_version);
// Step 20 alone undone (its table and trigger; user_version 19): a database
// of the release before health-related data was sealed, its chain still keyed.
void UndoStep20(SQLite::Database& db);
// Steps 21 (the provision ledger), 22 (package passwords), 23 (retention) and
// 24 (the search tokens' reindex mark) undone one at a time, each to the
// version before it; UndoStep20 runs all four first.
void UndoStep21(SQLite::Database& db);
void UndoStep22(SQLite::Database& db);
void UndoStep23(SQLite::Database& db);
void UndoStep24(SQLite::Database& db);

// Waits (a few seconds at most) until DATA/audit.anchor names the head the
// database holds: the engine appends it after each commit. False if not.
bool WaitForAnchorAtHead(const EngineProcess& engine);

}  // namespace madoguchi::testing
