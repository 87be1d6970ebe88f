#include "store/migrations.h"

#include "store/dashboard_tallies.h"

#include <string>
#include <vector>

namespace madoguchi {

namespace {

// Step 1: the workflow tables. Requests hold the workflow fields; personal
// fields live in request_personal (one record per request, so that it can be
// sealed as a whole); history is append-only, enforced by triggers.
constexpr const char* kStep1 = R"sql(
CREATE TABLE requests (
  id                TEXT PRIMARY KEY,
  type              TEXT NOT NULL,
  state             TEXT NOT NULL,
  version           INTEGER NOT NULL CHECK (version >= 1),
  categories        TEXT NOT NULL,              -- JSON array of category ids
  channel           TEXT NOT NULL,
  disclosure_method TEXT,
  received_at       TEXT NOT NULL,              -- RFC 3339, JST
  due_date          TEXT NOT NULL,              -- YYYY-MM-DD, as computed at the last change
  clock_stopped     INTEGER NOT NULL DEFAULT 0, -- 1 while awaiting the requester
  assignee          TEXT,
  decided_by        TEXT,
  outcome           TEXT,
  resume_state      TEXT,
  deadline          TEXT NOT NULL,              -- JSON DeadlineLedger
  idempotency_key   TEXT NOT NULL UNIQUE,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX requests_state_due ON requests(state, due_date);
CREATE INDEX requests_assignee ON requests(assignee, state);
CREATE INDEX requests_due ON requests(due_date);

CREATE TABLE request_personal (
  request_id TEXT PRIMARY KEY REFERENCES requests(id),
  record     TEXT NOT NULL
);

CREATE TABLE history (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL REFERENCES requests(id),
  version    INTEGER NOT NULL,                  -- the request's version after the event
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  role       TEXT NOT NULL,
  event      TEXT NOT NULL,
  data       TEXT NOT NULL,                     -- JSON, never personal fields
  from_state TEXT,                              -- NULL for intake
  to_state   TEXT NOT NULL,
  UNIQUE (request_id, version)
);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- Written in the same transaction as the change that causes them; delivered
-- to workers at least once (filled from issue 4 on).
CREATE TABLE outbox (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id   TEXT REFERENCES requests(id),
  kind         TEXT NOT NULL,
  dedup_key    TEXT NOT NULL UNIQUE,
  payload      TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  available_at TEXT NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  lease_until  TEXT,
  done_at      TEXT,
  dead_at      TEXT,
  last_error   TEXT
);
CREATE INDEX outbox_pending ON outbox(done_at, dead_at, available_at);

-- Deadline reminders, recomputed when a due date moves (filled from issue 4 on).
CREATE TABLE timers (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id   TEXT NOT NULL REFERENCES requests(id),
  kind         TEXT NOT NULL,
  fire_on      TEXT NOT NULL,
  fired_at     TEXT,
  cancelled_at TEXT,
  UNIQUE (request_id, kind, fire_on)
);
CREATE INDEX timers_due ON timers(fired_at, cancelled_at, fire_on);

-- Named counters, e.g. the request number of each year.
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
)sql";

// Step 2: the people (and programs) who may talk to the engine. A user is
// known by the public half of their CURVE key; disabling keeps the row, so
// that history written by them still names a known user.
constexpr const char* kStep2 = R"sql(
CREATE TABLE users (
  name        TEXT PRIMARY KEY,
  role        TEXT NOT NULL,
  public_key  TEXT NOT NULL UNIQUE,           -- Z85, 40 characters
  disabled    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  disabled_at TEXT
);
)sql";

// Step 3: what the workers need. Users may have an e-mail address (staff
// reminders); an outbox row remembers which worker holds its lease; letters
// are recorded (the PDF and text themselves are files named by their SHA-256).
constexpr const char* kStep3 = R"sql(
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE outbox ADD COLUMN leased_to TEXT;
CREATE INDEX outbox_request ON outbox(request_id);
CREATE TABLE letters (
  letter_id   TEXT PRIMARY KEY,               -- L-<request>-<kind>-<revision>
  request_id  TEXT NOT NULL REFERENCES requests(id),
  kind        TEXT NOT NULL,
  revision    INTEGER NOT NULL,               -- the request's version that called for it
  pdf_sha256  TEXT NOT NULL,
  text_sha256 TEXT NOT NULL,
  pdf_bytes   INTEGER NOT NULL,
  issued_at   TEXT NOT NULL,
  worker      TEXT NOT NULL
);
CREATE INDEX letters_request ON letters(request_id, issued_at);
CREATE TRIGGER letters_no_update BEFORE UPDATE ON letters
  BEGIN SELECT RAISE(ABORT, 'letters are a record: never changed'); END;
CREATE TRIGGER letters_no_delete BEFORE DELETE ON letters
  BEGIN SELECT RAISE(ABORT, 'letters are a record: never deleted'); END;
)sql";

