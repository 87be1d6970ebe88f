// Issue 17, parts 2 and 4, on real engines and their letter worker, letters
// read back with pdftotext: the provision ledger (第三者提供記録) — records
// that need none refused with the reason, a CSV import all or nothing with its
// errors per line, a 33(5) answer listing the person's ledger records, the
// expired records disposed of leaving none of their sealed bytes in the
// database or its WAL — and a disclosure decided item by item, its letter
// printing the items and, when partial, the part not held (Art. 33(3)).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <SQLiteCpp/SQLiteCpp.h>

#include "engine_calls.h"
#include "engine_process.h"
#include "pdf_letter.h"
#include "store/database.h"

using namespace madoguchi;
using madoguchi::testing::AccessLog;
using madoguchi::testing::Advance;
using madoguchi::testing::Call;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::CommandOutput;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::Normalised;
using madoguchi::testing::PdfLetter;
using madoguchi::testing::ReadFile;
using madoguchi::testing::RespondByPost;
using madoguchi::testing::RunClient;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::StartWithLetterWorker;
using madoguchi::testing::TakeInForReview;
using madoguchi::testing::TempDir;
using madoguchi::testing::TryAdvance;

namespace {

using nlohmann::json;

// SampleRecord's requester: 記号 1234, 番号 56789.
json Record(const std::string& recipient, const std::string& number, const std::string& basis = "consent") {
  return {{"provided_on", "2026-06-15"},
          {"recipient", {{"name", recipient}, {"address", "東京都千代田区丸の内1-1"}}},
          {"person", {{"insured_symbol", "1234"}, {"insured_number", number}, {"name", "山田 花子"}}},
          {"items", {"氏名", "生年月日", "健診結果"}},
          {"consent", true},
          {"basis", basis}};
}

Result<json> AddRecords(EngineProcess& engine, const std::string& user, const json& records) {
  return engine.Client(user)->Call("provision", {{"action", "add"}, {"records", records}});
}

std::string DatabaseBytes(const EngineProcess& engine) {
  const std::string db = engine.data_dir() + "/madoguchi.db";
  std::string bytes = ReadFile(db);
  if (std::filesystem::exists(db + "-wal")) bytes += ReadFile(db + "-wal");
  return bytes;
}

}  // namespace

