// RequestStore, the part that deals with workers: what each change owes
// (letters, reminder timers), firing timers, and the workers' leases and acks.
// See request_store.h and outbox.h for the contracts.
#include <algorithm>
#include <functional>

#include "core/letter_plan.h"
#include "store/disclosure_package.h"
#include "store/request_store.h"
#include "store/user_store.h"

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

constexpr std::string_view kConsultationPassed = "consultation_passed:";

// The consultation a timer reminds of ("consultation:N", "consultation_passed:N"), by index.
std::optional<size_t> ConsultationOfTimer(const std::string& kind) {
  for (std::string_view prefix : {std::string_view("consultation:"), kConsultationPassed}) {
    if (kind.rfind(prefix, 0) == 0) return std::stoul(kind.substr(prefix.size()));
  }
  return std::nullopt;
}

}  // namespace

Status RequestStore::CheckLetters(Event event, const Request& after, Timestamp now) {
  if (!options_.letter_check) return Status::Ok();
  // Only events that send a letter (now, or at respond) load what it needs.
  if (!LetterFor(event, after) && PartyLettersFor(event, after).empty() && event != Event::kDecide &&
      event != Event::kApprove) {
    return Status::Ok();
  }
  Result<std::vector<HistoryEntry>> history = LoadHistory(*db_, *vault_, after.id);
  if (!history.ok()) return history.status();
  Result<nlohmann::json> personal = LoadPersonal(*db_, *vault_, after.id);
  if (!personal.ok()) return personal.status();
  return options_.letter_check(event, RequestDetail{after, std::move(history).value(), std::move(personal).value()}, now);
}

void RequestStore::EnqueueLetter(const Request& after, const PlannedLetter& letter, const std::string& letter_id,
                                 const char* addressee, Timestamp now) {
  // Planned before (a consultation's reminder whose timer fired again): nothing, and no number spent.
  if (outbox_.Has(letter_id)) return;
  // Its 文書番号: the next of the fiscal year (April to March, JST), fixed with the job.
  const Date today = JstDate(now);
  const int fiscal_year = today.month() >= 4 ? today.year() : today.year() - 1;
  StatementCache::Use number_use = statements_.Take(
      "INSERT INTO counters(name, value) VALUES (?, 1) "
      "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value");
  SQLite::Statement& number = *number_use;
  number.bind(1, "letter_number_" + std::to_string(fiscal_year));
  number.executeStep();
  const int64_t serial = number.getColumn(0).getInt64();
  number.reset();
  nlohmann::json payload = {{"letter_id", letter_id},
                            {"letter_kind", letter.kind},
                            {"request_id", after.id},
                            {"revision", after.version},
                            {"closes_request", letter.closes_request},
                            {"fiscal_year", fiscal_year},
                            {"document_serial", serial}};
  if (addressee != nullptr) payload["addressee"] = addressee;
  if (letter.consultation) payload["consultation"] = *letter.consultation;
  outbox_.Enqueue(after.id, "letter", letter_id, std::move(payload), now);
}

void RequestStore::PlanFollowUps(Event event, const Request& after, Timestamp now) {
  if (std::optional<PlannedLetter> letter = LetterFor(event, after)) {
    EnqueueLetter(after, *letter, LetterId(after.id, letter->kind, after.version), nullptr, now);
    // A voluntary agent asked and respond said copy_to_person: the same
    // decision goes to the person, as a letter of its own (its own 文書番号);
    // only the agent's closes the request.
    if (event == Event::kRespond && after.copy_to_person) {
      EnqueueLetter(after, PlannedLetter{letter->kind, false},
                    LetterId(after.id, letter->kind, after.version) + "-person", "person", now);
    }
  }
  // The letters to the parties it consulted (its 照会書; the outcome notices after the decision letter).
  for (const PlannedLetter& party : PartyLettersFor(event, after)) {
    EnqueueLetter(after, party, PlannedLetterId(after.id, party, after.version), nullptr, now);
  }
  Date today = JstDate(now);
  DueDate due = workflow_.Due(after, today);
  if (!IsOpen(after.state) || due.clock_stopped) {
    timers_.CancelPending(after.id, now);
  } else if (event == Event::kIntake || event == Event::kDocumentsReceived || event == Event::kExtend ||
             event == Event::kFeePaid) {
    timers_.Replace(after.id, ReminderTimers(due.due, after.deadline.rule.remind_before, workflow_.calendar(), today),
                    now);
  }
  if (IsOpen(after.state) && !due.clock_stopped) AddConsultationTimers(after, today);
}

// Each open consultation is reminded on its own due day ("consultation:N",
// N its index), once, and on the first business day after it
// ("consultation_passed:N": the deadline has passed, no_answer may be
// recorded and the society decide on its own), to the assigned reviewer;
// FireDueTimers skips either when the answer came first.
void RequestStore::AddConsultationTimers(const Request& r, Date today) {
  // Most requests consult nobody: then there is nothing to look up.
  if (std::none_of(r.consultations.begin(), r.consultations.end(), [](const Consultation& c) { return c.open(); })) return;
  std::vector<ReminderTimer> pending = timers_.Pending(r.id);
  for (size_t i = 0; i < r.consultations.size(); ++i) {
    const Consultation& c = r.consultations[i];
    if (!c.open()) continue;
    const Date passed = workflow_.calendar().NextBusinessDayOnOrAfter(c.due.AddDays(1));
    for (ReminderTimer timer : {ReminderTimer{"consultation:" + std::to_string(i), std::max(c.due, today)},
                                ReminderTimer{std::string(kConsultationPassed) + std::to_string(i), std::max(passed, today)}}) {
      bool has = std::any_of(pending.begin(), pending.end(), [&](const ReminderTimer& t) { return t.kind == timer.kind; });
      if (!has) timers_.Add(r.id, timer);
    }
  }
}

