// RequestWriter, what each change owes: its letters (the outbox rows the
// letter worker leases, each with its 文書番号), the render check of the
// letters an event sends (before commit), the reminder timers of a due date
// that may have moved, and the timers that fall due turned into reminders.
// See store/outbox.h and store/reminder_timers.h for what is kept.
#include <algorithm>

#include "commands/request_writer.h"
#include "core/letter_plan.h"
#include "core/reminder_schedule.h"
#include "store/user_store.h"

namespace madoguchi {

namespace {

constexpr std::string_view kConsultationPassed = "consultation_passed:";

// The consultation a timer reminds of ("consultation:N", "consultation_passed:N"), by index.
std::optional<size_t> ConsultationOfTimer(const std::string& kind) {
  for (std::string_view prefix : {std::string_view("consultation:"), kConsultationPassed}) {
    if (kind.rfind(prefix, 0) == 0) return std::stoul(kind.substr(prefix.size()));
  }
  return std::nullopt;
}

}  // namespace

Status RequestWriter::CheckLetters(Event event, const Request& after, Timestamp now) {
  if (!writer_options_.letters) return Status::Ok();
  // Only events that send a letter (now, or at respond) load what it needs.
  if (!LetterFor(event, after) && PartyLettersFor(event, after).empty() && event != Event::kDecide &&
      event != Event::kApprove) {
    return Status::Ok();
  }
  Result<std::vector<HistoryEntry>> history = LoadHistory(store_->db(), *vault_, after.id);
  if (!history.ok()) return history.status();
  Result<nlohmann::json> personal = LoadPersonal(store_->db(), *vault_, after.id);
  if (!personal.ok()) return personal.status();
  Result<std::vector<WrittenLetter>> letters = writer_options_.letters->LettersOf(
      event, RequestDetail{after, std::move(history).value(), std::move(personal).value()}, now);
  if (!letters.ok()) return Status::InvalidArgument(letters.status().message() + "; nothing was stored");
  return Status::Ok();
}

void RequestWriter::EnqueueLetter(const Request& after, const PlannedLetter& letter, const std::string& letter_id,
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

void RequestWriter::PlanFollowUps(Event event, const Request& after, Timestamp now) {
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
void RequestWriter::AddConsultationTimers(const Request& r, Date today) {
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

nlohmann::json RequestWriter::ReminderMessage(const Request& r, const ReminderTimer& timer, Date today) {
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

Result<int> RequestWriter::FireDueTimers(Timestamp now) {
  if (Status broken = store_->broken(); !broken.ok()) return broken;
  return WithSqliteErrors("firing reminders", [&]() -> Result<int> {
    SQLite::Transaction txn(store_->db(), SQLite::TransactionBehavior::IMMEDIATE);
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

}  // namespace madoguchi