// Step 4: the queue workers lease from is the outbox's undone rows of a
// kind, oldest first; a partial index keeps that a seek however many rows
// are done (or owed to another kind of worker).
constexpr const char* kStep4 = R"sql(
DROP INDEX outbox_pending;
CREATE INDEX outbox_queue ON outbox(kind, id) WHERE done_at IS NULL AND dead_at IS NULL;
)sql";

// Step 5: how staff sign in to the web desk. Kept apart from users, whose
// rows are what CURVE authentication reads: a password hash (Argon2id, in
// libsodium's self-describing string form) and the SHA-256 of a bearer token
// for scripts. Neither secret itself is ever stored.
constexpr const char* kStep5 = R"sql(
CREATE TABLE web_credentials (
  user_name       TEXT PRIMARY KEY REFERENCES users(name),
  password_hash   TEXT,
  password_set_at TEXT,
  token_sha256    TEXT UNIQUE,
  token_set_at    TEXT
) STRICT;
)sql";

// Step 6: what the managers' reads need at scale (RequestReader::Counts and
// Dashboard): counts by type, the weeks of received requests, closings by
// week from history (with request_id, so that days-to-respond reads no
// history row), and the dead outbox count. Without them each of those scans
// every request, history row or outbox message: at 100,000 requests the
// dashboard took ~275 ms, with them ~60 ms (scripts/bench).
constexpr const char* kStep6 = R"sql(
CREATE INDEX requests_type ON requests(type);
CREATE INDEX requests_received_at ON requests(received_at);
CREATE INDEX history_to_state_at ON history(to_state, at, request_id);
CREATE INDEX outbox_dead ON outbox(dead_at) WHERE dead_at IS NOT NULL;
)sql";

// Step kStepCorrectionsDuplicatesPost (issue 6, parts 4-6).
// - requests.person_key: SHA-256 of a per-database random salt and the
//   normalised (insured symbol, insured number, birth date, kana name), so
//   that intake finds the same person's earlier requests without the
//   personal fields leaving request_personal (the salt lives in
//   store_secrets; a key from one database says nothing in another).
// - request_links: which request was linked to which (a duplicate flagged at
//   intake, or a link made by staff); a link shows on both requests. Never a
//   merge: both requests keep their own workflow.
// - history_letter_post: the returned letters managers are shown (stats,
//   dashboard) are read from history without a scan.
// Correction items need no table: they are personal fields
// (request_personal.record.correction_items); decide carries only positions.
constexpr const char* kStepCorrectionsDuplicatesPost = R"sql(
ALTER TABLE requests ADD COLUMN person_key TEXT;
CREATE INDEX requests_person_key ON requests(person_key, type, received_at) WHERE person_key IS NOT NULL;
CREATE TABLE store_secrets (
  name  TEXT PRIMARY KEY,
  value BLOB NOT NULL
) STRICT;
INSERT INTO store_secrets(name, value) VALUES ('person_key_salt', randomblob(32));
CREATE TABLE request_links (
  from_id   TEXT NOT NULL REFERENCES requests(id),
  to_id     TEXT NOT NULL REFERENCES requests(id),
  kind      TEXT NOT NULL CHECK (kind IN ('duplicate', 'related')),
  automatic INTEGER NOT NULL DEFAULT 0,          -- 1: flagged at intake
  reason    TEXT,                                -- staff's words; never personal fields
  linked_by TEXT NOT NULL,
  linked_at TEXT NOT NULL,
  PRIMARY KEY (from_id, to_id),
  CHECK (from_id <> to_id)
) STRICT;
CREATE INDEX request_links_to ON request_links(to_id);
CREATE INDEX history_letter_post ON history(event, at) WHERE event IN ('letter_posted', 'letter_returned');
)sql";

