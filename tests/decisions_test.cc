// Decisions right under the law, type by type (issue 16, part 1), on a real
// engine and its real letter worker: decide refuses an outcome or ground that
// does not belong to the request's type and any decision whose letter cannot
// be written; every type × outcome × ground of the decision table
// (engine/core/decision_table.cc) is decided and its letter, read back from
// the PDF with pdftotext, prints the grounds and articles the table gives.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/decision_table.h"
#include "core/letter_plan.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "pdf_letter.h"

using namespace madoguchi;
using madoguchi::testing::Advance;
using madoguchi::testing::Call;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::FetchLastLetter;
using madoguchi::testing::Normalised;
using madoguchi::testing::PdfLetter;
using madoguchi::testing::StartWithLetterWorker;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TakeInForReview;
using madoguchi::testing::TempDir;
using madoguchi::testing::TryAdvance;
using madoguchi::testing::WaitForOutbox;

namespace {

// A request of `type` taken in, verified and assigned to reviewer1; its id.
std::string InReview(EngineProcess& engine, const std::string& type, const std::string& key) {
  nlohmann::json record = SampleRecord(type, key);
  if (type == "correction") {
    record["correction_items"] = {{{"item", "氏名"}, {"current", "山田 花子"}, {"requested", "山田 華子"}},
                                  {{"item", "被扶養者の続柄"}, {"current", "子"}, {"requested", "長女"}}};
  }
  return TakeInForReview(engine, record);
}

// A correction's items as its outcome needs them: full corrects both, partial the first.
nlohmann::json CorrectionItems(const std::string& outcome) {
  const bool first = outcome == "full" || outcome == "partial";
  const bool second = outcome == "full";
  nlohmann::json items = nlohmann::json::array();
  int n = 0;
  for (bool corrected : {first, second}) {
    nlohmann::json item = {{"n", ++n}, {"corrected", corrected}};
    if (!corrected) item["reason"] = "当組合の記録が届出の内容と一致しているためです。";
    items.push_back(item);
  }
  return items;
}

struct Case {
  RequestType type;
  const OutcomeRule* outcome;
  std::vector<std::string> grounds;  // what the letter must print
  bool grounds_given;                // false: the outcome's one ground is implied
  std::optional<std::string> basis;
  std::string id;
};

// Every type × outcome × ground of the table; a ground that follows the
// request's basis is decided under the first basis (Art. 35(1) or (3)) and
// under the second (Art. 35(5)), whose provisos differ.
std::vector<Case> AllCases() {
  std::vector<Case> cases;
  for (const TypeRules& t : DecisionTable()) {
    for (const OutcomeRule& o : t.outcomes) {
      std::vector<std::vector<std::string>> ground_sets;
      if (o.grounds == GroundCount::kNone) {
        ground_sets.push_back({});
      } else {
        for (std::string_view g : o.allowed_grounds) ground_sets.push_back({std::string(g)});
      }
      for (const auto& grounds : ground_sets) {
        const bool implied = o.grounds == GroundCount::kExactlyOne && o.allowed_grounds.size() == 1;
        const GroundRule* ground = grounds.empty() ? nullptr : FindGround(t.type, grounds[0]);
        if (t.bases.empty()) {
          cases.push_back({t.type, &o, grounds, !implied, std::nullopt, ""});
        } else if (grounds.empty() || ground->by_basis == GroundRule::ByBasis::kNo) {
          cases.push_back({t.type, &o, grounds, !implied, std::string(t.bases.back().code), ""});
        } else {
          for (size_t b : {size_t{0}, size_t{1}}) cases.push_back({t.type, &o, grounds, !implied, std::string(t.bases[b].code), ""});
        }
      }
    }
  }
  return cases;
}

std::string ReasonFor(const Case& c) {
  return "決定の理由（" + std::string(Name(c.type)) + "・" + std::string(Name(c.outcome->outcome)) + "）を記載します。";
}

}  // namespace

TEST_CASE("decisions: a disclosure cannot be decided 'alternative' (Art. 33 has none), so no letter job dies on it",
          "[decisions]") {
  EngineProcess engine;
  engine.Start();
  std::string id = InReview(engine, "disclosure", "alt-disclosure-1");
  Result<nlohmann::json> refused = TryAdvance(engine, "reviewer1", id, "decide",
                                              {{"outcome", "alternative"}, {"reason", "別の方法で対応します。"}});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(refused.status().message(), Catch::Contains("'alternative' is not an outcome of a disclosure"));
  CHECK_THAT(refused.status().message(), Catch::Contains("other_procedure"));
  CHECK(Call(engine, "clerk1", "show", {{"id", id}})["state"] == "in_review");
}

