#include "core/workflow.h"

#include <algorithm>

#include "core/decision_table.h"
#include "core/disclosure_method.h"
#include "core/extension_rules.h"
#include "core/schema_validator.h"
#include "core/utf8.h"

namespace madoguchi {

namespace {

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

bool IsWithheldPart(std::optional<Outcome> o) { return o == Outcome::kPartial || o == Outcome::kRefused; }

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
    case Target::kByDecision: {
      // decision_table.cc says which outcomes a manager approves; every
      // outcome for a protected person (支援措置, Request::protected_person).
      // A full disclosure of receipts, 健診 results or doctors' opinions too
      // (approval_categories), and a decision resting on an exemption from
      // consulting an institution (decide.exempt_consultation): the manager
      // who approves the decision approves the exemption.
      const std::optional<Outcome> outcome = DecidedOutcome(data);
      const bool approved_by_manager =
          !outcome || NeedsApproval(current.type, *outcome, current.categories, current.protected_person) ||
          data.contains("exempt_consultation") || data.value("name_institution", false);
      return approved_by_manager ? State::kPendingApproval : State::kDecided;
    }
    case Target::kByConsultations:
      return State::kInReview;  // Apply() keeps consulting while another consultation is open
    case Target::kSameUnlessDelivering:
      return current.state == State::kDelivering ? State::kClosed : current.state;
    case Target::kByDelivery:
      // respond recorded how the data goes for a decision that hands data
      // over; a request that reached responding before that closes as it did.
      return current.delivery ? State::kDelivering : State::kClosed;
  }
  return current.state;
}

// The open consultation of that party (any kind when `kind` is empty).
const Consultation* OpenConsultation(const Request& r, const std::string& institution, const std::string& kind = "") {
  for (const auto& c : r.consultations) {
    if (c.open() && c.institution == institution && (kind.empty() || c.party_kind == kind)) return &c;
  }
  return nullptr;
}

bool IsInstitution(const Consultation& c) {
  const ConsultationParty* p = FindConsultationParty(c.party_kind);
  return p != nullptr && p->receipts;
}

// Institutions named at intake that have never been consulted.
std::vector<std::string> NotYetConsulted(const Request& r) {
  std::vector<std::string> out;
  for (const auto& item : r.receipts) {
    bool asked = std::any_of(r.consultations.begin(), r.consultations.end(), [&](const Consultation& c) {
      return IsInstitution(c) && c.institution == item.institution;
    });
    if (!asked && std::find(out.begin(), out.end(), item.institution) == out.end()) out.push_back(item.institution);
  }
  return out;
}

