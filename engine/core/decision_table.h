// The decision model, as one table: for each request type, the outcomes a
// reviewer may decide, the grounds each outcome may cite (with the article of
// the Act on the Protection of Personal Information, 個人情報保護法, as numbered
// since April 2022), the letter each outcome produces, which outcomes need a
// manager's approval, and the Japanese words staff and letters use. The basis
// of a suspension or third-party stop (Art. 35(1), (3) or (5)) and the proviso
// that follows from it are part of the same table.
//
// Everything that decides or shows a decision reads this table: the workflow
// (decide and approve refuse an outcome or ground that does not belong to the
// request's type), the letter plan (which letter), the letter context (the
// grounds' wording and articles printed), the `meta` read command (the web
// desk's forms and labels, the CLI), the annual report's outcome names, and
// the test that checks schemas/events/decide.schema.json against it.
//
// Codes are wire names and never change meaning: an old decide event that
// cited 33(2) grounds on a correction still reads as 33(2) (GroundLabel finds
// a code under any type), although such a decision is refused today.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"
#include "core/outcome.h"
#include "core/workflow_table.h"

namespace madoguchi {

// How many grounds an outcome cites.
enum class GroundCount {
  kNone,       // no ground (full, not held)
  kExactlyOne, // one ground, never a catch-all list (a purpose notice's refusal)
  kOneOrMore,  // every ground that applies (a partial or refused disclosure)
};

// A ground an outcome may rest on, under one request type.
struct GroundRule {
  std::string_view code;         // wire name: "harm"
  std::string_view label;        // for staff: "生命・身体・財産その他の権利利益を害するおそれ（法第33条第2項第1号）"
  std::string_view letter_text;  // printed: "本人又は第三者の生命、身体、財産その他の権利利益を害するおそれがある場合"
  // The article printed after the text: "法第33条第2項第1号". Empty when the
  // request's basis decides it (suspension: BasisRule::body or ::proviso).
  std::string_view article;
  enum class ByBasis { kNo, kBody, kProviso } by_basis = ByBasis::kNo;
};

// One outcome a reviewer may decide on one request type.
struct OutcomeRule {
  Outcome outcome;               // Outcome::kPartial ("partial")
  std::string_view label;        // for staff and the history, in the type's words: "一部開示"
  std::string_view letter_kind;  // the decision letter (schemas/messages/letter-context.schema.json)
  bool needs_approval;           // a manager other than the decider approves it (four eyes)
  bool needs_reason;             // Art. 36: the reason is printed in the letter
  GroundCount grounds;
  std::vector<std::string_view> allowed_grounds;  // codes of TypeRules::grounds
  bool needs_measure = false;    // "alternative": the measure taken instead is named
  bool gives_data = false;       // something is handed over (a fee may be charged, Art. 38)
  // The reason is for the file only (decide.internal_reason), never printed:
  // a "neutral" answer, which must not reveal whether the data exists.
  bool needs_file_reason = false;
  // Data categories (config/data-categories.json ids) whose presence makes
  // this outcome a manager's to approve although needs_approval is false: a
  // full disclosure of receipts, 健診 results or doctors' opinions (issue 17).
  std::vector<std::string_view> approval_categories = {};
};

// The legal basis of a suspension or third-party stop request.
struct BasisRule {
  std::string_view code;     // "no_longer_needed"
  std::string_view label;    // "利用する必要がなくなった（法第35条第5項）"
  std::string_view article;  // "法第35条第5項"
  std::string_view body;     // the duty and its limit: "法第35条第6項"
  std::string_view proviso;  // the proviso allowing another measure: "法第35条第6項ただし書"
};

struct TypeRules {
  RequestType type;
  std::string_view article;  // the article of the right: "法第33条"
  std::vector<OutcomeRule> outcomes;
  std::vector<GroundRule> grounds;
  std::vector<BasisRule> bases;  // empty unless the type needs a basis
  // Categories whose data of a living person is disclosed only after every
  // institution named at intake has answered a consultation, or a manager
  // approved an exemption (decide.exempt_consultation): receipts, under
  // 「診療報酬明細書等の被保険者等への開示について」(平成17年保発第0331009号).
  std::vector<std::string_view> consult_categories = {};
};

// One answer a consulted institution may give (consultation_done.answer).
struct ConsultationAnswer {
  std::string_view code;   // wire name: "no_objection"
  std::string_view label;  // for staff: "支障なし（異議なし）"
  bool needs_reason;       // the institution's reason is recorded (an objection)
  // Recorded only after the consultation's reply deadline has passed, by
  // the society (no answer came): the society then decides on its own
  // judgement under 33(2)(i).
  bool after_due_only;
  bool objects;            // a full disclosure is refused while it is an institution's latest answer
};
std::span<const ConsultationAnswer> ConsultationAnswers();
const ConsultationAnswer* FindConsultationAnswer(std::string_view code);

// Who a consultation asks (consult.party_kind): a medical institution about
// its receipts (the only kind a living person's receipts wait on), an
// employer, a doctor whose opinion is on a form (傷病手当金), another third
// party. Each consultation has its own reply deadline and reminders.
struct ConsultationParty {
  std::string_view code;         // "institution"
  std::string_view label;        // "医療機関"
  std::string_view letter_kind;  // its 照会書
  bool receipts;                 // its receipts' months go in the letter; the receipt rule waits on it
};
std::span<const ConsultationParty> ConsultationParties();
const ConsultationParty* FindConsultationParty(std::string_view code);

// Who of the bereaved family may ask about a deceased member (agent.bereaved_relation
// at intake, or verify_identity's): 父母、配偶者、子, or someone in an equivalent
// position, whose reason is recorded — the circle health insurance societies and
// insurers publish for a 開示依頼 by the bereaved (docs/desk-rules.md).
struct BereavedRelation {
  std::string_view code;   // "spouse"
  std::string_view label;  // "配偶者"
  bool needs_reason;       // equivalent: why they stand in that position
};
std::span<const BereavedRelation> BereavedRelations();
const BereavedRelation* FindBereavedRelation(std::string_view code);

// Whether deciding `outcome` on a request of `type` with these categories
// goes to a manager first: the outcome's needs_approval, one of its
// approval_categories among the request's, or a protected person (any outcome).
bool NeedsApproval(RequestType type, Outcome outcome, const std::vector<std::string>& categories,
                   bool protected_person);

// The categories of the request that make its data-giving decision wait on
// consultations (TypeRules::consult_categories); empty when none, when the
// outcome gives no data, or when the person has died (bereaved_family: the
// bereaved's own rules).
std::vector<std::string> ConsultationCategories(RequestType type, Outcome outcome,
                                                const std::vector<std::string>& categories, bool deceased);

// The neutral words a letter prints for what was withheld after a medical
// institution objected: the society's own judgement under 33(2)(i), never
// the institution's name nor its opinion, and where the person may ask.
std::string_view ConsultationWithheldText();
// The same words naming the institutions the person should ask (decide's
// name_institution, which a manager approves): never their opinion.
std::string ConsultationWithheldNaming(const std::vector<std::string>& institutions);

// The whole table, one row per request type, in AllRequestTypes() order.
std::span<const TypeRules> DecisionTable();
const TypeRules& RulesFor(RequestType type);
const OutcomeRule* FindOutcome(RequestType type, Outcome outcome);

// A decision whose data must still be handed over after its letter (Art.
// 33(1): the society discloses, the letter only announces it): a disclosure
// or a third-party record disclosure (bereaved requests too) whose outcome
// gives data (full, partial). A purpose notice gives its data in the letter.
// After the decision letter such a request waits in `delivering`.
bool HandsOverData(RequestType type, Outcome outcome);
const GroundRule* FindGround(RequestType type, std::string_view code);
const BasisRule* FindBasis(RequestType type, std::string_view code);

// Outcomes that end a request without a decision: identity_failed, withdrawn.
std::vector<Outcome> ClosingOutcomes();

// The generic name of an outcome, whatever the type ("一部応諾"), for the
// ledger and totals; "" for an unknown code.
std::string_view OutcomeName(Outcome outcome);
// The name in the request type's words ("一部開示"), else OutcomeName.
std::string_view OutcomeLabel(RequestType type, Outcome outcome);
// A ground's staff label under any type (old history keeps its meaning); "" if unknown.
std::string_view GroundLabel(std::string_view code);
// The wire names of every outcome a reviewer may decide, and every ground
// code any type uses (the decide schema's enums).
std::vector<std::string_view> AllDecisionOutcomes();
std::vector<std::string_view> AllGroundCodes();
std::vector<std::string_view> AllBasisCodes();

// The outcome a decide event's data names (`outcome`); nullopt when it names
// none (its schema allows only the table's outcomes).
std::optional<Outcome> DecidedOutcome(const nlohmann::json& decide);

// What a decide event asks, checked against the table for the request's type.
struct CheckedDecision {
  Outcome outcome = Outcome::kFull;  // set from the event
  std::vector<std::string> grounds;  // as given, or the one ground an outcome implies
  std::optional<std::string> basis;  // suspension, third-party stop
  const OutcomeRule* rule = nullptr;
};

// Ok with the decision when `decide` (valid against its schema) fits
// `type`: the outcome is one of the type's, its grounds are the type's and
// the outcome's and as many as it takes, a reason when the outcome needs one,
// the measure for an alternative, and a basis for the types that need one
// (`decide.basis`, else `recorded_basis` from intake). InvalidArgument naming
// what is wrong and what is allowed otherwise.
Result<CheckedDecision> CheckDecision(RequestType type, const nlohmann::json& decide,
                                      const std::optional<std::string>& recorded_basis);

// Ok when a decision already recorded (approve) still fits the table; the
// grounds are checked when they were recorded (decisions made before grounds
// were kept in the request are checked by outcome only).
Status CheckRecordedDecision(RequestType type, Outcome outcome, const std::vector<std::string>& grounds,
                             const std::optional<std::string>& basis);

// The decision letter of a type and outcome ("" for an outcome the type does not have).
std::string_view DecisionLetterKind(RequestType type, Outcome outcome);

// The printed wording of a decision's grounds: [{code, text, article}], the
// article taken from the basis where the ground follows it.
nlohmann::json GroundsForLetter(RequestType type, const std::vector<std::string>& grounds,
                                const std::optional<std::string>& basis);

// The table as JSON for the `meta` read command (schemas/api/meta.reply.schema.json).
nlohmann::json DecisionTableJson();

}  // namespace madoguchi
