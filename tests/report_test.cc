// The annual ledger (受付簿/処理簿): `report` through ReadHandler on a real
// SQLite file, an office of requests whose every figure is worked out by hand
// below; then the same office behind a real engine, read with the madoguchi
// command (CSV parsed back; PDF checked with qpdf, pdffonts and pdftotext)
// and through the web desk (the page, the downloads, the refusals).
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "commands/read_handler.h"
#include "commands/report_view.h"
#include "core/schema_validator.h"
#include "engine_process.h"
#include "letters/report_csv.h"
#include "letters/report_pdf.h"
#include "office_steps.h"
#include "test_support.h"
#include "web_client.h"

using namespace madoguchi;
using madoguchi::testing::At;
using madoguchi::testing::CommandOutput;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::Normalised;
using madoguchi::testing::OfficeSteps;
using madoguchi::testing::OpenHandler;
using madoguchi::testing::OpenStore;
using madoguchi::testing::TestVault;
using madoguchi::testing::ReadFile;
using madoguchi::testing::RunClient;
using madoguchi::testing::RunCommand;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TempDir;
using madoguchi::testing::WebAnswer;
using madoguchi::testing::WebClient;

namespace {

const Actor kClerk{"clerk1", Role::kClerk};
const Actor kReviewer{"reviewer1", Role::kReviewer};
const Actor kManager{"manager1", Role::kManager};
const Actor kAuditor{"auditor1", Role::kAuditor};

// 2026-11-25 15:00 JST: the report of 2025 is counted as of 2025-12-31, that
// of 2026 as of today.
const Timestamp kNow = At("2026-11-25", 15);

// Builds the office below through the store, step by step, each step at 11:00 JST of its day.
class Office : public OfficeSteps {
 public:
  explicit Office(RequestWriter& store) : OfficeSteps(store) {}

  std::string Receive(const char* type, Timestamp at) {
    nlohmann::json record = SampleRecord(type, "report-" + std::to_string(n_++));
    if (record.contains("correction_items")) {
      record["correction_items"].push_back({{"item", "住所"}, {"current", "東京都"}, {"requested", "埼玉県"}});
    }
    auto in = store_.Intake(record, kClerk, at);
    INFO(in.status().ToString());
    REQUIRE(in.ok());
    return in->request.id;
  }


