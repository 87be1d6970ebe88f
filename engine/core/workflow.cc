#include "core/workflow.h"

#include <algorithm>

#include "core/schema_validator.h"

namespace madoguchi {

namespace {

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// A reviewer may act on a request that is unassigned or assigned to them,
// never on another reviewer's.
bool IsReviewerAssignee(const Request& r, const Actor& a) {
  return a.role != Role::kReviewer || !r.assignee || *r.assignee == a.user;
}

// The state a transition leads to.
State NextState(const Transition& row, const Request& current, const nlohmann::json& data) {
  switch (row.target) {
    case Target::kFixed: return row.to;
    case Target::kSame: return current.state;
    case Target::kResumeState: return current.resume_state.value_or(State::kReceived);
    case Target::kByDecision:
      return data.value("outcome", "") == "full" ? State::kDecided : State::kPendingApproval;
    case Target::kByConsultations:
      return State::kInReview;  // Apply() keeps consulting while another consultation is open
  }
  return current.state;
}

const Consultation* OpenConsultation(const Request& r, const std::string& institution) {
  for (const auto& c : r.consultations) {
    if (c.open() && c.institution == institution) return &c;
  }
  return nullptr;
}

// Institutions named at intake that have never been consulted.
std::vector<std::string> NotYetConsulted(const Request& r) {
  std::vector<std::string> out;
  for (const auto& item : r.receipts) {
    bool asked = std::any_of(r.consultations.begin(), r.consultations.end(),
                             [&](const Consultation& c) { return c.institution == item.institution; });
    if (!asked && std::find(out.begin(), out.end(), item.institution) == out.end()) out.push_back(item.institution);
  }
  return out;
}

std::string OpenList(const Request& r) {
  std::string out;
  for (const auto& c : r.consultations) {
    if (!c.open()) continue;
    if (!out.empty()) out += ", ";
    out += c.institution + " (due " + c.due.ToIso() + ")";
  }
  return out.empty() ? "none" : out;
}

Date DateOr(const nlohmann::json& data, const char* key, Date fallback) {
  if (!data.contains(key)) return fallback;
  Result<Date> d = Date::Parse(data[key].get<std::string>());
  return d.ok() ? *d : fallback;
}

// Receipt months older than `years` before the month of receipt: "institution YYYY-MM".
std::vector<std::string> RetentionFlags(const std::vector<ReceiptItem>& receipts, Date received, int years) {
  char cutoff[8];
  std::snprintf(cutoff, sizeof cutoff, "%04d-%02d", received.year() - years, received.month());
  std::vector<std::string> out;
  for (const auto& item : receipts) {
    for (const auto& month : item.months) {
      if (month < cutoff) out.push_back(item.institution + " " + month);
    }
  }
  return out;
}

}  // namespace

// What an event changes in the request besides its state. One switch, so that
// every effect of every event can be read in one place.
void Workflow::ApplyEffects(Event event, State from, const Actor& actor, const nlohmann::json& data, Date today,
                            Request* r) const {
  switch (event) {
    case Event::kRequestDocuments:
      r->resume_state = from;
      r->deadline.StopClock(today);
      break;
    case Event::kDocumentsReceived:
      r->resume_state.reset();
      r->deadline.ResumeClock(today);
      break;
    case Event::kAssign:
    case Event::kReassign:
      r->assignee = data["to"].get<std::string>();
      break;
    case Event::kConsult: {
      std::vector<std::string> institutions;
      if (data.contains("institution")) {
        institutions.push_back(data["institution"].get<std::string>());
      } else {
        institutions = NotYetConsulted(*r);
      }
      Date sent = DateOr(data, "sent", today);
      Date due = DateOr(data, "due", sent.AddDays(rules_.consultation_days()));
      for (auto& institution : institutions) r->consultations.push_back({institution, sent, due, {}, {}, {}});
      break;
    }
    case Event::kConsultationDone:
      for (auto& c : r->consultations) {
        if (c.open() && c.institution == data["institution"].get<std::string>()) {
          c.answer = data["answer"].get<std::string>();
          if (data.contains("reason")) c.reason = data["reason"].get<std::string>();
          c.answered = DateOr(data, "answered", today);
          break;
        }
      }
      break;
    case Event::kDecide:
      r->outcome = data["outcome"].get<std::string>();
      r->decided_by = actor.user;
      r->pages = data.value("pages", 0);
      if (r->state == State::kDecided) EnterDecided(today, r);
      break;
    case Event::kApprove:
      EnterDecided(today, r);
      break;
    case Event::kReturn:
      r->outcome.reset();
      r->decided_by.reset();
      break;
    case Event::kFeePaid:
      r->fee->paid_amount = data["amount"].get<int>();
      r->fee->paid_on = DateOr(data, "paid_on", today);
      if (r->deadline.clock_stopped()) r->deadline.ResumeClock(today);
      break;
    case Event::kExtend:
      r->deadline.Extend(today, data["days"].get<int>());
      break;
    case Event::kWithdraw:
    case Event::kRejectIdentity:
      if (r->deadline.clock_stopped()) r->deadline.ResumeClock(today);
      r->resume_state.reset();
      break;
    case Event::kIntake:
    case Event::kVerifyIdentity:
    case Event::kRespond:
    case Event::kLetterIssued:
    case Event::kNote:
    case Event::kLink:
    case Event::kUnlink:
    case Event::kLetterPosted:
    case Event::kLetterReturned:
      break;
  }
}

// A decision that gives the person something (a purpose notice, all or part
// of a disclosure) is charged the fee of config/fees.json; postage when the
// request came by post. A fee above zero stops the clock until fee_paid.
void Workflow::EnterDecided(Date today, Request* r) const {
  const std::string outcome = r->outcome.value_or("full");
  bool gives = outcome == "full" || (outcome == "partial" && r->type != RequestType::kPurposeNotice);
  if (!gives) return;
  int amount = rules_.FeeFor(r->type, r->pages, r->channel == "post");
  if (amount <= 0) return;
  r->fee = Fee{amount, r->pages, std::nullopt, std::nullopt};
  if (!r->deadline.clock_stopped()) r->deadline.StopClock(today);
}

std::string JoinEventNames(const std::vector<Event>& events) {
  if (events.empty()) return "none";
  std::string out;
  for (Event e : events) {
    if (!out.empty()) out += ", ";
    out += Name(e);
  }
  return out;
}

Workflow::Workflow(BusinessCalendar calendar, DeadlinePolicy policy, DataCategories categories, DeskRules rules)
    : calendar_(std::move(calendar)),
      policy_(std::move(policy)),
      categories_(std::move(categories)),
      rules_(std::move(rules)),
      record_parser_(categories_) {}

Result<Request> Workflow::Intake(const RequestRecord& record, const Actor& actor, std::string id,
                                 Timestamp now) const {
  const Transition& row = TransitionFor(Event::kIntake);
  if (!AllowsRole(row, actor.role)) {
    return Status::PermissionDenied("role " + Quote(Name(actor.role)) + " may not take in requests (intake is for " +
                                    "clerks)");
  }
  Request r;
  r.id = std::move(id);
  r.type = record.type;
  r.state = row.to;
  r.version = 1;
  r.categories = record.categories;
  r.channel = record.channel;
  r.disclosure_method = record.disclosure_method;
  r.received_at = record.received_at;
  r.idempotency_key = record.idempotency_key;
  r.deadline.received = JstDate(record.received_at);
  r.deadline.rule = policy_.RuleFor(record.type, record.categories);
  r.relation = record.relation;
  r.receipts = record.receipts;
  r.retention_flagged = RetentionFlags(r.receipts, r.deadline.received, rules_.receipt_retention_years());
  r.created_at = now;
  r.updated_at = now;
  return r;
}

std::string Workflow::AllowedList(const Request& request, const Actor& actor) const {
  return "allowed for " + std::string(Name(actor.role)) + " " + actor.user + " in state " +
         Quote(Name(request.state)) + ": " + JoinEventNames(AllowedEvents(request, actor));
}

Result<Request> Workflow::Apply(const Request& current, const Actor& actor, const EventCommand& command,
                                Timestamp now) const {
  const Transition& row = TransitionFor(command.event);
  const std::string event = Quote(Name(command.event));
  if (command.event == Event::kIntake) {
    return Status::InvalidArgument("intake creates a request; it cannot be applied to request " + current.id);
  }
  if (command.seen_version != current.version) {
    return Status::Conflict("stale version " + std::to_string(command.seen_version) + ": request " + current.id +
                            " is at version " + std::to_string(current.version) + " in state " +
                            Quote(Name(current.state)) + "; " + AllowedList(current, actor));
  }
  if (!AllowsFrom(row, current.state)) {
    return Status::Conflict("event " + event + " is not allowed in state " + Quote(Name(current.state)) +
                            " (request " + current.id + "); " + AllowedList(current, actor));
  }
  if (!AllowsRole(row, actor.role)) {
    return Status::PermissionDenied("role " + Quote(Name(actor.role)) + " may not fire " + event + " (request " +
                                    current.id + "); " + AllowedList(current, actor));
  }
  if (Status s = CheckData(command.event, command.data, now); !s.ok()) return s;
  if (Status s = CheckGuards(row, current, actor, command.data, JstDate(now)); !s.ok()) return s;

  Request next = current;
  next.state = NextState(row, current, command.data);
  ApplyEffects(command.event, current.state, actor, command.data, JstDate(now), &next);
  if (row.target == Target::kByConsultations && next.has_open_consultation()) next.state = State::kConsulting;
  if (row.closes_with_outcome) next.outcome = std::string(*row.closes_with_outcome);
  next.version = current.version + 1;
  next.updated_at = now;
  return next;
}

Status Workflow::CheckData(Event event, const nlohmann::json& data, Timestamp now) const {
  std::string schema = "schemas/events/" + std::string(Name(event)) + ".schema.json";
  std::vector<std::string> problems = SchemaValidator::Embedded(schema).Validate(data, "data");
  if (problems.empty() && event == Event::kVerifyIdentity) {
    const auto& docs = data["documents"];
    for (size_t i = 0; i < docs.size(); ++i) {
      std::string path = "documents[" + std::to_string(i) + "].issued";
      Result<Date> issued = Date::Parse(docs[i]["issued"].get<std::string>());
      if (!issued.ok()) {
        problems.push_back(path + ": " + issued.status().message());
      } else if (*issued > JstDate(now)) {
        problems.push_back(path + ": " + issued->ToIso() + " is in the future");
      }
    }
  }
  for (const char* key : {"sent", "due", "answered", "paid_on"}) {
    if (!problems.empty() || !data.is_object() || !data.contains(key)) continue;
    Result<Date> d = Date::Parse(data[key].get<std::string>());
    if (!d.ok()) {
      problems.push_back(std::string(key) + ": " + d.status().message());
    } else if (std::string_view(key) != "due" && *d > JstDate(now)) {
      problems.push_back(std::string(key) + ": " + d->ToIso() + " is in the future");
    }
  }
  if (problems.empty()) return Status::Ok();
  return Status::InvalidArgument("data of " + Quote(Name(event)) + " is invalid: " + JoinMessages(problems));
}

Status Workflow::CheckGuards(const Transition& row, const Request& current, const Actor& actor,
                             const nlohmann::json& data, Date today) const {
  for (Guard guard : row.guards) {
    switch (guard) {
      case Guard::kReviewerMustBeAssignee:
        if (!IsReviewerAssignee(current, actor)) {
          return Status::PermissionDenied("request " + current.id + " is assigned to " +
                                          current.assignee.value_or("nobody") + ", not to " + actor.user);
        }
        break;
      case Guard::kReviewerAssignsSelf:
        if (actor.role == Role::kReviewer && data.value("to", "") != actor.user) {
          return Status::PermissionDenied("a reviewer may claim a request only for themself (" + actor.user +
                                          "); a manager assigns it to others");
        }
        break;
      case Guard::kAssignedToAnother:
        if (!current.assignee) {
          return Status::Conflict("request " + current.id + " is not assigned to anyone; assign gives it to a reviewer");
        }
        if (data.value("to", "") == *current.assignee) {
          return Status::InvalidArgument("request " + current.id + " is already assigned to " + *current.assignee);
        }
        break;
      case Guard::kNotTheDecider:
        if (current.decided_by && *current.decided_by == actor.user) {
          return Status::PermissionDenied("four eyes: " + actor.user + " decided request " + current.id +
                                          " and cannot approve the decision; another manager must");
        }
        break;
      case Guard::kDocumentsComplete: {
        std::vector<std::string> missing =
            rules_.MissingDocuments(current.relation, current.channel, data["documents"], today);
        if (!missing.empty()) {
          std::string list;
          for (const auto& m : missing) list += (list.empty() ? "" : "; ") + m;
          return Status::InvalidArgument("identity of request " + current.id + " (" +
                                         rules_.RelationName(current.relation) +
                                         ") cannot be verified: missing or too old: " + list);
        }
        break;
      }
      case Guard::kConsultationMatches:
        if (Status s = CheckConsultation(current, data); !s.ok()) return s;
        break;
      case Guard::kNoOpenConsultation:
        if (current.has_open_consultation()) {
          return Status::Conflict("request " + current.id +
                                  " cannot be decided while consultations are open: " + OpenList(current) +
                                  "; record each answer with consultation_done");
        }
        break;
      case Guard::kObjectionNotIgnored:
        if (data.value("outcome", "") == "full" && current.has_objection()) {
          std::string who;
          for (const Consultation* c : current.LatestAnswers()) {
            if (c->answer == "objection") who += (who.empty() ? "" : ", ") + c->institution;
          }
          return Status::Conflict("request " + current.id + " cannot be decided 'full': " + who +
                                  " objected; decide partial or refused citing the objection, or consult the "
                                  "institution again and record its new answer");
        }
        break;
      case Guard::kFeePaidFirst:
        if (current.fee && current.fee->owed()) {
          return Status::Conflict("request " + current.id + " has a fee of " + std::to_string(current.fee->amount) +
                                  " yen not yet paid; record fee_paid before respond");
        }
        break;
      case Guard::kFeeOwed:
        if (!current.fee || !current.fee->owed()) {
          return Status::Conflict("request " + current.id + " has no unpaid fee");
        }
        if (data.value("amount", -1) != current.fee->amount) {
          return Status::InvalidArgument("fee of request " + current.id + " is " +
                                         std::to_string(current.fee->amount) + " yen, not " +
                                         std::to_string(data.value("amount", -1)));
        }
        break;
    }
  }
  return Status::Ok();
}

Status Workflow::CheckConsultation(const Request& current, const nlohmann::json& data) const {
  if (!data.contains("institution")) {
    if (NotYetConsulted(current).empty()) {
      return Status::InvalidArgument("consult on request " + current.id +
                                     ": name the institution (every institution named at intake has been consulted)");
    }
    return Status::Ok();
  }
  const std::string institution = data["institution"].get<std::string>();
  const Consultation* open = OpenConsultation(current, institution);
  if (data.contains("answer")) {  // consultation_done
    if (!open) {
      return Status::InvalidArgument("request " + current.id + " has no open consultation with " + institution +
                                     "; open: " + OpenList(current));
    }
  } else if (open) {
    return Status::Conflict("request " + current.id + " already has an open consultation with " + institution +
                            " (due " + open->due.ToIso() + ")");
  }
  return Status::Ok();
}

std::vector<Event> Workflow::AllowedEvents(const Request& request, const Actor& actor) const {
  std::vector<Event> out;
  for (Event e : EventsAllowed(request.state, actor.role)) {
    const Transition& row = TransitionFor(e);
    bool blocked = false;
    for (Guard g : row.guards) {
      if (g == Guard::kReviewerMustBeAssignee && !IsReviewerAssignee(request, actor)) blocked = true;
      if (g == Guard::kNotTheDecider && request.decided_by && *request.decided_by == actor.user) blocked = true;
      if (g == Guard::kNoOpenConsultation && request.has_open_consultation()) blocked = true;
      if (g == Guard::kFeePaidFirst && request.fee && request.fee->owed()) blocked = true;
      if (g == Guard::kFeeOwed && !(request.fee && request.fee->owed())) blocked = true;
      if (g == Guard::kAssignedToAnother && !request.assignee) blocked = true;
    }
    if (!blocked) out.push_back(e);
  }
  return out;
}

DueDate Workflow::Due(const Request& request, Date today) const {
  return ComputeDueDate(request.deadline, calendar_, today);
}

}  // namespace madoguchi
