#include "core/letter_plan.h"

#include <array>
#include <utility>

#include "core/decision_table.h"

namespace madoguchi {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kTitles = {{
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
}};

// The decision letter of a request by its type and outcome (decision_table.h).
std::string DecisionLetter(const Request& r) {
  // Bereaved family asked outside the APPI right: one answer letter of its own.
  if (r.outside_appi() &&
      (r.type == RequestType::kDisclosure || r.type == RequestType::kThirdPartyRecordDisclosure)) {
    return "bereaved_disclosure_decision";
  }
  std::string_view kind = DecisionLetterKind(r.type, r.outcome.value_or("full"));
  // An outcome the type no longer has (approve and decide refuse one): the
  // letter of the type's full outcome; the render check refuses what cannot be written.
  return std::string(kind.empty() ? DecisionLetterKind(r.type, "full") : kind);
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
    default: return std::nullopt;
  }
}

std::string LetterId(const std::string& request_id, std::string_view kind, int64_t revision) {
  return "L-" + request_id + "-" + std::string(kind) + "-" + std::to_string(revision);
}

std::vector<Event> EventsThatSendLetters() {
  return {Event::kIntake,  Event::kRequestDocuments, Event::kRejectIdentity,        Event::kExtend,
          Event::kDecide,  Event::kApprove,          Event::kRespond,               Event::kDisclosureUncollected};
}

std::vector<std::string_view> PrintedFields(Event event) {
  switch (event) {
    case Event::kDecide: return {"reason", "measure"};
    case Event::kRequestDocuments: return {"message"};
    case Event::kRejectIdentity: return {"reason"};
    case Event::kExtend: return {"reason"};
    default: return {};
  }
}

std::string_view LetterTitle(std::string_view kind) {
  for (const auto& [k, title] : kTitles) {
    if (k == kind) return title;
  }
  return "通知書";
}

}  // namespace madoguchi