 private:
  int n_ = 0;
};

// The office. Corrections and purpose notices are due 14 calendar days after
// the day of receipt, moved to the next business day.
struct KnownOffice {
  std::string a, b, c, d, e, f, g, h, i, k, l;
};

// A correction is decided item by item (Office::Receive gives each
// correction two items): both corrected, or the first only.
nlohmann::json CorrectedItems(bool all) {
  nlohmann::json items = nlohmann::json::array();
  items.push_back({{"n", 1}, {"corrected", true}});
  if (all) {
    items.push_back({{"n", 2}, {"corrected", true}});
  } else {
    items.push_back({{"n", 2}, {"corrected", false}, {"reason", "記録は事実と一致しているため"}});
  }
  return items;
}

KnownOffice FillKnownOffice(RequestWriter& store) {
  Office o(store);
  KnownOffice k;
  // 2024-12-31 23:59 JST: the report of 2024, not 2025.
  k.i = o.Receive("correction", At("2024-12-31", 23, 59));
  // A: received 2025-03-03, verified the same day, decided (full) and closed
  // 03-10: 7 days; due 03-17.
  k.a = o.Receive("correction", At("2025-03-03"));
  o.VerifyAndAssign(k.a, "2025-03-03");
  o.Step(k.a, "2025-03-10", kReviewer, Event::kDecide, {{"outcome", "full"}, {"items", CorrectedItems(true)}});
  o.RespondAndClose(k.a, "2025-03-10", "2025-03-10");
  // B: received 2025-04-01; documents asked for 04-02, received 04-07 (the
  // clock stood 5 days); partial, approved 04-22 (the decision date);
  // responded 04-22, the letter 04-23: 22 days. Due 04-15 + 5 = 04-20, a
  // Sunday: 04-21. Closed after it: overdue.
  k.b = o.Receive("correction", At("2025-04-01"));
  o.Step(k.b, "2025-04-02", kClerk, Event::kRequestDocuments, {{"missing", {"住民票"}}});
  o.Step(k.b, "2025-04-07", kClerk, Event::kDocumentsReceived, {{"received", {"住民票"}}});
  o.VerifyAndAssign(k.b, "2025-04-07");
  o.Step(k.b, "2025-04-18", kReviewer, Event::kDecide,
         {{"outcome", "partial"}, {"grounds", {"not_untrue"}}, {"reason", "記録は事実のとおりです"},
          {"items", CorrectedItems(false)}});
  o.Step(k.b, "2025-04-22", Actor{"manager2", Role::kManager}, Event::kApprove, nlohmann::json::object());
  o.RespondAndClose(k.b, "2025-04-22", "2025-04-23");
  // C: a purpose notice received 2025-06-02, extended by 10 days on 06-10
  // (due 06-16 -> 06-26), closed 06-20: 18 days.
  k.c = o.Receive("purpose_notice", At("2025-06-02"));
  o.VerifyAndAssign(k.c, "2025-06-02");
  o.Step(k.c, "2025-06-10", kManager, Event::kExtend, {{"days", 10}, {"reason_code", "other"}, {"reason", "確認に時間を要するため"}});
  o.Step(k.c, "2025-06-20", kReviewer, Event::kDecide, {{"outcome", "full"}});
  o.RespondAndClose(k.c, "2025-06-20", "2025-06-20");
  // D: received 2025-07-01, withdrawn 07-03: no days, never overdue.
  k.d = o.Receive("correction", At("2025-07-01"));
  o.Step(k.d, "2025-07-03", kClerk, Event::kWithdraw, {{"reason", "請求者が取り下げた"}});
  // E: received 2025-09-01, identity not verified 09-05 (closed: 4 days).
  // Due 09-15 is 敬老の日: 09-16.
  k.e = o.Receive("correction", At("2025-09-01"));
  o.Step(k.e, "2025-09-05", kClerk, Event::kRejectIdentity, {{"reason", "本人確認書類の不備"}});
  // F: received 2025-12-01, in review at the year's end; due 12-15: overdue.
  k.f = o.Receive("correction", At("2025-12-01"));
  o.VerifyAndAssign(k.f, "2025-12-01");
  // G: 2025-12-31 23:30 JST belongs to 2025; due 2026-01-14: not overdue at the year's end.
  k.g = o.Receive("correction", At("2025-12-31", 23, 30));
  // H: 2026-01-01 00:10 JST belongs to 2026; due 01-15, open: overdue today (2026-11-25).
  k.h = o.Receive("correction", At("2026-01-01", 0, 10));
  // K: 2026-12-31 23:30 JST belongs to 2026; L: 2027-01-01 00:00 JST to 2027.
  k.k = o.Receive("correction", At("2026-12-31", 23, 30));
  k.l = o.Receive("correction", At("2027-01-01", 0, 0));
  return k;
}

// The office in a new database at `db`, closed again before the readers open it.
KnownOffice FillKnownOffice(const std::string& db, std::shared_ptr<PersonalVault> vault = TestVault()) {
  std::unique_ptr<RequestWriter> store = OpenStore(db, std::move(vault));
  return FillKnownOffice(*store);
}

// A handler reading `db`, with the society's name for the report.
ReadHandler OpenReportHandler(const std::string& db) {
  return OpenHandler(db, ReadSettings{{{"name", "テスト健康保険組合"}}, ""});
}

nlohmann::json Report(ReadHandler& handler, int year, const Actor& actor = kAuditor) {
  Result<nlohmann::json> r = handler.Run(Command::kReport, {{"year", year}}, actor, kNow);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(SchemaValidator::Embedded("schemas/api/report.reply.schema.json").Validate(*r).empty());
  return *r;
}

std::map<std::string, nlohmann::json> ById(const nlohmann::json& report) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& item : report["items"]) out[item["id"].get<std::string>()] = item;
  return out;
}