// Issue 6 (parts 1-3): who asks, receipts named at intake and the retention
// flag, consultations per medical institution, the fee. One JSON object per
// request (core/request.h, ParticularsToJson); no personal fields.
constexpr const char* kStepIdentityFeesConsultations = R"sql(
ALTER TABLE requests ADD COLUMN particulars TEXT NOT NULL DEFAULT '{}';
)sql";

// Issue 7, part 2: the tamper-evident audit log (store/audit_log.h). One row
// per command taken or refused and per web sign-in/out; each row carries the
// previous row's hash. Append-only, enforced by triggers, like history.
constexpr const char* kStepAudit = R"sql(
CREATE TABLE audit (
  seq     INTEGER PRIMARY KEY,   -- 1, 2, 3, ... without gaps
  at      TEXT NOT NULL,         -- RFC 3339, JST
  actor   TEXT NOT NULL,
  role    TEXT NOT NULL,         -- '' when unknown
  source  TEXT NOT NULL,         -- curve, worker, web
  command TEXT NOT NULL,
  target  TEXT NOT NULL,         -- the request id, or ''
  result  TEXT NOT NULL,         -- ok, or the error code
  prev    TEXT NOT NULL,         -- the previous record's hash (64 zeros for the first)
  hash    TEXT NOT NULL          -- SHA-256 of the record's canonical text
) STRICT;
CREATE INDEX audit_at ON audit(at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
)sql";

// Issue 7, parts 3 and 4: least privilege and the access log of personal
// data. Users gain the outbox kinds a worker may lease (comma-separated;
// existing workers keep both kinds they could lease before, so an upgrade
// stops no worker; new workers name theirs) and an auditor's grant of
// personal-data access (who granted it, when; NULL: none). personal_access
// records who saw which request's personal data (store/personal_access.h);
// append-only, enforced by triggers, like history and audit.
constexpr const char* kStepAccessLogAndGrants = R"sql(
ALTER TABLE users ADD COLUMN worker_kinds TEXT NOT NULL DEFAULT '';
UPDATE users SET worker_kinds = 'letter,reminder' WHERE role = 'worker';
ALTER TABLE users ADD COLUMN personal_granted_by TEXT;
ALTER TABLE users ADD COLUMN personal_granted_at TEXT;
CREATE TABLE personal_access (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,      -- RFC 3339, JST
  actor      TEXT NOT NULL,
  role       TEXT NOT NULL,
  source     TEXT NOT NULL,      -- curve, worker, web
  request_id TEXT NOT NULL,
  what       TEXT NOT NULL       -- show, list, letter, letter_context
) STRICT;
CREATE INDEX personal_access_request ON personal_access(request_id, seq);
CREATE TRIGGER personal_access_no_update BEFORE UPDATE ON personal_access
  BEGIN SELECT RAISE(ABORT, 'personal_access is append-only'); END;
CREATE TRIGGER personal_access_no_delete BEFORE DELETE ON personal_access
  BEGIN SELECT RAISE(ABORT, 'personal_access is append-only'); END;
)sql";