// Institutions named at intake whose consultation has no answer yet (never
// consulted, or still open), in the order named.
std::vector<std::string> NotYetAnswered(const Request& r) {
  std::vector<std::string> out;
  const std::vector<const Consultation*> answered = r.LatestAnswers();
  for (const auto& item : r.receipts) {
    bool has = std::any_of(answered.begin(), answered.end(), [&](const Consultation* c) {
      return IsInstitution(*c) && c->institution == item.institution;
    });
    if (!has && std::find(out.begin(), out.end(), item.institution) == out.end()) out.push_back(item.institution);
  }
  return out;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Pieces of an institution's objection long enough to be a quotation: the
// whole text, and each part between 、。（）「」 of at least 8 characters.
std::vector<std::string> QuotablePieces(const std::string& text) {
  std::vector<std::string> out = {text};
  std::string piece;
  auto flush = [&] {
    if (CodePointCount(piece) >= 8 && piece != text) out.push_back(piece);
    piece.clear();
  };
  static const std::vector<std::string> stops = {"、", "。", "（", "）", "「", "」", "(", ")", "\n", " ", "　"};
  for (size_t i = 0; i < text.size();) {
    bool stopped = false;
    for (const std::string& s : stops) {
      if (text.compare(i, s.size(), s) == 0) {
        flush();
        i += s.size();
        stopped = true;
        break;
      }
    }
    if (!stopped) piece += text[i++];
  }
  flush();
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
      r->respond_by = rules_.RespondBy(data, today, calendar_);
      break;
    case Event::kDocumentsReceived:
      r->resume_state.reset();
      r->respond_by.reset();
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
      for (auto& institution : institutions) {
        Consultation c;
        c.institution = institution;
        c.sent = sent;
        c.due = due;
        c.party_kind = data.value("party_kind", "institution");
        for (auto [key, field] : {std::pair<const char*, std::optional<std::string>*>{"postal_code", &c.postal_code},
                                  {"address", &c.address}, {"doctor", &c.doctor}}) {
          if (data.contains(key)) *field = data[key].get<std::string>();
        }
        c.opened_version = r->version + 1;  // the version this event gives the request: its letter's revision
        r->consultations.push_back(std::move(c));
      }
      if (data.contains("bereaved_consent") && !r->bereaved_consent_on) {
        r->bereaved_consent_on = DateOr(data["bereaved_consent"], "on", today);
      }
      break;
    }
    case Event::kConsultationDone:
      for (auto& c : r->consultations) {
        if (c.open() && c.institution == data["institution"].get<std::string>() &&
            c.party_kind == data.value("party_kind", c.party_kind)) {
          c.answer = data["answer"].get<std::string>();  // no_answer: recorded by the society after the due date
          if (data.contains("reason")) c.reason = data["reason"].get<std::string>();
          if (data.contains("part")) c.part = data["part"].get<std::string>();
          if (data.contains("doctor")) c.doctor = data["doctor"].get<std::string>();
          c.answered = DateOr(data, "answered", today);
          break;
        }
      }
      break;
    case Event::kDecide: {
      r->outcome = DecidedOutcome(data);
      r->decided_by = actor.user;
      r->pages = data.value("pages", 0);
      // Checked by the guard kDecisionFitsType; kept for approve and the letter.
      Result<CheckedDecision> decided = CheckDecision(r->type, data, r->basis);
      if (decided.ok()) {
        r->decision_grounds = decided->grounds;
        r->basis = decided->basis;
      }
      break;
    }
    case Event::kApprove:
      break;
    case Event::kRespond:
      ChargeFee(data.value("method", ""), today, r);
      r->copy_to_person = data.value("copy_to_person", false);
      if (r->outcome && HandsOverData(r->type, *r->outcome)) {
        Delivery d;
        d.method = data.value("method", "");
        r->delivery = d;
      }
      break;
    case Event::kLetterIssued:
      if (r->delivery) {
        r->delivery->letter_on = today;
        // Counter and viewing: the data waits for the person from the letter's
        // day (the letter prints the same pick-up deadline); the clock stops as
        // it does while the society waits on the requester (docs/desk-rules.md).
        if (r->delivery->awaits_pickup()) {
          r->delivery->pickup_by = today.AddDays(rules_.pickup_days());
          if (!r->deadline.clock_stopped()) r->deadline.StopClock(today);
        }
      }
      break;
    case Event::kDisclosureDelivered:
      r->delivery->delivered_method = data["method"].get<std::string>();
      r->delivery->delivered_on = DateOr(data, "on", today);
      if (r->deadline.clock_stopped()) r->deadline.ResumeClock(today);
      break;
    case Event::kDisclosureUncollected:
      r->delivery->uncollected_on = today;
      if (r->deadline.clock_stopped()) r->deadline.ResumeClock(today);
      break;
    case Event::kFeeLapsed:
      r->fee->lapsed_on = today;
      if (from == State::kDelivering && r->deadline.clock_stopped()) r->deadline.ResumeClock(today);
      break;
    case Event::kReturn:
      r->outcome.reset();
      r->decided_by.reset();
      r->decision_grounds.clear();
      break;
    case Event::kFeePaid:
      r->fee->paid_amount = data["amount"].get<int>();
      r->fee->paid_on = DateOr(data, "paid_on", today);
      // A fee charged by decide before this release had stopped the clock.
      if (r->deadline.clock_stopped() && r->state == State::kDecided) r->deadline.ResumeClock(today);
      break;
    case Event::kExtend:
      r->deadline.Extend(today, data["days"].get<int>());
      break;
    case Event::kWithdraw:
    case Event::kRejectIdentity:
      if (r->deadline.clock_stopped()) r->deadline.ResumeClock(today);
      r->resume_state.reset();
      r->respond_by.reset();
      break;
    case Event::kLegalHold:
      r->legal_hold = true;
      break;
    case Event::kLegalHoldRelease:
      r->legal_hold = false;
      break;
    case Event::kVerifyIdentity:
      if (data.contains("bereaved_relation")) r->bereaved_relation = data["bereaved_relation"].get<std::string>();
      break;
    case Event::kIntake:
    case Event::kDisclosureAttach:   // the store adds the file (it hashes and seals it)
    case Event::kDisclosurePackage:  // the store makes the package
    case Event::kNote:
    case Event::kLink:
    case Event::kUnlink:
    case Event::kLetterPosted:
    case Event::kLetterReturned:
      break;
  }
}

