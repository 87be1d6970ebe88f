// Which letter an event sends the requester (docs/letters.md). Pure:
// the store calls it inside the transaction of the event, and writes the
// letter job into the outbox in that same transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/request.h"

namespace madoguchi {

struct PlannedLetter {
  std::string kind;     // a letter_kind of schemas/messages/letter-context.schema.json
  bool closes_request;  // the decision letter: issuing it fires letter_issued
  // A letter to a consulted party (an institution, an employer, ...), not to
  // the requester: the index of its consultation in Request::consultations.
  std::optional<size_t> consultation = std::nullopt;
};

// The letters an event sends consulted parties (docs/letters.md): consult,
// each consultation it opened its 照会書 (consultation_request for a medical
// institution, third_party_consultation_request for the others, by
// decision_table.h ConsultationParties); letter_issued of a disclosure decided
// full, partial or refused, each institution consulted its outcome notice.
std::vector<PlannedLetter> PartyLettersFor(Event event, const Request& after);

// Whether letters of `kind` go to a consulted party (照会書, 再照会, the outcome
// notice), not to the requester.
bool IsPartyLetterKind(std::string_view kind);

// The 再照会 of a consultation whose reply deadline has passed: made when its
// consultation_passed timer fires, once per consultation (its id has no revision).
PlannedLetter ConsultationReminderLetter(size_t consultation);

// A planned letter's id: LetterId, and for a party's letter its consultation ("-c2").
std::string PlannedLetterId(const std::string& request_id, const PlannedLetter& letter, int64_t revision);

// The letter that `event` calls for on the request as it is after the event,
// or nullopt (assign, note, ...). The fee goes in the decision letter (the
// fee_notice kind is kept for jobs queued before that); bereaved family
// (outside the APPI right) get their own acknowledgement and, for a
// disclosure, their own answer letter.
std::optional<PlannedLetter> LetterFor(Event event, const Request& after);

// A letter's id: derived from request, kind and revision (the request's
// version after the event), so the same job twice makes one letter.
std::string LetterId(const std::string& request_id, std::string_view kind, int64_t revision);

// The fields of an event's data that its letter prints as sentences staff
// wrote (decide: reason, measure; request_documents: message; reject_identity:
// reason; extend: reason), which the reason check (reason_lint.h) looks at
// before they are sent. Lists of documents are printed too, but are not
// sentences; other fields (decide's internal_reason, internal notes) stay in history.
std::vector<std::string_view> PrintedFields(Event event);

// The events that may send a letter (LetterFor; consult's 照会書, PartyLettersFor;
// and for decide and approve the decision letter respond will send): the web
// desk offers a preview of them.
std::vector<Event> EventsThatSendLetters();

// The Japanese title of each letter kind ("受付通知", ...).
std::string_view LetterTitle(std::string_view kind);

}  // namespace madoguchi
