#include "core/decision_table.h"

#include <algorithm>
#include <deque>
#include <iterator>
#include <stdexcept>

namespace madoguchi {

namespace {

using GC = GroundCount;
using BB = GroundRule::ByBasis;

// Article 33(2)'s grounds, in the words of each type that cites them: a
// disclosure cites 33(2) itself, a third-party record disclosure 33(2) as
// applied by 33(5).
std::vector<GroundRule> DisclosureGrounds(std::string_view harm, std::string_view operations,
                                          std::string_view other_law) {
  return {
      {"harm", "本人又は第三者の生命、身体、財産その他の権利利益を害するおそれ（第1号）",
       "本人又は第三者の生命、身体、財産その他の権利利益を害するおそれがある場合", harm},
      {"operations", "当組合の業務の適正な実施に著しい支障を及ぼすおそれ（第2号。限定的に解する）",
       "当組合の業務の適正な実施に著しい支障を及ぼすおそれがある場合", operations},
      {"other_law", "他の法令に違反することとなる（第3号）", "他の法令に違反することとなる場合", other_law},
  };
}

// Art. 35's grounds, the same for a suspension and a third-party stop but for
// the words of the proviso; their articles follow the request's basis.
std::vector<GroundRule> Article35Grounds(std::string_view proviso_label, std::string_view proviso_text) {
  return {{"extent", "違反の是正又は権利利益の侵害の防止に必要な限度を超える部分",
           "ご請求のうち、違反の是正又は本人の権利利益の侵害の防止のために必要な限度を超える部分であること", "",
           BB::kBody},
          {"unfounded", "調査の結果、請求に理由があることが判明しない",
           "調査の結果、ご請求に理由があることが判明しなかったこと", "", BB::kBody},
          {"proviso", proviso_label, proviso_text, "", BB::kProviso}};
}

// An answer that neither confirms nor denies that the data exists: data
// whose very existence, made known, would cause one of the harms of 施行令
// 第5条 (保有個人データ, Act Art. 16(4)) or, for third-party provision records,
// 第11条, is outside the right; the letter says only that there is nothing
// the Act lets the society answer, and the ground stays in the file.
OutcomeRule NeutralOutcome(std::string_view label) {
  return {Outcome::kNeutral, label, "neutral_answer", true, false, GC::kExactlyOne,
          {"exist_harm", "exist_unlawful", "exist_security", "exist_crime"}, false, false, true};
}

std::vector<GroundRule> NeutralGrounds(std::string_view order) {
  auto article = [&](int n) { return std::string(order) + "第" + std::to_string(n) + "号"; };
  static std::deque<std::string> articles;  // lives with the table; a deque keeps the views valid
  const size_t at = articles.size();
  for (int n = 1; n <= 4; ++n) articles.push_back(article(n));
  return {{"exist_harm", "存否が明らかになると本人又は第三者の生命、身体又は財産に危害が及ぶおそれ（記録のみ）",
           "（通知書には記載しない）", articles[at]},
          {"exist_unlawful", "存否が明らかになると違法又は不当な行為を助長し、又は誘発するおそれ（記録のみ）",
           "（通知書には記載しない）", articles[at + 1]},
          {"exist_security", "存否が明らかになると国の安全が害されるおそれ等（記録のみ）", "（通知書には記載しない）",
           articles[at + 2]},
          {"exist_crime", "存否が明らかになると犯罪の予防、鎮圧又は捜査等に支障が及ぶおそれ（記録のみ）",
           "（通知書には記載しない）", articles[at + 3]}};
}

template <typename T>
std::vector<T> Concat(std::vector<T> a, const std::vector<T>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The bases of Art. 35(5), the same for a suspension and a third-party stop.
std::vector<BasisRule> Article35Paragraph5Bases(BasisRule first) {
  return {first,
          {"no_longer_needed", "利用する必要がなくなった（法第35条第5項）", "法第35条第5項", "法第35条第6項",
           "法第35条第6項ただし書"},
          {"leak", "漏えい等の事態が生じた（法第35条第5項・法第26条第1項本文）", "法第35条第5項", "法第35条第6項",
           "法第35条第6項ただし書"},
          {"rights_risk", "本人の権利又は正当な利益が害されるおそれがある（法第35条第5項）", "法第35条第5項",
           "法第35条第6項", "法第35条第6項ただし書"}};
}

std::vector<TypeRules> Rows() {
  return {
      // 利用目的の通知 (Art. 32(2)): notify, or not (32(3)) on exactly one ground.
      // "Partial" is not offered: each category is answered by one notice.
      {RequestType::kPurposeNotice,
       "法第32条",
       {{Outcome::kFull, "通知する", "purpose_notice", false, false, GC::kNone, {}, false, true},
        {Outcome::kRefused, "通知しない", "purpose_notice_refusal", true, true, GC::kExactlyOne,
         {"purpose_evident", "purpose_harm", "purpose_own_interest", "purpose_state_affairs"}},
        {Outcome::kNotHeld, "保有個人データが存在しない", "purpose_notice_refusal", true, true, GC::kNone, {}}},
       {{"purpose_evident", "公表している利用目的により明らか（法第32条第2項第1号）",
         "当組合が公表している利用目的により、ご請求のあった保有個人データの利用目的が明らかである場合",
         "法第32条第2項第1号"},
        {"purpose_harm", "通知により本人又は第三者の権利利益を害するおそれ（法第32条第2項第2号・法第21条第4項第1号）",
         "利用目的を通知することにより本人又は第三者の生命、身体、財産その他の権利利益を害するおそれがある場合",
         "法第32条第2項第2号（法第21条第4項第1号）"},
        {"purpose_own_interest", "通知により当組合の権利又は正当な利益を害するおそれ（法第32条第2項第2号・法第21条第4項第2号）",
         "利用目的を通知することにより当組合の権利又は正当な利益を害するおそれがある場合",
         "法第32条第2項第2号（法第21条第4項第2号）"},
        {"purpose_state_affairs", "国の機関等の法令の事務に支障を及ぼすおそれ（法第32条第2項第2号・法第21条第4項第3号）",
         "国の機関又は地方公共団体が法令の定める事務を遂行することに対して協力する必要がある場合であって、"
         "利用目的を通知することにより当該事務の遂行に支障を及ぼすおそれがある場合",
         "法第32条第2項第2号（法第21条第4項第3号）"}},
       {}},
      // 開示 (Art. 33): no alternative measure exists under Art. 33.
      {RequestType::kDisclosure,
       "法第33条",
       {{Outcome::kFull, "開示する", "disclosure_decision", false, false, GC::kNone, {}, false, true},
        {Outcome::kPartial, "一部開示", "partial_disclosure_decision", true, true, GC::kOneOrMore,
         {"harm", "operations", "other_law"}, false, true},
        {Outcome::kRefused, "不開示", "nondisclosure_decision", true, true, GC::kOneOrMore, {"harm", "operations", "other_law"}},
        {Outcome::kNotHeld, "不存在", "not_held_notice", true, true, GC::kNone, {}},
        {Outcome::kOtherProcedure, "他の法令による開示（法第33条第4項）", "other_procedure_notice", true, true, GC::kNone, {}}},
       DisclosureGrounds("法第33条第2項第1号", "法第33条第2項第2号", "法第33条第2項第3号"),
       {}},
      // 第三者提供記録の開示 (Art. 33(5) applies 33(1)-(3), not 33(4)).
      {RequestType::kThirdPartyRecordDisclosure,
       "法第33条第5項",
       {{Outcome::kFull, "開示する", "disclosure_decision", false, false, GC::kNone, {}, false, true},
        {Outcome::kPartial, "一部開示", "partial_disclosure_decision", true, true, GC::kOneOrMore,
         {"harm", "operations", "other_law"}, false, true},
        {Outcome::kRefused, "不開示", "nondisclosure_decision", true, true, GC::kOneOrMore, {"harm", "operations", "other_law"}},
        {Outcome::kNotHeld, "記録が存在しない（不存在）", "not_held_notice", true, true, GC::kNone, {}}},
       DisclosureGrounds("法第33条第5項において準用する同条第2項第1号", "法第33条第5項において準用する同条第2項第2号",
                         "法第33条第5項において準用する同条第2項第3号"),
       {}},
      // 訂正等 (Art. 34): the grounds for not correcting are Art. 34's own.
      {RequestType::kCorrection,
       "法第34条",
       {{Outcome::kFull, "訂正等を行う", "correction_decision", false, false, GC::kNone, {}},
        {Outcome::kPartial, "一部について訂正等を行う", "correction_decision", true, true, GC::kOneOrMore,
         {"not_untrue", "not_needed", "other_procedure", "evaluation"}},
        {Outcome::kRefused, "訂正等を行わない", "correction_decision", true, true, GC::kOneOrMore,
         {"not_untrue", "not_needed", "other_procedure", "evaluation"}},
        {Outcome::kNotHeld, "保有個人データが存在しない", "correction_decision", true, true, GC::kNone, {}}},
       {{"not_untrue", "調査の結果、内容が事実でないとは認められない（法第34条第1項）",
         "調査の結果、保有個人データの内容が事実でないとは認められない場合", "法第34条第1項"},
        {"not_needed", "利用目的の達成に必要な範囲を超える（法第34条第2項）",
         "訂正等が利用目的の達成に必要な範囲を超える場合", "法第34条第2項"},
        {"other_procedure", "他の法令に特別の手続がある（法第34条第2項。資格の記録は事業主の届出による）",
         "訂正等に関して他の法令の規定により特別の手続が定められている場合", "法第34条第2項"},
        {"evaluation", "事実ではなく評価に関する情報である（法第34条第1項）",
         "訂正等を求められた内容が事実ではなく評価に関する情報である場合", "法第34条第1項"}},
       {}},
      // 利用停止等 (Art. 35(1) or (5)): the proviso follows the basis.
      {RequestType::kSuspension,
       "法第35条",
       {{Outcome::kFull, "利用停止等を行う", "suspension_decision", false, false, GC::kNone, {}},
        {Outcome::kPartial, "一部について利用停止等を行う", "suspension_decision", true, true, GC::kExactlyOne, {"extent"}},
        {Outcome::kRefused, "利用停止等を行わない", "suspension_decision", true, true, GC::kExactlyOne, {"unfounded"}},
        {Outcome::kAlternative, "代わるべき措置をとる", "suspension_decision", true, true, GC::kExactlyOne, {"proviso"}, true},
        {Outcome::kNotHeld, "保有個人データが存在しない", "suspension_decision", true, true, GC::kNone, {}}},
       Article35Grounds("利用停止等が困難で、これに代わるべき措置をとる（ただし書）",
                        "利用停止等に多額の費用を要する場合その他の利用停止等を行うことが困難な場合であって、"
                        "本人の権利利益を保護するため必要なこれに代わるべき措置をとること"),
       Article35Paragraph5Bases({"unlawful_handling",
                                 "目的外利用・不適正利用・不正取得（法第35条第1項：法第18条・第19条・第20条違反）",
                                 "法第35条第1項", "法第35条第2項", "法第35条第2項ただし書"})},
      // 第三者提供の停止 (Art. 35(3) or (5)).
      {RequestType::kThirdPartyStop,
       "法第35条",
       {{Outcome::kFull, "第三者提供を停止する", "third_party_stop_decision", false, false, GC::kNone, {}},
        {Outcome::kPartial, "一部について第三者提供を停止する", "third_party_stop_decision", true, true, GC::kExactlyOne,
         {"extent"}},
        {Outcome::kRefused, "第三者提供を停止しない", "third_party_stop_decision", true, true, GC::kExactlyOne, {"unfounded"}},
        {Outcome::kAlternative, "代わるべき措置をとる", "third_party_stop_decision", true, true, GC::kExactlyOne, {"proviso"},
         true},
        {Outcome::kNotHeld, "保有個人データが存在しない", "third_party_stop_decision", true, true, GC::kNone, {}}},
       Article35Grounds("第三者提供の停止が困難で、これに代わるべき措置をとる（ただし書）",
                        "第三者への提供の停止に多額の費用を要する場合その他の第三者への提供を停止することが困難な場合"
                        "であって、本人の権利利益を保護するため必要なこれに代わるべき措置をとること"),
       Article35Paragraph5Bases({"unlawful_provision",
                                 "本人の同意のない第三者提供等（法第35条第3項：法第27条第1項・第28条違反）",
                                 "法第35条第3項", "法第35条第4項", "法第35条第4項ただし書"})},
  };
}

// Every type may answer neutrally (its own order's article), after its own outcomes.
const std::vector<TypeRules>& Table() {
  static const std::vector<TypeRules> table = [] {
    std::vector<TypeRules> rows = Rows();
    for (TypeRules& t : rows) {
      const bool records = t.type == RequestType::kThirdPartyRecordDisclosure;
      t.outcomes.push_back(NeutralOutcome(records ? "存否を明らかにしない回答（施行令第11条）"
                                                  : "存否を明らかにしない回答（施行令第5条）"));
      t.grounds = Concat(t.grounds, NeutralGrounds(records ? "施行令第11条" : "施行令第5条"));
      if (t.type == RequestType::kDisclosure) {
        // Receipts are disclosed only after their institutions were asked
        // (保発第0331009号); a full disclosure of receipts, 健診 results or
        // doctors' opinions is a manager's to approve, like the adverse outcomes.
        t.consult_categories = {"receipts"};
        for (OutcomeRule& o : t.outcomes) {
          if (o.outcome == Outcome::kFull) o.approval_categories = {"receipts", "health_checkups", "medical_inquiries"};
        }
      }
    }
    return rows;
  }();
  return table;
}

// Generic names, whatever the type: only a fallback for a code whose type is
// unknown. The ledger, the screens and the letters use OutcomeLabel (the
// type's words: 一部開示, 一部について訂正等を行う).
// Every outcome's wire name (outcome.h) is here, once; `decided` is false for
// the two that close a request without a decision.
struct OutcomeNaming {
  Outcome outcome;
  std::string_view code;
  std::string_view name;
  bool decided;
};
constexpr OutcomeNaming kOutcomeNames[] = {
    {Outcome::kFull, "full", "全部応諾", true},
    {Outcome::kPartial, "partial", "一部応諾", true},
    {Outcome::kRefused, "refused", "拒否", true},
    {Outcome::kNotHeld, "not_held", "不存在", true},
    {Outcome::kAlternative, "alternative", "代替措置", true},
    {Outcome::kOtherProcedure, "other_procedure", "他の法令による開示", true},
    {Outcome::kNeutral, "neutral", "存否を明らかにしない回答", true},
    {Outcome::kIdentityFailed, "identity_failed", "本人確認不能（不受理）", false},
    {Outcome::kWithdrawn, "withdrawn", "取下げ", false},
};
constexpr Outcome kAllOutcomes[] = {Outcome::kFull,        Outcome::kPartial,        Outcome::kRefused,
                                    Outcome::kNotHeld,     Outcome::kAlternative,    Outcome::kOtherProcedure,
                                    Outcome::kNeutral,     Outcome::kIdentityFailed, Outcome::kWithdrawn};
static_assert(std::size(kAllOutcomes) == std::size(kOutcomeNames), "every outcome has its name");

const OutcomeNaming& NamingOf(Outcome outcome) {
  for (const OutcomeNaming& n : kOutcomeNames) {
    if (n.outcome == outcome) return n;
  }
  throw std::logic_error("outcome missing from kOutcomeNames");
}

constexpr ConsultationAnswer kConsultationAnswers[] = {
    {"no_objection", "支障なし（異議なし）", false, false, false},
    {"objection", "支障あり（異議あり）", true, false, true},
    // 一部支障あり: the part objected to (consultation_done.part) and why; decide
    // treats it as an objection to that part: not full, a partial disclosure citing harm.
    {"objection_partial", "一部支障あり（該当部分に異議あり）", true, false, true},
    {"no_answer", "回答なし（回答期限経過・組合が判断）", false, true, false},
};

// Who may be consulted (consult.party_kind) and the letters each is sent.
// Third parties' interests are weighed under 33(2)(i) (「本人又は第三者の生命、
// 身体、財産その他の権利利益を害するおそれ」), whoever the third party is;
// 33(2)(ii) (the society's business) is not this.
constexpr ConsultationParty kConsultationParties[] = {
    {"institution", "医療機関", "consultation_request", true},
    {"employer", "事業主", "third_party_consultation_request", false},
    {"doctor", "医師（意見書等の作成者）", "third_party_consultation_request", false},
    {"other", "その他の第三者", "third_party_consultation_request", false},
};

constexpr BereavedRelation kBereavedRelations[] = {
    {"parent", "父母", false},
    {"spouse", "配偶者", false},
    {"child", "子", false},
    {"equivalent", "これらに準ずる者", true},
};

constexpr std::string_view kConsultationWithheld =
    "開示しないこととした部分は、開示することにより本人又は第三者の生命、身体、財産その他の権利利益を害するおそれがある"
    "と当組合が判断したもの（法第33条第2項第1号）です。この部分の内容については、受診された医療機関（主治医）に"
    "ご相談ください。";

template <typename T>
void AddUnique(std::vector<T>& out, T v) {
  if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
}

std::string Join(const std::vector<std::string_view>& v) {
  std::string out;
  for (std::string_view s : v) out += (out.empty() ? "" : ", ") + std::string(s);
  return out.empty() ? "none" : out;
}

std::vector<std::string_view> OutcomeCodes(const TypeRules& t) {
  std::vector<std::string_view> out;
  for (const OutcomeRule& o : t.outcomes) out.push_back(Name(o.outcome));
  return out;
}

std::vector<std::string_view> BasisCodes(const TypeRules& t) {
  std::vector<std::string_view> out;
  for (const BasisRule& b : t.bases) out.push_back(b.code);
  return out;
}

std::string_view CountName(GroundCount c) {
  switch (c) {
    case GroundCount::kNone: return "none";
    case GroundCount::kExactlyOne: return "one";
    case GroundCount::kOneOrMore: return "one_or_more";
  }
  return "none";
}

// The grounds of `rule` checked; Ok with them (the implied one filled in).
Status CheckGrounds(const TypeRules& t, const OutcomeRule& rule, std::vector<std::string>* grounds) {
  const std::string where = "outcome '" + std::string(Name(rule.outcome)) + "' of a " + std::string(Name(t.type));
  for (const std::string& g : *grounds) {
    if (std::find(rule.allowed_grounds.begin(), rule.allowed_grounds.end(), g) == rule.allowed_grounds.end()) {
      return Status::InvalidArgument("data of 'decide' is invalid: grounds: '" + g + "' is not a ground of " + where +
                                     " (allowed: " + Join(rule.allowed_grounds) + ")");
    }
  }
  switch (rule.grounds) {
    case GroundCount::kNone:
      if (!grounds->empty()) {
        return Status::InvalidArgument("data of 'decide' is invalid: grounds: " + where + " cites no ground");
      }
      break;
    case GroundCount::kExactlyOne:
      if (grounds->empty() && rule.allowed_grounds.size() == 1) grounds->push_back(std::string(rule.allowed_grounds[0]));
      if (grounds->size() != 1) {
        return Status::InvalidArgument("data of 'decide' is invalid: grounds: " + where +
                                       " cites exactly one ground, never a list (one of: " +
                                       Join(rule.allowed_grounds) + ")");
      }
      break;
    case GroundCount::kOneOrMore:
      if (grounds->empty()) {
        return Status::InvalidArgument("data of 'decide' is invalid: grounds: " + where +
                                       " needs at least one ground (of: " + Join(rule.allowed_grounds) + ")");
      }
      break;
  }
  return Status::Ok();
}

}  // namespace

std::span<const TypeRules> DecisionTable() { return Table(); }

const TypeRules& RulesFor(RequestType type) {
  for (const TypeRules& t : Table()) {
    if (t.type == type) return t;
  }
  throw std::logic_error("request type missing from the decision table");
}

const OutcomeRule* FindOutcome(RequestType type, Outcome outcome) {
  for (const OutcomeRule& o : RulesFor(type).outcomes) {
    if (o.outcome == outcome) return &o;
  }
  return nullptr;
}

const GroundRule* FindGround(RequestType type, std::string_view code) {
  for (const GroundRule& g : RulesFor(type).grounds) {
    if (g.code == code) return &g;
  }
  return nullptr;
}

const BasisRule* FindBasis(RequestType type, std::string_view code) {
  for (const BasisRule& b : RulesFor(type).bases) {
    if (b.code == code) return &b;
  }
  return nullptr;
}

std::string_view Name(Outcome v) { return NamingOf(v).code; }

std::optional<Outcome> ParseOutcome(std::string_view name) {
  for (const OutcomeNaming& n : kOutcomeNames) {
    if (n.code == name) return n.outcome;
  }
  return std::nullopt;
}

std::span<const Outcome> AllOutcomes() { return kAllOutcomes; }

void to_json(nlohmann::json& j, Outcome v) { j = Name(v); }

std::optional<Outcome> DecidedOutcome(const nlohmann::json& decide) {
  return ParseOutcome(decide.is_object() ? decide.value("outcome", "") : "");
}

std::vector<Outcome> ClosingOutcomes() {
  std::vector<Outcome> out;
  for (const OutcomeNaming& n : kOutcomeNames) {
    if (!n.decided) out.push_back(n.outcome);
  }
  return out;
}

std::span<const ConsultationAnswer> ConsultationAnswers() { return kConsultationAnswers; }

const ConsultationAnswer* FindConsultationAnswer(std::string_view code) {
  for (const ConsultationAnswer& a : kConsultationAnswers) {
    if (a.code == code) return &a;
  }
  return nullptr;
}

bool HandsOverData(RequestType type, Outcome outcome) {
  if (type != RequestType::kDisclosure && type != RequestType::kThirdPartyRecordDisclosure) return false;
  const OutcomeRule* rule = FindOutcome(type, outcome);
  return rule != nullptr && rule->gives_data;
}

bool NeedsApproval(RequestType type, Outcome outcome, const std::vector<std::string>& categories,
                   bool protected_person) {
  const OutcomeRule* rule = FindOutcome(type, outcome);
  if (rule == nullptr || rule->needs_approval || protected_person) return true;
  return std::any_of(rule->approval_categories.begin(), rule->approval_categories.end(), [&](std::string_view c) {
    return std::find(categories.begin(), categories.end(), c) != categories.end();
  });
}

std::vector<std::string> ConsultationCategories(RequestType type, Outcome outcome,
                                                const std::vector<std::string>& categories, bool deceased) {
  std::vector<std::string> out;
  const OutcomeRule* rule = FindOutcome(type, outcome);
  if (deceased || rule == nullptr || !rule->gives_data) return out;
  for (std::string_view c : RulesFor(type).consult_categories) {
    if (std::find(categories.begin(), categories.end(), c) != categories.end()) out.push_back(std::string(c));
  }
  return out;
}

std::string_view ConsultationWithheldText() { return kConsultationWithheld; }

std::string ConsultationWithheldNaming(const std::vector<std::string>& institutions) {
  std::string names;
  for (const std::string& n : institutions) names += (names.empty() ? "" : "、") + n;
  std::string text(kConsultationWithheld);
  const std::string plain = "受診された医療機関（主治医）";
  const size_t at = text.find(plain);
  if (names.empty() || at == std::string::npos) return text;
  return text.replace(at, plain.size(), "受診された医療機関（" + names + "）の主治医");
}

std::span<const BereavedRelation> BereavedRelations() { return kBereavedRelations; }

const BereavedRelation* FindBereavedRelation(std::string_view code) {
  for (const BereavedRelation& b : kBereavedRelations) {
    if (b.code == code) return &b;
  }
  return nullptr;
}

std::span<const ConsultationParty> ConsultationParties() { return kConsultationParties; }

const ConsultationParty* FindConsultationParty(std::string_view code) {
  for (const ConsultationParty& p : kConsultationParties) {
    if (p.code == code) return &p;
  }
  return nullptr;
}

std::string_view OutcomeName(Outcome outcome) { return NamingOf(outcome).name; }

std::string_view OutcomeLabel(RequestType type, Outcome outcome) {
  if (const OutcomeRule* o = FindOutcome(type, outcome)) return o->label;
  return OutcomeName(outcome);
}

std::string_view GroundLabel(std::string_view code) {
  for (const TypeRules& t : Table()) {
    for (const GroundRule& g : t.grounds) {
      if (g.code == code) return g.label;
    }
  }
  return {};
}

std::vector<std::string_view> AllDecisionOutcomes() {
  std::vector<std::string_view> out;
  for (const OutcomeNaming& n : kOutcomeNames) {
    if (n.decided) out.push_back(n.code);
  }
  return out;
}

std::vector<std::string_view> AllGroundCodes() {
  std::vector<std::string_view> out;
  for (const TypeRules& t : Table()) {
    for (const GroundRule& g : t.grounds) AddUnique(out, g.code);
  }
  return out;
}

std::vector<std::string_view> AllBasisCodes() {
  std::vector<std::string_view> out;
  for (const TypeRules& t : Table()) {
    for (const BasisRule& b : t.bases) AddUnique(out, b.code);
  }
  return out;
}

Result<CheckedDecision> CheckDecision(RequestType type, const nlohmann::json& decide,
                                      const std::optional<std::string>& recorded_basis) {
  const TypeRules& t = RulesFor(type);
  CheckedDecision d;
  const std::string outcome = decide.value("outcome", "");
  const std::optional<Outcome> parsed = ParseOutcome(outcome);
  d.rule = parsed ? FindOutcome(type, *parsed) : nullptr;
  if (d.rule == nullptr) {
    return Status::InvalidArgument("data of 'decide' is invalid: outcome: '" + outcome + "' is not an outcome of a " +
                                   std::string(Name(type)) + " (" + std::string(t.article) +
                                   "); allowed: " + Join(OutcomeCodes(t)));
  }
  d.outcome = *parsed;
  d.grounds = decide.value("grounds", std::vector<std::string>{});
  if (Status s = CheckGrounds(t, *d.rule, &d.grounds); !s.ok()) return s;
  const std::string reason = decide.value("reason", "");
  if (d.rule->needs_reason && reason.empty()) {
    return Status::InvalidArgument("data of 'decide' is invalid: reason: outcome '" + outcome +
                                   "' needs the reason printed in the letter (Art. 36)");
  }
  if (d.rule->needs_file_reason && decide.value("internal_reason", "").empty()) {
    return Status::InvalidArgument("data of 'decide' is invalid: internal_reason: outcome '" + outcome +
                                   "' keeps its reason for the file only (the letter must not reveal whether the "
                                   "data exists)");
  }
  if (d.rule->needs_file_reason && decide.contains("reason")) {
    return Status::InvalidArgument("data of 'decide' is invalid: reason: outcome '" + outcome +
                                   "' prints no reason; write it in internal_reason");
  }
  if (d.rule->needs_measure && decide.value("measure", "").empty()) {
    return Status::InvalidArgument("data of 'decide' is invalid: measure: outcome '" + outcome +
                                   "' names the measure taken instead (代わるべき措置)");
  }
  if (!d.rule->needs_measure && decide.contains("measure")) {
    return Status::InvalidArgument("data of 'decide' is invalid: measure: only an alternative names a measure");
  }
  if (decide.contains("basis")) d.basis = decide["basis"].get<std::string>();
  else d.basis = recorded_basis;
  if (t.bases.empty()) {
    if (decide.contains("basis")) {
      return Status::InvalidArgument("data of 'decide' is invalid: basis: a " + std::string(Name(type)) +
                                     " has no basis to record (only suspension and third_party_stop)");
    }
    d.basis.reset();
  } else if (!d.basis && d.rule->needs_file_reason) {
    // A neutral answer rests on 施行令, not on the request's basis.
  } else if (!d.basis) {
    return Status::InvalidArgument("data of 'decide' is invalid: basis: a " + std::string(Name(type)) +
                                   " is decided on its basis, recorded at intake or here (one of: " +
                                   Join(BasisCodes(t)) + ")");
  } else if (FindBasis(type, *d.basis) == nullptr) {
    return Status::InvalidArgument("data of 'decide' is invalid: basis: '" + *d.basis + "' is not a basis of a " +
                                   std::string(Name(type)) + " (one of: " + Join(BasisCodes(t)) + ")");
  }
  return d;
}

Status CheckRecordedDecision(RequestType type, Outcome outcome, const std::vector<std::string>& grounds,
                             const std::optional<std::string>& basis) {
  const OutcomeRule* rule = FindOutcome(type, outcome);
  if (rule == nullptr) {
    return Status::Conflict("outcome '" + std::string(Name(outcome)) + "' is not an outcome of a " + std::string(Name(type)) +
                            " (allowed: " + Join(OutcomeCodes(RulesFor(type))) +
                            "); return the decision to the reviewer to decide again");
  }
  if (grounds.empty()) return Status::Ok();  // recorded before grounds were kept in the request
  std::vector<std::string> copy = grounds;
  if (Status s = CheckGrounds(RulesFor(type), *rule, &copy); !s.ok()) {
    return Status::Conflict(s.message() + "; return the decision to the reviewer to decide again");
  }
  if (!RulesFor(type).bases.empty() && basis && FindBasis(type, *basis) == nullptr) {
    return Status::Conflict("basis '" + *basis + "' is not a basis of a " + std::string(Name(type)));
  }
  return Status::Ok();
}

std::string_view DecisionLetterKind(RequestType type, Outcome outcome) {
  const OutcomeRule* o = FindOutcome(type, outcome);
  return o ? o->letter_kind : std::string_view();
}

nlohmann::json GroundsForLetter(RequestType type, const std::vector<std::string>& grounds,
                                const std::optional<std::string>& basis) {
  const BasisRule* b = basis ? FindBasis(type, *basis) : nullptr;
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& code : grounds) {
    const GroundRule* g = FindGround(type, code);
    if (g == nullptr) {
      // A ground another type uses (history from before the table): its own wording.
      for (const TypeRules& t : Table()) {
        if ((g = FindGround(t.type, code)) != nullptr) break;
      }
    }
    if (g == nullptr) continue;
    std::string_view article = g->article;
    if (g->by_basis == GroundRule::ByBasis::kBody && b) article = b->body;
    if (g->by_basis == GroundRule::ByBasis::kProviso && b) article = b->proviso;
    out.push_back({{"code", code}, {"text", g->letter_text}, {"article", article}});
  }
  return out;
}

namespace {
nlohmann::json PartiesJson() {
  nlohmann::json out = nlohmann::json::array();
  for (const ConsultationParty& p : kConsultationParties) {
    out.push_back({{"party_kind", p.code}, {"label", p.label}, {"letter_kind", p.letter_kind},
                   {"receipts", p.receipts}});
  }
  return out;
}
nlohmann::json BereavedJson() {
  nlohmann::json out = nlohmann::json::array();
  for (const BereavedRelation& b : kBereavedRelations) {
    out.push_back({{"code", b.code}, {"label", b.label}, {"needs_reason", b.needs_reason}});
  }
  return out;
}
}  // namespace

nlohmann::json DecisionTableJson() {
  nlohmann::json types = nlohmann::json::array();
  for (const TypeRules& t : Table()) {
    nlohmann::json outcomes = nlohmann::json::array();
    for (const OutcomeRule& o : t.outcomes) {
      outcomes.push_back({{"outcome", o.outcome},
                          {"label", o.label},
                          {"letter_kind", o.letter_kind},
                          {"needs_approval", o.needs_approval},
                          {"needs_reason", o.needs_reason},
                          {"grounds", CountName(o.grounds)},
                          {"allowed_grounds", o.allowed_grounds},
                          {"needs_measure", o.needs_measure},
                          {"gives_data", o.gives_data},
                          {"needs_file_reason", o.needs_file_reason},
                          {"approval_categories", o.approval_categories}});
    }
    nlohmann::json grounds = nlohmann::json::array();
    for (const GroundRule& g : t.grounds) {
      grounds.push_back({{"code", g.code}, {"label", g.label}, {"letter_text", g.letter_text},
                         {"article", g.article},
                         {"by_basis", g.by_basis == GroundRule::ByBasis::kBody      ? "body"
                                      : g.by_basis == GroundRule::ByBasis::kProviso ? "proviso"
                                                                                    : ""}});
    }
    nlohmann::json bases = nlohmann::json::array();
    for (const BasisRule& b : t.bases) {
      bases.push_back({{"code", b.code}, {"label", b.label}, {"article", b.article}, {"body", b.body},
                       {"proviso", b.proviso}});
    }
    types.push_back({{"type", Name(t.type)},
                     {"label", JapaneseName(t.type)},
                     {"article", t.article},
                     {"outcomes", std::move(outcomes)},
                     {"grounds", std::move(grounds)},
                     {"bases", std::move(bases)},
                     {"consult_categories", t.consult_categories}});
  }
  nlohmann::json names = nlohmann::json::array();
  for (const OutcomeNaming& n : kOutcomeNames) names.push_back({{"outcome", n.code}, {"label", n.name}});
  nlohmann::json answers = nlohmann::json::array();
  for (const ConsultationAnswer& a : kConsultationAnswers) {
    answers.push_back({{"answer", a.code}, {"label", a.label}, {"needs_reason", a.needs_reason},
                       {"after_due_only", a.after_due_only}, {"objects", a.objects}});
  }
  return {{"types", std::move(types)}, {"outcome_names", std::move(names)},
          {"consultation_answers", std::move(answers)},
          {"consultation_withheld_text", kConsultationWithheld},
          {"consultation_parties", PartiesJson()},
          {"bereaved_relations", BereavedJson()}};
}

}  // namespace madoguchi