nlohmann::json RequestStore::ReminderMessage(const Request& r, const ReminderTimer& timer, Date today) {
  DueDate due = workflow_.Due(r, today);
  std::optional<size_t> consultation_index = ConsultationOfTimer(timer.kind);
  const bool consultation = consultation_index.has_value();
  const bool passed = timer.kind.rfind(kConsultationPassed, 0) == 0;
  // A consultation's reminders go to the assigned reviewer (its decision is theirs), not to the managers.
  std::string stage = consultation ? (passed ? "overdue" : "due") : ReminderStage(timer.kind);
  UserStore users(statements_);
  std::vector<User> to;
  if (r.assignee) {
    Result<std::optional<User>> assignee = users.FindByName(*r.assignee);
    if (assignee.ok() && assignee->has_value() && !(*assignee)->disabled) to.push_back(**assignee);
  }
  // Overdue work goes to the managers too, and so does work nobody holds yet.
  bool escalated = (stage == "overdue" && !consultation) || to.empty();
  if (escalated) {
    Result<std::vector<User>> managers = users.WithRole(Role::kManager);
    if (managers.ok()) to.insert(to.end(), managers->begin(), managers->end());
  }
  nlohmann::json recipients = nlohmann::json::array();
  for (const User& u : to) {
    recipients.push_back({{"user", u.name}, {"email", u.MailAddress()}, {"role", Name(u.role)}});
  }
  nlohmann::json message = {{"reminder_id", "reminder-" + r.id + "-" + timer.kind + "-" + timer.fire_on.ToIso()},
          {"request_id", r.id},
          {"type", Name(r.type)},
          {"type_ja", JapaneseName(r.type)},
          {"state", Name(r.state)},
          {"state_ja", JapaneseName(r.state)},
          {"due_date", due.due.ToIso()},
          {"days_left", today.DaysUntil(due.due)},
          {"business_days_left", BusinessDaysLeft(workflow_.calendar(), today, due.due)},
          {"stage", stage},
          {"escalated", escalated && stage == "overdue" && !consultation},
          {"to", recipients},
          {"fire_on", timer.fire_on.ToIso()}};
  if (consultation) {
    // The institution's name stays out of the message: the mail says which consultation, by number.
    const size_t index = *consultation_index;
    message["consultation"] = {{"number", index + 1}, {"due_date", r.consultations[index].due.ToIso()}, {"passed", passed}};
  }
  return message;
}

Result<int> RequestStore::FireDueTimers(Timestamp now) {
  if (!broken_.ok()) return broken_;
  return WithSqliteErrors("firing reminders", [&]() -> Result<int> {
    SQLite::Transaction txn(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    Date today = JstDate(now);
    int fired = 0;
    for (const StoredTimer& t : timers_.Due(today, 500)) {
      Result<std::optional<Request>> r = LoadRequest(statements_, *vault_, t.request_id);
      if (!r.ok()) return r.status();
      timers_.MarkFired(t.id, now);
      if (!r->has_value() || !IsOpen((**r).state) || workflow_.Due(**r, today).clock_stopped) continue;
      if (std::optional<size_t> index = ConsultationOfTimer(t.timer.kind)) {
        if (*index >= (**r).consultations.size() || !(**r).consultations[*index].open()) continue;
      }
      // A consultation whose reply deadline has passed: its 再照会 letter, once.
      if (std::optional<size_t> index = ConsultationOfTimer(t.timer.kind);
          index && t.timer.kind.rfind(kConsultationPassed, 0) == 0) {
        const PlannedLetter reminder = ConsultationReminderLetter(*index);
        EnqueueLetter(**r, reminder, PlannedLetterId((**r).id, reminder, (**r).version), nullptr, now);
      }
      nlohmann::json message = ReminderMessage(**r, t.timer, today);
      if (!message["to"].empty()) {
        outbox_.Enqueue(t.request_id, "reminder", message["reminder_id"], message, now);
        ++fired;
      }
      if (t.timer.kind == "overdue") timers_.Add(t.request_id, NextOverdueTimer(std::max(t.timer.fire_on, today), workflow_.calendar()));
    }
    txn.commit();
    return fired;
  });
}

nlohmann::json RequestStore::LeaseJobs(const std::vector<std::string>& kinds, int max, bool batched,
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

Result<bool> RequestStore::AckOne(const WriteCommand::Ack& ack, const Actor& actor, Timestamp now) {
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
  const ChainHead before = chain_->head();
  statements_.Take("SAVEPOINT ack")->exec();
  Status s = AckLetter(*row, ack, actor, now);
  if (s.ok()) s = outbox_.Done(row->id, now);
  if (!s.ok()) {
    statements_.Take("ROLLBACK TO ack")->exec();
    chain_->Rewind(before);
  }
  statements_.Take("RELEASE ack")->exec();
  if (!s.ok()) return s;
  return false;
}

Result<bool> RequestStore::FailOne(const WriteCommand::Failure& failure, const std::string& worker, Timestamp now) {
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

WriteResult RequestStore::ApplyWorkerOp(const WriteCommand& c, Timestamp now) {
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

Status RequestStore::AckLetter(const OutboxRow& row, const WriteCommand::Ack& ack, const Actor& actor, Timestamp now) {
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
        Update(*next, JstDate(now));
        AppendHistory(*next, actor, Event::kLetterIssued, issued.data, (**current).state);
        PlanFollowUps(Event::kLetterIssued, *next, now);
      }
    }
  }
  return Status::Ok();
}

}  // namespace madoguchi
