#include "core/letter_plan.h"

#include <array>
#include <utility>

#include "core/decision_table.h"

namespace madoguchi {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kTitles = {{
    {"acknowledgement", "受付通知"},
    {"documents_request", "本人確認書類等の提出のお願い"},
    {"identity_rejection", "本人確認不能による不受理通知"},
    {"extension_notice", "期間延長通知書"},
    {"purpose_notice", "利用目的通知書"},
    {"purpose_notice_refusal", "利用目的を通知しない旨の通知書"},
    {"disclosure_decision", "開示決定通知書"},
    {"partial_disclosure_decision", "一部開示決定通知書"},
    {"nondisclosure_decision", "不開示決定通知書"},
    {"not_held_notice", "保有個人データ不存在通知書"},
    {"correction_decision", "訂正等決定通知書"},
    {"suspension_decision", "利用停止等決定通知書"},
    {"third_party_stop_decision", "第三者提供停止決定通知書"},
    {"other_procedure_notice", "他の法令による開示の手続についてのお知らせ"},
    {"neutral_answer", "回答書"},
    {"fee_notice", "手数料納付のお願い"},
    {"bereaved_acknowledgement", "開示依頼受付通知"},
    {"bereaved_disclosure_decision", "開示依頼に対する回答書"},
    {"package_password_notice", "パスワード通知書"},
    {"disclosure_uncollected_notice", "開示の実施に関するお知らせ"},
    // To a consulted party, not the requester (PartyLettersFor, ConsultationReminderLetter).
    {"consultation_request", "診療報酬明細書等の開示に係る意見について（照会）"},
    {"third_party_consultation_request", "保有個人データの開示に係る意見について（照会）"},
    {"consultation_reminder", "開示に係る意見について（再照会）"},
    {"consultation_outcome_notice", "診療報酬明細書等の開示について（通知）"},
}};

// The decision letter of a request by its type and outcome (decision_table.h).
std::string DecisionLetter(const Request& r) {
  // Bereaved family asked outside the APPI right: one answer letter of its own.
  if (r.outside_appi() &&
      (r.type == RequestType::kDisclosure || r.type == RequestType::kThirdPartyRecordDisclosure)) {
    return "bereaved_disclosure_decision";
  }
  std::string_view kind = DecisionLetterKind(r.type, r.outcome.value_or(Outcome::kFull));
  // An outcome the type no longer has (approve and decide refuse one): the
  // letter of the type's full outcome; the render check refuses what cannot be written.
  return std::string(kind.empty() ? DecisionLetterKind(r.type, Outcome::kFull) : kind);
}

}  // namespace

std::optional<PlannedLetter> LetterFor(Event event, const Request& after) {
  switch (event) {
    case Event::kIntake:
      return PlannedLetter{after.outside_appi() ? "bereaved_acknowledgement" : "acknowledgement", false};
    case Event::kRequestDocuments: return PlannedLetter{"documents_request", false};
    case Event::kRejectIdentity: return PlannedLetter{"identity_rejection", false};
    case Event::kExtend: return PlannedLetter{"extension_notice", false};
    case Event::kRespond: return PlannedLetter{DecisionLetter(after), true};
    // The package's password, by another route than the package (issue 17).
    case Event::kDisclosurePackage: return PlannedLetter{"package_password_notice", false};
    // Not collected by the pick-up deadline: what happens now, and how to ask again.
    case Event::kDisclosureUncollected: return PlannedLetter{"disclosure_uncollected_notice", false};
    // No letter to the requester: consult's letters go to the parties
    // (PartyLettersFor), decide's and approve's wait for respond.
    case Event::kDocumentsReceived:
    case Event::kVerifyIdentity:
    case Event::kAssign:
    case Event::kConsult:
    case Event::kConsultationDone:
    case Event::kDecide:
    case Event::kApprove:
    case Event::kReturn:
    case Event::kLetterIssued:
    case Event::kWithdraw:
    case Event::kNote:
    case Event::kLink:
    case Event::kUnlink:
    case Event::kLetterPosted:
    case Event::kLetterReturned:
    case Event::kFeePaid:
    case Event::kFeeLapsed:
    case Event::kReassign:
    case Event::kDisclosureDelivered:
    case Event::kDisclosureAttach:
    case Event::kLegalHold:
    case Event::kLegalHoldRelease: return std::nullopt;
  }
  return std::nullopt;
}