TEST_CASE("provision ledger: records that need none are refused, a CSV import is all or nothing with its errors "
          "per line, a 33(5) answer lists the person's records, and expired records leave no sealed byte",
          "[provision][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);

  // Provisions that Art. 29(1) does not ask to record are refused, each saying why.
  for (const char* basis : {"law", "entrustment", "succession", "joint_use", "public_body"}) {
    INFO(basis);
    Result<json> refused = AddRecords(engine, "clerk1", json::array({Record("某市役所", "56789", basis)}));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status().code() == Status::Code::kInvalidArgument);
    CHECK_THAT(refused.status().message(), Catch::Contains("記録を要しません"));
    CHECK_THAT(refused.status().message(), Catch::Contains("法第29条第1項"));
  }
  // An opt-out provision needs its date.
  json opt_out = Record("名簿業者", "56789", "opt_out");
  opt_out.erase("provided_on");
  opt_out["period_from"] = "2026-01-01";
  opt_out["period_to"] = "2026-03-31";
  Result<json> undated = AddRecords(engine, "clerk1", json::array({opt_out}));
  REQUIRE_FALSE(undated.ok());
  CHECK_THAT(undated.status().message(), Catch::Contains("提供年月日が必要"));
  // Reviewers do not keep the ledger.
  CHECK(AddRecords(engine, "reviewer1", json::array({Record("A社", "56789")})).status().code() ==
        Status::Code::kPermissionDenied);

  // A CSV file with two bad lines: nothing imported, each line named in Japanese.
  TempDir files;
  const std::string csv_path = files.file("ledger.csv");
  {
    std::ofstream csv(csv_path);
    csv << "provided_on,recipient_name,recipient_address,insured_symbol,insured_number,person_name,items,consent,basis\n"
        << "2026-05-01,東和生命保険株式会社,東京都港区1-1,1234,56789,山田 花子,氏名・生年月日,あり,consent\n"
        << "2026-05-02,,東京都港区1-1,1234,56789,山田 花子,氏名,あり,consent\n"
        << "2026-05-03,某税務署,東京都港区1-2,1234,56789,山田 花子,氏名,なし,law\n";
  }
  CommandOutput bad_import = RunClient(engine, "clerk1", "provision import " + csv_path);
  CHECK(bad_import.exit_code != 0);
  CHECK_THAT(bad_import.out, Catch::Contains("1件も取り込みませんでした"));
  CHECK_THAT(bad_import.out, Catch::Contains("3行目: 提供先の名称がありません"));
  CHECK_THAT(bad_import.out, Catch::Contains("4行目: 提供の根拠「法令に基づく場合等"));
  CHECK(Call(engine, "clerk1", "provision_list", json::object())["items"].empty());
  // The same file without its bad lines: imported.
  {
    std::ofstream csv(csv_path);
    csv << "provided_on,recipient_name,recipient_address,insured_symbol,insured_number,person_name,items,consent,basis\n"
        << "2026-05-01,東和生命保険株式会社,東京都港区1-1,1234,56789,山田 花子,氏名・生年月日,あり,consent\n";
  }
  CommandOutput imported = RunClient(engine, "clerk1", "provision import " + csv_path);
  REQUIRE(imported.exit_code == 0);
  CHECK_THAT(imported.out, Catch::Contains("1 件を第三者提供記録の台帳に記録しました"));

  // The person's records, another person's, and one whose retention ended long ago.
  json added = Call(engine, "manager1", "provision",
                    {{"action", "add"}, {"records", {Record("さくら損害保険株式会社", "56789"), Record("他人の提供先", "99999")}}});
  const int64_t ours = added["added"][0]["id"];
  const int64_t theirs = added["added"][1]["id"];
  CHECK(added["added"][0]["retention_until"] == "2029-06-14");  // 3 years (施行規則第21条第3号)
  json old = Record("昔の提供先", "56789");
  old["provided_on"] = "2020-01-10";
  old["record_method"] = "contract";  // 1 year (第21条第1号)
  json expired = Call(engine, "clerk1", "provision", {{"action", "add"}, {"records", json::array({old})}});
  const int64_t old_id = expired["added"][0]["id"];
  CHECK(expired["added"][0]["retention_until"] == "2021-01-09");
  CHECK(expired["added"][0]["expired"] == true);
  // Found by the person's insured number (the keyed blind index), opened for the clerk.
  json listed = Call(engine, "clerk1", "provision_list", {{"insured_number", "56789"}, {"insured_symbol", "1234"}});
  REQUIRE(listed["items"].size() == 3);
  CHECK(listed["items"][0]["record"]["recipient"]["name"] == "昔の提供先");

  // A 33(5) request: show offers the person's records, logged as shown.
  std::string id = TakeInForReview(engine, SampleRecord("third_party_record_disclosure", "ledger-1"));
  json shown = Call(engine, "reviewer1", "show", {{"id", id}});
  REQUIRE(shown["provision_records"].size() == 3);
  json log = AccessLog(engine, id, 2);
  bool offered = false;
  for (const json& row : log["items"]) offered |= row["what"] == "provision_records";
  CHECK(offered);
  // Another person's record cannot be listed in this decision.
  Result<json> foreign = TryAdvance(engine, "reviewer1", id, "decide",
                                    {{"outcome", "full"}, {"items", {{{"provision", theirs}, {"result", "disclosed"}}}}});
  REQUIRE_FALSE(foreign.ok());
  CHECK_THAT(foreign.status().message(), Catch::Contains("no provision record"));
  Advance(engine, "reviewer1", id, "decide",
          {{"outcome", "full"}, {"items", {{{"provision", ours}, {"result", "disclosed"}}}}});
  TempDir out;
  PdfLetter letter = RespondByPost(engine, id, out);
  REQUIRE(letter.kind == "disclosure_decision");
  CHECK(letter.pages == 1);
  CHECK_THAT(letter.flat, Catch::Contains("第三者提供記録の開示について"));
  CHECK_THAT(letter.flat, !Catch::Contains("保有個人データの第三者提供記録"));
  CHECK_THAT(letter.flat, Catch::Contains("開示する第三者提供記録"));
  for (const char* printed : {"提供年月日", "提供先", "本人の同意", "令和8年6月15日", "さくら損害保険株式会社",
                              "氏名、生年月日、健診結果", "同意あり", "法第29条第1項ただし書", "施行規則第21条"}) {
    CHECK_THAT(letter.flat, Catch::Contains(Normalised(printed)));
  }
  CHECK_THAT(letter.flat, !Catch::Contains("他人の提供先"));

  // A partial 33(5) decision cites 33(3) as 33(5) applies it.
  std::string partial_id = TakeInForReview(engine, SampleRecord("third_party_record_disclosure", "ledger-partial-2"));
  Advance(engine, "reviewer1", partial_id, "decide",
          {{"outcome", "partial"}, {"grounds", {"operations"}},
           {"reason", "提供先の担当者名は、開示することにより業務の適正な実施に著しい支障を及ぼすおそれがあるため開示しません。"},
           {"items", {{{"provision", ours}, {"result", "partly_disclosed"}, {"part", "提供先の担当者名"},
                       {"reason", "業務の適正な実施に著しい支障を及ぼすおそれがあるため"}}}}});
  Advance(engine, "manager1", partial_id, "approve", json::object());
  PdfLetter partial = RespondByPost(engine, partial_id, out);
  REQUIRE(partial.kind == "partial_disclosure_decision");
  CHECK(partial.pages == 1);
  for (const char* printed : {"第33条第5項において準用する同条第2項ただし書", "同条第5項において準用する同条第3項の規定に基づき通知します",
                              "開示の対象とした第三者提供記録", "令和8年6月15日", "一部開示",
                              "第29条第1項ただし書"}) {
    CHECK_THAT(partial.flat, Catch::Contains(Normalised(printed)));
  }

  // The expired record: disposed of, none of its sealed bytes left in the database or the WAL.
  std::string sealed;
  {
    Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(engine.data_dir() + "/madoguchi.db", OpenMode::kReadOnly);
    REQUIRE(db.ok());
    SQLite::Statement q(**db, "SELECT sealed FROM provision_records WHERE id = ?");
    q.bind(1, old_id);
    REQUIRE(q.executeStep());
    sealed = BlobBytes(q.getColumn(0));
  }
  REQUIRE(sealed.size() > 64);
  const std::string ciphertext = sealed.substr(27, 32);  // past "MS1" and the nonce
  CHECK(engine.Client("clerk1")->Call("provision_dispose", json::object()).status().code() ==
        Status::Code::kPermissionDenied);  // a manager's
  json disposed = Call(engine, "manager1", "provision_dispose", json::object());
  REQUIRE(disposed["disposed"] == json::array({old_id}));
  CHECK(Call(engine, "clerk1", "provision_list", {{"insured_number", "56789"}})["items"].size() == 2);
  json all = Call(engine, "manager1", "provision_list", {{"include_disposed", true}});
  bool kept_row = false;
  for (const json& row : all["items"]) {
    if (row["id"] == old_id) {
      kept_row = true;
      CHECK(row["disposed"] == true);
      CHECK_FALSE(row.contains("record"));
    }
  }
  CHECK(kept_row);
  CHECK(DatabaseBytes(engine).find(ciphertext) == std::string::npos);
  // The disposal is on the audit record.
  const std::string today = JstDate(Now()).ToIso();
  json audit = Call(engine, "auditor1", "audit_export", {{"from", today}, {"to", today}});
  bool recorded = false;
  for (const json& row : audit["items"]) {
    recorded |= row["command"] == "provision_dispose" && row["detail"].get<std::string>().find(std::to_string(old_id)) != std::string::npos;
  }
  CHECK(recorded);
  CHECK(worker.Stop() == 0);
}

