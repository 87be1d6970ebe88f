// The decision table (engine/core/decision_table.h) against everything that
// names its codes: the decide event's schema, the letter context's schema,
// the `meta` reply's schema, the letter templates and titles; the checks it
// makes of a decide; and an old decision, recorded before the table, that
// keeps its meaning in history and in its letter.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include "commands/letter_context.h"
#include "commands/meta_view.h"
#include "core/decision_table.h"
#include "core/embedded_files.h"
#include "core/letter_plan.h"
#include "core/schema_validator.h"
#include "letters/letter_text.h"
#include "letters/letter_markup.h"
#include "office_steps.h"
#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::At;
using madoguchi::testing::D;
using madoguchi::testing::DefaultWorkflow;
using madoguchi::testing::Normalised;
using madoguchi::testing::OfficeSteps;
using madoguchi::testing::OpenStore;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TempDir;

namespace {

std::set<std::string> Strings(const nlohmann::json& array) {
  std::set<std::string> out;
  for (const auto& v : array) out.insert(v.get<std::string>());
  return out;
}

std::set<std::string> Strings(const std::vector<std::string_view>& v) { return {v.begin(), v.end()}; }

Result<CheckedDecision> Decide(RequestType type, nlohmann::json data, std::optional<std::string> basis = {}) {
  return CheckDecision(type, data, basis);
}

}  // namespace

TEST_CASE("decision table: every outcome has one wire name, read back as itself and written as it in JSON",
          "[decision_table]") {
  std::set<std::string> names;
  for (Outcome o : AllOutcomes()) {
    const std::string name(Name(o));
    INFO(name);
    CHECK(names.insert(name).second);
    CHECK(ParseOutcome(name) == o);
    CHECK(nlohmann::json(o) == name);  // never the enum's number
    CHECK(!OutcomeName(o).empty());
  }
  CHECK_FALSE(ParseOutcome("Full").has_value());
  // The decided ones are the decide schema's (below); the closing ones are the transitions' own.
  const std::vector<std::string_view> decided = AllDecisionOutcomes();
  for (Outcome o : ClosingOutcomes()) {
    INFO(Name(o));
    CHECK(std::find(decided.begin(), decided.end(), Name(o)) == decided.end());
  }
  CHECK(decided.size() + ClosingOutcomes().size() == AllOutcomes().size());
  CHECK(TransitionFor(Event::kWithdraw).closes_with_outcome == Outcome::kWithdrawn);
  CHECK(TransitionFor(Event::kRejectIdentity).closes_with_outcome == Outcome::kIdentityFailed);
}

TEST_CASE("decision table: the decide schema's codes are the table's codes", "[decision_table]") {
  const nlohmann::json schema = EmbeddedJson("schemas/events/decide.schema.json");
  CHECK(Strings(schema["properties"]["outcome"]["enum"]) == Strings(AllDecisionOutcomes()));
  CHECK(Strings(schema["properties"]["grounds"]["items"]["enum"]) == Strings(AllGroundCodes()));
  CHECK(Strings(schema["properties"]["basis"]["enum"]) == Strings(AllBasisCodes()));
  const nlohmann::json context = EmbeddedJson("schemas/messages/letter-context.schema.json");
  CHECK(Strings(context["properties"]["decision"]["properties"]["outcome"]["enum"]) == Strings(AllDecisionOutcomes()));
  const std::set<std::string> kinds = Strings(context["properties"]["letter_kind"]["enum"]);
  const nlohmann::json request = EmbeddedJson("schemas/request.schema.json");
  CHECK(request["properties"].contains("basis"));
  for (const TypeRules& t : DecisionTable()) {
    INFO(Name(t.type));
    CHECK(FindOutcome(t.type, Outcome::kFull) != nullptr);
    for (const OutcomeRule& o : t.outcomes) {
      INFO(Name(o.outcome));
      CHECK(kinds.count(std::string(o.letter_kind)) == 1);
      CHECK(LetterTitle(o.letter_kind) != "通知書");  // a title of its own, not the fallback
      CHECK(std::filesystem::exists(std::string(MADOGUCHI_SOURCE_DIR) + "/templates/letters/" +
                                    std::string(o.letter_kind) + ".txt"));
      CHECK(!OutcomeName(o.outcome).empty());
      CHECK(o.needs_approval == (o.outcome != Outcome::kFull));  // four eyes on all but full
      CHECK(o.needs_reason == (o.needs_approval && !o.needs_file_reason));  // Art. 36 on all but full and neutral
      CHECK((o.grounds == GroundCount::kNone) == o.allowed_grounds.empty());
      for (std::string_view g : o.allowed_grounds) {
        const GroundRule* rule = FindGround(t.type, g);
        REQUIRE(rule != nullptr);
        // A ground whose article follows the basis only where there is a basis;
        // a neutral answer's rests on 施行令 whatever the type.
        if (o.needs_file_reason) {
          CHECK(rule->article.rfind("施行令第", 0) == 0);
        } else {
          CHECK((rule->by_basis != GroundRule::ByBasis::kNo) == !t.bases.empty());
          CHECK((rule->article.empty()) == !t.bases.empty());
        }
      }
    }
  }
}

