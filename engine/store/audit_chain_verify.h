// VerifyChain: walks the whole chain over audit, history and the access log
// (store/audit_chain.h) from its first entry, and checks it against heads
// kept elsewhere: the anchor file's lines, the daily mails an auditor kept,
// a head typed in (`--expect-head N:HASH`). Both verifiers use it:
// `madoguchi audit verify` (the engine's audit_verify command) and
// `madoguchi-engine audit-verify` (offline, read-only).
//
// It finds: an entry changed or written without the key (its MAC does not
// hold), an entry removed (a position missing; the table whose seq jumps is
// named), a link that does not hold, an old SHA-256 record changed, old
// history or access rows that no longer match the digest the chain was
// keyed with, rows outside the chain, and -- against kept heads -- a chain
// that ends before a kept head (cut) or holds another hash there
// (rewritten, or another database).
//
// It cannot find, by itself, a cut tail or a database swapped for an older
// copy: those are consistent chains. That is what the kept heads are for.
//
// A database whose schema predates the keyed chain (a backup of an older
// release, before an engine of this one ran on it) holds only the SHA-256
// records: they are verified as they are, and said to be so. In a database
// of the current schema, rows from before the chain must have been keyed
// (the `audit_keyed` record): the engine does so at its first start.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "util/status.h"
#include "store/audit_chain.h"

namespace madoguchi {

// A head kept outside the database: entry `pos` had `hash`.
struct ChainExpectation {
  int64_t pos = 0;
  std::string hash;
  std::string source;  // for the message: "--expect-head", "audit.anchor line 12 (2026-12-08T09:00:00+09:00)"
};

struct ChainVerifyOptions {
  std::vector<ChainExpectation> expected;
};

struct ChainVerification {
  bool ok = true;
  int64_t count = 0;               // entries checked: the head's position when ok
  std::string head = kChainGenesis;
  int64_t audit = 0, history = 0, access = 0;  // keyed entries of each table
  int64_t legacy = 0;              // old SHA-256 records: positions 1..legacy
  int64_t checked = 0;             // kept heads that matched
  int64_t disposed = 0;            // history rows of disposed requests, vouched for by a dispose record (store/disposal.h)
  // When !ok, the first thing found:
  int64_t broken_at = 0;           // the position
  std::string entry;               // "audit record 12", "history R2026-000001 v3", "personal_access row 7"
  std::string what;                // hash, prev, missing, key, legacy, keyed, outside, unkeyed, rewritten, behind
  std::string expected, found;
  std::string message;             // one sentence for people
};

// Reads the chain on `db` (one snapshot when the caller holds a read
// transaction). IoError when the database cannot be read; a broken chain is
// a ChainVerification with ok false.
Result<ChainVerification> VerifyChain(SQLite::Database& db, const ChainKeys& keys,
                                      const ChainVerifyOptions& options = {});

// What both verifiers print, one line: "audit ok: N records, head H (...)"
// or "audit BROKEN at record N (entry, what): message".
std::string DescribeVerification(const ChainVerification& v);

// The audit_verify command's reply (schemas/api/audit_verify.reply.schema.json).
nlohmann::json VerificationJson(const ChainVerification& v);

}  // namespace madoguchi
