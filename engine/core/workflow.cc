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
  }
  return current.state;
}

// What an event changes in the request besides its state. One switch, so that
// every effect of every event can be read in one place.
void ApplyEffects(Event event, State from, const Actor& actor, const nlohmann::json& data, Date today, Request* r) {
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
      r->assignee = data["to"].get<std::string>();
      break;
    case Event::kDecide:
      r->outcome = data["outcome"].get<std::string>();
      r->decided_by = actor.user;
      break;
    case Event::kReturn:
      r->outcome.reset();
      r->decided_by.reset();
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
    case Event::kConsult:
    case Event::kConsultationDone:
    case Event::kApprove:
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

}  // namespace

std::string JoinEventNames(const std::vector<Event>& events) {
  if (events.empty()) return "none";
  std::string out;
  for (Event e : events) {
    if (!out.empty()) out += ", ";
    out += Name(e);
  }
  return out;
}

Workflow::Workflow(BusinessCalendar calendar, DeadlinePolicy policy, DataCategories categories)
    : calendar_(std::move(calendar)),
      policy_(std::move(policy)),
      categories_(std::move(categories)),
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
  if (Status s = CheckGuards(row, current, actor, command.data); !s.ok()) return s;

  Request next = current;
  next.state = NextState(row, current, command.data);
  ApplyEffects(command.event, current.state, actor, command.data, JstDate(now), &next);
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
  if (problems.empty()) return Status::Ok();
  return Status::InvalidArgument("data of " + Quote(Name(event)) + " is invalid: " + JoinMessages(problems));
}

Status Workflow::CheckGuards(const Transition& row, const Request& current, const Actor& actor,
                             const nlohmann::json& data) const {
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
      case Guard::kNotTheDecider:
        if (current.decided_by && *current.decided_by == actor.user) {
          return Status::PermissionDenied("four eyes: " + actor.user + " decided request " + current.id +
                                          " and cannot approve the decision; another manager must");
        }
        break;
    }
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
    }
    if (!blocked) out.push_back(e);
  }
  return out;
}

DueDate Workflow::Due(const Request& request, Date today) const {
  return ComputeDueDate(request.deadline, calendar_, today);
}

}  // namespace madoguchi
