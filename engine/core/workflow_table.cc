#include "core/workflow_table.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace madoguchi {

namespace {

using enum State;
using enum Role;

const std::vector<State> kOpenStates = {kReceived,   kAwaitingRequester, kVerified,   kInReview,   kConsulting,
                                        kPendingApproval, kDecided,      kResponding, kDelivering};
// Links and the post go on after a request is closed: a later request is
// linked to a closed one, and a decision letter comes back after closing.
const std::vector<State> kAllStates = {kReceived,        kAwaitingRequester, kVerified, kInReview, kConsulting,
                                       kPendingApproval, kDecided,           kResponding, kDelivering, kClosed,
                                       kWithdrawn};

// The transition table of docs/workflow.md. Read it as: from these states, this
// event, by these roles, under these guards, leads there.
const std::vector<Transition> kTransitions = {
    {Event::kIntake, {}, Target::kFixed, kReceived, {kClerk}, {}, std::nullopt},
    {Event::kRequestDocuments, {kReceived, kInReview}, Target::kFixed, kAwaitingRequester, {kClerk, kReviewer},
     {Guard::kReviewerMustBeAssignee}, std::nullopt},
    {Event::kDocumentsReceived, {kAwaitingRequester}, Target::kResumeState, kAwaitingRequester, {kClerk}, {},
     std::nullopt},
    {Event::kVerifyIdentity, {kReceived}, Target::kFixed, kVerified, {kClerk}, {Guard::kDocumentsComplete},
     std::nullopt},
    // Also while waiting for the identity documents asked for, once the day they were asked by has passed.
    {Event::kRejectIdentity, {kReceived, kAwaitingRequester}, Target::kFixed, kClosed, {kClerk},
     {Guard::kRespondByPassed}, Outcome::kIdentityFailed},
    {Event::kAssign, {kVerified}, Target::kFixed, kInReview, {kManager, kReviewer}, {Guard::kReviewerAssignsSelf}, std::nullopt},
    // A manager gives an assigned request to another reviewer, in any open
    // state (the one assigned is away, or was the wrong one), with a reason.
    {Event::kReassign, kOpenStates, Target::kSame, kReceived, {kManager}, {Guard::kAssignedToAnother},
     std::nullopt},
    // One consultation per medical institution; several may be open at once.
    // The request stays in consulting until every one is answered.
    {Event::kConsult, {kInReview, kConsulting}, Target::kFixed, kConsulting, {kReviewer},
     {Guard::kReviewerMustBeAssignee, Guard::kConsultationMatches}, std::nullopt},
    {Event::kConsultationDone, {kConsulting}, Target::kByConsultations, kInReview, {kReviewer},
     {Guard::kReviewerMustBeAssignee, Guard::kConsultationMatches}, std::nullopt},
    {Event::kDecide, {kInReview, kConsulting}, Target::kByDecision, kDecided, {kReviewer},
     {Guard::kReviewerMustBeAssignee, Guard::kNoOpenConsultation, Guard::kObjectionNotIgnored,
      Guard::kDecisionFitsType, Guard::kConsultationsAnswered, Guard::kLetterKeepsConsultations}, std::nullopt},
    {Event::kApprove, {kPendingApproval}, Target::kFixed, kDecided, {kManager},
     {Guard::kNotTheDecider, Guard::kDecisionFitsType}, std::nullopt},
    {Event::kReturn, {kPendingApproval}, Target::kFixed, kInReview, {kManager}, {}, std::nullopt},
    {Event::kRespond, {kDecided}, Target::kFixed, kResponding, {kClerk, kReviewer},
     {Guard::kReviewerMustBeAssignee, Guard::kMethodReasonGiven, Guard::kCopyOnlyForVoluntaryAgent}, std::nullopt},
    // The decision letter went: a decision that gives data waits for the data
    // to be handed over (delivering); every other one is answered (closed).
    {Event::kLetterIssued, {kResponding}, Target::kByDelivery, kClosed, {kWorker}, {}, std::nullopt},
    // Art. 33(1) obliges the society to disclose, not to announce: the data
    // handed over (by post, at the counter, shown, or sent electronically)
    // closes the request; not collected by the pick-up deadline (counter,
    // viewing) closes it too, with a letter saying so.
    {Event::kDisclosureDelivered, {kDelivering}, Target::kFixed, kClosed, {kClerk}, {Guard::kDeliveryRecordable}, std::nullopt},
    {Event::kDisclosureUncollected, {kDelivering}, Target::kFixed, kClosed, {kClerk, kManager}, {Guard::kPickupPassed}, std::nullopt},
    // What is disclosed is kept: the files handed over (attached while the
    // request waits for the delivery), and for an electronic disclosure the
    // encrypted package made of them (store/disclosure_package.h).
    {Event::kDisclosureAttach, {kDelivering}, Target::kSame, kDelivering, {kClerk, kReviewer, kManager},
     {Guard::kReviewerMustBeAssignee, Guard::kAttachable}, std::nullopt},
    {Event::kDisclosurePackage, {kDelivering}, Target::kSame, kDelivering, {kClerk, kReviewer, kManager},
     {Guard::kReviewerMustBeAssignee, Guard::kAttachable}, std::nullopt},
    // The assigned reviewer may grant the first extension, a manager any (extension_rules.h).
    {Event::kExtend, kOpenStates, Target::kSame, kReceived, {kReviewer, kManager},
     {Guard::kReviewerMustBeAssignee, Guard::kExtensionAllowed}, std::nullopt},
    {Event::kWithdraw, kOpenStates, Target::kFixed, kWithdrawn, {kClerk}, {}, Outcome::kWithdrawn},
    {Event::kNote, kOpenStates, Target::kSame, kReceived, {kClerk, kReviewer, kManager}, {}, std::nullopt},
    {Event::kLink, kAllStates, Target::kSame, kReceived, {kClerk, kReviewer, kManager}, {}, std::nullopt},
    {Event::kUnlink, kAllStates, Target::kSame, kReceived, {kClerk, kReviewer, kManager}, {}, std::nullopt},
    {Event::kLetterPosted, kAllStates, Target::kSame, kReceived, {kClerk}, {}, std::nullopt},
    {Event::kLetterReturned, kAllStates, Target::kSame, kReceived, {kClerk, kManager}, {}, std::nullopt},
    // The fee goes with the decision letter (charged at respond); it is paid,
    // or recorded as lapsed, while the letter goes out or after it.
    {Event::kFeePaid, {kDecided, kResponding, kDelivering, kClosed}, Target::kSame, kDecided, {kClerk}, {Guard::kFeeOwed},
     std::nullopt},
    // Unpaid: the data is not handed over, so a request waiting for its delivery closes.
    {Event::kFeeLapsed, {kResponding, kDelivering, kClosed}, Target::kSameUnlessDelivering, kClosed, {kClerk, kManager}, {Guard::kFeeOverdue}, std::nullopt},
    // A manager's legal hold (訴訟・監査等による保存): while it stands the request
    // is not disposed of at the end of its retention period (store/disposal.h).
    // In every state: a hold placed while the request is open still stands when it closes.
    {Event::kLegalHold, kAllStates, Target::kSame, kReceived, {kManager}, {Guard::kHoldMatches}, std::nullopt},
    {Event::kLegalHoldRelease, kAllStates, Target::kSame, kReceived, {kManager}, {Guard::kHoldMatches},
     std::nullopt},
};

template <typename E>
struct Named {
  E value;
  std::string_view name;
};

constexpr std::array<Named<RequestType>, 6> kTypeNames = {{
    {RequestType::kPurposeNotice, "purpose_notice"},
    {RequestType::kDisclosure, "disclosure"},
    {RequestType::kThirdPartyRecordDisclosure, "third_party_record_disclosure"},
    {RequestType::kCorrection, "correction"},
    {RequestType::kSuspension, "suspension"},
    {RequestType::kThirdPartyStop, "third_party_stop"},
}};

constexpr std::array<Named<RequestType>, 6> kTypeJapanese = {{
    {RequestType::kPurposeNotice, "利用目的の通知"},
    {RequestType::kDisclosure, "開示"},
    {RequestType::kThirdPartyRecordDisclosure, "第三者提供記録の開示"},
    {RequestType::kCorrection, "訂正等"},
    {RequestType::kSuspension, "利用停止等"},
    {RequestType::kThirdPartyStop, "第三者提供の停止"},
}};

constexpr std::array<Named<State>, 11> kStateNames = {{
    {kReceived, "received"},
    {kAwaitingRequester, "awaiting_requester"},
    {kVerified, "verified"},
    {kInReview, "in_review"},
    {kConsulting, "consulting"},
    {kPendingApproval, "pending_approval"},
    {kDecided, "decided"},
    {kResponding, "responding"},
    {kDelivering, "delivering"},
    {kClosed, "closed"},
    {kWithdrawn, "withdrawn"},
}};

constexpr std::array<Named<State>, 11> kStateJapanese = {{
    {kReceived, "受付済"},
    {kAwaitingRequester, "請求者対応待ち"},
    {kVerified, "本人確認済"},
    {kInReview, "審査中"},
    {kConsulting, "照会中"},
    {kPendingApproval, "承認待ち"},
    {kDecided, "決定済"},
    {kResponding, "通知準備中"},
    {kDelivering, "開示実施待ち"},
    {kClosed, "完了"},
    {kWithdrawn, "取下げ"},
}};

constexpr std::array<Named<Event>, 29> kEventNames = {{
    {Event::kIntake, "intake"},
    {Event::kRequestDocuments, "request_documents"},
    {Event::kDocumentsReceived, "documents_received"},
    {Event::kVerifyIdentity, "verify_identity"},
    {Event::kRejectIdentity, "reject_identity"},
    {Event::kAssign, "assign"},
    {Event::kConsult, "consult"},
    {Event::kConsultationDone, "consultation_done"},
    {Event::kDecide, "decide"},
    {Event::kApprove, "approve"},
    {Event::kReturn, "return"},
    {Event::kRespond, "respond"},
    {Event::kLetterIssued, "letter_issued"},
    {Event::kExtend, "extend"},
    {Event::kWithdraw, "withdraw"},
    {Event::kNote, "note"},
    {Event::kLink, "link"},
    {Event::kUnlink, "unlink"},
    {Event::kLetterPosted, "letter_posted"},
    {Event::kLetterReturned, "letter_returned"},
    {Event::kFeePaid, "fee_paid"},
    {Event::kFeeLapsed, "fee_lapsed"},
    {Event::kReassign, "reassign"},
    {Event::kDisclosureDelivered, "disclosure_delivered"},
    {Event::kDisclosureUncollected, "disclosure_uncollected"},
    {Event::kDisclosureAttach, "disclosure_attach"},
    {Event::kDisclosurePackage, "disclosure_package"},
    {Event::kLegalHold, "legal_hold"},
    {Event::kLegalHoldRelease, "legal_hold_release"},
}};

// What staff read for each event: its name (buttons, history, the CLI) and
// the sentence the desk shows once it is recorded. The web desk and the CLI
// take both from here (meta's `events`); tests/workflow_test.cc checks every
// event has both.
constexpr std::array<Named<Event>, 29> kEventJapanese = {{
    {Event::kIntake, "受付"},
    {Event::kRequestDocuments, "書類等の提出依頼"},
    {Event::kDocumentsReceived, "書類等の受領"},
    {Event::kVerifyIdentity, "本人確認"},
    {Event::kRejectIdentity, "本人確認不能（不受理）"},
    {Event::kAssign, "担当者の割当"},
    {Event::kConsult, "照会"},
    {Event::kConsultationDone, "照会回答の記録"},
    {Event::kDecide, "決定"},
    {Event::kApprove, "承認"},
    {Event::kReturn, "差戻し"},
    {Event::kRespond, "回答の送付"},
    {Event::kLetterIssued, "通知書の発行"},
    {Event::kExtend, "期限の延長"},
    {Event::kWithdraw, "取下げ"},
    {Event::kNote, "メモ"},
    {Event::kLink, "関連付け"},
    {Event::kUnlink, "関連付けの解除"},
    {Event::kLetterPosted, "郵送の記録"},
    {Event::kLetterReturned, "返戻の記録"},
    {Event::kFeePaid, "手数料の納付"},
    {Event::kFeeLapsed, "手数料の未納（期限経過）"},
    {Event::kReassign, "担当者の変更"},
    {Event::kDisclosureDelivered, "開示の実施"},
    {Event::kDisclosureUncollected, "開示の未受領（期限経過）"},
    {Event::kDisclosureAttach, "開示ファイルの添付"},
    {Event::kDisclosurePackage, "暗号化ファイルの作成"},
    {Event::kLegalHold, "廃棄保留"},
    {Event::kLegalHoldRelease, "廃棄保留の解除"},
}};

constexpr std::array<Named<Event>, 29> kEventDone = {{
    {Event::kIntake, "受け付けました"},
    {Event::kRequestDocuments, "書類等の提出依頼を記録しました"},
    {Event::kDocumentsReceived, "書類等の受領を記録しました"},
    {Event::kVerifyIdentity, "本人確認を記録しました"},
    {Event::kRejectIdentity, "本人確認不能（不受理）を記録しました"},
    {Event::kAssign, "担当者を割り当てました"},
    {Event::kConsult, "照会を記録しました"},
    {Event::kConsultationDone, "照会回答を記録しました"},
    {Event::kDecide, "決定を登録しました"},
    {Event::kApprove, "承認しました"},
    {Event::kReturn, "差し戻しました"},
    {Event::kRespond, "回答の送付を記録しました"},
    {Event::kLetterIssued, "通知書の発行を記録しました"},
    {Event::kExtend, "期限を延長しました"},
    {Event::kWithdraw, "取下げを記録しました"},
    {Event::kNote, "メモを記録しました"},
    {Event::kLink, "関連付けました"},
    {Event::kUnlink, "関連付けを解除しました"},
    {Event::kLetterPosted, "郵送を記録しました"},
    {Event::kLetterReturned, "返戻を記録しました"},
    {Event::kFeePaid, "手数料の納付を記録しました"},
    {Event::kFeeLapsed, "手数料の未納（期限経過）を記録しました"},
    {Event::kReassign, "担当者を変更しました"},
    {Event::kDisclosureDelivered, "開示の実施を記録しました"},
    {Event::kDisclosureUncollected, "開示の未受領（期限経過）を記録しました"},
    {Event::kDisclosureAttach, "開示ファイルを添付しました"},
    {Event::kDisclosurePackage, "暗号化ファイルを作成しました"},
    {Event::kLegalHold, "廃棄保留にしました"},
    {Event::kLegalHoldRelease, "廃棄保留を解除しました"},
}};

constexpr std::array<Named<Role>, 6> kRoleNames = {{
    {kClerk, "clerk"},
    {kReviewer, "reviewer"},
    {kManager, "manager"},
    {kAuditor, "auditor"},
    {kAdmin, "admin"},
    {kWorker, "worker"},
}};

template <typename E, size_t N>
std::string_view Lookup(const std::array<Named<E>, N>& table, E value) {
  for (const auto& n : table) {
    if (n.value == value) return n.name;
  }
  throw std::logic_error("enum value missing from its name table");
}

template <typename E, size_t N>
std::optional<E> Find(const std::array<Named<E>, N>& table, std::string_view name) {
  for (const auto& n : table) {
    if (n.name == name) return n.value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::vector<E> Values(const std::array<Named<E>, N>& table) {
  std::vector<E> out;
  for (const auto& n : table) out.push_back(n.value);
  return out;
}

template <typename T>
bool Contains(const std::vector<T>& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::span<const Transition> TransitionTable() { return kTransitions; }

const Transition& TransitionFor(Event event) {
  for (const auto& t : kTransitions) {
    if (t.event == event) return t;
  }
  throw std::logic_error("event missing from the transition table");
}

std::vector<Event> EventsAllowed(State state, Role role) {
  std::vector<Event> out;
  for (const auto& t : kTransitions) {
    if (AllowsFrom(t, state) && AllowsRole(t, role)) out.push_back(t.event);
  }
  return out;
}

bool IsOpen(State state) { return Contains(kOpenStates, state); }

bool MayBeAssigned(Role role) { return AllowsRole(TransitionFor(Event::kDecide), role); }

std::string AssignableRoles() {
  std::string out;
  for (Role role : AllRoles()) {
    if (MayBeAssigned(role)) out += (out.empty() ? "" : " or ") + std::string(Name(role));
  }
  return out;
}
bool AllowsFrom(const Transition& t, State state) { return Contains(t.from, state); }
bool AllowsRole(const Transition& t, Role role) { return Contains(t.roles, role); }

std::string_view Name(RequestType v) { return Lookup(kTypeNames, v); }
std::string_view Name(State v) { return Lookup(kStateNames, v); }
std::string_view Name(Event v) { return Lookup(kEventNames, v); }
std::string_view Name(Role v) { return Lookup(kRoleNames, v); }
std::optional<RequestType> ParseRequestType(std::string_view name) { return Find(kTypeNames, name); }
std::optional<State> ParseState(std::string_view name) { return Find(kStateNames, name); }
std::optional<Event> ParseEvent(std::string_view name) { return Find(kEventNames, name); }
std::optional<Role> ParseRole(std::string_view name) { return Find(kRoleNames, name); }
std::string_view JapaneseName(RequestType v) { return Lookup(kTypeJapanese, v); }
std::string_view JapaneseName(State v) { return Lookup(kStateJapanese, v); }
std::string_view JapaneseName(Event v) { return Lookup(kEventJapanese, v); }
std::string_view DoneSentence(Event v) { return Lookup(kEventDone, v); }

std::span<const RequestType> AllRequestTypes() {
  static const std::vector<RequestType> all = Values(kTypeNames);
  return all;
}
std::span<const State> AllStates() {
  static const std::vector<State> all = Values(kStateNames);
  return all;
}
std::span<const Event> AllEvents() {
  static const std::vector<Event> all = Values(kEventNames);
  return all;
}
std::span<const Role> AllRoles() {
  static const std::vector<Role> all = Values(kRoleNames);
  return all;
}

}  // namespace madoguchi