// Issue 7, part 1: personal records sealed at rest (store/personal_vault.h).
// - personal_records: one sealed record per request (XChaCha20-Poly1305 under
//   the data key named by key_id; the key itself lives in the key file, never
//   here). The index on key_id is how a key rotation finds what is left.
// - search_index: keyed blind-index tokens of the normalised insured number
//   and names, so staff can search without any plaintext being stored.
// - seal_state: 'current_key', the key new seals use; a rotation sets it
//   so that the running engine's writer follows.
// request_personal stays (empty) for the records of older databases, which
// the engine seals at its first start (SealLegacyPersonal) and deletes.
// secure_delete (store/database.cc) keeps deleted plaintext out of free pages.
// search_index is WITHOUT ROWID: its small rows live in the primary key's
// b-tree, one b-tree fewer to write per token at intake (the bench showed the
// index rows, not the cipher, as most of what sealing costs).
constexpr const char* kStepSealedPersonal = R"sql(
CREATE TABLE personal_records (
  request_id TEXT PRIMARY KEY REFERENCES requests(id),
  key_id     TEXT NOT NULL,
  sealed     BLOB NOT NULL
) STRICT;
CREATE INDEX personal_records_key ON personal_records(key_id);
CREATE TABLE search_index (
  kind       TEXT NOT NULL,       -- insured, name
  token      TEXT NOT NULL,       -- BlindIndex(key, kind, normalised term)
  request_id TEXT NOT NULL REFERENCES requests(id),
  PRIMARY KEY (kind, token, request_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX search_index_request ON search_index(request_id);
CREATE TABLE seal_state (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
DELETE FROM store_secrets WHERE name = 'person_key_salt';
)sql";

// Issue 8: the managers' lists of returned letters and flagged duplicates
// (store/letter_post.h) without a scan. SQLite uses a partial index only
// when the query's WHERE names its condition, and `event = 'x'` does not
// count as implying step 7's `event IN (...)`: that index was never used,
// and each dashboard scanned all of history (120 ms at 100,000 requests,
// 580 ms at 1,000,000; scripts/bench). One partial index per event instead.
constexpr const char* kStepLetterPostIndexes = R"sql(
DROP INDEX history_letter_post;
CREATE INDEX history_letter_returned ON history(request_id, version) WHERE event = 'letter_returned';
CREATE INDEX history_letter_posted ON history(request_id, version) WHERE event = 'letter_posted';
CREATE INDEX request_links_duplicates ON request_links(from_id) WHERE kind = 'duplicate';
)sql";

// Step 14 (issue 14, item 12): bearer tokens expire. A token made before
// this step keeps working for 90 days from when it was made (the default of
// `user token`), then must be made again; a token whose making time is
// unknown has no expiry and does not work (CredentialStore::UserOfTokenDigest).
constexpr const char* kStepTokenExpiry = R"sql(
ALTER TABLE web_credentials ADD COLUMN token_expires_at TEXT;
UPDATE web_credentials
   SET token_expires_at = strftime('%Y-%m-%dT%H:%M:%S+09:00', token_set_at, '+90 days', '+9 hours')
 WHERE token_sha256 IS NOT NULL AND token_set_at IS NOT NULL;
)sql";

// Step 15 (issue 15, parts 1 and 2): one keyed chain over audit, history and
// personal_access (store/audit_chain.h). Each table gains its entries'
// position (pos), the id of the data key their MAC was made under (key_id)
// and, where it had none, the links (prev, hash); audit gains `detail`, what
// a record says beyond its command and target (an admin's change, the
// chain's keying), covered by the MAC. Rows from before have pos NULL: the
// old audit records keep their SHA-256 links, and the first keyed entry
// records a digest of the old history and access rows (ChainAppender::Begin).
// The partial unique indexes keep positions unique and find an entry by
// position. INSERT OR REPLACE deletes a conflicting row without firing the
// DELETE triggers, so inserting where a row already is is refused too.
constexpr const char* kStepKeyedAuditChain = R"sql(
ALTER TABLE audit ADD COLUMN pos INTEGER;
ALTER TABLE audit ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN detail TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX audit_pos ON audit(pos) WHERE pos IS NOT NULL;
ALTER TABLE history ADD COLUMN pos INTEGER;
ALTER TABLE history ADD COLUMN key_id TEXT;
ALTER TABLE history ADD COLUMN prev TEXT;
ALTER TABLE history ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX history_pos ON history(pos) WHERE pos IS NOT NULL;
ALTER TABLE personal_access ADD COLUMN pos INTEGER;
ALTER TABLE personal_access ADD COLUMN key_id TEXT;
ALTER TABLE personal_access ADD COLUMN prev TEXT;
ALTER TABLE personal_access ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX personal_access_pos ON personal_access(pos) WHERE pos IS NOT NULL;
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
  WHEN EXISTS (SELECT 1 FROM audit WHERE seq = NEW.seq OR pos = NEW.pos)
  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER history_no_replace BEFORE INSERT ON history
  WHEN EXISTS (SELECT 1 FROM history WHERE seq = NEW.seq OR pos = NEW.pos)
    OR EXISTS (SELECT 1 FROM history WHERE request_id = NEW.request_id AND version = NEW.version)
  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER personal_access_no_replace BEFORE INSERT ON personal_access
  WHEN EXISTS (SELECT 1 FROM personal_access WHERE seq = NEW.seq OR pos = NEW.pos)
  BEGIN SELECT RAISE(ABORT, 'personal_access is append-only'); END;
)sql";

