// Fees (Art. 38; issue 16, part 6) on a real engine and its letter worker: a
// fee above zero is charged only when the society's notice publishes it; the
// partial decision goes out at once with the fee in its letter (the amount
// and its parts, the due date, how to pay and what follows), and the fee is
// paid or recorded as lapsed afterwards.
#include <catch2/catch.hpp>

#include <fstream>

#include "core/embedded_files.h"
#include "core/japanese_era.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "pdf_letter.h"

using namespace madoguchi;
using madoguchi::testing::Advance;
using madoguchi::testing::Call;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::FetchLastLetter;
using madoguchi::testing::PdfLetter;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::StartWithLetterWorker;
using madoguchi::testing::TempDir;
using madoguchi::testing::TryAdvance;
using madoguchi::testing::WaitForOutbox;

TEST_CASE("fees: a partial disclosure goes out at once with its fee, its parts, due date and how to pay",
          "[fees][workers]") {
  EngineProcess engine;
  engine.EditConfig([](nlohmann::json& c) {
    c["fees"] = EmbeddedJson("config/fees.json");
    c["fees"]["disclosure"] = {{"per_request", 300}, {"per_page", 10}, {"per_pages", 1}, {"postage", 120}};
    c["fees"]["payment"] = {{"methods", "当組合窓口での現金による納付、又は下記口座への振込み"},
                            {"account", "みずほ銀行 京橋支店 普通預金 1234567 デクセリアルズ健康保険組合"}};
  });
  std::ofstream(engine.data_dir() + "/society-notice.txt")
      << "手数料：開示の請求1件につき300円、写し1枚につき10円（郵送の場合は郵送料の実費）\n";
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);

  nlohmann::json record = SampleRecord("disclosure", "fee-partial-1");
  record["channel"] = "post";
  std::string id = Call(engine, "clerk1", "intake", {{"record", record}})["id"];
  Advance(engine, "clerk1", id, "verify_identity",
          {{"method", "post"},
           {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}},
                          {{"kind", "residence_certificate"}, {"issued", JstDate(Now()).ToIso()}}}}});
  Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});
  Advance(engine, "reviewer1", id, "decide",
          {{"outcome", "partial"}, {"grounds", {"harm"}}, {"pages", 8},
           {"reason", "記録のうち第三者の個人情報が記載された部分は、開示しないこととしました。"}});
  Advance(engine, "manager2", id, "approve", nlohmann::json::object());
  Advance(engine, "clerk1", id, "respond", {{"method", "post"}});  // not held back for the fee
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60)));

  nlohmann::json shown = Call(engine, "clerk1", "show", {{"id", id}});
  CHECK(shown["state"] == "delivering");  // the data waits for the fee and its delivery (issue 17)
  const nlohmann::json fee = shown["particulars"]["fee"];
  CHECK(fee["amount"] == 300 + 8 * 10 + 120);
  REQUIRE(fee.contains("due"));
  TempDir out;
  PdfLetter letter = FetchLastLetter(engine, "clerk1", id, out);
  CHECK(letter.kind == "partial_disclosure_decision");
  CHECK_THAT(letter.flat, Catch::Contains("500円（内訳：1件300円＋写し8枚×10円＋郵送料120円）"));
  CHECK_THAT(letter.flat, Catch::Contains(JapaneseEraDate(*Date::Parse(fee["due"].get<std::string>()))));
  CHECK_THAT(letter.flat, Catch::Contains("みずほ銀行京橋支店普通預金1234567"));
  CHECK_THAT(letter.flat, Catch::Contains("納付期限までに納付がない場合は"));
  CHECK_THAT(letter.flat, !Catch::Contains("手数料納付のお願い"));  // no separate letter held the decision back

  // Afterwards: not lapsed before its due date; paid.
  Result<nlohmann::json> early = TryAdvance(engine, "clerk1", id, "fee_lapsed", nlohmann::json::object());
  REQUIRE_FALSE(early.ok());
  CHECK_THAT(early.status().message(), Catch::Contains("no unpaid fee past its due date"));
  // The data is handed over once the fee is paid (issue 17).
  Result<nlohmann::json> unpaid = TryAdvance(engine, "clerk1", id, "disclosure_delivered",
                                             {{"method", "paper_post"}, {"on", JstDate(Now()).ToIso()}});
  REQUIRE_FALSE(unpaid.ok());
  CHECK_THAT(unpaid.status().message(), Catch::Contains("unpaid fee of 500 yen"));
  Advance(engine, "clerk1", id, "fee_paid", {{"amount", 500}, {"paid_on", JstDate(Now()).ToIso()}});
  CHECK(worker.Stop() == 0);
}
