// RequestWriter: what each write command means, applied to the store. It is
// the engine's one writer (the command server's writer thread owns it) and
// the home of the write path: decode and policy happen before it
// (commands/command_decoder.h, command_policy.h, write_handler.h), the
// workflow decides inside it (core/workflow.h), and the store below it only
// persists (store/request_store.h). Nothing of it is called back from the
// store.
//
// Group commit: ApplyBatch applies many commands in one transaction, each
// under its own savepoint, so one fsync serves them all and a refused command
// rolls back alone. Each command's audit record, when the caller gives one,
// is appended in that same transaction, after the command's savepoint: a
// change never commits without it, and a refused command is recorded too.
// Nothing is reported done before the commit is durable (synchronous=FULL).
//
// Invariants (with the store's): for every request, history holds exactly one
// row per version 1..version, and the request's state is the to_state of the
// last one; every change a command makes is under its savepoint, so a refused
// command leaves nothing but its audit record.
//
// One concept a file:
//   request_writer.cc     the batch (ApplyBatch) and the one-command forms
//   intake_write.cc       intake (idempotency, numbering, sealing, duplicates)
//   advance_write.cc      an event (idempotency, reach, the workflow, checks against stored data)
//   disclosure_write.cc   what a disclosure hands over (attached files, the package)
//   follow_ups.cc         what a change owes (letters, reminder timers), the render check, firing timers
//   worker_jobs_write.cc  lease, ack, fail, outbox_retry
//   user_admin_write.cc, protect_write.cc, provision_write.cc
//
// Not thread-safe: one thread (the engine's writer) owns a RequestWriter.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/letter_check.h"
#include "commands/write_command.h"
#include "core/letter_plan.h"
#include "core/workflow.h"
#include "store/request_store.h"
#include "util/status.h"

namespace madoguchi {

struct WriterOptions {
  // Writes, in process and without the PDF, the letters an event sends
  // (commands/letter_check.h); one that cannot be written refuses the event
  // before commit. None: no check (tests of the write path alone, bench/).
  std::optional<LetterWriter> letters;
};

class RequestWriter {
 public:
  // Opens the store at `path` (store/request_store.h: creating and migrating
  // the database) and the writer over it. The workflow must outlive it.
  static Result<std::unique_ptr<RequestWriter>> Open(const std::string& path, const Workflow& workflow,
                                                     std::shared_ptr<PersonalVault> vault, StoreOptions options = {},
                                                     WriterOptions writer_options = {});
  RequestWriter(std::unique_ptr<RequestStore> store, const Workflow& workflow, WriterOptions options);

  // Applies the commands in one transaction and returns one result per
  // command, in order, once the commit is durable. `audit` (if given) makes
  // each command's audit record, appended right after the command in the
  // same transaction (WriteResult::audited). If the commit fails, every
  // result carries that failure and nothing is audited; after a failed sync
  // the store refuses all further writes (kUnavailable), since the log is
  // then in doubt, and likewise once the audit chain was changed under it.
  std::vector<WriteResult> ApplyBatch(const std::vector<WriteCommand>& commands, Timestamp now,
                                      const BatchAudit& audit = {});

  // One-command batches. Intake is idempotent: a record whose idempotency_key
  // is already stored with the same record returns that request unchanged;
  // with another record it is refused (kConflict, naming the request and the key).
  Result<IntakeOutcome> Intake(const nlohmann::json& record, const Actor& actor, Timestamp now);
  Result<Request> Advance(const std::string& id, const Actor& actor, const EventCommand& command, Timestamp now);

  // Turns the reminder timers due by `now` into outbox messages (and a
  // consultation's 再照会 letter), in one transaction; returns how many fired.
  // (follow_ups.cc)
  Result<int> FireDueTimers(Timestamp now);

  RequestStore& store() { return *store_; }
  // The store's, for callers that hold the writer (tests, bench/).
  Result<Request> Get(const std::string& id) { return store_->Get(id); }
  Result<std::vector<HistoryEntry>> History(const std::string& id) { return store_->History(id); }
  Result<nlohmann::json> Personal(const std::string& id) { return store_->Personal(id); }
  SQLite::Database& db() { return store_->db(); }
  PersonalVault& vault() { return store_->vault(); }

 private:
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
  // disclosure_attach / disclosure_package (disclosure_write.cc): the file
  // kept sealed in the letters folder and recorded in `next`'s delivery, or
  // the encrypted package made of them and its password sealed for its
  // letter; `history` becomes what the history row keeps (hashes and sizes,
  // never the bytes nor the password).
  Status AttachDisclosureFile(Request* next, const nlohmann::json& data, nlohmann::json* history);
  Status MakeDisclosurePackage(Request* next, Timestamp now, nlohmann::json* history);
  // link / unlink: the request_links row.
  void ApplyLinkEffects(const Request& current, const WriteCommand& c, Timestamp now);
  WriteResult ApplyWorkerOp(const WriteCommand& c, Timestamp now);  // kLease, kAck, kFail, kRetry
  WriteResult ApplyUserAdmin(const WriteCommand& c, Timestamp now);  // kUserAdmin (user_admin_write.cc)
  WriteResult ApplyProtect(const WriteCommand& c, Timestamp now);    // kProtect (protect_write.cc)
  WriteResult ApplyProvision(const WriteCommand& c, Timestamp now);  // kProvision (provision_write.cc)
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
  // The letters an event calls for, written through writer_options_.letters
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

  std::unique_ptr<RequestStore> store_;
  const Workflow& workflow_;
  WriterOptions writer_options_;
  // The store's parts the commands write through, taken once (store_ owns them).
  const StoreOptions& options_;
  PersonalVault* const vault_;
  StatementCache& statements_;
  Outbox& outbox_;
  ReminderTimerStore& timers_;
  LetterArchive& letters_;
};

}  // namespace madoguchi
