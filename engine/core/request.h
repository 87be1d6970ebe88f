// Request: the workflow fields of one request — everything the workflow,
// queues and deadlines need, and no personal data (that lives in the
// request's personal record, see request_record.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/deadline.h"
#include "util/status.h"
#include "core/jst_time.h"
#include "core/outcome.h"
#include "core/workflow_table.h"

namespace madoguchi {

// Receipts (レセプト) a disclosure covers, as named at intake: one medical
// institution and the months of treatment ("2024-03").
struct ReceiptItem {
  std::string institution;
  std::vector<std::string> months;
  bool operator==(const ReceiptItem&) const = default;
};

// One consultation of a medical institution before disclosing its receipts.
// Open until answered; asking the same institution again (after an answer)
// opens a new one, whose answer replaces the earlier one.
//
// Other third parties are consulted the same way (party_kind: employer, a
// doctor whose opinion is on a form, other; decision_table.h
// ConsultationParties): `institution` is then the party's name.
struct Consultation {
  std::string institution;             // the party's name (sealed)
  Date sent;
  Date due;                            // sent + consultation_days (config/fees.json), or as given
  std::optional<std::string> answer;   // ConsultationAnswers(); empty while open
  std::optional<std::string> reason;   // the party's reason for an objection (sealed)
  std::optional<Date> answered;
  std::string party_kind = "institution";
  std::optional<std::string> postal_code;  // where its letters go (sealed)
  std::optional<std::string> address;      // (sealed)
  std::optional<std::string> doctor;       // 主治医: asked, or who answered (sealed)
  std::optional<std::string> part;         // objection_partial: the part objected to (sealed)
  int64_t opened_version = 0;              // the request's version after the consult that opened it (its letter)
  bool open() const { return !answer.has_value(); }
  bool operator==(const Consultation&) const = default;
};

// The fee charged for a purpose notice or a disclosure (APPI Art. 38), fixed
// when the decision is sent (respond: postage and copies depend on how the
// data goes) and printed in the decision letter with how to pay and by when.
// The decision is never held back for it (a partial decision's Art. 33(3)
// notice must not wait on money); only the data waits. A fee charged before
// this (by decide, with the clock stopped) keeps its amount.
struct Fee {
  int amount = 0;  // yen
  int pages = 0;
  std::optional<int> paid_amount;
  std::optional<Date> paid_on;
  // The parts (DeskRules::FeeFor), as printed; absent for fees charged before they were kept.
  int per_request = 0;
  int page_blocks = 0;
  int per_page = 0;
  int per_pages = 1;
  int postage = 0;
  std::optional<Date> due;        // 納付期限: the letter's day + payment_days, to the next business day
  std::optional<Date> lapsed_on;  // fee_lapsed: not paid by its due date, recorded
  bool owed() const { return amount > 0 && !paid_on.has_value() && !lapsed_on.has_value(); }
  bool operator==(const Fee&) const = default;
};

// At most this many files per disclosure (disclosure_attach), each at most
// kMaxDisclosedFileBytes (its schema bounds the base64; the engine's
// limits.max_message_bytes bounds a message further).
constexpr int kMaxDisclosedFiles = 20;
constexpr int64_t kMaxDisclosedFileBytes = 8 * 1024 * 1024;

// One file of what was disclosed (the files staff export from the society's
// systems and attach: what is printed for paper, what goes in the package
// for electronic disclosure). Kept sealed in the data folder under its
// SHA-256 (store/disclosure_files.h); no name is kept (a file is named by the
// request and its number), so nothing here is personal.
struct DisclosedFile {
  int n = 0;                // 1, 2, ... in the order attached
  std::string media_type;   // application/pdf | text/csv
  std::string sha256;       // of the file's bytes
  int64_t bytes = 0;
  bool operator==(const DisclosedFile&) const = default;
};

// The encrypted archive of an electronic disclosure (AES-256 ZIP): its
// SHA-256 (of the archive as handed over), size, and the files it holds.
struct DisclosurePackage {
  std::string sha256;
  int64_t bytes = 0;
  std::vector<int> files;       // DisclosedFile::n
  std::string password_letter;  // the letter id of its パスワード通知書
  Date made_on;
  bool operator==(const DisclosurePackage&) const = default;
};

// The disclosure itself (Art. 33(1)), after the decision letter of a decision
// that gives data: how it is to go (respond's method), the pick-up deadline
// at the counter or for viewing, and how and when it went.
struct Delivery {
  std::string method;                      // respond.method: post | counter | electronic | viewing
  std::optional<Date> letter_on;           // the decision letter was issued (letter_issued)
  std::optional<Date> pickup_by;           // counter, viewing: letter_on + pickup_days (society.disclosure.counter)
  std::optional<std::string> delivered_method;  // disclosure_delivered.method
  std::optional<Date> delivered_on;
  std::optional<Date> uncollected_on;      // disclosure_uncollected
  std::vector<DisclosedFile> files;
  std::optional<DisclosurePackage> package;
  bool awaits_pickup() const { return method == "counter" || method == "viewing"; }
  bool operator==(const Delivery&) const = default;
};

struct Request {
  std::string id;  // "R2026-000001"
  RequestType type = RequestType::kPurposeNotice;
  State state = State::kReceived;
  // Starts at 1 at intake; every accepted event adds one. A command carries
  // the version its sender saw, so two people cannot overwrite each other.
  int64_t version = 0;
  std::vector<std::string> categories;
  std::string channel;
  std::optional<std::string> disclosure_method;
  Timestamp received_at{};
  std::string idempotency_key;
  std::optional<std::string> assignee;
  std::optional<std::string> decided_by;  // the reviewer whose decision awaits or got approval
  std::optional<Outcome> outcome;         // full, partial, ..., identity_failed, withdrawn (outcome.h)
  std::optional<State> resume_state;      // while awaiting_requester: the state to go back to
  DeadlineLedger deadline;
  // Who asks (config/identity-documents.json): insured, dependent,
  // legal_representative, voluntary_agent, bereaved_family (outside the APPI right).
  std::string relation = "insured";
  std::vector<ReceiptItem> receipts;            // named at intake
  std::vector<std::string> retention_flagged;   // "institution YYYY-MM" older than the retention period
  std::vector<Consultation> consultations;      // in the order asked
  // Bereaved family (relation bereaved_family): who they are to the deceased
  // (parent, spouse, child, equivalent; DeskRules::BereavedRelations), checked at
  // intake and required by verify_identity; and the day they agreed that the
  // institutions be told of the request (consult refuses an institution before).
  std::optional<std::string> bereaved_relation;
  std::optional<Date> bereaved_consent_on;
  int pages = 0;                                // pages to disclose, as decided (for the fee)
  // The basis of a suspension or third-party stop (decision_table.h: Art.
  // 35(1), (3) or (5)), recorded at intake or at the latest by decide.
  std::optional<std::string> basis;
  // The grounds of the decision awaiting approval or approved (decide.grounds,
  // or the one its outcome implies); empty for decisions made before they were kept.
  std::vector<std::string> decision_grounds;
  // While the requester is asked for documents (request_documents): the day
  // they were asked to send them by (DeskRules::RespondBy), printed in the letter.
  std::optional<Date> respond_by;
  // The person is on the managers' list of people under a 支援措置 (DV and
  // the like; store/protected_persons.h), found at intake or when listed
  // while the request was open: every decision then needs a manager's
  // approval, and letters print no address but the addressee's own.
  bool protected_person = false;
  // respond.copy_to_person: a voluntary agent (任意代理人) asked, and the
  // decision letter goes to the person too (a second letter job).
  bool copy_to_person = false;
  std::optional<Fee> fee;
  // Set by respond for a decision that gives data to hand over (a disclosure,
  // full or partial); letter_issued then leads to delivering.
  std::optional<Delivery> delivery;
  // Retention (Art. 22, docs/desk-rules.md "How long a request is kept"):
  // the last day the request's personal record, letters and sealed history
  // text are kept, set when it reaches a terminal state (Workflow::Apply);
  // a manager's legal hold (legal_hold / legal_hold_release) stops its
  // disposal; disposed_at: when it was disposed of (store/disposal.h), after
  // which only this anonymised row and its history codes remain.
  std::optional<Date> retention_until;
  bool legal_hold = false;
  std::optional<Timestamp> disposed_at;
  Timestamp created_at{};
  Timestamp updated_at{};

  bool operator==(const Request&) const = default;

  bool outside_appi() const { return relation == "bereaved_family"; }
  bool has_open_consultation() const;
  // The answer that counts for each institution: its latest answered consultation.
  std::vector<const Consultation*> LatestAnswers() const;
  bool has_objection() const;
  // Its latest answer objects (objection, objection_partial), by ConsultationAnswers().
  static bool Objects(const Consultation& c);
};

// The fields above from relation to fee, as one JSON object (the requests
// table's `particulars` column), and back.
nlohmann::json ParticularsToJson(const Request& r);
Status ParticularsFromJson(const nlohmann::json& j, Request* r);

}  // namespace madoguchi
