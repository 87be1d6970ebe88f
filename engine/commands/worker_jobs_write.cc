// RequestWriter, the workers' commands: lease (the oldest rows of the
// worker's kinds, each leased until now + workers.lease_seconds), ack (a row
// done; a letter's PDF and text kept by its letter id, the decision letter's
// ack firing letter_issued), fail (a row back in the queue, or dead), and a
// manager's outbox_retry. In the batch form each message stands alone under
// a savepoint of its own. See store/outbox.h for the lease contract.
#include <functional>

#include "commands/request_writer.h"
#include "store/disclosure_package.h"

namespace madoguchi {

namespace {

nlohmann::json JobMessage(const OutboxRow& row) {
  return {{"type", "job"},
          {"outbox_id", row.id},
          {"kind", row.kind},
          {"attempt", row.attempts},
          {"lease_until", row.lease_until ? FormatJst(*row.lease_until) : ""},
          {"payload", row.payload}};
}

WriteResult Reply(nlohmann::json reply) { return {Status::Ok(), {}, false, std::move(reply)}; }
WriteResult Refuse(Status s) { return {std::move(s), {}, false, nullptr}; }

}  // namespace

nlohmann::json RequestWriter::LeaseJobs(const std::vector<std::string>& kinds, int max, bool batched,
                                       const std::string& worker, Timestamp now, WriteResult* result) {
  std::vector<OutboxRow> rows = outbox_.Lease(kinds, worker, now, options_.lease, max);
  for (const OutboxRow& row : rows) result->leased.push_back(row.id);
  if (!batched) return rows.empty() ? nlohmann::json{{"type", "no_work"}} : JobMessage(rows.front());
  nlohmann::json jobs = nlohmann::json::array();
  for (OutboxRow& row : rows) {
    jobs.push_back({{"outbox_id", row.id}, {"kind", row.kind}, {"attempt", row.attempts}, {"payload", std::move(row.payload)}});
  }
  return {{"type", "jobs"},
          {"lease_until", FormatJst(now + options_.lease.lease)},
          {"lease_seconds", options_.lease.lease.count()},
          {"jobs", std::move(jobs)}};
}

Result<bool> RequestWriter::AckOne(const WriteCommand::Ack& ack, const Actor& actor, Timestamp now) {
  if (!ack.refused.ok()) return ack.refused;
  std::optional<Outbox::Holding> holding = outbox_.HoldingOf(ack.outbox_id, actor.user);
  // Least privilege: a worker finishes only what it holds (policy table: own_kinds).
  if (!holding) {
    return Status::PermissionDenied("outbox message " + std::to_string(ack.outbox_id) + " is not leased to " + actor.user);
  }
  if (holding->done) return true;
  if (holding->kind != "letter") {
    if (Status s = outbox_.Done(ack.outbox_id, now); !s.ok()) return s;
    return false;
  }
  std::optional<OutboxRow> row = outbox_.HeldBy(ack.outbox_id, actor.user);  // a letter's payload names it
  if (!row) return Status::NotFound("no outbox message " + std::to_string(ack.outbox_id));
  // A letter writes several rows (the letter, perhaps the event it closes
  // the request with); refused part way, they go back, and so do the chain's
  // entries, so that the other acks of the command stand alone.
  const ChainHead before = store_->chain().head();
  statements_.Take("SAVEPOINT ack")->exec();
  Status s = AckLetter(*row, ack, actor, now);
  if (s.ok()) s = outbox_.Done(row->id, now);
  if (!s.ok()) {
    statements_.Take("ROLLBACK TO ack")->exec();
    store_->chain().Rewind(before);
  }
  statements_.Take("RELEASE ack")->exec();
  if (!s.ok()) return s;
  return false;
}

Result<bool> RequestWriter::FailOne(const WriteCommand::Failure& failure, const std::string& worker, Timestamp now) {
  if (!outbox_.HoldingOf(failure.outbox_id, worker)) {
    return Status::PermissionDenied("outbox message " + std::to_string(failure.outbox_id) + " is not leased to " + worker);
  }
  if (Status s = outbox_.Failed(failure.outbox_id, failure.error, now, options_.lease); !s.ok()) return s;
  std::optional<OutboxRow> after = outbox_.Find(failure.outbox_id);
  return after && after->dead_at.has_value();
}

namespace {

// How an ack or a fail answers, message by message.
struct EachForm {
  const char* type;  // "acked", "failed"
  const char* list;  // the batch form's list: "acks", "failures"
  const char* flag;  // each message's: "duplicate" (done before), "dead" (out of attempts)
  std::vector<int64_t> WriteResult::*done;  // where the messages it took are named
};

// Runs `one` on each message, in order. In the single form (one message) a
// refusal refuses the command; in the batch form each message gets its own
// item in the reply, {outbox_id, flag} or {outbox_id, error}, and the others stand.
template <typename Item>
WriteResult EachMessage(const std::vector<Item>& items, bool batched, const EachForm& form,
                        const std::function<Result<bool>(const Item&)>& one) {
  WriteResult result;
  nlohmann::json replies = nlohmann::json::array();
  for (const Item& item : items) {
    Result<bool> flag = one(item);
    if (!flag.ok()) {
      if (!batched) return Refuse(flag.status());
      result.refused.emplace_back(item.outbox_id, flag.status());
      replies.push_back({{"outbox_id", item.outbox_id},
                         {"error", {{"code", flag.status().code_name()}, {"message", flag.status().message()}}}});
      continue;
    }
    (result.*form.done).push_back(item.outbox_id);
    if (!batched) {
      result.reply = {{"type", form.type}, {"outbox_id", item.outbox_id}, {form.flag, *flag}};
      return result;
    }
    replies.push_back({{"outbox_id", item.outbox_id}, {form.flag, *flag}});
  }
  result.reply = {{"type", form.type}, {form.list, std::move(replies)}};
  return result;
}

}  // namespace

WriteResult RequestWriter::ApplyWorkerOp(const WriteCommand& c, Timestamp now) {
  const std::string& worker = c.actor.user;
  switch (c.kind) {
    case WriteCommand::Kind::kLease: {
      WriteResult result;
      result.reply = LeaseJobs(c.kinds, c.batched ? c.lease_max : 1, c.batched, worker, now, &result);
      return result;
    }
    case WriteCommand::Kind::kAck: {
      WriteResult result = EachMessage<WriteCommand::Ack>(
          c.acks, c.batched, {"acked", "acks", "duplicate", &WriteResult::acked},
          [&](const WriteCommand::Ack& ack) { return AckOne(ack, c.actor, now); });
      // The next lease, after the acks: in the same transaction and commit.
      if (result.status.ok() && c.lease_max > 0) {
        result.reply["lease"] = LeaseJobs(c.kinds, c.lease_max, true, worker, now, &result);
      }
      return result;
    }
    case WriteCommand::Kind::kFail:
      return EachMessage<WriteCommand::Failure>(
          c.failures, c.batched, {"failed", "failures", "dead", &WriteResult::failed},
          [&](const WriteCommand::Failure& failure) { return FailOne(failure, worker, now); });
    case WriteCommand::Kind::kRetry: {
      if (Status s = outbox_.Retry(c.outbox_id, now); !s.ok()) return Refuse(s);
      return Reply({{"outbox_id", c.outbox_id}, {"retried", true}});
    }
    case WriteCommand::Kind::kIntake:
    case WriteCommand::Kind::kAdvance:
    case WriteCommand::Kind::kUserAdmin:
    case WriteCommand::Kind::kProtect:
    case WriteCommand::Kind::kProvision: break;
  }
  return Refuse(Status::InvalidArgument("not a worker operation"));
}

Status RequestWriter::AckLetter(const OutboxRow& row, const WriteCommand::Ack& ack, const Actor& actor, Timestamp now) {
  if (options_.letters_dir.empty()) return Status::Unavailable("this engine has no letters folder");
  // Decoded and checked when the command was taken in (PrepareWriteCommand).
  if (!ack.letter) return Status::InvalidArgument("a letter ack carries letter_id, pdf_base64 and text");
  const DeliveredLetter& delivered = *ack.letter;
  // The letter is the job's: a worker that names another letter (another
  // job's, or one of its own making) has mixed its work up, or is not ours.
  const std::string expected = row.payload.value("letter_id", "");
  if (delivered.letter_id != expected) {
    return Status::InvalidArgument("letter_id " + Quoted(delivered.letter_id) + " is not the letter of outbox message " +
                                   std::to_string(row.id) + ", which is " + expected);
  }
  LetterRecord record;
  record.letter_id = expected;
  record.request_id = row.request_id;
  record.kind = row.payload["letter_kind"];
  record.revision = row.payload["revision"];
  record.pdf_sha256 = delivered.sha256;
  record.issued_at = now;
  record.worker = actor.user;
  // Its refusals come before it writes anything (store/letter_archive.h).
  Result<bool> recorded = letters_.Record(record, delivered.pdf, delivered.text);
  if (!recorded.ok()) return recorded.status();
  // A package's password lives on only in its sealed letter from now on.
  if (record.kind == "package_password_notice") ForgetPackagePassword(statements_, record.letter_id);

  // The decision letter closes the request (responding -> closed), or leaves
  // it waiting for its data to be handed over (-> delivering), through the
  // workflow table like any other event.
  if (*recorded && row.payload.value("closes_request", false)) {
    Result<std::optional<Request>> current = LoadRequest(statements_, *vault_, row.request_id);
    if (!current.ok()) return current.status();
    if (current->has_value() && (**current).state == State::kResponding) {
      std::optional<LetterRecord> stored = letters_.Find(record.letter_id);
      EventCommand issued{Event::kLetterIssued,
                          {{"letter_id", record.letter_id}, {"sha256", stored ? stored->pdf_sha256 : ""}},
                          (**current).version};
      Result<Request> next = workflow_.Apply(**current, actor, issued, now);
      if (next.ok()) {
        store_->Update(*next, JstDate(now));
        store_->AppendHistory(*next, actor, Event::kLetterIssued, issued.data, (**current).state);
        PlanFollowUps(Event::kLetterIssued, *next, now);
      }
    }
  }
  return Status::Ok();
}

}  // namespace madoguchi