// A decision that gives the person something (decision_table.h gives_data:
// a purpose notice, all or part of a disclosure) is charged the fee of
// config/fees.json when it is sent, by how the data goes (postage by post,
// copies on paper); the decision letter prints it, with how to pay and by
// when. Nothing waits for it but the data. A fee charged before (by decide,
// before this release) stays as it was.
void Workflow::ChargeFee(const std::string& method, Date today, Request* r) const {
  if (r->fee) return;
  const OutcomeRule* rule = FindOutcome(r->type, r->outcome.value_or(Outcome::kFull));
  if (rule == nullptr || !rule->gives_data || r->outside_appi()) return;
  FeeCharge charge = rules_.FeeFor(r->type, r->pages, method);
  if (charge.total() <= 0) return;
  Date due = today.AddDays(rules_.payment_days());
  while (!calendar_.IsBusinessDay(due)) due = due.AddDays(1);
  r->fee = Fee{charge.total(), r->pages, std::nullopt, std::nullopt, charge.per_request, charge.page_blocks,
               charge.per_page, charge.per_pages, charge.postage, due, std::nullopt};
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
  r.bereaved_relation = record.bereaved_relation;
  r.basis = record.basis;
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
  if (current.disposed_at) {
    return Status::Conflict("request " + current.id + " was disposed of at the end of its retention period (" +
                            FormatJst(*current.disposed_at) + "); nothing more is recorded of it");
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
  if (row.closes_with_outcome) next.outcome = *row.closes_with_outcome;
  // Kept from the day it reaches a terminal state (whichever event leads
  // there) until its retention period ends (DeadlinePolicy::RetentionUntil).
  if (IsOpen(current.state) && !IsOpen(next.state)) {
    next.retention_until = policy_.RetentionUntil(next.type, JstDate(now));
  }
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
  if (problems.empty() && event == Event::kRequestDocuments && data.contains("respond_by")) {
    Result<Date> by = Date::Parse(data["respond_by"].get<std::string>());
    if (!by.ok()) {
      problems.push_back("respond_by: " + by.status().message());
    } else if (*by <= JstDate(now)) {
      problems.push_back("respond_by: " + by->ToIso() + " is not after today");
    }
  }
  for (const char* key : {"sent", "due", "answered", "paid_on", "on"}) {
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
        if (current.outside_appi()) {
          // The bereaved: 父母、配偶者、子 or an equivalent position with its reason (decision_table.h).
          const std::string code = data.value("bereaved_relation", current.bereaved_relation.value_or(""));
          const BereavedRelation* b = FindBereavedRelation(code);
          if (b == nullptr) {
            return Status::InvalidArgument(
                "data of 'verify_identity' is invalid: bereaved_relation: request " + current.id +
                (code.empty() ? std::string(" は遺族からの開示依頼です。亡くなられた方との続柄")
                              : " の続柄 '" + code + "' は受け付けられません。続柄") +
                "を父母 (parent)、配偶者 (spouse)、子 (child) 又はこれらに準ずる者 (equivalent、理由を記録) から選んでください");
          }
          if (data.contains("bereaved_relation") && b->needs_reason && !data.contains("bereaved_relation_reason")) {
            return Status::InvalidArgument("data of 'verify_identity' is invalid: bereaved_relation_reason: "
                                           "「これらに準ずる者」として受け付ける理由を記録してください");
          }
        } else if (data.contains("bereaved_relation")) {
          return Status::InvalidArgument("data of 'verify_identity' is invalid: bereaved_relation: request " + current.id +
                                         " is not a bereaved family's");
        }
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
      case Guard::kDecisionFitsType:
        if (row.event == Event::kDecide) {
          if (Result<CheckedDecision> d = CheckDecision(current.type, data, current.basis); !d.ok()) {
            return Status::InvalidArgument(d.status().message() + " (request " + current.id + ")");
          }
        } else if (Status s = current.outcome ? CheckRecordedDecision(current.type, *current.outcome,
                                                                      current.decision_grounds, current.basis)
                                              : Status::Conflict("no decision is recorded; return it to the reviewer");
                   !s.ok()) {
          return Status::Conflict("request " + current.id + " cannot be approved: " + s.message());
        }
        break;
      case Guard::kRespondByPassed:
        // Waiting on the requester: only for the identity documents asked for
        // before verification, and only once the day they were asked by has passed.
        if (current.state == State::kAwaitingRequester) {
          if (current.resume_state != State::kReceived) {
            return Status::Conflict("request " + current.id + " waits on the requester after its identity was verified; "
                                    "reject_identity is for a request whose identity documents did not come");
          }
          if (current.respond_by && today <= *current.respond_by) {
            return Status::Conflict("request " + current.id + " asked the requester to send the documents by " +
                                    current.respond_by->ToIso() + "; reject_identity only after that day");
          }
        }
        break;
      case Guard::kHoldMatches:
        if (row.event == Event::kLegalHold && current.legal_hold) {
          return Status::Conflict("request " + current.id + " is already under a legal hold");
        }
        if (row.event == Event::kLegalHoldRelease && !current.legal_hold) {
          return Status::Conflict("request " + current.id + " is not under a legal hold");
        }
        break;
      case Guard::kFeeOverdue:
        if (!current.fee || !current.fee->owed() || !current.fee->due || today <= *current.fee->due) {
          return Status::Conflict("request " + current.id + " has no unpaid fee past its due date" +
                                  (current.fee && current.fee->due ? " (due " + current.fee->due->ToIso() + ")" : ""));
        }
        break;
      case Guard::kExtensionAllowed:
        if (Status s = CheckExtension(current, actor.role, data.value("days", 0), today, Due(current, today).due,
                                      policy_.max_extension_days());
            !s.ok()) {
          return s;
        }
        break;
      case Guard::kMethodReasonGiven: {
        const OutcomeRule* rule = current.outcome ? FindOutcome(current.type, *current.outcome) : nullptr;
        const bool disclosure =
            current.type == RequestType::kDisclosure || current.type == RequestType::kThirdPartyRecordDisclosure;
        const std::string used = data.value("method", "");
        if (disclosure && !current.outside_appi() && rule != nullptr && rule->gives_data &&
            !MethodAsAsked(current.disclosure_method, used) && data.value("method_reason", "").empty()) {
          return Status::InvalidArgument("data of 'respond' is invalid: method_reason: request " + current.id +
                                         " asked for '" + current.disclosure_method.value_or("") + "' and is answered '" +
                                         used + "'; give the actual reason, which the letter prints (Art. 33(3))");
        }
        break;
      }
      case Guard::kCopyOnlyForVoluntaryAgent:
        // A legal representative acts for someone who cannot (a child, a
        // ward): the letter is theirs. A voluntary agent was chosen by a
        // person who can read their own answer, and may be sent it.
        if (data.value("copy_to_person", false) && current.relation != "voluntary_agent") {
          return Status::InvalidArgument("data of 'respond' is invalid: copy_to_person: request " + current.id +
                                         " was not made by a voluntary agent (任意代理人); the letter goes to the "
                                         "requester alone");
        }
        break;
      case Guard::kConsultationMatches:
        if (Status s = CheckConsultation(current, data, today); !s.ok()) return s;
        break;
      case Guard::kConsultationsAnswered:
        if (Status s = CheckConsultationsAnswered(current, data); !s.ok()) return s;
        break;
      case Guard::kLetterKeepsConsultations: {
        // What the letter prints (the reason, an alternative's measure) names
        // no consulted institution and repeats no objection: that would tell
        // the person what the consultation protects. The objection stays in
        // the record; the letter prints the society's neutral words
        // (ConsultationWithheldText).
        if (data.value("name_institution", false)) {
          // Naming where to ask fits only what is withheld after an institution objected.
          const bool objected = std::any_of(current.consultations.begin(), current.consultations.end(),
                                            [](const Consultation& c) { return IsInstitution(c) && Request::Objects(c); });
          if (current.type != RequestType::kDisclosure || !objected || !IsWithheldPart(DecidedOutcome(data))) {
            return Status::InvalidArgument("data of 'decide' is invalid: name_institution: request " + current.id +
                                           " withholds nothing an institution objected to; the letter names an "
                                           "institution only for a partial or refused disclosure after its objection");
          }
        }
        std::vector<std::string> names;
        for (const auto& c : current.consultations) names.push_back(c.institution);
        for (const auto& item : current.receipts) names.push_back(item.institution);
        // A disclosure's items print their part and reason too (their institution is the receipt's own).
        std::vector<std::pair<std::string, std::string>> printed_fields;
        for (const char* field : {"reason", "measure"}) printed_fields.push_back({field, data.value(field, "")});
        if (data.contains("items") && data["items"].is_array()) {
          for (size_t i = 0; i < data["items"].size(); ++i) {
            const nlohmann::json& item = data["items"][i];
            if (!item.is_object()) continue;
            for (const char* field : {"part", "reason"}) {
              if (item.contains(field) && item[field].is_string()) {
                printed_fields.push_back({"items[" + std::to_string(i + 1) + "]." + field, item[field].get<std::string>()});
              }
            }
          }
        }
        for (const auto& [field_name, printed] : printed_fields) {
          const char* field = field_name.c_str();
          if (printed.empty()) continue;
          for (const std::string& name : names) {
            if (!name.empty() && printed.find(name) != std::string::npos) {
              return Status::InvalidArgument("data of 'decide' is invalid: " + std::string(field) + ": it names " + name +
                                             ", an institution of the request's receipts; the letter never names a "
                                             "consulted institution (write it in internal_reason, which is never printed)");
            }
          }
          for (const auto& c : current.consultations) {
            if (!c.reason || !Request::Objects(c)) continue;
            for (const std::string& piece : QuotablePieces(*c.reason)) {
              if (printed.find(piece) != std::string::npos) {
                return Status::InvalidArgument("data of 'decide' is invalid: " + std::string(field) +
                                               ": it repeats an institution's objection (「" + piece +
                                               "」); the letter prints the society's own neutral words instead");
              }
            }
          }
        }
        break;
      }
      case Guard::kNoOpenConsultation:
        if (current.has_open_consultation()) {
          return Status::Conflict("request " + current.id +
                                  " cannot be decided while consultations are open: " + OpenList(current) +
                                  "; record each answer with consultation_done");
        }
        break;
      case Guard::kObjectionNotIgnored:
        if (DecidedOutcome(data) == Outcome::kFull && current.has_objection()) {
          std::string who;
          for (const Consultation* c : current.LatestAnswers()) {
            if (Request::Objects(*c)) who += (who.empty() ? "" : ", ") + c->institution;
          }
          return Status::Conflict("request " + current.id + " cannot be decided 'full': " + who +
                                  " objected; decide partial or refused citing the objection, or consult the "
                                  "institution again and record its new answer");
        }
        if (current.has_objection() && current.type == RequestType::kDisclosure) {
          // What is withheld over an objection is withheld under 33(2)(i)
          // (harm to the person's care), which the letter then prints.
          const auto grounds = data.value("grounds", std::vector<std::string>{});
          if (IsWithheldPart(DecidedOutcome(data)) &&
              std::find(grounds.begin(), grounds.end(), "harm") == grounds.end()) {
            return Status::InvalidArgument("data of 'decide' is invalid: grounds: request " + current.id +
                                           " withholds receipts an institution objected to: cite 'harm' (法第33条第2項第1号)");
          }
        }
        break;
      case Guard::kDeliveryRecordable: {
        if (!current.delivery) {
          return Status::Conflict("request " + current.id + " has no disclosure to hand over");
        }
        const Delivery& d = *current.delivery;
        if (current.fee && current.fee->owed()) {
          return Status::Conflict("request " + current.id + " has an unpaid fee of " + std::to_string(current.fee->amount) +
                                  " yen: the data is handed over once it is paid (fee_paid)");
        }
        const std::string method = data.value("method", "");
        if (d.letter_on && data.contains("on")) {
          Result<Date> on = Date::Parse(data["on"].get<std::string>());
          if (on.ok() && *on < *d.letter_on) {
            return Status::InvalidArgument("data of 'disclosure_delivered' is invalid: on: " + on->ToIso() +
                                           " is before the decision letter (" + d.letter_on->ToIso() + ")");
          }
        }
        if (d.files.empty()) {
          return Status::Conflict("request " + current.id +
                                  " keeps no copy of what is disclosed: attach the files handed over first "
                                  "(madoguchi disclosure attach), so that a later dispute can be settled");
        }
        if (method == "electronic" && !d.package) {
          return Status::Conflict("request " + current.id +
                                  " has no encrypted package: make it first (madoguchi disclosure package); its "
                                  "password goes by the パスワード通知書");
        }
        if (method != "electronic" && data.contains("password_route")) {
          return Status::InvalidArgument("data of 'disclosure_delivered' is invalid: password_route: only an electronic "
                                         "disclosure has a password");
        }
        break;
      }
      case Guard::kAttachable: {
        if (!current.delivery) return Status::Conflict("request " + current.id + " has no disclosure to hand over");
        const Delivery& d = *current.delivery;
        if (row.event == Event::kDisclosureAttach) {
          if (static_cast<int>(d.files.size()) >= kMaxDisclosedFiles) {
            return Status::Conflict("request " + current.id + " has " + std::to_string(d.files.size()) +
                                             " files attached, the most one disclosure keeps");
          }
          if (d.package) {
            return Status::Conflict("request " + current.id +
                                    " already has its encrypted package; a file attached now would not be in it");
          }
        } else {
          if (d.method != "electronic") {
            return Status::Conflict("request " + current.id + " is disclosed by '" + d.method +
                                    "', not electronically: it has no package");
          }
          if (d.files.empty()) {
            return Status::Conflict("request " + current.id + " has no file attached (disclosure_attach) to package");
          }
          if (d.package) {
            return Status::Conflict("request " + current.id + " already has its package (SHA-256 " + d.package->sha256 +
                                    "); its password letter went once");
          }
        }
        break;
      }
      case Guard::kPickupPassed:
        if (!current.delivery || !current.delivery->awaits_pickup() || !current.delivery->pickup_by) {
          return Status::Conflict("request " + current.id +
                                  " is not waiting for the person to collect it (counter or viewing); record the "
                                  "delivery with disclosure_delivered");
        }
        if (today <= *current.delivery->pickup_by) {
          return Status::Conflict("request " + current.id + " may be collected until " +
                                  current.delivery->pickup_by->ToIso() +
                                  " (the pick-up deadline the letter printed); disclosure_uncollected only after that day");
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

Status Workflow::CheckConsultationsAnswered(const Request& current, const nlohmann::json& data) const {
  const std::optional<Outcome> outcome = DecidedOutcome(data);
  const std::vector<std::string> categories =
      outcome ? ConsultationCategories(current.type, *outcome, current.categories, current.outside_appi())
              : std::vector<std::string>{};
  std::vector<std::string> exempted;
  if (data.contains("exempt_consultation")) {
    exempted = data["exempt_consultation"].value("institutions", std::vector<std::string>{});
    if (categories.empty()) {
      return Status::InvalidArgument("data of 'decide' is invalid: exempt_consultation: request " + current.id +
                                     " discloses no receipts of a living person; there is no consultation to exempt");
    }
  }
  if (categories.empty()) return Status::Ok();
  const std::vector<std::string> waiting = NotYetAnswered(current);
  for (const std::string& name : exempted) {
    if (std::find(waiting.begin(), waiting.end(), name) == waiting.end()) {
      return Status::InvalidArgument("data of 'decide' is invalid: exempt_consultation: " + name +
                                     " is not an institution of request " + current.id +
                                     " still to answer (" + (waiting.empty() ? std::string("none") : JoinNames(waiting)) +
                                     ")");
    }
  }
  std::vector<std::string> missing;
  for (const std::string& name : waiting) {
    if (std::find(exempted.begin(), exempted.end(), name) == exempted.end()) missing.push_back(name);
  }
  if (!missing.empty()) {
    return Status::Conflict("request " + current.id + " discloses receipts (レセプト) of a living person: " +
                            JoinNames(missing) +
                            " must be consulted and answer first (consult, consultation_done; no_answer once the reply "
                            "deadline has passed), or the decision records an exemption with its reason "
                            "(exempt_consultation), which a manager approves");
  }
  return Status::Ok();
}

Status Workflow::CheckConsultation(const Request& current, const nlohmann::json& data, Date today) const {
  if (!data.contains("answer")) {
    if (Status s = CheckBereavedConsent(current, data); !s.ok()) return s;
  }
  if (!data.contains("institution")) {
    if (NotYetConsulted(current).empty()) {
      return Status::InvalidArgument("consult on request " + current.id +
                                     ": name the institution (every institution named at intake has been consulted)");
    }
    return Status::Ok();
  }
  const std::string institution = data["institution"].get<std::string>();
  const std::string kind = data.value("party_kind", "");
  const Consultation* open = OpenConsultation(current, institution, data.contains("answer") ? kind : data.value("party_kind", "institution"));
  if (data.contains("answer")) {  // consultation_done
    if (!open) {
      return Status::InvalidArgument("request " + current.id + " has no open consultation with " + institution +
                                     "; open: " + OpenList(current));
    }
    const ConsultationAnswer* answer = FindConsultationAnswer(data["answer"].get<std::string>());
    if (answer != nullptr && answer->after_due_only && today <= open->due) {
      return Status::Conflict("request " + current.id + ": " + std::string(answer->code) + " is recorded only after " +
                              institution + "'s reply deadline (" + open->due.ToIso() +
                              ") has passed; until then wait for the answer, or send a reminder");
    }
  } else if (open) {
    return Status::Conflict("request " + current.id + " already has an open consultation with " + institution +
                            " (due " + open->due.ToIso() + ")");
  }
  return Status::Ok();
}

Status Workflow::CheckBereavedConsent(const Request& current, const nlohmann::json& data) const {
  // MHLW's rule: an institution is told of a bereaved family's request only
  // with their consent, recorded before the first institution is consulted.
  const ConsultationParty* party = FindConsultationParty(data.value("party_kind", "institution"));
  if (!current.outside_appi() && data.contains("bereaved_consent")) {
    return Status::InvalidArgument("data of 'consult' is invalid: bereaved_consent: request " + current.id +
                                   " is not a bereaved family's");
  }
  if (!current.outside_appi() || party == nullptr || !party->receipts) return Status::Ok();
  if (current.bereaved_consent_on || data.contains("bereaved_consent")) return Status::Ok();
  return Status::Conflict(
      "consult on request " + current.id +
      ": ご遺族からの開示依頼です。医療機関に照会する前に、開示依頼があったことを医療機関に伝えることについての"
      "ご遺族の同意を記録してください (bereaved_consent: {on, note?})");
}

std::vector<Event> Workflow::AllowedEvents(const Request& request, const Actor& actor) const {
  std::vector<Event> out;
  if (request.disposed_at) return out;  // disposed of: nothing more is recorded
  for (Event e : EventsAllowed(request.state, actor.role)) {
    const Transition& row = TransitionFor(e);
    bool blocked = false;
    for (Guard g : row.guards) {
      if (g == Guard::kReviewerMustBeAssignee && !IsReviewerAssignee(request, actor)) blocked = true;
      if (g == Guard::kNotTheDecider && request.decided_by && *request.decided_by == actor.user) blocked = true;
      if (g == Guard::kNoOpenConsultation && request.has_open_consultation()) blocked = true;
      if (g == Guard::kFeeOverdue && !(request.fee && request.fee->owed() && request.fee->due)) blocked = true;
      if (g == Guard::kFeeOwed && !(request.fee && request.fee->owed())) blocked = true;
      if (g == Guard::kExtensionAllowed && actor.role != Role::kManager &&
          std::any_of(request.deadline.adjustments.begin(), request.deadline.adjustments.end(),
                      [](const DeadlineAdjustment& a) { return a.kind == DeadlineAdjustment::Kind::kExtension; })) {
        blocked = true;  // a second extension is a manager's
      }
      if (g == Guard::kRespondByPassed && request.state == State::kAwaitingRequester &&
          (request.resume_state != State::kReceived || !request.respond_by)) {
        blocked = true;  // the day is checked when it is fired (it needs today)
      }
      if (g == Guard::kAssignedToAnother && !request.assignee) blocked = true;
      if (g == Guard::kPickupPassed && !(request.delivery && request.delivery->awaits_pickup())) blocked = true;
      const Delivery* d = request.delivery ? &*request.delivery : nullptr;
      if (g == Guard::kDeliveryRecordable && (d == nullptr || d->files.empty())) blocked = true;
      if (g == Guard::kAttachable && e == Event::kDisclosureAttach &&
          (d == nullptr || d->package || static_cast<int>(d->files.size()) >= kMaxDisclosedFiles)) {
        blocked = true;
      }
      if (g == Guard::kAttachable && e == Event::kDisclosurePackage &&
          (d == nullptr || d->method != "electronic" || d->files.empty() || d->package)) {
        blocked = true;
      }
      if (g == Guard::kHoldMatches && request.legal_hold != (e == Event::kLegalHoldRelease)) blocked = true;
    }
    if (!blocked) out.push_back(e);
  }
  return out;
}

DueDate Workflow::Due(const Request& request, Date today) const {
  return ComputeDueDate(request.deadline, calendar_, today);
}

}  // namespace madoguchi