TEST_CASE("decisions: grounds of another type, a catch-all list and a missing basis are refused", "[decisions]") {
  EngineProcess engine;
  engine.Start();
  // A correction is not refused under Art. 33(2): the reason was that the record is true (Art. 34).
  std::string correction = InReview(engine, "correction", "grounds-corr-1");
  Result<nlohmann::json> r = TryAdvance(engine, "reviewer1", correction, "decide",
                                        {{"outcome", "refused"}, {"grounds", {"operations"}},
                                         {"reason", "記録は事実のとおりです。"}, {"items", CorrectionItems("refused")}});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("'operations' is not a ground of outcome 'refused' of a correction"));
  CHECK_THAT(r.status().message(), Catch::Contains("not_untrue"));

  // A purpose notice is refused on exactly one ground, never a list.
  std::string purpose = InReview(engine, "purpose_notice", "grounds-purpose-1");
  r = TryAdvance(engine, "reviewer1", purpose, "decide",
                 {{"outcome", "refused"}, {"grounds", {"purpose_evident", "purpose_harm"}}, {"reason", "公表のとおりです。"}});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("exactly one ground"));

  // A suspension is decided on its basis (Art. 35(1) or (5)).
  std::string suspension = InReview(engine, "suspension", "grounds-susp-1");
  r = TryAdvance(engine, "reviewer1", suspension, "decide", {{"outcome", "refused"}, {"reason", "理由がありません。"}});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("basis"));
  CHECK_THAT(r.status().message(), Catch::Contains("no_longer_needed"));
  // ... and its one ground is implied: no list to choose from.
  Advance(engine, "reviewer1", suspension, "decide",
          {{"outcome", "refused"}, {"basis", "no_longer_needed"}, {"reason", "現在も保健事業に利用しています。"}});
  nlohmann::json shown = Call(engine, "manager1", "show", {{"id", suspension}});
  CHECK(shown["state"] == "pending_approval");
  CHECK(shown["particulars"]["basis"] == "no_longer_needed");
  CHECK(shown["particulars"]["decision_grounds"] == nlohmann::json{"unfounded"});
}