// Step 16 (issue 16): a request's due date without its extensions (the society's
// standard), kept beside due_date only while the request has been extended
// (NULL otherwise), so that the dashboard counts what is overdue against it
// through a partial index of the few extended requests. Requests extended
// before this step get it at their next event.
constexpr const char* kStepOriginalDueDate = R"sql(
ALTER TABLE requests ADD COLUMN original_due_date TEXT;
CREATE INDEX requests_extended_due ON requests(original_due_date) WHERE original_due_date IS NOT NULL;
)sql";

// Step 17 (issue 16): the list managers keep of people under a 支援措置 (DV and the
// like), as keyed person tokens only (store/protected_persons.h).
constexpr const char* kStepProtectedPersons = R"sql(
CREATE TABLE protected_persons (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  token    TEXT NOT NULL UNIQUE,   -- PersonKeyTokens: keyed, never the person in clear
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL
) STRICT;
)sql";

// Step 18 (issue 15, items 9 and 11): an idempotency key stands for one
// command (store/idempotency_keys.h). An intake's key keeps, in its request's
// row, the keyed digest of the record it came with and the data key's id;
// NULL for the rows of before, which are compared with the stored request
// and its personal record instead (RequestWriter::ApplyIntake), since the
// record they came with was not kept and cannot be rebuilt byte for byte.
// advance_keys: one row per advance sent with a key, with the digest of the
// command and the version and state it left the request in (its first
// result, given again for the same command).
constexpr const char* kStepIdempotencyDigests = R"sql(
ALTER TABLE requests ADD COLUMN intake_digest TEXT;
ALTER TABLE requests ADD COLUMN intake_digest_key TEXT;
CREATE TABLE advance_keys (
  idempotency_key TEXT PRIMARY KEY,
  request_id      TEXT NOT NULL REFERENCES requests(id),
  key_id          TEXT NOT NULL,
  digest          TEXT NOT NULL,
  version         INTEGER NOT NULL,
  state           TEXT NOT NULL,
  created_at      TEXT NOT NULL
) STRICT;
)sql";

// Step 19 (issue 20): fewer index entries per write. Nothing reads history
// by (to_state, at) since the dashboard's flows became tallies (step 13), nor
// the outbox by request: those indexes only cost each intake, advance and
// letter job an entry. The due reminders are found through an index of the
// pending timers alone, instead of one over every timer ever made (fired and
// cancelled ones included): firing or cancelling a timer now removes its
// entry instead of moving it, and the index stays the size of what is to come.
constexpr const char* kStepFewerIndexEntries = R"sql(
DROP INDEX history_to_state_at;
DROP INDEX outbox_request;
DROP INDEX timers_due;
CREATE INDEX timers_pending ON timers(fire_on) WHERE fired_at IS NULL AND cancelled_at IS NULL;
)sql";