std::vector<PlannedLetter> PartyLettersFor(Event event, const Request& after) {
  std::vector<PlannedLetter> out;
  if (event == Event::kConsult) {
    // Each consultation this consult opened: its 照会書, by the party's kind.
    for (size_t i = 0; i < after.consultations.size(); ++i) {
      const Consultation& c = after.consultations[i];
      if (!c.open() || c.opened_version != after.version) continue;
      const ConsultationParty* party = FindConsultationParty(c.party_kind);
      if (party != nullptr) out.push_back({std::string(party->letter_kind), false, i});
    }
  } else if (event == Event::kLetterIssued && after.type == RequestType::kDisclosure) {
    // The decision letter is made: each institution consulted learns what was
    // disclosed of its receipts (its latest consultation, by the letter's outcome).
    const std::optional<Outcome> outcome = after.outcome;
    if (outcome != Outcome::kFull && outcome != Outcome::kPartial && outcome != Outcome::kRefused) return out;
    for (const Consultation* c : after.LatestAnswers()) {
      const ConsultationParty* party = FindConsultationParty(c->party_kind);
      if (party == nullptr || !party->receipts) continue;
      out.push_back({"consultation_outcome_notice", false, static_cast<size_t>(c - after.consultations.data())});
    }
  }
  return out;
}

PlannedLetter ConsultationReminderLetter(size_t consultation) { return {"consultation_reminder", false, consultation}; }

std::string PlannedLetterId(const std::string& request_id, const PlannedLetter& letter, int64_t revision) {
  if (!letter.consultation) return LetterId(request_id, letter.kind, revision);
  const std::string party = "-c" + std::to_string(*letter.consultation + 1);
  // The reminder is made once per consultation, whenever its timer fires.
  if (letter.kind == "consultation_reminder") return "L-" + request_id + "-" + letter.kind + party;
  return LetterId(request_id, letter.kind, revision) + party;
}

bool IsPartyLetterKind(std::string_view kind) {
  return kind == "consultation_request" || kind == "third_party_consultation_request" ||
         kind == "consultation_reminder" || kind == "consultation_outcome_notice";
}

std::string LetterId(const std::string& request_id, std::string_view kind, int64_t revision) {
  return "L-" + request_id + "-" + std::string(kind) + "-" + std::to_string(revision);
}

std::vector<Event> EventsThatSendLetters() {
  return {Event::kIntake, Event::kRequestDocuments, Event::kRejectIdentity, Event::kExtend, Event::kConsult,
          Event::kDecide, Event::kApprove, Event::kRespond, Event::kDisclosureUncollected};
}

// The fields staff write that a letter prints as written, by event; the
// events not listed print nothing of what staff wrote.
namespace {
struct PrintedByEvent {
  Event event;
  std::vector<std::string_view> fields;
};
const std::vector<PrintedByEvent>& PrintedTable() {
  static const std::vector<PrintedByEvent> table = {
      {Event::kDecide, {"reason", "measure"}},
      {Event::kRequestDocuments, {"message"}},
      {Event::kRejectIdentity, {"reason"}},
      {Event::kExtend, {"reason"}},
  };
  return table;
}
}  // namespace

std::vector<std::string_view> PrintedFields(Event event) {
  for (const PrintedByEvent& p : PrintedTable()) {
    if (p.event == event) return p.fields;
  }
  return {};
}

std::string_view LetterTitle(std::string_view kind) {
  for (const auto& [k, title] : kTitles) {
    if (k == kind) return title;
  }
  return "通知書";
}

}  // namespace madoguchi