TEST_CASE("decision table: meta's reply is valid against its schema and names every letter's title", "[decision_table]") {
  nlohmann::json meta = MetaJson(DefaultWorkflow());
  CHECK(SchemaValidator::Embedded("schemas/api/meta.reply.schema.json").Validate(meta, "meta").empty());
  REQUIRE(meta["types"].size() == AllRequestTypes().size());
  CHECK(meta["types"][0]["type"] == "purpose_notice");
  CHECK(meta["states"][0]["state"] == "received");  // the workflow's order, not alphabetical
  for (const auto& t : meta["types"]) {
    for (const auto& o : t["outcomes"]) CHECK(o["letter_title"] != "通知書");
  }
}

TEST_CASE("decision table: decide is checked against the request's type", "[decision_table]") {
  SECTION("Art. 33 has no alternative measure; 33(4) is a disclosure's, not a third-party record's") {
    CHECK(Decide(RequestType::kDisclosure, {{"outcome", "alternative"}, {"reason", "r"}}).status().code() ==
          Status::Code::kInvalidArgument);
    CHECK(Decide(RequestType::kDisclosure, {{"outcome", "other_procedure"}, {"reason", "r"}}).ok());
    CHECK_FALSE(Decide(RequestType::kThirdPartyRecordDisclosure, {{"outcome", "other_procedure"}, {"reason", "r"}}).ok());
  }
  SECTION("a correction cites Art. 34's grounds, not 33(2)'s") {
    CHECK_FALSE(Decide(RequestType::kCorrection, {{"outcome", "refused"}, {"grounds", {"harm"}}, {"reason", "r"}}).ok());
    CHECK(Decide(RequestType::kCorrection, {{"outcome", "refused"}, {"grounds", {"not_untrue", "evaluation"}}, {"reason", "r"}}).ok());
    CHECK_FALSE(Decide(RequestType::kCorrection, {{"outcome", "refused"}, {"reason", "r"}}).ok());  // no ground
  }
  SECTION("a purpose notice is refused on exactly one ground; partial is not offered") {
    CHECK(Decide(RequestType::kPurposeNotice, {{"outcome", "refused"}, {"grounds", {"purpose_evident"}}, {"reason", "r"}}).ok());
    CHECK_FALSE(Decide(RequestType::kPurposeNotice,
                       {{"outcome", "refused"}, {"grounds", {"purpose_evident", "purpose_harm"}}, {"reason", "r"}}).ok());
    CHECK_FALSE(Decide(RequestType::kPurposeNotice, {{"outcome", "partial"}, {"reason", "r"}}).ok());
  }
  SECTION("a suspension needs its basis; its one ground is implied; a measure only for an alternative") {
    CHECK_FALSE(Decide(RequestType::kSuspension, {{"outcome", "refused"}, {"reason", "r"}}).ok());
    Result<CheckedDecision> d = Decide(RequestType::kSuspension, {{"outcome", "refused"}, {"reason", "r"}}, "leak");
    REQUIRE(d.ok());
    CHECK(d->grounds == std::vector<std::string>{"unfounded"});
    CHECK(d->basis == "leak");
    CHECK_FALSE(Decide(RequestType::kSuspension, {{"outcome", "alternative"}, {"reason", "r"}}, "leak").ok());
    CHECK(Decide(RequestType::kSuspension, {{"outcome", "alternative"}, {"reason", "r"}, {"measure", "m"}}, "leak").ok());
    CHECK_FALSE(Decide(RequestType::kSuspension, {{"outcome", "full"}, {"measure", "m"}}, "leak").ok());
    CHECK_FALSE(Decide(RequestType::kSuspension, {{"outcome", "full"}, {"basis", "unlawful_provision"}}).ok());
    CHECK(Decide(RequestType::kThirdPartyStop, {{"outcome", "full"}, {"basis", "unlawful_provision"}}).ok());
    CHECK_FALSE(Decide(RequestType::kDisclosure, {{"outcome", "full"}, {"basis", "leak"}}).ok());
  }
  SECTION("the reason printed in the letter (Art. 36) for every outcome but full") {
    CHECK_FALSE(Decide(RequestType::kDisclosure, {{"outcome", "not_held"}}).ok());
    CHECK(Decide(RequestType::kDisclosure, {{"outcome", "full"}}).ok());
  }
  SECTION("the proviso cited follows the basis") {
    nlohmann::json g = GroundsForLetter(RequestType::kThirdPartyStop, {"proviso"}, std::string("unlawful_provision"));
    CHECK(g[0]["article"] == "法第35条第4項ただし書");
    g = GroundsForLetter(RequestType::kThirdPartyStop, {"proviso"}, std::string("no_longer_needed"));
    CHECK(g[0]["article"] == "法第35条第6項ただし書");
    g = GroundsForLetter(RequestType::kSuspension, {"unfounded"}, std::string("unlawful_handling"));
    CHECK(g[0]["article"] == "法第35条第2項");
  }
}