int64_t CountOf(const nlohmann::json& list, const char* key, const char* value) {
  for (const auto& e : list) {
    if (e[key] == value) return e["count"].get<int64_t>();
  }
  FAIL("no " << value);
  return -1;
}

// The totals of an outcome over every type (by_outcome lists each type's apart, and only what occurs).
int64_t OutcomeTotal(const nlohmann::json& by_outcome, const char* outcome) {
  int64_t n = 0;
  for (const auto& e : by_outcome) {
    if (e["outcome"] == outcome) n += e["count"].get<int64_t>();
  }
  return n;
}

// The figures of 2025, worked out by hand above; used by every face.
void CheckYear2025(const nlohmann::json& r, const KnownOffice& k) {
  CHECK(r["year"] == 2025);
  CHECK(r["as_of"] == "2025-12-31");
  std::vector<std::string> ids;
  for (const auto& item : r["items"]) ids.push_back(item["id"]);
  CHECK(ids == std::vector<std::string>{k.a, k.b, k.c, k.d, k.e, k.f, k.g});  // by receipt; not i, h, k, l

  auto by = ById(r);
  const nlohmann::json& a = by[k.a];
  CHECK(a["received_on"] == "2025-03-03");
  CHECK(a["verified_on"] == "2025-03-03");
  CHECK(a["decided_on"] == "2025-03-10");
  CHECK(a["responded_on"] == "2025-03-10");
  CHECK(a["ended_on"] == "2025-03-10");
  CHECK(a["due_date"] == "2025-03-17");
  CHECK(a["days_taken"] == 7);
  CHECK(a["outcome_key"] == "full");
  CHECK(a["overdue"] == false);

  const nlohmann::json& b = by[k.b];
  CHECK(b["verified_on"] == "2025-04-07");
  CHECK(b["decided_on"] == "2025-04-22");  // approved, not decided on 04-18
  CHECK(b["responded_on"] == "2025-04-22");
  CHECK(b["ended_on"] == "2025-04-23");
  CHECK(b["due_date"] == "2025-04-21");
  CHECK(b["days_taken"] == 22);
  CHECK(b["clock_stop_days"] == 5);
  CHECK(b["extension_days"] == 0);
  CHECK(b["outcome_key"] == "partial");
  CHECK(b["outcome_ja"] == "一部について訂正等を行う");  // the correction's words, as its letter and the screens
  CHECK(b["overdue"] == true);

  const nlohmann::json& c = by[k.c];
  CHECK(c["type"] == "purpose_notice");
  CHECK(c["type_ja"] == "利用目的の通知");
  CHECK(c["due_date"] == "2025-06-26");
  CHECK(c["extension_days"] == 10);
  CHECK(c["clock_stop_days"] == 0);
  CHECK(c["days_taken"] == 18);
  CHECK(c["overdue"] == false);

  const nlohmann::json& d = by[k.d];
  CHECK(d["outcome_key"] == "withdrawn");
  CHECK(d["ended_on"] == "2025-07-03");
  CHECK(d["days_taken"].is_null());
  CHECK(d["decided_on"].is_null());
  CHECK(d["overdue"] == false);

  const nlohmann::json& e = by[k.e];
  CHECK(e["outcome_key"] == "identity_failed");
  CHECK(e["verified_on"].is_null());
  CHECK(e["decided_on"] == "2025-09-05");
  CHECK(e["responded_on"].is_null());
  CHECK(e["days_taken"] == 4);
  CHECK(e["due_date"] == "2025-09-16");

  const nlohmann::json& f = by[k.f];
  CHECK(f["outcome_key"] == "open");
  CHECK(f["due_date"] == "2025-12-15");
  CHECK(f["days_taken"].is_null());
  CHECK(f["overdue"] == true);

  const nlohmann::json& g = by[k.g];
  CHECK(g["received_on"] == "2025-12-31");
  CHECK(g["due_date"] == "2026-01-14");
  CHECK(g["overdue"] == false);

  const nlohmann::json& t = r["totals"];
  CHECK(t["count"] == 7);
  CHECK(CountOf(t["by_type"], "type", "correction") == 6);
  CHECK(CountOf(t["by_type"], "type", "purpose_notice") == 1);
  CHECK(CountOf(t["by_type"], "type", "disclosure") == 0);
  CHECK(OutcomeTotal(t["by_outcome"], "full") == 2);
  CHECK(OutcomeTotal(t["by_outcome"], "partial") == 1);
  CHECK(OutcomeTotal(t["by_outcome"], "refused") == 0);
  CHECK(OutcomeTotal(t["by_outcome"], "identity_failed") == 1);
  CHECK(OutcomeTotal(t["by_outcome"], "withdrawn") == 1);
  CHECK(OutcomeTotal(t["by_outcome"], "open") == 2);
  CHECK(t["by_outcome"][0] == nlohmann::json{{"type", "purpose_notice"}, {"type_ja", "利用目的の通知"}, {"outcome", "full"},
                                              {"outcome_ja", "通知する"}, {"count", 1}});
  CHECK(t["decided"] == 4);  // A, B, C and E's identity; not D (withdrawn), F, G
  CHECK(t["pending_approval"] == 0);
  // Closed: 4, 7, 18, 22 days. Nearest rank: median the 2nd (7), p90 the 4th (22).
  CHECK(t["days_to_respond"] == nlohmann::json{{"count", 4}, {"median", 7}, {"p90", 22}, {"max", 22}});
  CHECK(t["overdue"] == 2);  // B closed late, F open past due
}

