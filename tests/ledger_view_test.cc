// The ledger (受付・処理簿) of issue 18 on a real engine and letter worker: by
// fiscal year (年度, April to March) as well as by calendar year; a decision
// still awaiting a manager's approval is 承認待ち, not a result, and is not
// counted as decided; the outcome in the request type's words, the same word
// as its decision letter (both PDFs read with poppler); dates in the Japanese
// era in the PDF, ISO in the CSV.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "core/civil_date.h"
#include "core/japanese_era.h"
#include "core/jst_time.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "pdf_letter.h"
#include "test_support.h"
#include "web_client.h"

using namespace madoguchi;
using madoguchi::testing::Advance;
using madoguchi::testing::Call;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::CommandOutput;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::Normalised;
using madoguchi::testing::PdfLetter;
using madoguchi::testing::RespondByPost;
using madoguchi::testing::RunClient;
using madoguchi::testing::RunCommand;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::StartWithLetterWorker;
using madoguchi::testing::TakeInForReview;
using madoguchi::testing::TempDir;
using madoguchi::testing::WebClient;

namespace {

const nlohmann::json* ItemOf(const nlohmann::json& report, const std::string& id) {
  for (const auto& item : report["items"]) {
    if (item["id"] == id) return &item;
  }
  return nullptr;
}

int64_t OutcomeCount(const nlohmann::json& report, const char* type, const char* outcome) {
  for (const auto& b : report["totals"]["by_outcome"]) {
    if (b["type"] == type && b["outcome"] == outcome) return b["count"].get<int64_t>();
  }
  return 0;
}

// The text of a report PDF as pdftotext gives it, blanks taken out.
std::string PdfText(const std::string& path) {
  CommandOutput text = RunCommand("pdftotext -layout '" + path + "' -");
  REQUIRE(text.exit_code == 0);
  return Normalised(text.out);
}

std::string Era(const std::string& iso) { return JapaneseEraDate(*Date::Parse(iso)); }

}  // namespace

