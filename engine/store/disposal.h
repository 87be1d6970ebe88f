// Disposal of requests past their retention period (issue 17, part 6; APPI
// Art. 22: personal data no longer needed is erased without delay). The rule
// of how long a request is kept is DeadlinePolicy::RetentionUntil
// (config/deadline-policy.json, `retention`); a request gets its
// retention_until when it reaches a terminal state (Workflow::Apply) and a
// manager's legal hold (legal_hold / legal_hold_release) stops its disposal.
//
// What disposing of a request does (RequestStore::DisposeDue, one write
// transaction per run, then the files and a WAL checkpoint):
// - deletes its sealed personal record (personal_records, and any clear
//   request_personal row), the sealed text of its history (history_sealed),
//   its blind-index search tokens, its idempotency digests (advance_keys, the
//   intake digest) and its person key; nulls the sealed reasons of its links;
//   cancels what it still had queued (outbox, timers);
// - keeps the anonymised ledger row (type, dates, state, outcome, the clear
//   particulars: codes and counts) with disposed_at set, the history rows
//   (their clear part: codes, dates, who) and the letters' rows (kind, date,
//   SHA-256 of what was sent), and the access log;
// - removes the letter files (PDF and text, overwritten with zeros first);
// - appends the disposal register's entry: the audit record `dispose` (actor
//   madoguchi, source server; detail below), in the same transaction;
// - after the commit, checkpoints the WAL with TRUNCATE: secure_delete (set on
//   every connection, store/database.cc) zeroes the deleted cells and freed
//   pages in the pages written, the checkpoint puts them over the old pages of
//   the database file and empties the WAL, so neither file keeps a byte of it.
// There is no per-request key: the sealed bytes themselves are deleted (the
// data key also seals every other request). Backups taken before hold them
// still; a restored backup disposes of them at its first start (docs/backups.md).
//
// The audit chain after a disposal (docs/audit.md, "Disposed requests"): a
// history row whose sealed text is gone can no longer have its MAC
// recomputed (it covers the whole data). Before deleting, the disposal
// checks each such row's MAC as it stands and records in the `dispose`
// record's detail, for each, [pos, hash, clear_mac]: clear_mac is the chain
// MAC (under the row's key) of the row as it stays — its clear fields, kind
// 'd'. The verifier accepts a row whose sealed part is missing only when a
// later `dispose` record (itself an entry of the chain, so its MAC holds)
// names its position with its stored hash, and the row's remaining fields
// give that clear_mac: the links stay checkable, and the part that remains
// cannot be changed unnoticed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "util/status.h"
#include "store/audit_chain.h"

namespace madoguchi {

inline constexpr const char* kDisposeCommand = "dispose";
// The kind letter of the MAC over a disposed history row's remaining fields.
inline constexpr char kDisposedHistoryKind = 'd';

// What one run disposed of.
struct DisposalRun {
  std::vector<std::string> disposed;  // request ids
  int64_t letter_files = 0;           // files removed
  // Requests due but left (a history row whose MAC did not hold; rows from
  // before the keyed chain not as the chain attests them), with why: logged;
  // they stay due.
  std::vector<std::pair<std::string, std::string>> skipped;
  bool more = false;  // more are due than one run takes
};

// The MAC over a disposed history row's remaining fields (HistoryChainFields
// with its clear data) under `key`, at `pos` with `prev`.
std::string DisposedHistoryMac(const DataKey& key, int64_t pos, const std::string& key_id,
                               const std::vector<std::string>& fields, const std::string& prev);

// The `dispose` records' vouchers: for each disposed history row's position,
// its hash, its clear MAC and the position of the record that vouches for it.
struct DisposalVoucher {
  std::string hash;
  std::string clear_mac;
  int64_t record_pos = 0;
};
// Only vouchers for positions before their record's. Throws SQLite::Exception.
std::map<int64_t, DisposalVoucher> ReadDisposalVouchers(SQLite::Database& db);

// History rows from before the keyed chain (pos NULL) are covered by the
// `audit_keyed` record's digest of their whole text (store/audit_chain.h,
// LegacyDigest), which a disposal changes: a disposed row counts as its clear
// part, marked. The `dispose` record of a run that disposed of such rows
// carries `legacy_history: {before, after, rows, last_seq}`: the digest as it
// was (checked against the last one attested) and as it is now. The digest
// the chain vouches for is the keyed record's, followed through those
// records in position order; nullopt when one's `before` is not the digest
// before it (the records were tampered with, or the rows changed between).
// Throws SQLite::Exception.
std::optional<std::string> AttestedLegacyDigest(SQLite::Database& db, const std::string& keyed_digest);

// A request's place in the retention ledger.
struct RetentionRow {
  std::string id;
  std::string type;
  std::string state;
  std::string outcome;       // "" when none
  std::string received_at;
  std::string retention_until;
  bool legal_hold = false;
  std::string disposed_at;   // "" when kept
  bool due = false;          // past retention_until and not disposed of
};

enum class RetentionFilter {
  kDue,       // past their retention date, not disposed of (held ones too: they say so)
  kKept,      // closed and kept, with their retention date
  kHeld,      // under a legal hold
  kDisposed,  // disposed of, newest first
};
std::optional<RetentionFilter> ParseRetentionFilter(std::string_view name);

// The rows of `filter` on `today` (JST), at most `limit`, and how many there are.
struct RetentionList {
  std::vector<RetentionRow> rows;
  int64_t total = 0;
};
Result<RetentionList> ListRetention(SQLite::Database& db, RetentionFilter filter, Date today, int limit);
nlohmann::json RetentionRowJson(const RetentionRow& row);

// Overwrites a letter file with zeros, removes it and syncs its folder; Ok
// when it is not there (removed before).
Status RemoveLetterFile(const std::string& dir, const std::string& name);

}  // namespace madoguchi