TEST_CASE("decisions: a decision whose letter cannot be written is refused before it is stored", "[decisions]") {
  TempDir templates;
  std::filesystem::copy(std::string(MADOGUCHI_SOURCE_DIR) + "/templates/letters", templates.path(),
                        std::filesystem::copy_options::recursive);
  std::filesystem::remove(templates.path() / "nondisclosure_decision.txt");
  EngineProcess engine;
  engine.EditConfig([&](nlohmann::json& c) { c["workers"]["templates_dir"] = templates.path().string(); });
  engine.Start();
  std::string id = InReview(engine, "disclosure", "render-check-1");
  int64_t version = Call(engine, "clerk1", "show", {{"id", id}})["version"];
  Result<nlohmann::json> r = TryAdvance(engine, "reviewer1", id, "decide",
                                        {{"outcome", "refused"}, {"grounds", {"harm"}}, {"reason", "支障があります。"}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(r.status().message(), Catch::Contains("nondisclosure_decision letter this decide calls for cannot be written"));
  CHECK_THAT(r.status().message(), Catch::Contains("nondisclosure_decision"));
  nlohmann::json shown = Call(engine, "clerk1", "show", {{"id", id}});
  CHECK(shown["state"] == "in_review");
  CHECK(shown["version"] == version);
  // A letter the templates can write is decided as ever.
  Advance(engine, "reviewer1", id, "decide",
          {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", "一部に支障があります。"}});
}

TEST_CASE("decisions: every type, outcome and ground is decided and its letter prints the table's grounds and articles",
          "[decisions][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);

  std::vector<Case> cases = AllCases();
  REQUIRE(cases.size() >= 40);
  int n = 0;
  for (Case& c : cases) {
    c.id = InReview(engine, std::string(Name(c.type)), "every-decision-" + std::to_string(++n));
    nlohmann::json decide = {{"outcome", Name(c.outcome->outcome)}};
    if (c.outcome->needs_file_reason) {
      decide["internal_reason"] = ReasonFor(c);  // a neutral answer prints none
    } else {
      decide["reason"] = ReasonFor(c);
    }
    if (c.grounds_given && !c.grounds.empty()) decide["grounds"] = c.grounds;
    if (c.basis) decide["basis"] = *c.basis;
    if (c.outcome->needs_measure) decide["measure"] = "当該データの利用を停止するまでの間、閲覧できる職員を限定します。";
    if (c.type == RequestType::kCorrection) decide["items"] = CorrectionItems(std::string(Name(c.outcome->outcome)));
    INFO(decide.dump());
    Advance(engine, "reviewer1", c.id, "decide", decide);
    if (c.outcome->needs_approval) Advance(engine, "manager1", c.id, "approve", nlohmann::json::object());
    Advance(engine, "clerk1", c.id, "respond", {{"method", "post"}});
  }
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(120), "letter"));

  TempDir out;
  for (const Case& c : cases) {
    INFO(c.id << " " << Name(c.type) << " " << Name(c.outcome->outcome) << " grounds "
              << nlohmann::json(c.grounds).dump() << " basis " << c.basis.value_or("-"));
    // A disclosure that gives data waits for its delivery after the letter (issue 17).
    CHECK(Call(engine, "clerk1", "show", {{"id", c.id}})["state"] ==
          (HandsOverData(c.type, c.outcome->outcome) ? "delivering" : "closed"));
    PdfLetter letter = FetchLastLetter(engine, "clerk1", c.id, out);
    CHECK(letter.kind == c.outcome->letter_kind);
    CHECK(letter.pages == 1);  // one A4 page each
    const std::string& text = letter.flat;
    // The not-held notice of third-party records is titled for them (第三者提供記録不存在通知書).
    const bool records = c.type == RequestType::kThirdPartyRecordDisclosure && letter.kind == "not_held_notice";
    CHECK_THAT(text, Catch::Contains(records ? "第三者提供記録不存在通知書" : Normalised(std::string(LetterTitle(letter.kind)))));
    CHECK_THAT(text, Catch::Contains(c.id.substr(1)));  // the 受付番号, without the R
    if (c.outcome->needs_reason) CHECK_THAT(text, Catch::Contains(Normalised(ReasonFor(c))));
    std::vector<std::string> printed = c.grounds;
    if (!c.grounds_given) printed = {std::string(c.outcome->allowed_grounds[0])};
    if (c.outcome->needs_file_reason) {
      // Neutral: neither a refusal nor a reasoned 不存在; nothing of the file is printed.
      CHECK_THAT(text, !Catch::Contains(Normalised(ReasonFor(c))));
      CHECK_THAT(text, !Catch::Contains("施行令"));
      CHECK_THAT(text, !Catch::Contains("存在しない"));
      CHECK_THAT(text, !Catch::Contains("開示しない"));
      continue;
    }
    for (const nlohmann::json& g : GroundsForLetter(c.type, printed, c.basis)) {
      CHECK_THAT(text, Catch::Contains(Normalised(g["text"].get<std::string>())));
      CHECK_THAT(text, Catch::Contains(Normalised(g["article"].get<std::string>())));
    }
    if (c.basis) CHECK_THAT(text, Catch::Contains(Normalised(std::string(FindBasis(c.type, *c.basis)->label))));
    if (c.outcome->needs_measure) CHECK_THAT(text, Catch::Contains("閲覧できる職員を限定します"));
    // The articles written out here, not from the table, for the cases the
    // issue names: a third-party stop is its own letter, an alternative cites
    // the proviso of its own basis, a refused correction cites Art. 34, a
    // third-party record refusal cites 33(2) as applied by 33(5).
    if (c.type == RequestType::kThirdPartyStop) CHECK_THAT(text, Catch::Contains("第三者提供停止決定通知書"));
    if (c.outcome->outcome == Outcome::kAlternative) {
      const bool under_35_5 = *c.basis != "unlawful_handling" && *c.basis != "unlawful_provision";
      const char* proviso = under_35_5                              ? "法第35条第6項ただし書"
                            : c.type == RequestType::kSuspension ? "法第35条第2項ただし書"
                                                                 : "法第35条第4項ただし書";
      CHECK_THAT(text, Catch::Contains(proviso));
    }
    if (c.type == RequestType::kCorrection && c.outcome->outcome == Outcome::kRefused) {
      CHECK_THAT(text, Catch::Contains("法第34条"));
      CHECK_THAT(text, !Catch::Contains("法第33条"));
    }
    if (c.type == RequestType::kThirdPartyRecordDisclosure && !c.grounds.empty()) {
      CHECK_THAT(text, Catch::Contains("法第33条第5項において準用する同条第2項"));
    }
  }
  CHECK(worker.Stop() == 0);
}
