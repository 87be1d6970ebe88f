// Deadlines as the society's standard and the method of disclosure (issue 16,
// parts 4 and 5): an extension only on or before the due date, with a reason
// code, within the cap, a second one only by a manager, the due date without
// extensions kept and overdue against it counted in the dashboard and the
// ledger; a disclosure by another method than asked needs the actual reason,
// which the letter prints (Art. 33(3)); viewing is a method; the
// acknowledgement presents the period as the society's standard.
#include <catch2/catch.hpp>

#include "commands/command_policy.h"
#include "core/japanese_era.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "office_steps.h"
#include "pdf_letter.h"

using namespace madoguchi;
using madoguchi::testing::Advance;
using madoguchi::testing::At;
using madoguchi::testing::Call;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::D;
using madoguchi::testing::DefaultWorkflow;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::FetchLastLetter;
using madoguchi::testing::FetchLetter;
using madoguchi::testing::OfficeSteps;
using madoguchi::testing::OpenHandler;
using madoguchi::testing::OpenStore;
using madoguchi::testing::PdfLetter;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::StartWithLetterWorker;
using madoguchi::testing::TakeInForReview;
using madoguchi::testing::TempDir;
using madoguchi::testing::TryAdvance;
using madoguchi::testing::WaitForOutbox;

namespace {

const Actor kClerk{"clerk1", Role::kClerk};
const Actor kReviewer{"reviewer1", Role::kReviewer};
const Actor kManager{"manager1", Role::kManager};

nlohmann::json Extend(int days) {
  return {{"days", days}, {"reason_code", "institution_consultation"}, {"reason", "医療機関への照会に時間を要するためです。"}};
}

// A disclosure received on 2026-11-02 (a Monday; due 2026-11-16), verified and assigned to reviewer1 that day.
Request InReview() {
  const Workflow& w = DefaultWorkflow();
  Result<RequestRecord> rec = w.record_parser().Parse(SampleRecord("disclosure", "extend-rules-1"), At("2026-11-02"));
  REQUIRE(rec.ok());
  Result<Request> r = w.Intake(*rec, kClerk, "R2026-000001", At("2026-11-02"));
  REQUIRE(r.ok());
  r = w.Apply(*r, kClerk, {Event::kVerifyIdentity, {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}}}}}, r->version}, At("2026-11-02"));
  REQUIRE(r.ok());
  r = w.Apply(*r, kManager, {Event::kAssign, {{"to", "reviewer1"}}, r->version}, At("2026-11-02"));
  REQUIRE(r.ok());
  return *r;
}

}  // namespace

TEST_CASE("deadlines: an extension only on or before the due date, within the cap, a second one by a manager",
          "[deadlines]") {
  const Workflow& w = DefaultWorkflow();
  Request r = InReview();
  REQUIRE(w.Due(r, D("2026-11-02")).due == D("2026-11-16"));

  // After the due date: refused (a late extension would hide an overdue answer).
  Result<Request> late = w.Apply(r, kManager, {Event::kExtend, Extend(14), r.version}, At("2026-11-17"));
  REQUIRE_FALSE(late.ok());
  CHECK(late.status().code() == Status::Code::kConflict);
  CHECK_THAT(late.status().message(), Catch::Contains("only on or before the due date"));
  // Beyond the cap (30 days in all).
  Result<Request> long_one = w.Apply(r, kReviewer, {Event::kExtend, Extend(31), r.version}, At("2026-11-16"));
  REQUIRE_FALSE(long_one.ok());
  CHECK_THAT(long_one.status().message(), Catch::Contains("30 days"));
  // No reason code: refused by the schema.
  CHECK_FALSE(w.Apply(r, kManager, {Event::kExtend, {{"days", 7}, {"reason", "r"}}, r.version}, At("2026-11-10")).ok());

  // The assigned reviewer grants the first, on the due day itself.
  Result<Request> first = w.Apply(r, kReviewer, {Event::kExtend, Extend(14), r.version}, At("2026-11-16"));
  REQUIRE(first.ok());
  DueDate due = w.Due(*first, D("2026-11-16"));
  CHECK(due.due == D("2026-11-30"));
  CHECK(due.original_due == D("2026-11-16"));  // the standard's date is kept
  // A second: not the reviewer's; a manager's, within what is left of the cap.
  Result<Request> second = w.Apply(*first, kReviewer, {Event::kExtend, Extend(7), first->version}, At("2026-11-20"));
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == Status::Code::kPermissionDenied);
  CHECK_THAT(second.status().message(), Catch::Contains("second extension needs a manager"));
  CHECK_FALSE(w.Apply(*first, kManager, {Event::kExtend, Extend(17), first->version}, At("2026-11-20")).ok());
  Result<Request> by_manager = w.Apply(*first, kManager, {Event::kExtend, Extend(16), first->version}, At("2026-11-20"));
  REQUIRE(by_manager.ok());
  CHECK(w.Due(*by_manager, D("2026-11-20")).original_due == D("2026-11-16"));
}

