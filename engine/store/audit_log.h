// AuditLog: the audit log (issue 7, part 2; keyed in issue 15) on one SQLite
// connection. Each record names when (JST), who (actor, role), from where
// (source: curve, worker, web, server), what (command, target request id or
// user) and how it ended (result: "ok" or the error code), and for some
// commands what changed (detail: e.g. an admin's action, a role before and
// after) -- never personal data, never a secret.
//
// Invariants:
// - Records are only appended: the `audit` table's triggers refuse UPDATE,
//   DELETE and an INSERT where a record already is (INSERT OR REPLACE), and
//   nothing in the product tries any of them.
// - seq runs 1, 2, 3, ... without gaps over the records alone.
// - Each record appended now is an entry of the keyed chain over audit,
//   history and the access log (store/audit_chain.h): its pos, key_id, prev
//   and hash are that chain's. Records from before the chain was keyed keep
//   their own SHA-256 links: record n's prev is record n-1's hash (64 zeros
//   for record 1) and its hash is SHA-256 of CanonicalAuditText.
// - Records are appended inside a write transaction, through the
//   transaction's ChainAppender, so the chain is strictly ordered.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "util/status.h"
#include "store/audit_chain.h"
#include "store/statement_cache.h"

namespace madoguchi {

struct AuditEntry {
  std::string at;       // FormatJst
  std::string actor;    // user name, the name claimed, or "server:LOGIN" on the server
  std::string role;     // "" when unknown
  std::string source;   // "curve", "worker", "web", "server"
  std::string command;  // wire name, or what was sent when it was not one
  std::string target;   // args.id (or args.user), or ""
  std::string result;   // "ok" or the error code
  std::string detail = "";  // what changed, when the command and target do not say it
};

// The text the SHA-256 of a record from before the keyed chain covers: its
// fields (detail was not one), tab-separated, then prev.
std::string CanonicalAuditText(int64_t seq, const AuditEntry& e, const std::string& prev);
// The fields of a record the chain's MAC covers (store/audit_chain.h).
std::vector<std::string> AuditChainFields(int64_t seq, const AuditEntry& e);

// Appends `entries` in order as entries of `chain`, inside its transaction.
// Throws SQLite::Exception.
void AppendAudit(StatementCache& sql, ChainAppender& chain, const std::vector<AuditEntry>& entries);

// The same for a caller with a connection and no chain appender of its own
// (the server's admin commands, tests): in the caller's transaction when
// there is one (else in one of its own), under `vault`'s data keys.
// Returns the head after them. Throws SQLite::Exception, also when the chain
// cannot be extended.
ChainHead AppendAudit(SQLite::Database& db, PersonalVault& vault, const std::vector<AuditEntry>& entries);

struct AuditRecord {
  int64_t seq = 0;
  AuditEntry entry;
  int64_t pos = 0;    // its position in the chain (seq for an old record)
  std::string key_id; // "" for an old record
  std::string prev;
  std::string hash;
};
// The records whose JST date (the first 10 characters of `at`) is within
// [from, to] (YYYY-MM-DD, inclusive), in chain order.
Result<std::vector<AuditRecord>> ExportAudit(SQLite::Database& db, const std::string& from, const std::string& to);

}  // namespace madoguchi
