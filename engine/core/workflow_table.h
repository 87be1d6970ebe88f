// The workflow of a request as data: the states, the events, the roles, and
// the transition table of docs/workflow.md ("these names are the API"). Every rule
// about which event may be fired from which state, by whom and under which
// guards is read from kTransitions (workflow_table.cc). What an event must
// carry is its schema (schemas/events/<event>.schema.json); a guard names a
// rule whose body is in workflow.cc, reading its own table where it has one
// (a decision's outcomes, grounds and letters: decision_table.h). The clock
// stops while a request is in awaiting_requester (deadline.h); no row says so
// on its own. The names below are the wire names.
#pragma once

#include <optional>
#include <string>
#include <span>
#include <string_view>
#include <vector>

#include "core/outcome.h"

namespace madoguchi {

enum class RequestType {
  kPurposeNotice,               // purpose_notice, 利用目的の通知, APPI Art. 32
  kDisclosure,                  // disclosure, 開示, Art. 33
  kThirdPartyRecordDisclosure,  // third_party_record_disclosure, 第三者提供記録の開示, Art. 33(5)
  kCorrection,                  // correction, 訂正等, Art. 34
  kSuspension,                  // suspension, 利用停止等, Art. 35(1)
  kThirdPartyStop,              // third_party_stop, 第三者提供の停止, Art. 35(3)
};

enum class State {
  kReceived,
  kAwaitingRequester,  // the clock is stopped
  kVerified,
  kInReview,
  kConsulting,
  kPendingApproval,
  kDecided,
  kResponding,
  // The decision letter of a decision that gives data has gone; the data
  // itself has not been handed over yet (disclosure_delivered closes it).
  kDelivering,
  kClosed,     // terminal
  kWithdrawn,  // terminal
};

enum class Event {
  kIntake,
  kRequestDocuments,
  kDocumentsReceived,
  kVerifyIdentity,
  kRejectIdentity,
  kAssign,
  kConsult,
  kConsultationDone,
  kDecide,
  kApprove,
  kReturn,
  kRespond,
  kLetterIssued,
  kExtend,
  kWithdraw,
  kNote,
  kLink,            // link {to, reason}: relates this request to another (e.g. a duplicate)
  kUnlink,          // unlink {to}: removes that relation, in either direction
  kLetterPosted,    // letter_posted {n, method, tracking}: how letter n went by post
  kLetterReturned,  // letter_returned {n, reason}: letter n came back undelivered
  kFeePaid,  // the fee of a purpose notice or disclosure was paid
  kFeeLapsed,  // fee_lapsed: the fee was not paid by its due date (the data is not handed over)
  kReassign,  // reassign {to, reason}: a manager gives an assigned open request to another reviewer
  kDisclosureDelivered,    // disclosure_delivered {method, on, ...}: the data was handed over (closes)
  kDisclosureUncollected,  // disclosure_uncollected: not collected by the pick-up deadline (closes, with a letter)
  kDisclosureAttach,       // disclosure_attach {media_type, content_base64}: one file of what is disclosed, kept sealed
  kDisclosurePackage,      // disclosure_package: the attached files into one AES-256 ZIP, its password by letter
  kLegalHold,         // legal_hold {reason}: a manager stops the disposal of the request (retention, Art. 22)
  kLegalHoldRelease,  // legal_hold_release {reason}: the hold is lifted; disposal follows its retention date
};

enum class Role { kClerk, kReviewer, kManager, kAuditor, kAdmin, kWorker };

// Where a transition leads, when it is not one fixed state.
enum class Target {
  kFixed,          // Transition::to
  kSame,           // stays where it is (extend, note)
  kResumeState,    // back to the state the request left (documents_received)
  kByDecision,     // decide: decided, or pending_approval for an outcome a manager approves (decision_table.h)
  kByConsultations,  // consultation_done: consulting while another consultation is open, else in_review
  kByDelivery,       // letter_issued: delivering when the decision gives data to hand over (Request::delivery), else closed
  kSameUnlessDelivering,  // fee_lapsed: stays, but a request waiting for its delivery closes (the data is not handed over)
};

// Extra conditions of a row, each checked by one function in workflow.cc.
enum class Guard {
  kReviewerMustBeAssignee,  // a reviewer does not act on another reviewer's request
  kReviewerAssignsSelf,     // a reviewer may claim a request for themself only
  kNotTheDecider,           // four eyes: the approver is not the reviewer who decided
  kDocumentsComplete,       // verify_identity: the relation's checklist (config/identity-documents.json) is met
  kConsultationMatches,     // consult: not already open for that institution; consultation_done: open for it
  kNoOpenConsultation,      // decide: every consultation answered
  kObjectionNotIgnored,     // decide: not "full" while an institution's latest answer is an objection; otherwise cites harm (33(2)(i))
  kConsultationsAnswered,   // decide: a disclosure of a living person's receipts waits on every institution named at intake, or a manager's exemption (decision_table.h)
  kLetterKeepsConsultations,  // decide: the printed reason names no consulted institution and repeats no objection
  kDecisionFitsType,        // decide, approve: outcome, grounds and basis belong to the type (decision_table.h)
  kRespondByPassed,         // reject_identity while waiting: the identity documents asked for did not come by respond_by
  kExtensionAllowed,        // extend: on or before the due date, within the cap, a second one by a manager (extension_rules.h)
  kMethodReasonGiven,       // respond: a disclosure by another method than asked says why (disclosure_method.h, Art. 33(3))
  kCopyOnlyForVoluntaryAgent,  // respond: copy_to_person only when a voluntary agent (任意代理人) asked
  kFeeOwed,                 // fee_paid: there is a fee to pay, and the amount is the one charged
  kFeeOverdue,              // fee_lapsed: a fee is owed and its due date has passed
  kAssignedToAnother,       // reassign: the request has an assignee, and `to` is someone else
  kDeliveryRecordable,      // disclosure_delivered: no fee owed, the day not before the letter, what was disclosed kept
  kPickupPassed,            // disclosure_uncollected: counter or viewing, and the pick-up deadline has passed
  kAttachable,              // disclosure_attach: within the count; disclosure_package: electronic, files attached, none made yet
  kHoldMatches,             // legal_hold: not held already; legal_hold_release: held
};

struct Transition {
  Event event;
  std::vector<State> from;  // empty for intake (the request does not exist yet)
  Target target;
  State to;                 // used when target == kFixed
  std::vector<Role> roles;
  std::vector<Guard> guards;
  std::optional<Outcome> closes_with_outcome;  // recorded when the event closes the request
};

// The whole table, in the order of docs/workflow.md.
std::span<const Transition> TransitionTable();

// The row of an event (every event has exactly one row).
const Transition& TransitionFor(Event event);

// Events that `role` may fire from `state` (by state and role only; guards
// that depend on the request, such as the assignee, are not applied).
std::vector<Event> EventsAllowed(State state, Role role);

bool IsOpen(State state);

// Whom a request may be assigned to (assign, reassign): a role the table lets
// decide, i.e. one that reviews. The store also requires the user to exist
// and be active (RequestWriter::CheckAgainstStored); this is the one rule of
// which roles.
bool MayBeAssigned(Role role);
// Those roles' names, "reviewer" (for messages).
std::string AssignableRoles();
bool AllowsFrom(const Transition& t, State state);
bool AllowsRole(const Transition& t, Role role);

// Wire names, and their inverses (nullopt for an unknown name).
std::string_view Name(RequestType v);
std::string_view Name(State v);
std::string_view Name(Event v);
std::string_view Name(Role v);
std::optional<RequestType> ParseRequestType(std::string_view name);
std::optional<State> ParseState(std::string_view name);
std::optional<Event> ParseEvent(std::string_view name);
std::optional<Role> ParseRole(std::string_view name);

// Japanese labels for staff and requesters.
std::string_view JapaneseName(RequestType v);
std::string_view JapaneseName(State v);
std::string_view JapaneseName(Event v);
// What the desk says once the event is recorded (「承認しました」).
std::string_view DoneSentence(Event v);

// All values of each enum, in declaration order.
std::span<const RequestType> AllRequestTypes();
std::span<const State> AllStates();
std::span<const Event> AllEvents();
std::span<const Role> AllRoles();

}  // namespace madoguchi