TEST_CASE("deadlines: the dashboard and the ledger count what is overdue against the due date without extensions",
          "[deadlines]") {
  TempDir dir;
  auto store = OpenStore(dir.file("desk.db"));
  OfficeSteps office(*store);
  auto extended = store->Intake(SampleRecord("disclosure", "extended-0001"), kClerk, At("2026-11-02"));
  auto plain = store->Intake(SampleRecord("correction", "not-extended-1"), kClerk, At("2026-11-09"));
  REQUIRE(extended.ok());
  REQUIRE(plain.ok());
  office.VerifyAndAssign(extended->request.id, "2026-11-02");
  office.Step(extended->request.id, "2026-11-13", kManager, Event::kExtend, Extend(21));  // due 11-16 -> 12-07

  ReadHandler handler = OpenHandler(dir.file("desk.db"));
  Result<nlohmann::json> d = handler.Run(Command::kDashboard, nlohmann::json::object(), kManager, At("2026-11-20"));
  REQUIRE(d.ok());
  CHECK((*d)["overdue_total"] == 0);  // nothing past its current due date (the correction is due 11-24)
  CHECK((*d)["overdue_original_total"] == 1);
  REQUIRE((*d)["overdue_original"].size() == 1);
  CHECK((*d)["overdue_original"][0]["id"] == extended->request.id);
  CHECK((*d)["overdue_original"][0]["original_due_date"] == "2026-11-16");
  CHECK((*d)["overdue_original"][0]["due_date"] == "2026-12-07");

  Result<nlohmann::json> report = handler.Run(Command::kReport, {{"year", 2026}}, kManager, At("2026-11-20"));
  REQUIRE(report.ok());
  CHECK((*report)["totals"]["overdue"] == 0);
  CHECK((*report)["totals"]["overdue_original"] == 1);
  CHECK((*report)["items"][0]["original_due_date"] == "2026-11-16");
  CHECK((*report)["items"][0]["overdue_original"] == true);
  CHECK((*report)["items"][1]["original_due_date"].is_null());
}

TEST_CASE("methods: a disclosure by another method than asked needs the actual reason, which the letter prints",
          "[deadlines][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  nlohmann::json record = SampleRecord("disclosure", "method-reason-1");
  record["disclosure_method"] = "electronic";
  record["categories"] = {"receipts"};
  std::string id = TakeInForReview(engine, record);
  Advance(engine, "reviewer1", id, "extend", Extend(7));
  Advance(engine, "reviewer1", id, "decide", {{"outcome", "full"}});
  Advance(engine, "manager1", id, "approve", nlohmann::json::object());  // receipts in full (issue 17)
  Result<nlohmann::json> bare = TryAdvance(engine, "clerk1", id, "respond", {{"method", "post"}});
  REQUIRE_FALSE(bare.ok());
  CHECK(bare.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(bare.status().message(), Catch::Contains("method_reason"));
  const std::string reason = "ご請求の期間の記録が紙の原本でのみ保存されている";
  Advance(engine, "clerk1", id, "respond", {{"method", "post"}, {"method_reason", reason}, {"agreed", true}});
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60), "letter"));

  TempDir out;
  PdfLetter ack = FetchLetter(engine, "clerk1", id, 1, out);
  CHECK_THAT(ack.flat, Catch::Contains("当組合の運用基準により定めた回答の予定日"));
  CHECK_THAT(ack.flat, Catch::Contains("医療機関への確認を要する"));
  PdfLetter extension = FetchLetter(engine, "clerk1", id, 2, out);
  CHECK(extension.kind == "extension_notice");
  CHECK_THAT(extension.flat, Catch::Contains("医療機関への照会"));
  PdfLetter decision = FetchLastLetter(engine, "clerk1", id, out);
  CHECK(decision.kind == "disclosure_decision");
  CHECK_THAT(decision.flat, Catch::Contains(reason));
  CHECK_THAT(decision.flat, Catch::Contains("法第33条第3項"));
  CHECK_THAT(decision.flat, !Catch::Contains("多額の費用"));
  CHECK(worker.Stop() == 0);
}

TEST_CASE("methods: viewing is a method, and asked and used, it needs no reason and the letter says where and until when",
          "[deadlines][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  nlohmann::json record = SampleRecord("disclosure", "viewing-0001");
  record["disclosure_method"] = "viewing";
  std::string id = TakeInForReview(engine, record);
  Advance(engine, "reviewer1", id, "decide", {{"outcome", "full"}});
  Advance(engine, "clerk1", id, "respond", {{"method", "viewing"}});
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60), "letter"));
  TempDir out;
  PdfLetter decision = FetchLastLetter(engine, "clerk1", id, out);
  CHECK_THAT(decision.flat, Catch::Contains("当組合窓口における閲覧"));
  CHECK_THAT(decision.flat, Catch::Contains("までにお越しください"));
  CHECK_THAT(decision.flat, !Catch::Contains("ご請求のあった方法"));
  CHECK(worker.Stop() == 0);
}
