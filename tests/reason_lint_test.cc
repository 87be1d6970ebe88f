// The reasons' 例文 and the reason check (engine/core/reason_phrases.h,
// reason_lint.h): the shipped phrases load, fit the decision table and pass
// the check but for the 【…】 left to fill in; the check warns about plain-form
// endings, the Act's name written out, what must not be printed, and names.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/embedded_files.h"
#include "core/reason_lint.h"
#include "core/reason_phrases.h"

using namespace madoguchi;

namespace {

std::vector<std::string> Codes(const std::vector<LintWarning>& warnings) {
  std::vector<std::string> out;
  for (const LintWarning& w : warnings) out.push_back(w.code);
  return out;
}

}  // namespace

TEST_CASE("reason phrases: the shipped phrases fit the table and pass the check but for what is left to fill in",
          "[reasons]") {
  const ReasonPhrases& phrases = ReasonPhrases::Default();
  REQUIRE(phrases.phrases().size() >= 30);
  for (const ReasonPhrase& p : phrases.phrases()) {
    INFO(p.type << " " << p.outcome << " " << p.label << ": " << p.text);
    for (const std::string& code : Codes(LintLetterText(p.text, phrases))) CHECK(code == "placeholder");
  }
}

TEST_CASE("reason phrases: a phrase the decision table does not know is refused, naming it", "[reasons]") {
  nlohmann::json config = EmbeddedJson("config/reason-phrases.json");
  config["phrases"].push_back({{"type", "correction"}, {"outcome", "refused"}, {"ground", "operations"},
                               {"label", "業務への支障"}, {"text", "業務に支障があるためです。"}});
  Result<ReasonPhrases> r = ReasonPhrases::FromJson(config);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("業務への支障"));
  CHECK_THAT(r.status().message(), Catch::Contains("'operations' is not a ground of outcome 'refused' of a correction"));
}

TEST_CASE("reason check: plain endings, the Act's name, placeholders, sensitive words and names", "[reasons]") {
  const ReasonPhrases& rules = ReasonPhrases::Default();
  // The demo's reason as staff typed it: plain form, the Act's name, the clinic and its opinion.
  std::vector<LintWarning> w = LintLetterText(
      "浦和さくら内科から、病名の告知が治療方針に影響するとの意見があったため、傷病名欄を除いて開示する（個人情報保護法第33条第2項第1号）。",
      rules, {"浦和さくら内科"});
  std::vector<std::string> codes = Codes(w);
  CHECK(std::count(codes.begin(), codes.end(), "plain_ending") == 1);
  CHECK(std::count(codes.begin(), codes.end(), "act_name") == 1);
  CHECK(std::count(codes.begin(), codes.end(), "sensitive_word") >= 3);  // 病名, 告知, 治療方針, 傷病名
  CHECK(std::count(codes.begin(), codes.end(), "name") == 1);
  CHECK_THAT(w.front().message, Catch::Contains("です・ます"));

  CHECK(LintLetterText("記録は届出のとおりです。訂正等は行いません。", rules).empty());
  CHECK(LintLetterText("記録は届出のとおりであり、訂正しない。", rules).size() == 1);
  CHECK(Codes(LintLetterText("当組合に記録がなかった", rules)) == std::vector<std::string>{"plain_ending"});
  CHECK(Codes(LintLetterText("【法令の名称及び条項】に違反することとなるためです。", rules)) ==
        std::vector<std::string>{"placeholder"});
  // A polite sentence with an aside at its end is polite.
  CHECK(LintLetterText("開示しないこととしました（法第33条第2項第1号）。", rules).empty());
}