// Step 20 (issue 15, item 7): health-related data and free text sealed
// (core/sealed_fields.h). history_sealed holds, per history row whose event
// data had free text, the whole data sealed (store/history_seal.h); the row
// keeps its clear part. requests.particulars keeps its clear part too, the
// rest going under "health" in the sealed personal record. The engine seals
// what older rows hold in clear at its first start (SealLegacyHealth), which
// is the one change history_no_update now lets through: a row's data replaced
// by its clear part, once, every other column unchanged, its sealed part
// already in history_sealed. secure_delete (store/database.cc) overwrites the
// old text in the file.
constexpr const char* kStepSealedHealth = R"sql(
CREATE TABLE history_sealed (
  request_id TEXT NOT NULL,
  version    INTEGER NOT NULL,
  key_id     TEXT NOT NULL,
  sealed     BLOB NOT NULL,
  PRIMARY KEY (request_id, version)
) STRICT;
CREATE INDEX history_sealed_key ON history_sealed(key_id);
DROP TRIGGER history_no_update;
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
  WHEN NOT (NEW.seq IS OLD.seq AND NEW.request_id IS OLD.request_id AND NEW.version IS OLD.version
            AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor AND NEW.role IS OLD.role AND NEW.event IS OLD.event
            AND NEW.from_state IS OLD.from_state AND NEW.to_state IS OLD.to_state AND NEW.pos IS OLD.pos
            AND NEW.key_id IS OLD.key_id AND NEW.prev IS OLD.prev AND NEW.hash IS OLD.hash
            AND json_extract(OLD.data, '$.withheld') IS NULL AND json_extract(NEW.data, '$.withheld') IS NOT NULL
            AND EXISTS (SELECT 1 FROM history_sealed s WHERE s.request_id = OLD.request_id AND s.version = OLD.version))
  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
)sql";

// Step 21 (issue 17, parts 2 and 4): the provision ledger (第三者提供記録, APPI Arts.
// 29/30; core/provision_ledger.h, store/provision_store.h). Each record's
// personal part (the person, the recipient, the items, the dates) is sealed
// like a personal record; the clear columns are codes, the last day of
// provision and the day its retention (施行規則 第21条) ends. provision_index
// holds the person's insured-number tokens (the keyed blind index the request
// search uses). Disposal deletes the sealed part and the tokens and keeps the
// row (disposed_at, disposed_by), its record in the audit chain.
constexpr const char* kStepProvisionLedger = R"sql(
CREATE TABLE provision_records (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  basis             TEXT NOT NULL,
  record_method     TEXT NOT NULL,
  consent           INTEGER NOT NULL,
  last_provided_on  TEXT NOT NULL,
  retention_until   TEXT NOT NULL,
  added_by          TEXT NOT NULL,
  added_at          TEXT NOT NULL,
  key_id            TEXT,
  sealed            BLOB,
  disposed_at       TEXT,
  disposed_by       TEXT,
  CHECK ((sealed IS NULL) = (disposed_at IS NOT NULL))
) STRICT;
CREATE INDEX provision_records_due ON provision_records(retention_until) WHERE disposed_at IS NULL;
CREATE TABLE provision_index (
  token        TEXT NOT NULL,
  provision_id INTEGER NOT NULL REFERENCES provision_records(id),
  PRIMARY KEY (token, provision_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX provision_index_record ON provision_index(provision_id);
)sql";

// Step 22 (issue 17 part 3): the password of an electronic disclosure's package,
// sealed, from when the package is made until its パスワード通知書 is recorded
// (then the row is deleted: secure_delete overwrites it). The dashboard's
// triggers are made again with `delivering` open (DashboardOpenStatesStep,
// appended to this step's text below).
constexpr const char* kStepDeliveryPasswords = R"sql(
CREATE TABLE disclosure_passwords (
  letter_id  TEXT PRIMARY KEY,
  request_id TEXT NOT NULL,
  key_id     TEXT NOT NULL,
  sealed     BLOB NOT NULL
) STRICT;
)sql";

const char* StepDelivery() {
  static const std::string sql = std::string(kStepDeliveryPasswords) + DashboardOpenStatesStep();
  return sql.c_str();
}