TEST_CASE("disclosure items: a decision lists what it covers, full refuses items not disclosed, and the partial "
          "letter prints the items and the part not held",
          "[provision][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  const std::string clinic = "浦和さくら内科";
  json record = SampleRecord("disclosure", "items-decided-1");
  record["categories"] = {"receipts", "health_checkups"};
  record["receipts"] = {{{"institution", clinic}, {"months", {"2026-08", "2026-09"}}}};
  std::string id = TakeInForReview(engine, record);
  Advance(engine, "reviewer1", id, "consult", json::object());
  Advance(engine, "reviewer1", id, "consultation_done", {{"institution", clinic}, {"answer", "no_objection"}});

  const json august = {{"institution", clinic}, {"month", "2026-08"}, {"result", "disclosed"}};
  const json september = {{"institution", clinic}, {"month", "2026-09"}, {"result", "partly_disclosed"},
                          {"part", "傷病名欄"}, {"reason", "開示により本人の療養に支障が生じるおそれがあるため"}};
  const json checkup = {{"category", "health_checkups"}, {"record", "令和6年度 特定健康診査結果"}, {"result", "not_held"},
                        {"reason", "受診期間が加入期間外であるため"}};
  // Full with an item partly disclosed or not held: that is a partial.
  Result<json> full = TryAdvance(engine, "reviewer1", id, "decide", {{"outcome", "full"}, {"items", {august, september}}});
  REQUIRE_FALSE(full.ok());
  CHECK(full.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(full.status().message(), Catch::Contains("is 'partial'"));
  // A receipt the request named must be answered.
  Result<json> missing = TryAdvance(engine, "reviewer1", id, "decide",
                                    {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", "一部を開示しません。"},
                                     {"items", {august, checkup}}});
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.status().message(), Catch::Contains("month 2026-09"));
  // An institution and month the request did not name needs a reason.
  json other = {{"institution", "別の病院"}, {"month", "2026-07"}, {"result", "disclosed"}};
  Result<json> unnamed = TryAdvance(engine, "reviewer1", id, "decide",
                                    {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", "一部を開示しません。"},
                                     {"items", {august, september, checkup, other}}});
  REQUIRE_FALSE(unnamed.ok());
  CHECK_THAT(unnamed.status().message(), Catch::Contains("did not name"));

  Advance(engine, "reviewer1", id, "decide",
          {{"outcome", "partial"}, {"grounds", {"harm"}},
           {"reason", "レセプトの一部の欄は、開示することにより本人の療養に支障が生じるおそれがあるため開示しません。"},
           {"items", {august, september, checkup}}});
  // The items are sealed: the history row in the database holds no clinic and no month.
  {
    Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(engine.data_dir() + "/madoguchi.db", OpenMode::kReadOnly);
    REQUIRE(db.ok());
    SQLite::Statement q(**db, "SELECT data FROM history WHERE request_id = ? AND event = 'decide'");
    q.bind(1, id);
    REQUIRE(q.executeStep());
    const std::string data = q.getColumn(0).getString();
    CHECK(data.find(clinic) == std::string::npos);
    CHECK(data.find("2026-09") == std::string::npos);
    CHECK(data.find("特定健康診査") == std::string::npos);
    CHECK(data.find("partly_disclosed") != std::string::npos);
  }
  Advance(engine, "manager1", id, "approve", json::object());
  TempDir out;
  PdfLetter letter = RespondByPost(engine, id, out);
  REQUIRE(letter.kind == "partial_disclosure_decision");
  CHECK(letter.pages == 1);
  for (const char* printed :
       {"浦和さくら内科", "令和8年8月診療分", "令和8年9月診療分", "一部開示", "傷病名欄", "令和6年度特定健康診査結果",
        "不存在", "受診期間が加入期間外であるため", "存在しないため開示することができない部分（法第33条第3項）"}) {
    CHECK_THAT(letter.flat, Catch::Contains(Normalised(printed)));
  }
  CHECK_THAT(letter.flat, !Catch::Contains("レセプトに関する情報"));
  CHECK(worker.Stop() == 0);
}