std::vector<std::string> CsvLines(const std::string& csv) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < csv.size()) {
    size_t end = csv.find("\r\n", start);
    REQUIRE(end != std::string::npos);  // every line ends in CRLF
    lines.push_back(csv.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

// The CSV of 2025 parsed back: the same figures as the reply.
void CheckCsv2025(const std::string& csv, const KnownOffice& k) {
  REQUIRE(csv.rfind(kUtf8Bom, 0) == 0);
  std::vector<std::string> lines = CsvLines(csv.substr(3));
  REQUIRE(lines.size() > 9);
  CHECK(SplitCsvLine(lines[0]) == ReportCsvHeader());
  CHECK(lines[0].rfind("受付番号,請求種別,受付日,", 0) == 0);
  std::map<std::string, std::vector<std::string>> rows;
  size_t i = 1;
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    std::vector<std::string> f = SplitCsvLine(lines[i]);
    REQUIRE(f.size() == ReportCsvHeader().size());
    rows[f[0]] = f;
  }
  CHECK(rows.size() == 7);
  // 開示実施日 and 開示方法 (issue 17) are empty: a correction hands nothing over.
  CHECK(rows[k.b] == std::vector<std::string>{k.b, "訂正等", "2025-04-01", "2025-04-07", "2025-04-22", "2025-04-22", "",
                                              "", "2025-04-23", "2025-04-21", "一部について訂正等を行う", "22", "5", "0", "超過", "",
                                              "超過"});
  CHECK(rows[k.c][13] == "10");
  CHECK(rows[k.c][15] != "");  // extended: the due date without the extension is a column of its own
  CHECK(rows[k.d][10] == "取下げ");
  CHECK(rows[k.d][11] == "");
  CHECK(rows[k.f][14] == "超過");
  CHECK(rows.count(k.h) == 0);
  std::map<std::string, std::string> totals;
  for (++i; i < lines.size(); ++i) {
    std::vector<std::string> f = SplitCsvLine(lines[i]);
    REQUIRE(f.size() == 2);
    totals[f[0]] = f[1];
  }
  CHECK(totals["件数"] == "7");
  CHECK(totals["種別：訂正等"] == "6");
  CHECK(totals["種別：利用目的の通知"] == "1");
  CHECK(totals["帳簿"] == "令和7年 開示等請求 受付・処理簿");
  CHECK(totals["対象期間"] == "2025-01-01〜2025-12-31");
  CHECK(totals["結果：訂正等：訂正等を行う"] == "1");
  CHECK(totals["結果：利用目的の通知：通知する"] == "1");
  CHECK(totals["結果：訂正等：処理中"] == "2");
  CHECK(totals["決定済み件数（承認待ちを除く）"] == "4");
  CHECK(totals["回答日数の中央値"] == "7");
  CHECK(totals["回答日数の90パーセンタイル"] == "22");
  CHECK(totals["期限超過件数"] == "2");
  // No personal field of the sample record anywhere.
  CHECK(csv.find("山田") == std::string::npos);
  CHECK(csv.find("ヤマダ") == std::string::npos);
}

void CheckPdf2025(const std::string& path, const KnownOffice& k, const std::string& society) {
  CHECK(RunCommand("qpdf --check '" + path + "'").exit_code == 0);
  CommandOutput fonts = RunCommand("pdffonts '" + path + "'");
  CHECK(fonts.exit_code == 0);
  CHECK(fonts.out.find("NotoSansCJK") != std::string::npos);
  {
    // Every font embedded: the emb column (the fifth from the end) of each row after the header and rule.
    std::istringstream lines(fonts.out);
    std::string line;
    int n = 0, fonts_seen = 0;
    while (std::getline(lines, line)) {
      if (++n <= 2) continue;
      std::istringstream words(line);
      std::vector<std::string> w;
      for (std::string word; words >> word;) w.push_back(word);
      if (w.size() < 6) continue;
      ++fonts_seen;
      CHECK(w[w.size() - 5] == "yes");
    }
    CHECK(fonts_seen >= 2);
  }
  CommandOutput info = RunCommand("pdfinfo '" + path + "'");
  CHECK(info.out.find("841.89 x 595.28") != std::string::npos);  // A4 landscape
  CommandOutput text = RunCommand("pdftotext -layout '" + path + "' -");
  REQUIRE(text.exit_code == 0);
  const std::string flat = Normalised(text.out);
  CHECK(flat.find("令和7年開示等請求受付・処理簿") != std::string::npos);
  CHECK(flat.find(Normalised(society)) != std::string::npos);
  for (const std::string& id : {k.a, k.b, k.c, k.d, k.e, k.f, k.g}) CHECK(flat.find(id) != std::string::npos);
  CHECK(flat.find(k.h) == std::string::npos);
  // Two lines a row, dates in the Japanese era: received, decided, (delivered), due; result, days;
  // then verified, responded, ended.
  CHECK(flat.find(k.b + "訂正等令和7年4月1日令和7年4月22日令和7年4月21日一部について訂正等を行う2250超過"
                        "令和7年4月7日令和7年4月22日令和7年4月23日") != std::string::npos);
  CHECK(flat.find("対象：令和7年1月1日〜令和7年12月31日に受け付けた請求") != std::string::npos);
  CHECK(flat.find("2025-04-01") == std::string::npos);  // no ISO date
  CHECK(flat.find("応諾") == std::string::npos);
  CHECK(flat.find("回答日数の中央値7日") != std::string::npos);
  CHECK(flat.find("回答日数の90パーセンタイル22日") != std::string::npos);
  CHECK(flat.find("期限超過2件") != std::string::npos);
  CHECK(flat.find("-1/2-") != std::string::npos);
  CHECK(flat.find("-2/2-") != std::string::npos);
  CHECK(flat.find("山田") == std::string::npos);
}

}  // namespace

