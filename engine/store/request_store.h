// RequestStore: the one writer of requests and their history. Every change
// is applied inside a transaction taken with BEGIN IMMEDIATE (the write lock
// up front, so it never fails half way on SQLITE_BUSY): the request row, its
// personal record (at intake) and its history row commit together or not at
// all, and nothing is reported done before the commit is durable
// (synchronous=FULL).
//
// Group commit: ApplyBatch applies many commands in one transaction, each
// under its own savepoint, so one fsync serves them all and a refused command
// rolls back alone. Each command's audit record, when the caller gives one,
// is appended in that same transaction: a change never commits without it.
//
// Invariants: for every request, history holds exactly one row per version
// 1..version, and the request's state is the to_state of the last one.
// Every history, audit and access-log row this store appends is an entry of
// the keyed audit chain (store/audit_chain.h); the store remembers the head
// it appended last and appends nothing more once the database no longer
// holds it (the chain was changed under it).
//
// Not thread-safe: one thread (the engine's writer) owns a RequestStore.
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

// A letter as a worker delivers it in an ack, decoded and checked by the
// thread that took the command in (commands/letter_delivery.h): the store
// only compares its id with the job's and keeps it.
struct DeliveredLetter {
  std::string letter_id;  // as the worker names it
  std::string pdf;
  std::string text;
  std::string sha256;     // of `pdf`, as the worker says (may be empty)
};

struct WriteCommand {
  enum class Kind {
    kIntake,   // a clerk takes a request in
    kAdvance,  // an event of the workflow table
    kLease,    // a worker asks for work of `kinds`
    kAck,      // a worker reports work done, with its `result`
    kFail,     // a worker gives up on a message, with an `error`
    kRetry,    // a manager puts a dead message back in the queue
    kUserAdmin,  // an admin disables, enables, grants or revokes (`user`, `action`)
    kProtect,    // a manager adds a person to, or removes them from, the protected list (`action`, `record`)
    kProvision,  // the provision ledger: add, import (`record`: the args), dispose (`action`)
  };
  Kind kind = Kind::kIntake;
  Actor actor;
  nlohmann::json record;           // kIntake: the request record (schemas/request.schema.json); kProtect: the person
  // kIntake: `record` already parsed and checked, by the thread that took the
  // command in, so that the writer need not; when empty the writer parses it.
  std::optional<RequestRecord> parsed_record;
  std::string id;                  // kAdvance: the request
  EventCommand event;              // kAdvance: the event, its data and the version the actor saw
  // kAdvance: the client's idempotency key ("": none); the same key with the
  // same command gives its first result again (store/idempotency_keys.h).
  std::string idempotency_key;
  // kAdvance: whether the actor's permit reaches this request (the command
  // policy's scope, e.g. a reviewer's own and unassigned requests); checked
  // against the stored request before the workflow. Empty: no limit.
  std::function<bool(const Request&)> reaches;
  // kLease, and kAck's next lease: the kinds asked for, and how many at most.
  std::vector<std::string> kinds;  // "letter", "reminder"
  int lease_max = 0;               // kLease: 1 in the single form; kAck: 0 when it carries no lease
  // kLease, kAck, kFail: the batch form of the protocol (lease with max, ack
  // with acks, fail with failures), which decides the reply's form. The
  // single form (one message) is a batch of one whose refusal refuses the command.
  bool batched = false;
  // kAck: each message acked, with the worker's result.
  struct Ack {
    int64_t outbox_id = 0;
    nlohmann::json result;                 // schemas/api/ack.request.schema.json, result
    std::optional<DeliveredLetter> letter;  // a letter's result, decoded and checked
    // Set when the result was refused as it was taken in (a letter that may
    // not be kept): the writer refuses this ack alone.
    Status refused;
  };
  std::vector<Ack> acks;
  // kFail: each message given up on, with the worker's error.
  struct Failure {
    int64_t outbox_id = 0;
    std::string error;
  };
  std::vector<Failure> failures;
  int64_t outbox_id = 0;           // kRetry
  std::string user;                // kUserAdmin: whom
  std::string action;              // kUserAdmin: disable, enable, grant_personal, revoke_personal; kProtect: add, remove
};