TEST_CASE("ledger: fiscal and calendar years, a decision awaiting approval is not a result, and the PDF speaks as the letter",
          "[ledger][engine][workers]") {
  // The last 31 March and 1 April that are both past (a request may be
  // recorded as received up to a year back): on 2026-12-07 these are
  // 2026-03-31 (令和7年度) and 2026-04-01 (令和8年度).
  const Date today = JstDate(Now());
  const int y = today >= *Date::FromYmd(today.year(), 4, 1) ? today.year() : today.year() - 1;
  const std::string march = Date::FromYmd(y, 3, 31)->ToIso(), april = Date::FromYmd(y, 4, 1)->ToIso();

  EngineProcess engine;
  engine.SetPassword("manager1", "correct-horse-battery");
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);

  // A: received late on 31 March, decided in part: waits for a manager.
  nlohmann::json a_record = SampleRecord("disclosure", "ledger-march");
  a_record["received_at"] = march + "T23:30:00+09:00";
  const std::string a = TakeInForReview(engine, a_record);
  Advance(engine, "reviewer1", a, "decide",
          {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", "第三者の情報が含まれる部分があるため。"}});
  // B: received just after midnight on 1 April, decided in part, approved, answered.
  nlohmann::json b_record = SampleRecord("disclosure", "ledger-april");
  b_record["received_at"] = april + "T00:10:00+09:00";
  const std::string b = TakeInForReview(engine, b_record);
  Advance(engine, "reviewer1", b, "decide",
          {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", "第三者の情報が含まれる部分があるため。"}});
  Advance(engine, "manager2", b, "approve", nlohmann::json::object());
  TempDir out;
  PdfLetter letter = RespondByPost(engine, b, out);
  REQUIRE(letter.kind == "partial_disclosure_decision");

  // The fiscal year that ended on 31 March holds A only; A is not yet a result.
  nlohmann::json before = Call(engine, "auditor1", "report", {{"year", y - 1}, {"period", "fiscal"}});
  CHECK(before["period"] == "fiscal");
  CHECK(before["first_day"] == Date::FromYmd(y - 1, 4, 1)->ToIso());
  CHECK(before["last_day"] == march);
  const std::string era_before = Era(std::to_string(y - 1) + "-12-31");
  CHECK(before["title"] == era_before.substr(0, era_before.find("年")) + "年度 開示等請求 受付・処理簿");
  REQUIRE(before["items"].size() == 1);
  const nlohmann::json* item_a = ItemOf(before, a);
  REQUIRE(item_a != nullptr);
  CHECK(item_a->at("state") == "pending_approval");
  CHECK(item_a->at("outcome_key") == "pending_approval");
  CHECK(item_a->at("outcome_ja") == "承認待ち");
  CHECK(item_a->at("decided_on").is_null());
  CHECK(before["totals"]["decided"] == 0);
  CHECK(before["totals"]["pending_approval"] == 1);
  CHECK(OutcomeCount(before, "disclosure", "partial") == 0);
  CHECK(OutcomeCount(before, "disclosure", "pending_approval") == 1);

  // The fiscal year from 1 April holds B: decided, in the words of its letter.
  nlohmann::json after = Call(engine, "auditor1", "report", {{"year", y}, {"period", "fiscal"}});
  CHECK(after["first_day"] == april);
  REQUIRE(after["items"].size() == 1);
  const nlohmann::json* item_b = ItemOf(after, b);
  REQUIRE(item_b != nullptr);
  CHECK(item_b->at("received_on") == april);
  CHECK(item_b->at("outcome_key") == "partial");
  const std::string word = item_b->at("outcome_ja");
  CHECK(word == "一部開示");
  CHECK(after["totals"]["decided"] == 1);
  CHECK(after["totals"]["pending_approval"] == 0);
  CHECK(OutcomeCount(after, "disclosure", "partial") == 1);
  CHECK_THAT(letter.flat, Catch::Contains(word + "決定通知書"));

  // The calendar year holds both; the default period is the calendar year.
  nlohmann::json calendar = Call(engine, "auditor1", "report", {{"year", y}});
  CHECK(calendar["period"] == "calendar");
  CHECK(calendar["first_day"] == std::to_string(y) + "-01-01");
  CHECK(calendar["totals"]["count"] == 2);
  CHECK(calendar["totals"]["decided"] == 1);
  CHECK(calendar["totals"]["pending_approval"] == 1);
  CHECK(Call(engine, "auditor1", "report", {{"year", y}, {"period", "calendar"}})["items"] == calendar["items"]);
  // A period that is neither is refused by the schema.
  Result<nlohmann::json> bad = engine.Client("auditor1")->Call("report", {{"year", y}, {"period", "quarter"}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == Status::Code::kInvalidArgument);

  // The PDFs (the CLI's): 令和 dates, 年度 titles, the letter's word, 承認待ち.
  CommandOutput pdf = RunClient(engine, "auditor1",
                                "report --year " + std::to_string(y) + " --fiscal --format pdf --out " + out.file("fy.pdf"));
  INFO(pdf.out);
  REQUIRE(pdf.exit_code == 0);
  CHECK_THAT(pdf.out, Catch::Contains("年度 開示等請求 受付・処理簿"));
  const std::string fy = PdfText(out.file("fy.pdf"));
  CHECK_THAT(fy, Catch::Contains(after["title"].get<std::string>().substr(0, after["title"].get<std::string>().find(' '))));
  CHECK_THAT(fy, Catch::Contains(Era(april)));  // 令和8年4月1日
  CHECK_THAT(fy, Catch::Contains("対象：" + Era(april) + "〜" + Era(Date::FromYmd(y + 1, 3, 31)->ToIso())));
  CHECK_THAT(fy, Catch::Contains(word));
  CHECK_THAT(fy, !Catch::Contains(april));  // no ISO date in the PDF
  CHECK_THAT(fy, !Catch::Contains("応諾"));
  CHECK(RunClient(engine, "auditor1",
                  "report --year " + std::to_string(y - 1) + " --fiscal --format pdf --out " + out.file("before.pdf"))
            .exit_code == 0);
  const std::string fy_before = PdfText(out.file("before.pdf"));
  CHECK_THAT(fy_before, Catch::Contains(Era(march)));  // 令和8年3月31日
  CHECK_THAT(fy_before, Catch::Contains("承認待ち"));
  CHECK_THAT(fy_before, !Catch::Contains(word));

  // The web desk's files of a fiscal year: the PDF as the CLI's, the CSV in ISO.
  WebClient web(engine.web_url());
  REQUIRE(web.SignIn("manager1", "correct-horse-battery").status == 200);
  auto csv = web.Get("/api/report/fy" + std::to_string(y) + ".csv");
  REQUIRE(csv.status == 200);
  CHECK_THAT(csv.body, Catch::Contains(b + ",開示," + april));
  CHECK_THAT(csv.body, Catch::Contains(word));
  CHECK_THAT(csv.body, !Catch::Contains(a));
  auto web_pdf = web.Get("/api/report/fy" + std::to_string(y - 1) + ".pdf");
  REQUIRE(web_pdf.status == 200);
  std::ofstream(out.file("web.pdf"), std::ios::binary) << web_pdf.body;
  CHECK_THAT(PdfText(out.file("web.pdf")), Catch::Contains("承認待ち"));

  worker.Stop();
  CHECK(engine.Stop() == 0);
}