TEST_CASE("report: the ledger of a year against figures worked out by hand", "[report]") {
  TempDir dir;
  const std::string db = dir.file("madoguchi.db");
  const KnownOffice k = FillKnownOffice(db);
  ReadHandler handler = OpenReportHandler(db);
  nlohmann::json r2025 = Report(handler, 2025);
  CheckYear2025(r2025, k);
  CHECK(r2025["society"] == "テスト健康保険組合");

  // JST year boundaries: 2024-12-31 23:59 is 2024's; 2026-01-01 00:10 and
  // 2026-12-31 23:30 are 2026's; 2027-01-01 00:00 is 2027's.
  nlohmann::json r2024 = Report(handler, 2024);
  REQUIRE(r2024["items"].size() == 1);
  CHECK(r2024["items"][0]["id"] == k.i);
  CHECK(r2024["items"][0]["received_on"] == "2024-12-31");
  nlohmann::json r2026 = Report(handler, 2026);
  REQUIRE(r2026["items"].size() == 2);
  CHECK(r2026["items"][0]["id"] == k.h);
  CHECK(r2026["items"][1]["id"] == k.k);
  CHECK(r2026["items"][1]["received_on"] == "2026-12-31");
  CHECK(r2026["as_of"] == "2026-11-25");  // the year still runs: today
  CHECK(r2026["items"][0]["overdue"] == true);   // due 2026-01-15, open
  CHECK(r2026["items"][1]["overdue"] == false);  // not due yet
  CHECK(r2026["totals"]["overdue"] == 1);
  CHECK(r2026["totals"]["days_to_respond"]["median"].is_null());
  nlohmann::json r2027 = Report(handler, 2027);
  REQUIRE(r2027["items"].size() == 1);
  CHECK(r2027["items"][0]["id"] == k.l);
  CHECK(Report(handler, 2023)["items"].empty());

  // Nothing personal in it.
  CHECK(r2025.dump().find("山田") == std::string::npos);
  CHECK(r2025.dump().find("1980-04-12") == std::string::npos);

  // Managers and admins too; the reviewer (who sees only some requests) is refused.
  Report(handler, 2025, kManager);
  auto refused = handler.Run(Command::kReport, {{"year", 2025}}, kReviewer, kNow);
  CHECK(refused.status().code() == Status::Code::kPermissionDenied);
  const CommandRule* rule = FindCommand("report");
  REQUIRE(rule != nullptr);
  CHECK(MayRun(*rule, Role::kManager));
  CHECK(MayRun(*rule, Role::kAuditor));
  CHECK(MayRun(*rule, Role::kAdmin));
  CHECK_FALSE(MayRun(*rule, Role::kClerk));
  CHECK_FALSE(MayRun(*rule, Role::kReviewer));
  CHECK_FALSE(MayRun(*rule, Role::kWorker));
  CHECK_FALSE(rule->writes);

  // The schema takes a year and a period, nothing else.
  const SchemaValidator& request = SchemaValidator::Embedded("schemas/api/report.request.schema.json");
  CHECK(request.Validate({{"year", 2026}}).empty());
  CHECK(request.Validate({{"year", 2026}, {"period", "fiscal"}}).empty());
  CHECK_FALSE(request.Validate({{"year", 2026}, {"period", "month"}}).empty());
  CHECK_FALSE(request.Validate(nlohmann::json::object()).empty());
  CHECK_FALSE(request.Validate({{"year", "2026"}}).empty());
  CHECK_FALSE(request.Validate({{"year", 2026}, {"type", "disclosure"}}).empty());
}