struct WriteResult {
  Status status;
  // kIntake, kAdvance, when status.ok(): the request after the command. A
  // replayed advance: the request as it is now, with the state and version
  // the first advance left it in (its first result).
  Request request;
  bool created = false;  // kIntake: false when the idempotency key was seen before
  nlohmann::json reply;  // kLease, kAck, kFail, kRetry: what the worker or manager is told
  bool audited = false;  // its audit record committed with it (ApplyBatch's `audit`)
  // kIntake, kAdvance: the idempotency key came with the same command before;
  // nothing changed, the first result is given again.
  bool replayed = false;
  // kLease, kAck, kFail: the outbox messages it leased, acked, failed, and
  // those whose ack or failure was refused, with why (for the audit record and the log).
  std::vector<int64_t> leased = {}, acked = {}, failed = {};
  std::vector<std::pair<int64_t, Status>> refused = {};
  // What the audit record's detail says of a command that names no request (the provision ledger's ids).
  std::string audit_detail = {};
  // After commit, checkpoint and truncate the WAL (records were disposed of).
  bool checkpoint = false;
};

// The audit record of a command of a batch, made once its result is known
// (result and, for an intake, the new request's id filled in by the caller
// from `result`); nullopt when it needs none (e.g. an idle worker's poll).
using BatchAudit = std::function<std::optional<AuditEntry>(size_t index, const WriteResult& result)>;

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
  // Writes, in process and without the PDF, the letters `event` sends on the
  // request as `after` holds it, its history ending with the event
  // (engine/commands/letter_check.h); a Status other than Ok refuses the
  // event before commit. Empty: no check (tests of the store alone, bench/).
  std::function<Status(Event event, const RequestDetail& after, Timestamp now)> letter_check = nullptr;
};

struct IntakeOutcome {
  Request request;
  bool created = false;  // false: the idempotency key was seen before; nothing new was made
};

class RequestStore {
 public:
  // Opens (creating and migrating) the database at `path`. The workflow must
  // outlive the store; `vault` holds the data keys it seals and opens
  // personal data with, and keys the audit chain (the engine's, loaded from
  // its key file; an ephemeral one in tests).
  static Result<std::unique_ptr<RequestStore>> Open(const std::string& path, const Workflow& workflow,
                                                    std::shared_ptr<PersonalVault> vault, StoreOptions options = {});

  // Applies the commands in one transaction and returns one result per
  // command, in order, once the commit is durable. `audit` (if given) makes
  // each command's audit record, appended right after the command in the
  // same transaction (WriteResult::audited). If the commit fails, every
  // result carries that failure and nothing is audited; after a failed sync
  // the store refuses all further writes (kUnavailable), since the log is
  // then in doubt, and likewise once the audit chain was changed under it.
  std::vector<WriteResult> ApplyBatch(const std::vector<WriteCommand>& commands, Timestamp now,
                                      const BatchAudit& audit = {});

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

  // One-command batches. Intake is idempotent: a record whose idempotency_key
  // is already stored with the same record returns that request unchanged;
  // with another record it is refused (kConflict, naming the request and the key).
  Result<IntakeOutcome> Intake(const nlohmann::json& record, const Actor& actor, Timestamp now);
  Result<Request> Advance(const std::string& id, const Actor& actor, const EventCommand& command, Timestamp now);

  Result<Request> Get(const std::string& id);
  Result<std::vector<HistoryEntry>> History(const std::string& id) { return LoadHistory(*db_, *vault_, id); }
  Result<nlohmann::json> Personal(const std::string& id) { return LoadPersonal(*db_, *vault_, id); }

  // Turns the reminder timers due by `now` into outbox messages, in one
  // transaction; returns how many fired.
  Result<int> FireDueTimers(Timestamp now);

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

