// Workflow: applies an event to a request, by the rules of the transition
// table (workflow_table.h). Pure: no I/O, no clock of its own; the store calls
// it inside the transaction that records the result.
//
// Checks, in this order, each refusal naming the request's current state and
// the events the actor may fire there:
//   1. the version the actor saw is the current one      (else kConflict)
//   2. the event may be fired from the current state     (else kConflict)
//   3. the actor's role may fire it                      (else kPermissionDenied)
//   4. its data matches schemas/events/<event>.schema.json (else kInvalidArgument)
//   5. the row's guards: a reviewer leaves other reviewers' requests alone,
//      claims only for themself; the approver is not the decider (else kPermissionDenied);
//      reassign names an assigned request and someone else (else kConflict or kInvalidArgument);
//      verify_identity meets the relation's document checklist (else kInvalidArgument,
//      naming each missing or too old document); consult / consultation_done name an
//      institution not yet / still being consulted; decide waits for every consultation's
//      answer, and is not "full" while an institution's latest answer is an objection;
//      decide's outcome, grounds and basis belong to the request's type, and an
//      approved decision still does (decision_table.h);
//      respond of a disclosure by another method than asked gives method_reason;
//      fee_paid pays the amount charged; fee_lapsed only after the fee's due date
//      (else kConflict or kInvalidArgument, naming what is missing)
//
// Effects beyond the state (ApplyEffects): consultations are recorded per
// institution with their due dates; respond charges the fee of
// config/fees.json for a decision that gives data (decision_table.h), which
// the decision letter prints with how to pay and by when; nothing waits for it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/business_calendar.h"
#include "core/data_categories.h"
#include "core/deadline_policy.h"
#include "core/desk_rules.h"
#include "core/request.h"
#include "core/request_record.h"
#include "util/status.h"

namespace madoguchi {

struct Actor {
  Actor() = default;
  // Not an aggregate, so that {user, role} stays the short way to name one.
  Actor(std::string user_name, Role user_role, bool granted = false, std::vector<std::string> worker_kinds = {})
      : user(std::move(user_name)), role(user_role), personal_granted(granted), kinds(std::move(worker_kinds)) {}

  std::string user;
  Role role = Role::kClerk;
  // What the user table grants beyond the role (commands/command_policy.h):
  // an auditor's personal-data grant, a worker's outbox kinds.
  bool personal_granted = false;
  std::vector<std::string> kinds;
};

struct EventCommand {
  Event event = Event::kNote;
  nlohmann::json data = nlohmann::json::object();
  int64_t seen_version = 0;  // the version the actor saw
};

class Workflow {
 public:
  Workflow(BusinessCalendar calendar, DeadlinePolicy policy, DataCategories categories,
           DeskRules rules = DeskRules::Default());

  // A new request from a parsed record: state received, version 1, its
  // deadline rule taken from the policy now. Only a clerk may take one in.
  Result<Request> Intake(const RequestRecord& record, const Actor& actor, std::string id, Timestamp now) const;

  // The request after the event, or the Status that refuses it.
  Result<Request> Apply(const Request& current, const Actor& actor, const EventCommand& command,
                        Timestamp now) const;

  // Events this actor may fire on this request now (state, role and the
  // guards that depend on the request, such as the assignee).
  std::vector<Event> AllowedEvents(const Request& request, const Actor& actor) const;

  DueDate Due(const Request& request, Date today) const;

  const BusinessCalendar& calendar() const { return calendar_; }
  const DeadlinePolicy& policy() const { return policy_; }
  const RequestRecordParser& record_parser() const { return record_parser_; }
  const DeskRules& rules() const { return rules_; }

 private:
  Status CheckGuards(const Transition& row, const Request& current, const Actor& actor,
                     const nlohmann::json& data, Date today) const;
  void ApplyEffects(Event event, State from, const Actor& actor, const nlohmann::json& data, Date today,
                    Request* r) const;
  void ChargeFee(const std::string& method, Date today, Request* r) const;
  Status CheckConsultation(const Request& current, const nlohmann::json& data, Date today) const;
  Status CheckBereavedConsent(const Request& current, const nlohmann::json& data) const;
  Status CheckConsultationsAnswered(const Request& current, const nlohmann::json& data) const;
  Status CheckData(Event event, const nlohmann::json& data, Timestamp now) const;
  std::string AllowedList(const Request& request, const Actor& actor) const;

  BusinessCalendar calendar_;
  DeadlinePolicy policy_;
  DataCategories categories_;
  DeskRules rules_;
  RequestRecordParser record_parser_;
};

// "decide, note" or "none".
std::string JoinEventNames(const std::vector<Event>& events);

}  // namespace madoguchi