TEST_CASE("report: CSV with a BOM and a totals section, PDF laid out like the letters", "[report]") {
  TempDir dir;
  const std::string db = dir.file("madoguchi.db");
  const KnownOffice k = FillKnownOffice(db);
  ReadHandler handler = OpenReportHandler(db);
  nlohmann::json r = Report(handler, 2025);
  Result<std::string> csv = ReportCsv(r);
  REQUIRE(csv.ok());
  CheckCsv2025(*csv, k);

  PdfLayoutOptions options;
  options.create_date = "2026-11-25T15:00:00+09:00";
  Result<std::string> pdf = ReportPdf(r, options);
  INFO(pdf.status().ToString());
  REQUIRE(pdf.ok());
  const std::string path = dir.path().string() + "/report.pdf";
  std::ofstream(path, std::ios::binary) << *pdf;
  CheckPdf2025(path, k, "テスト健康保険組合");
  // The same report renders to the same bytes.
  CHECK(*ReportPdf(r, options) == *pdf);

  CHECK(ReportTitle(*ReportPeriodOf(2026, "calendar")) == "令和8年 開示等請求 受付・処理簿");
  CHECK(ReportTitle(*ReportPeriodOf(2019, "calendar")) == "令和元年 開示等請求 受付・処理簿");
  CHECK(ReportTitle(*ReportPeriodOf(2025, "fiscal")) == "令和7年度 開示等請求 受付・処理簿");
  CHECK(ReportTitle(*ReportPeriodOf(2019, "fiscal")) == "令和元年度 開示等請求 受付・処理簿");  // from 2019-04-01
  CHECK(ReportTitle(*ReportPeriodOf(2018, "fiscal")) == "平成30年度 開示等請求 受付・処理簿");
  CHECK(ReportPeriodOf(2025, "fiscal")->last.ToIso() == "2026-03-31");
  CHECK(ReportPeriodOf(2024, "calendar")->last.ToIso() == "2024-12-31");
  CHECK_FALSE(ReportPeriodOf(2025, "quarter").ok());
  CHECK_FALSE(ReportCsv(nlohmann::json::object()).ok());

  // Many pages: the header repeats and every page is numbered.
  nlohmann::json many = r;
  for (int n = 0; n < 120; ++n) many["items"].push_back(r["items"][0]);
  Result<std::string> long_pdf = ReportPdf(many, options);
  REQUIRE(long_pdf.ok());
  std::ofstream(dir.path().string() + "/long.pdf", std::ios::binary) << *long_pdf;
  CommandOutput info = RunCommand("pdfinfo '" + dir.path().string() + "/long.pdf'");
  size_t pages_at = info.out.find("Pages:");
  REQUIRE(pages_at != std::string::npos);
  CHECK(std::stoi(info.out.substr(pages_at + 6)) == 8);  // 127 rows of two lines: 17 on the first page, 19 on each next, the totals
}