  // These run inside the batch's transaction; an exception rolls back the
  // command's savepoint.
  WriteResult ApplyIntake(const WriteCommand& c, Timestamp now);
  WriteResult ApplyAdvance(const WriteCommand& c, Timestamp now);
  // The checks of an event that need stored data besides the request row: a
  // correction's items (personal record), the request a link names, the
  // letter a post event names, the user an assign or reassign names (an
  // active user of a role that reviews: MayBeAssigned).
  Status CheckAgainstStored(const Request& current, const EventCommand& e);
  // decide on a 33(5) request: its data with each item's ledger record
  // (provision id) filled in (提供年月日 or 期間, 提供先, 項目, 同意の有無);
  // refused when a record is not the person's or was disposed of.
  Result<nlohmann::json> WithProvisionRecords(const Request& current, const EventCommand& e);
  // disclosure_attach / disclosure_package (request_store_delivery.cc): the
  // file kept sealed in the letters folder and recorded in `next`'s delivery,
  // or the encrypted package made of them and its password sealed for its
  // letter; `history` becomes what the history row keeps (hashes and sizes,
  // never the bytes nor the password).
  Status AttachDisclosureFile(Request* next, const nlohmann::json& data, nlohmann::json* history);
  Status MakeDisclosurePackage(Request* next, Timestamp now, nlohmann::json* history);
  // link / unlink: the request_links row.
  void ApplyLinkEffects(const Request& current, const WriteCommand& c, Timestamp now);
  WriteResult ApplyWorkerOp(const WriteCommand& c, Timestamp now);  // kLease, kAck, kFail, kRetry
  WriteResult ApplyUserAdmin(const WriteCommand& c, Timestamp now);  // kUserAdmin (request_store_users.cc)
  WriteResult ApplyProtect(const WriteCommand& c, Timestamp now);    // kProtect (request_store_protected.cc)
  WriteResult ApplyProvision(const WriteCommand& c, Timestamp now);  // kProvision (request_store_provision.cc)
  // Leases up to `max` messages to `worker`; the reply of a lease (the jobs)
  // in the single or the batch form; their ids added to `result->leased`.
  nlohmann::json LeaseJobs(const std::vector<std::string>& kinds, int max, bool batched, const std::string& worker,
                           Timestamp now, WriteResult* result);
  // One message of an ack or a fail. A refusal (a Status) leaves nothing
  // written (a letter's rows are under a savepoint of their own); a SQLite
  // error throws, which rolls the whole command back (ApplyBatch).
  Result<bool> AckOne(const WriteCommand::Ack& ack, const Actor& actor, Timestamp now);  // true: done before
  Result<bool> FailOne(const WriteCommand::Failure& failure, const std::string& worker, Timestamp now);  // true: dead
  Status AckLetter(const OutboxRow& row, const WriteCommand::Ack& ack, const Actor& actor, Timestamp now);
  // What an event owes: its letter in the outbox, the reminder timers of a
  // due date that may have moved.
  void PlanFollowUps(Event event, const Request& after, Timestamp now);
  // One letter job with its 文書番号 (once per letter id); `addressee` "person" for the copy of a
  // decision sent to the person a voluntary agent acts for, else null.
  void EnqueueLetter(const Request& after, const PlannedLetter& letter, const std::string& letter_id,
                     const char* addressee, Timestamp now);
  // The letters an event calls for, written through options_.letter_check
  // before commit: the letter it sends now and, for decide and approve, the
  // decision letter respond will send (the decision is fixed here, so a
  // decision whose letter cannot be written is refused here, not at respond).
  Status CheckLetters(Event event, const Request& after, Timestamp now);
  void AddConsultationTimers(const Request& r, Date today);
  nlohmann::json ReminderMessage(const Request& r, const ReminderTimer& timer, Date today);
  // An intake whose key was seen before: the first request again when the
  // record is the same, else the conflict.
  WriteResult ReplayIntake(const std::string& key, const IntakeKey& seen, const nlohmann::json& identity,
                           bool received_at_given);
  std::string NextRequestId(Timestamp now);
  void Insert(const Request& r, Date today);
  void Update(const Request& r, Date today);
  // Seals r's health-related particulars (core/sealed_fields.h) into its
  // personal record when they differ from what is sealed there.
  void SaveHealth(const Request& r);
  void AppendHistory(const Request& after, const Actor& actor, Event event, const nlohmann::json& data,
                     std::optional<State> from);
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
  // The chain appender of the transaction being written, if any.
  std::optional<ChainAppender> chain_;
  std::optional<ChainHead> chain_head_;  // the head committed last by this store
  bool disposal_swept_ = false;  // the letter files a crash left after a disposal were looked for
  bool disposal_checkpoint_pending_ = false;  // a disposal's checkpoint waits for a reader to leave
};

}  // namespace madoguchi
