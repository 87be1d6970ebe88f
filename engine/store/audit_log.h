// AuditLog: the tamper-evident audit log (issue 7, part 2) on one SQLite
// connection. Each record names when (JST), who (actor, role), from where
// (source: curve, worker, web), what (command, target request id) and how it
// ended (result: "ok" or the error code) -- never personal data.
//
// Invariants:
// - Records are only appended: the `audit` table's triggers refuse UPDATE
//   and DELETE, and nothing in the product tries either.
// - seq runs 1, 2, 3, ... without gaps; record n's prev is record n-1's
//   hash (64 zeros for record 1), and its hash is SHA-256 over
//   CanonicalAuditText(record) (its fields and prev). Verify recomputes
//   every link, so an edited, inserted or deleted row is found.
// - One writer: AppendAudit runs on the engine's one write connection (the
//   writer thread), so the chain is strictly ordered.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/status.h"

namespace madoguchi {

inline constexpr const char* kAuditGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  std::string at;       // FormatJst
  std::string actor;    // user name, or the name claimed
  std::string role;     // "" when unknown
  std::string source;   // "curve", "worker", "web"
  std::string command;  // wire name, or what was sent when it was not one
  std::string target;   // args.id, or ""
  std::string result;   // "ok" or the error code
};

// The text hashed for one record: its fields, tab-separated, then prev.
std::string CanonicalAuditText(int64_t seq, const AuditEntry& e, const std::string& prev);

// Appends `entries` in order after the current head. Runs in the caller's
// transaction when there is one (else its own). Throws SQLite::Exception.
void AppendAudit(SQLite::Database& db, const std::vector<AuditEntry>& entries);

struct AuditHead {
  int64_t count = 0;
  std::string hash = kAuditGenesis;
};
AuditHead ReadAuditHead(SQLite::Database& db);

struct AuditVerification {
  bool ok = true;
  int64_t count = 0;     // records checked
  std::string head;      // the last record's hash (when ok)
  int64_t broken_at = 0; // the first record whose link does not hold
  std::string expected;  // what that record's prev or hash should be
  std::string found;     // what it holds
  std::string what;      // "prev", "hash" or "seq"
};
// Walks the whole chain from record 1.
Result<AuditVerification> VerifyAudit(SQLite::Database& db);

struct AuditRecord {
  int64_t seq = 0;
  AuditEntry entry;
  std::string prev;
  std::string hash;
};
// The records whose JST date (the first 10 characters of `at`) is within
// [from, to] (YYYY-MM-DD, inclusive), in chain order.
Result<std::vector<AuditRecord>> ExportAudit(SQLite::Database& db, const std::string& from, const std::string& to);

}  // namespace madoguchi