TEST_CASE("decision table: an old correction refused under 33(2) keeps its meaning in history and its letter",
          "[decision_table]") {
  TempDir dir;
  auto store = OpenStore(dir.file("desk.db"));
  OfficeSteps office(*store);
  auto in = store->Intake(SampleRecord("correction", "old-decide-1"), {"clerk1", Role::kClerk}, At("2026-11-02"));
  REQUIRE(in.ok());
  const std::string id = in->request.id;
  office.VerifyAndAssign(id, "2026-11-02");
  office.Step(id, "2026-11-04", {"reviewer1", Role::kReviewer}, Event::kDecide,
              {{"outcome", "refused"}, {"grounds", {"not_untrue"}}, {"reason", "記録は届出のとおりです。"},
               {"items", {{{"n", 1}, {"corrected", false}, {"reason", "届出のとおりです。"}}}}});
  // What an engine before the decision table wrote: 33(2)(ii) on a
  // correction, and no grounds kept in the request; and, before migration 20,
  // its text in clear in the row (nothing in history_sealed). History is
  // append-only (a trigger): the trigger steps aside for this one rewrite of the past.
  store->db().exec("DROP TRIGGER history_no_update");
  store->db().exec("UPDATE history SET data = json_set(json_remove(data, '$.withheld'), '$.grounds', "
                   "json_array('operations'), '$.reason', '記録は届出のとおりです。', '$.items[0].reason', "
                   "'届出のとおりです。') WHERE request_id = '" + id + "' AND event = 'decide'");
  store->db().exec("DELETE FROM history_sealed WHERE request_id = '" + id + "'");
  store->db().exec("CREATE TRIGGER history_no_update BEFORE UPDATE ON history "
                   "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END");
  store->db().exec("UPDATE requests SET particulars = json_remove(particulars, '$.decision_grounds') WHERE id = '" +
                   id + "'");
  CHECK(GroundLabel("operations").find("業務の適正な実施に著しい支障") != std::string_view::npos);

  // The manager approves it as it was decided then; the letter says what it said then.
  office.Step(id, "2026-11-05", {"manager1", Role::kManager}, Event::kApprove, nlohmann::json::object());
  auto detail = RequestReader::Open(dir.file("desk.db"), madoguchi::testing::TestVault());
  REQUIRE(detail.ok());
  auto d = (*detail)->Detail(id);
  REQUIRE(d.ok());
  REQUIRE(d->has_value());
  nlohmann::json job = {{"letter_id", "L-1"}, {"letter_kind", "correction_decision"}, {"revision", (*d)->request.version}};
  nlohmann::json society = {{"name", "テスト健康保険組合"}, {"postal_code", "100-0001"}, {"address", "東京都千代田区1-1"},
                            {"phone", "03-0000-0000"}, {"complaint_contact", "テスト健康保険組合"}};
  Result<nlohmann::json> context = LetterContextFor(**d, job, society, DefaultWorkflow(), D("2026-11-06"));
  REQUIRE(context.ok());
  Result<LetterText> text = RenderLetterDocument(*context, std::string(MADOGUCHI_SOURCE_DIR) + "/templates/letters");
  INFO(text.status().ToString());
  REQUIRE(text.ok());
  const std::string printed = Normalised(PlainTextCopy(text->document));
  CHECK_THAT(printed, Catch::Contains(Normalised("当組合の業務の適正な実施に著しい支障を及ぼすおそれがある場合")));
  CHECK_THAT(printed, Catch::Contains("法第33条第2項第2号"));
}
