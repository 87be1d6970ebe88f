// RequestStore: the one write connection, and what it persists. It does not
// decide what a command means (that is the writer's, commands/request_writer.h):
// it opens and migrates the database, runs the writer's group commit (one
// transaction taken with BEGIN IMMEDIATE, the write lock up front so it never
// fails half way on SQLITE_BUSY; a savepoint per command; the audit chain's
// appender; the durable commit, synchronous=FULL), and writes the rows: the
// request row, its sealed personal record, its history row, and through its
// parts the outbox (store/outbox.h), the reminder timers
// (store/reminder_timers.h) and the letter archive (store/letter_archive.h).
// It also runs the engine's own maintenance writes: the audit records of what
// changed nothing, the auditors' head mail, and the disposals.
//
// Invariants: for every request, history holds exactly one row per version
// 1..version, and the request's state is the to_state of the last one.
// Every history, audit and access-log row this store appends is an entry of
// the keyed audit chain (store/audit_chain.h); the store remembers the head
// it appended last and appends nothing more once the database no longer
// holds it (the chain was changed under it).
//
// Not thread-safe: one thread (the engine's writer) owns a RequestStore,
// through its RequestWriter.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/letter_plan.h"
#include "core/request.h"
#include "util/status.h"
#include "core/workflow.h"
#include "store/audit_chain.h"
#include "store/audit_log.h"
#include "store/disposal.h"
#include "store/idempotency_keys.h"
#include "store/letter_archive.h"
#include "store/outbox.h"
#include "store/personal_access.h"
#include "store/reminder_timers.h"
#include "store/request_reader.h"
#include "store/request_rows.h"
#include "store/statement_cache.h"

namespace madoguchi {

// Where the store keeps what it owes workers, and how long it waits for them.
struct StoreOptions {
  std::string letters_dir;  // empty: letters cannot be recorded
  LeasePolicy lease;
  // A request of the same type from the same person received within this
  // many days of another is flagged as a possible duplicate and linked to it
  // (0: never). 90 days: a quarter, longer than any answer takes (14 or 30
  // days) plus its letter's way back, so a re-sent request is still caught.
  int duplicate_window_days = 90;
  // The database file may not grow beyond this (0: as far as the disk
  // allows). A full database, by this limit or by the disk, refuses new
  // work with a clear error and keeps what it has (limits.max_database_mb).
  int64_t max_database_bytes = 0;
  // Only for bench/: personal records stored in clear (request_personal), to
  // measure what sealing costs in one run. Nothing in the configuration or
  // the engine sets it; the engine's start seals any such row.
  bool plaintext_personal_for_benchmark = false;
};

// What a client is told when SQLite refuses a change (`doing`: what was
// being done). A full database is the one failure staff can act on, so it
// says what to do.
Status StoreWriteError(const SQLite::Exception& e, const char* doing);

class RequestStore {
 public:
  // Opens (creating and migrating) the database at `path`. The workflow must
  // outlive the store (it says which due date a row's columns hold); `vault`
  // holds the data keys it seals and opens personal data with, and keys the
  // audit chain (the engine's, loaded from its key file; an ephemeral one in
  // tests).
  static Result<std::unique_ptr<RequestStore>> Open(const std::string& path, const Workflow& workflow,
                                                    std::shared_ptr<PersonalVault> vault, StoreOptions options = {});

  // The writer's group commit (commands/request_writer.h), in this order:
  //   BeginBatch, then for each command BeginCommand, its writes,
  //   RollBackCommand if it was refused, EndCommand, AppendBatchAudit for its
  //   record; then CommitBatch.
  // Each of them throws SQLite::Exception on a failure of SQLite; the caller
  // then calls FailBatch, or AbandonBatch when BatchLost says SQLite rolled
  // the whole transaction back itself. Not nested: one batch at a time.
  //
  // BeginBatch takes the write lock (BEGIN IMMEDIATE) and starts the audit
  // chain's appender from the head this store appended last. A Status (and
  // nothing begun) when the store refuses writes (a commit failed in a way
  // that leaves the log in doubt, or the chain was changed under it).
  Status BeginBatch(Timestamp now);
  // SAVEPOINT command; the chain's head before it, for RollBackCommand.
  ChainHead BeginCommand();
  // ROLLBACK TO the command's savepoint, and the chain's appender back to `before`.
  void RollBackCommand(const ChainHead& before);
  void EndCommand();  // RELEASE the command's savepoint
  // The command's audit record, outside its savepoint (a refusal is recorded too).
  void AppendBatchAudit(const AuditEntry& entry);
  // True when SQLite has rolled the batch's transaction back on its own (it
  // may, on SQLITE_FULL): nothing of the batch is stored.
  bool BatchLost();
  void AbandonBatch();
  // COMMIT: durable when it returns (synchronous=FULL, WAL). The head it
  // made is then the one appended last.
  void CommitBatch();
  // After an exception inside the batch: rolls it back and says what the
  // client is told. A failure that leaves the log in doubt (anything but a
  // full disk, a busy lock or a constraint) makes the store refuse all
  // further writes (kUnavailable) until the engine restarts.
  Status FailBatch(const SQLite::Exception& e);
  // Why the store refuses writes (Ok: it does not).
  const Status& broken() const { return broken_; }

