// AuditChain: one keyed hash chain over the three records nobody may quietly
// rewrite (issue 15, parts 1 and 2): the audit log (store/audit_log.h), the
// requests' history, and the access log of personal data
// (store/personal_access.h).
//
// Each row appended to one of the three tables is an entry of the chain. It
// carries its position `pos` (1, 2, 3, ... across the three tables, in the
// order they were appended), the id of the data key it was made under
// (`key_id`), the previous entry's link (`prev`) and its own (`hash`):
//
//   hash = BLAKE2b-256, keyed with DataKey::Subkey(KeyPurpose::kAuditChain),
//          of ChainText(kind, pos, key_id, the row's fields, prev)
//
// Someone with the database alone reads the chain but cannot make a link: an
// edited, inserted or deleted entry breaks it, and recomputing the chain
// needs the data key file. A cut tail is still a chain in itself; the anchor
// file (store/audit_anchor.h) and the heads mailed to the auditors find that.
//
// A database made before the chain was keyed holds the audit records 1..L
// of the SHA-256 chain of the time (CanonicalAuditText in audit_log.h),
// which keep their hashes and stand at positions 1..L, and history and
// access-log rows that had no chain (pos NULL). When there are any, the
// first keyed entry (position L+1) is the audit record `audit_keyed`: its
// prev is the old chain's head, and its detail records how many old history
// and access-log rows there were and a keyed digest of them, so that from
// then on a change to those is found as well (LegacyDigest).
//
// Invariants:
// - The keyed entries hold positions L+1 ... N without a gap; each table's
//   pos is UNIQUE (migration kStepKeyedAuditChain).
// - Entry n's prev is entry n-1's hash (kChainGenesis for entry 1).
// - Entries are appended only inside a write transaction (BEGIN IMMEDIATE)
//   through one ChainAppender, which reads the head inside it: however many
//   processes append (the engine, `madoguchi-engine user ...`), the chain
//   stays one line.
// - A new entry is made under the key the database says new seals use
//   (seal_state.current_key), so the MAC key rotates with the data key;
//   keys are never removed from the key file, so every entry stays
//   checkable.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/jst_time.h"
#include "util/status.h"
#include "store/data_key_ring.h"
#include "store/personal_vault.h"
#include "store/statement_cache.h"

namespace madoguchi {

inline constexpr const char* kChainGenesis = "0000000000000000000000000000000000000000000000000000000000000000";
// The audit record that keys the chain of an older database (its first keyed entry).
inline constexpr const char* kAuditKeyedCommand = "audit_keyed";

// Which table an entry is a row of; the letter is part of the MAC'd text.
enum class ChainKind : char { kAudit = 'a', kHistory = 'h', kAccess = 'p' };
std::string_view ChainTable(ChainKind kind);

// Finds a data key by id: the engine's vault, or a key ring a verifier read.
using ChainKeys = std::function<Result<DataKey>(const std::string& key_id)>;
ChainKeys KeysOf(PersonalVault& vault);
ChainKeys KeysOf(DataKeyRing ring);

// A field of a hashed text with backslash, tab and newline escaped, so that
// no two rows share a text (the old SHA-256 records' text escapes the same way).
std::string EscapedField(const std::string& s);

// The text an entry's MAC covers: kind, position, key id, the fields
// (EscapedField) and prev, tab-separated.
std::string ChainText(ChainKind kind, int64_t pos, const std::string& key_id, const std::vector<std::string>& fields,
                      const std::string& prev);
// Keyed BLAKE2b-256 of `text` under the chain subkey of `key`, as 64 hex characters.
std::string ChainMac(const DataKey& key, std::string_view text);

// The fields of each kind that the MAC covers, in order. Audit: seq, at,
// actor, role, source, command, target, result, detail. History: request_id,
// version, at, actor, role, event, data, from_state ("" for intake),
// to_state. Access: at, actor, role, source, request_id, what.
std::vector<std::string> HistoryChainFields(const std::string& request_id, int64_t version, const std::string& at,
                                            const std::string& actor, const std::string& role,
                                            const std::string& event, const std::string& data,
                                            const std::string& from_state, const std::string& to_state);

struct ChainHead {
  int64_t count = 0;                  // the head's position: how many entries there are
  std::string hash = kChainGenesis;   // its hash
  std::string key_id;                 // the key it was made under ("" for an old SHA-256 record, or none)
  bool operator==(const ChainHead& o) const { return count == o.count && hash == o.hash; }
};

// The entry with the highest position (keyed, else the last old record).
// Throws SQLite::Exception.
ChainHead ReadChainHead(SQLite::Database& db);
// The hash of entry `pos` (kChainGenesis for 0); nullopt when there is none.
std::optional<std::string> ChainHashAt(SQLite::Database& db, int64_t pos);
// Whether any entry is keyed (any row has a pos).
bool ChainIsKeyed(SQLite::Database& db);

// A digest of the rows of `kind` (history or access) from before the chain
// (pos NULL), in seq order: keyed BLAKE2b-256 of each row's ChainText with
// its seq for position. Throws SQLite::Exception.
struct LegacyRows {
  int64_t rows = 0;
  int64_t last_seq = 0;
  std::string digest;
};
// A history row's data counts as its whole data (store/history_seal.h, its
// sealed part opened with `keys`); a row whose sealed part is missing or does
// not open counts as the text of that failure, so the digest does not hold.
LegacyRows LegacyDigest(SQLite::Database& db, const DataKey& key, ChainKind kind, const ChainKeys& keys);

// What an appended entry carries besides its fields.
struct ChainLink {
  int64_t pos = 0;
  std::string key_id;
  std::string prev;
  std::string hash;
};

// Appends entries in one write transaction. Not thread-safe: one per
// transaction, on the thread that runs it.
class ChainAppender {
 public:
  // Call inside the write transaction, before anything is appended: reads
  // the head and the key new entries are made under. When the database holds
  // rows from before the chain and no keyed entry yet, appends the
  // `audit_keyed` record first (at `now`). `known` is the head this process
  // appended last, if any: when the database no longer holds it (the chain
  // was cut or rewritten under a running engine) nothing is appended and
  // the result is kUnavailable, naming both heads. Throws SQLite::Exception
  // on a database error.
  static Result<ChainAppender> Begin(StatementCache& sql, PersonalVault& vault, Timestamp now,
                                     const std::optional<ChainHead>& known = std::nullopt);

  // The next entry's link over `fields`; the caller inserts the row with it
  // in this transaction before asking for the next.
  ChainLink Next(ChainKind kind, const std::vector<std::string>& fields);

  // The head after the entries made so far.
  const ChainHead& head() const { return head_; }
  // Back to an earlier head, when the rows made since were rolled back (a
  // refused command's savepoint).
  void Rewind(const ChainHead& to) { head_ = to; }

 private:
  ChainAppender(DataKey key, ChainHead head) : key_(std::move(key)), head_(std::move(head)) {}
  DataKey key_;
  ChainHead head_;
};

}  // namespace madoguchi