TEST_CASE("report: madoguchi report and the web desk's report page on a real engine", "[report][engine][web]") {
  EngineProcess engine;
  // Written in process under the folder's data key, as the engine would: its
  // history is in the audit chain, which the engine checks with that key.
  const KnownOffice k = FillKnownOffice(engine.data_dir() + "/madoguchi.db", engine.DataVault());
  for (const char* user : {"reviewer1", "manager1", "auditor1"}) engine.SetPassword(user, "correct-horse-battery");
  // The desk's report drawer through a link this test can replace (at the end).
  const std::string out = engine.data_dir() + "/out";
  const std::string drawer = out + "/drawer";
  engine.EditConfig([&](nlohmann::json& c) { c["web"]["report_drawer"] = drawer; });
  REQUIRE(RunCommand("mkdir -p '" + out + "'").exit_code == 0);
  std::filesystem::create_symlink(std::string(MADOGUCHI_BIN_DIR) + "/madoguchi-report-drawer", drawer);
  engine.Start();

  // The CLI: CSV and PDF, as an auditor.
  CommandOutput csv = RunClient(engine, "auditor1", "report --year 2025 --format csv --out " + out + "/r.csv");
  INFO(csv.out);
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.find(out + "/r.csv") != std::string::npos);
  CHECK(csv.out.find("期限超過 2件") != std::string::npos);
  CheckCsv2025(ReadFile(out + "/r.csv"), k);
  CommandOutput again = RunClient(engine, "auditor1", "report --year 2025 --format csv --out " + out + "/r.csv");
  CHECK(again.exit_code == 2);  // exists, no --force
  CHECK(RunClient(engine, "auditor1", "report --year 2025 --format csv --out " + out + "/r.csv --force").exit_code == 0);

  CommandOutput pdf = RunClient(engine, "manager1", "report --year 2025 --format pdf --out " + out + "/r.pdf");
  INFO(pdf.out);
  REQUIRE(pdf.exit_code == 0);
  const std::string society = engine.Client("manager1")->Call("report", {{"year", 2025}})->at("society");
  CHECK_FALSE(society.empty());
  CheckPdf2025(out + "/r.pdf", k, society);

  // Refused: clerks and reviewers (exit 1, permission_denied); a bad format is local (exit 2).
  CommandOutput clerk = RunClient(engine, "clerk1", "report --year 2025 --format csv");
  CHECK(clerk.exit_code == 1);
  CHECK(clerk.out.find("permission") != std::string::npos);
  CHECK(RunClient(engine, "reviewer1", "report --year 2025 --format csv").exit_code == 1);
  CHECK(RunClient(engine, "manager1", "report --year 2025 --format xlsx").exit_code == 2);

  // The web desk: the page, the command, the downloads.
  WebClient web(engine.web_url());
  REQUIRE(web.SignIn("auditor1", "correct-horse-battery").status == 200);
  WebAnswer page = web.Get("/desk/report");
  CHECK(page.status == 200);
  CHECK(page.body.find("/assets/report.js") != std::string::npos);
  WebAnswer api = web.Api("report", {{"year", 2025}});
  REQUIRE(api.status == 200);
  CheckYear2025(api.json()["result"], k);
  WebAnswer csv_file = web.Get("/api/report/2025.csv");
  REQUIRE(csv_file.status == 200);
  CheckCsv2025(csv_file.body, k);
  WebAnswer pdf_file = web.Get("/api/report/2025.pdf");
  REQUIRE(pdf_file.status == 200);
  CHECK(pdf_file.body.rfind("%PDF-", 0) == 0);
  std::ofstream(out + "/web.pdf", std::ios::binary) << pdf_file.body;
  CheckPdf2025(out + "/web.pdf", k, society);

  // A drawer that fails, or none: 503 in the desk's error shape, saying why.
  std::filesystem::remove(drawer);
  madoguchi::testing::WriteFile(drawer, "#!/bin/sh\necho 'no font for 受付・処理簿' >&2\nexit 3\n");
  std::filesystem::permissions(drawer, std::filesystem::perms::owner_all);
  WebAnswer failed = web.Get("/api/report/2025.pdf");
  CHECK(failed.status == 503);
  CHECK(failed.json()["error"]["code"] == "unavailable");
  CHECK_THAT(failed.json()["error"]["message"].get<std::string>(),
             Catch::StartsWith("帳票（PDF）を作成できませんでした。") && Catch::Contains("exited with status 3: no font for 受付・処理簿"));
  std::filesystem::remove(drawer);
  WebAnswer missing = web.Get("/api/report/2025.pdf");
  CHECK(missing.status == 503);
  CHECK_THAT(missing.json()["error"]["message"].get<std::string>(), Catch::Contains(drawer + " does not exist"));
  CHECK(web.Get("/api/report/2025.csv").status == 200);  // the CSV needs no drawer

  WebClient reviewer(engine.web_url());
  REQUIRE(reviewer.SignIn("reviewer1", "correct-horse-battery").status == 200);
  CHECK(reviewer.Api("report", {{"year", 2025}}).status == 403);
  CHECK(reviewer.Get("/api/report/2025.pdf").status == 403);
  CHECK(reviewer.Get("/api/report/2025.csv").status == 403);
  WebClient nobody(engine.web_url());
  CHECK(nobody.Get("/api/report/2025.csv").status == 401);
  CHECK(nobody.Get("/desk/report").status == 303);  // to /login
  CHECK(engine.Stop() == 0);
}