  // The rows of a batch (inside it): the request row inserted or updated
  // (only the columns that change), its sealed particulars, its history row
  // (an entry of the audit chain), and the next request id of the JST year.
  std::string NextRequestId(Timestamp now);
  void Insert(const Request& r, Date today);
  void Update(const Request& r, Date today);
  // Seals r's health-related particulars (core/sealed_fields.h) into its
  // personal record when they differ from what is sealed there.
  void SaveHealth(const Request& r);
  void AppendHistory(const Request& after, const Actor& actor, Event event, const nlohmann::json& data,
                     std::optional<State> from);
  // The batch's chain appender (only between BeginBatch and its end).
  ChainAppender& chain() { return *chain_; }

  // The parts of the store a batch writes through.
  const StoreOptions& options() const { return options_; }
  StatementCache& statements() { return statements_; }
  Outbox& outbox() { return outbox_; }
  ReminderTimerStore& timers() { return timers_; }
  LetterArchive& letters() { return letters_; }

  // Appends audit records and access-log rows (reads, refusals, sign-ins:
  // what changed nothing) in one transaction of their own.
  Status AppendRecords(const std::vector<AuditEntry>& audit, const std::vector<PersonalAccess>& access, Timestamp now);

  // The audit chain's head this store appended last (nullopt before its
  // first append): what the engine writes to the anchor file.
  const std::optional<ChainHead>& chain_head() const { return chain_head_; }

  // Queues today's mail of the chain's head to the auditors (an outbox
  // message of kind "reminder", payload type "audit_head", deduplicated by
  // the JST date); false when today's is queued already or there is no
  // auditor. (request_store_head_mail.cc)
  Result<bool> QueueAuditHeadMail(Timestamp now);

  // The provision ledger's disposal (request_store_provision.cc): every record
  // whose retention ended before today (JST) loses its sealed part, in one
  // transaction with an audit record by "madoguchi" naming them; the WAL is
  // then checkpointed. The ids disposed of (none: nothing written).
  Result<std::vector<int64_t>> DisposeExpiredProvisionRecords(Timestamp now);
  void CheckpointAfterDisposal();

  Result<Request> Get(const std::string& id);
  Result<std::vector<HistoryEntry>> History(const std::string& id) { return LoadHistory(*db_, *vault_, id); }
  Result<nlohmann::json> Personal(const std::string& id) { return LoadPersonal(*db_, *vault_, id); }

  // Disposes of up to `max` requests past their retention date and not held
  // (store/disposal.h), in one transaction with their register entries, then
  // removes their letter files and checkpoints the WAL.
  // (request_store_disposal.cc)
  Result<DisposalRun> DisposeDue(Timestamp now, int max);

  SQLite::Database& db() { return *db_; }
  PersonalVault& vault() { return *vault_; }

 private:
  // The WAL checkpointed (TRUNCATE) after a disposal, without waiting for
  // readers; false (and tried again at the next DisposeDue) when one held an
  // old snapshot.
  bool CheckpointAfterRequestDisposal();
  RequestStore(std::unique_ptr<SQLite::Database> db, const Workflow& workflow, std::shared_ptr<PersonalVault> vault,
               StoreOptions options)
      : db_(std::move(db)), workflow_(workflow), vault_(std::move(vault)), options_(std::move(options)),
        statements_(*db_), outbox_(statements_), timers_(statements_), letters_(*db_, *vault_, options_.letters_dir) {}

  // Starts the transaction's chain appender (chain_) from the head last
  // appended; an error when the chain was changed under the store.
  Status BeginChain(Timestamp now);
  // After a commit: the head it made is the one appended last.
  void EndChain(bool committed);

  std::unique_ptr<SQLite::Database> db_;
  const Workflow& workflow_;
  std::shared_ptr<PersonalVault> vault_;
  StoreOptions options_;
  // The statements of the write path, prepared once: preparing them was
  // about a third of the writer's time per command.
  StatementCache statements_;
  Outbox outbox_;
  ReminderTimerStore timers_;
  LetterArchive letters_;
  Status broken_;  // set when a commit failed in a way that leaves the log in doubt
  // The batch being written (BeginBatch .. CommitBatch, FailBatch or AbandonBatch).
  std::optional<SQLite::Transaction> batch_;
  // The chain appender of the transaction being written, if any.
  std::optional<ChainAppender> chain_;
  std::optional<ChainHead> chain_head_;  // the head committed last by this store
  bool disposal_swept_ = false;  // the letter files a crash left after a disposal were looked for
  bool disposal_checkpoint_pending_ = false;  // a disposal's checkpoint waits for a reader to leave
};

}  // namespace madoguchi