// Step 23 (issue 17, part 6): how long a request is kept (Art. 22) and its
// disposal (store/disposal.h).
// - requests.retention_until: the last day it is kept, set when it reaches a
//   terminal state (DeadlinePolicy::RetentionUntil). Requests closed before
//   this step get the shipped default, 5 years from the day of their last
//   terminal history row (the policy of a society that configured another
//   period applies from their next change; docs/desk-rules.md).
// - requests.legal_hold: a manager's hold (legal_hold / legal_hold_release).
// - requests.disposed_at: when the request was disposed of; the row stays as
//   the anonymised ledger entry (type, dates, outcome).
// - requests_retention_due: the due ones are found by an index of the few
//   requests not yet disposed of, in retention order.
constexpr const char* kStepRetention = R"sql(
ALTER TABLE requests ADD COLUMN retention_until TEXT;
ALTER TABLE requests ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN disposed_at TEXT;
UPDATE requests SET retention_until = date(
    (SELECT max(substr(h.at, 1, 10)) FROM history h
      WHERE h.request_id = requests.id AND h.to_state IN ('closed', 'withdrawn')), '+5 years')
 WHERE state IN ('closed', 'withdrawn');
CREATE INDEX requests_retention_due ON requests(retention_until)
  WHERE retention_until IS NOT NULL AND disposed_at IS NULL;
)sql";

// Step 24 (issue 18, finding work): names are found by surname alone and by a
// reading typed in hiragana or katakana, full or half width. The search
// tokens of the requests already stored were made by the older folding and
// without surname and given-name tokens: this step marks them for the start's
// reindex pass (ReindexSearchTokens, store/personal_reseal.h), which needs the
// data keys and so cannot run in SQL. The mark's value is how far the pass
// got (a request id; '' before the first).
constexpr const char* kStepSearchReindex = R"sql(
INSERT OR IGNORE INTO seal_state(name, value)
  SELECT 'search_reindex', '' WHERE EXISTS (SELECT 1 FROM personal_records);
)sql";

const std::vector<const char*>& Steps() {
  // Steps 7 and 8 (issue 6) came from two branches; their order is fixed now.
  static const std::vector<const char*> steps = {kStep1,
                                                 kStep2,
                                                 kStep3,
                                                 kStep4,
                                                 kStep5,
                                                 kStep6,
                                                 kStepCorrectionsDuplicatesPost,   // 7
                                                 kStepIdentityFeesConsultations,   // 8
                                                 kStepAudit,                       // 9
                                                 kStepAccessLogAndGrants,          // 10
                                                 kStepSealedPersonal,              // 11
                                                 kStepLetterPostIndexes,           // 12
                                                 DashboardTalliesStep(),           // 13
                                                 kStepTokenExpiry,                 // 14
                                                 kStepKeyedAuditChain,             // 15
                                                 kStepOriginalDueDate,             // 16
                                                 kStepProtectedPersons,            // 17
                                                 kStepIdempotencyDigests,          // 18
                                                 kStepFewerIndexEntries,           // 19
                                                 kStepSealedHealth,                // 20
                                                 kStepProvisionLedger,             // 21
                                                 StepDelivery(),                   // 22
                                                 kStepRetention,                   // 23
                                                 kStepSearchReindex};              // 24
  return steps;
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(Steps().size()); }

Status Migrate(SQLite::Database& db) {
  try {
    int current = db.execAndGet("PRAGMA user_version").getInt();
    if (current > LatestSchemaVersion()) {
      return Status::Corruption("database schema version " + std::to_string(current) +
                                " is newer than this Madoguchi knows (" + std::to_string(LatestSchemaVersion()) +
                                "); use the newer release");
    }
    for (int step = current + 1; step <= LatestSchemaVersion(); ++step) {
      SQLite::Transaction txn(db, SQLite::TransactionBehavior::IMMEDIATE);
      db.exec(Steps()[static_cast<size_t>(step - 1)]);
      db.exec("PRAGMA user_version = " + std::to_string(step));
      txn.commit();
    }
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string("migrating the database: ") + e.what());
  }
}

}  // namespace madoguchi
