// Moving personal records between keys, in batches that each commit on their
// own, so that a run stopped at any point (even by kill -9) resumes where it
// stopped and the engine's writer and readers keep going in between:
// - SealLegacyPersonal: plaintext rows of a database made before sealing
//   (request_personal) become sealed rows under the current key, and go.
// - ResealBatch: rows sealed under another key than `target` are opened and
//   sealed again under it, with their blind-index tokens and person key.
// Each row's move is one transaction with its deletion, so a record is at
// every moment readable in exactly one place.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "util/status.h"
#include "store/personal_vault.h"

namespace madoguchi {

// Called after each batch with (done so far, total at the start).
using ResealProgress = std::function<void(int64_t done, int64_t total)>;

// Seals every plaintext personal record, `batch` rows per transaction, then
// checkpoints the WAL (TRUNCATE) and VACUUMs so no plaintext stays in the
// file. Returns how many rows it sealed (0: nothing to do, no VACUUM).
Result<int64_t> SealLegacyPersonal(SQLite::Database& db, PersonalVault& vault, int batch,
                                   const ResealProgress& progress);

// Seals what a database from before migration step 20 holds in clear
// (core/sealed_fields.h): the health-related particulars of each request
// into its personal record (after SealLegacyPersonal: it must be sealed), then
// the free text of history rows (store/history_seal.h); `batch` rows per
// transaction, resumable; then compacts as above. Returns how many rows.
// A whole pass records seal_state 'health_sealed', and later calls do nothing
// (no scan of history at every start).
Result<int64_t> SealLegacyHealth(SQLite::Database& db, PersonalVault& vault, int batch);

// Writes the search tokens (store/personal_vault.h, SearchTerms) of every
// sealed personal record again, under the key each record is sealed with,
// while seal_state 'search_reindex' is there: migration step 24 puts it
// there for a database whose tokens were made by an older folding (no kana
// folding, no surname and given-name tokens). `batch` records per
// transaction, each batch recording how far it got in the mark, so a start
// killed midway goes on where it stopped; the last removes the mark. Returns
// how many records it reindexed (0 without the mark: nothing is scanned).
Result<int64_t> ReindexSearchTokens(SQLite::Database& db, PersonalVault& vault, int batch,
                                    const ResealProgress& progress);

// Re-seals at most `batch` personal records and `batch` sealed history texts
// not under `target`; returns how many.
Result<int64_t> ResealBatch(SQLite::Database& db, PersonalVault& vault, const DataKey& target, int batch);

// Rows sealed under a key other than `key_id` (personal records and history texts).
Result<int64_t> CountSealedNotUnder(SQLite::Database& db, const std::string& key_id);
Result<int64_t> CountSealed(SQLite::Database& db);

// seal_state.current_key, or "" when none is recorded.
Result<std::string> RecordedSealingKey(SQLite::Database& db);
Status RecordSealingKey(SQLite::Database& db, const std::string& key_id);

// Checkpoint(TRUNCATE) then VACUUM: what deleted rows left in the WAL or in
// free pages is gone from the files.
Status CompactDatabase(SQLite::Database& db);

}  // namespace madoguchi
