// Issue 6, parts 1-3: receipt consultations per medical institution, who
// asks and their document checklist, fees. Each rule with its refusals, in
// the pure workflow and through the store on a real SQLite file.
#include <catch2/catch.hpp>

#include "commands/letter_context.h"
#include "core/embedded_files.h"
#include "core/letter_plan.h"
#include "store/reminder_timers.h"
#include "commands/request_writer.h"
#include "request_filler.h"
#include "test_support.h"
#include "office_steps.h"

using namespace madoguchi;
using madoguchi::testing::D;
using madoguchi::testing::DefaultCalendar;
using madoguchi::testing::DefaultWorkflow;
using madoguchi::testing::EnsureReviewers;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TempDir;
using json = nlohmann::json;

namespace {

const Timestamp kNow = *ParseTimestamp("2026-11-25T10:00:00+09:00");  // a Wednesday
const Actor kClerk{"clerk1", Role::kClerk};
const Actor kReviewer{"rev1", Role::kReviewer};
const Actor kManager{"mgr1", Role::kManager};

json ReceiptRecord() {
  json r = SampleRecord("disclosure", "receipts-0001");
  r["categories"] = {"receipts"};
  r["receipts"] = {{{"institution", "京橋クリニック"}, {"months", {"2025-04", "2025-05"}}},
                   {{"institution", "日本橋総合病院"}, {"months", {"2019-02", "2024-10"}}}};
  return r;
}

json Agent(const std::string& kind) {
  return {{"kind", kind},       {"relation", kind == "voluntary_agent" ? "任意代理人（弁護士）" : "親権者（母）"},
          {"name", "山田 一郎"}, {"kana", "ヤマダ イチロウ"},
          {"postal_code", "104-0031"}, {"address", "東京都中央区京橋1-1-1"}, {"phone", "03-1234-5678"}};
}

// A workflow that charges: 300 yen a request, 10 yen per page, 100 yen postage.
const Workflow& ChargingWorkflow() {
  static const Workflow w = [] {
    json fees = EmbeddedJson("config/fees.json");
    for (const char* t : {"purpose_notice", "disclosure", "third_party_record_disclosure"}) {
      fees[t] = {{"per_request", 300}, {"per_page", 10}, {"per_pages", 1}, {"postage", 100}};
    }
    auto rules = DeskRules::FromJson(EmbeddedJson("config/identity-documents.json"), fees);
    REQUIRE(rules.ok());
    return Workflow(DefaultCalendar(), DeadlinePolicy::Default(), DataCategories::Default(), *rules);
  }();
  return w;
}

Request Intake(const Workflow& w, const json& record) {
  Result<RequestRecord> rec = w.record_parser().Parse(record, kNow);
  INFO(rec.status().ToString());
  REQUIRE(rec.ok());
  Result<Request> r = w.Intake(*rec, kClerk, "R2026-000001", kNow);
  REQUIRE(r.ok());
  return r.value();
}

Result<Request> Try(const Workflow& w, const Request& r, const Actor& a, Event e, json data) {
  return w.Apply(r, a, {e, std::move(data), r.version}, kNow);
}

Request Step(const Workflow& w, const Request& r, const Actor& a, Event e, json data) {
  Result<Request> next = Try(w, r, a, e, std::move(data));
  INFO(next.status().ToString());
  REQUIRE(next.ok());
  return next.value();
}

const json kLicence = {{"method", "counter"}, {"documents", {{{"kind", "drivers_license"}, {"issued", "2024-03-01"}}}}};

Request InReview(const Workflow& w, const json& record) {
  Request r = Intake(w, record);
  r = Step(w, r, kClerk, Event::kVerifyIdentity, kLicence);
  return Step(w, r, kManager, Event::kAssign, {{"to", "rev1"}});
}

}  // namespace

TEST_CASE("receipts: one consultation per institution, no decision while one is open", "[issue6][consult]") {
  const Workflow& w = DefaultWorkflow();
  Request r = InReview(w, ReceiptRecord());
  REQUIRE(r.receipts.size() == 2);

  // Without an institution: one for each institution named at intake.
  r = Step(w, r, kReviewer, Event::kConsult, json::object());
  CHECK(r.state == State::kConsulting);
  REQUIRE(r.consultations.size() == 2);
  CHECK(r.consultations[0].institution == "京橋クリニック");
  CHECK(r.consultations[1].institution == "日本橋総合病院");
  CHECK(r.consultations[0].sent == Date::Parse("2026-11-25").value());
  CHECK(r.consultations[0].due == Date::Parse("2026-12-09").value());  // consultation_days 14

  SECTION("the same institution cannot be asked twice while open") {
    auto again = Try(w, r, kReviewer, Event::kConsult, {{"institution", "京橋クリニック"}});
    REQUIRE_FALSE(again.ok());
    CHECK(again.status().code() == Status::Code::kConflict);
    CHECK_THAT(again.status().message(), Catch::Contains("already has an open consultation with 京橋クリニック"));
    auto none_left = Try(w, r, kReviewer, Event::kConsult, json::object());
    REQUIRE_FALSE(none_left.ok());
    CHECK_THAT(none_left.status().message(), Catch::Contains("name the institution"));
  }
  SECTION("deciding with an open consultation is refused, naming it") {
    r = Step(w, r, kReviewer, Event::kConsultationDone, {{"institution", "京橋クリニック"}, {"answer", "no_objection"}});
    CHECK(r.state == State::kConsulting);  // the other one is still open
    auto decide = Try(w, r, kReviewer, Event::kDecide, {{"outcome", "full"}});
    REQUIRE_FALSE(decide.ok());
    CHECK(decide.status().code() == Status::Code::kConflict);
    CHECK_THAT(decide.status().message(),
               Catch::Contains("cannot be decided while consultations are open: 日本橋総合病院 (due 2026-12-09)"));
    std::vector<Event> allowed = w.AllowedEvents(r, kReviewer);
    CHECK(std::find(allowed.begin(), allowed.end(), Event::kDecide) == allowed.end());
  }
  SECTION("an answer for an institution not being consulted is refused") {
    auto done = Try(w, r, kReviewer, Event::kConsultationDone, {{"institution", "銀座医院"}, {"answer", "no_objection"}});
    REQUIRE_FALSE(done.ok());
    CHECK(done.status().code() == Status::Code::kInvalidArgument);
    CHECK_THAT(done.status().message(), Catch::Contains("no open consultation with 銀座医院"));
  }
  SECTION("two institutions, one objecting: full is refused, partial goes to approval") {
    r = Step(w, r, kReviewer, Event::kConsultationDone, {{"institution", "京橋クリニック"}, {"answer", "no_objection"}});
    r = Step(w, r, kReviewer, Event::kConsultationDone,
             {{"institution", "日本橋総合病院"}, {"answer", "objection"}, {"reason", "傷病名の告知が療養に支障"}});
    CHECK(r.state == State::kInReview);
    CHECK(r.has_objection());
    auto full = Try(w, r, kReviewer, Event::kDecide, {{"outcome", "full"}});
    REQUIRE_FALSE(full.ok());
    CHECK(full.status().code() == Status::Code::kConflict);
    CHECK_THAT(full.status().message(), Catch::Contains("日本橋総合病院 objected"));
    Request partial = Step(w, r, kReviewer, Event::kDecide,
                           {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", "レセプトの傷病名欄を除く"}});
    CHECK(partial.state == State::kPendingApproval);

    // Asked again, the institution withdraws its objection: full is possible.
    r = Step(w, r, kReviewer, Event::kConsult, {{"institution", "日本橋総合病院"}, {"question", "再照会"}});
    r = Step(w, r, kReviewer, Event::kConsultationDone, {{"institution", "日本橋総合病院"}, {"answer", "no_objection"}});
    CHECK_FALSE(r.has_objection());
    // Receipts in full are a manager's to approve (issue 17).
    CHECK(Step(w, r, kReviewer, Event::kDecide, {{"outcome", "full"}}).state == State::kPendingApproval);
  }
}

TEST_CASE("receipts older than the retention period are flagged at intake", "[issue6][retention]") {
  Request r = Intake(DefaultWorkflow(), ReceiptRecord());  // received 2026-11; 5 years: before 2021-11
  CHECK(r.retention_flagged == std::vector<std::string>{"日本橋総合病院 2019-02"});

  json bad = ReceiptRecord();
  bad["categories"] = {"qualification"};
  auto parsed = DefaultWorkflow().record_parser().Parse(bad, kNow);
  REQUIRE_FALSE(parsed.ok());
  CHECK_THAT(parsed.status().message(), Catch::Contains("receipts: name receipts only when categories include receipts"));
}

TEST_CASE("verify_identity: each relation's checklist, refused while a document is missing or too old",
          "[issue6][identity]") {
  const Workflow& w = DefaultWorkflow();
  SECTION("the insured person at the counter: one identity document") {
    Request r = Intake(w, SampleRecord("disclosure", "self-000001"));
    CHECK(r.relation == "insured");
    auto none = Try(w, r, kClerk, Event::kVerifyIdentity,
                    {{"method", "counter"}, {"documents", {{{"kind", "power_of_attorney"}, {"issued", "2026-11-01"}}}}});
    REQUIRE_FALSE(none.ok());
    CHECK(none.status().code() == Status::Code::kInvalidArgument);
    CHECK_THAT(none.status().message(), Catch::Contains("missing or too old: 本人の本人確認書類"));
    CHECK(Step(w, r, kClerk, Event::kVerifyIdentity, kLicence).state == State::kVerified);
  }
  SECTION("by post: a certificate of residence issued within 30 days") {
    json rec = SampleRecord("disclosure", "post-000001");
    rec["channel"] = "post";
    Request r = Intake(w, rec);
    json docs = {{"method", "post"},
                 {"documents", {{{"kind", "passport"}, {"issued", "2022-01-05"}},
                                {{"kind", "residence_certificate"}, {"issued", "2026-10-20"}}}}};  // 36 days
    auto old = Try(w, r, kClerk, Event::kVerifyIdentity, docs);
    REQUIRE_FALSE(old.ok());
    CHECK_THAT(old.status().message(), Catch::Contains("本人の住民票の写し（発行後30日以内）"));
    docs["documents"][1]["issued"] = "2026-10-26";  // 30 days
    CHECK(Step(w, r, kClerk, Event::kVerifyIdentity, docs).state == State::kVerified);
  }
  SECTION("a voluntary agent: the agent's document, power of attorney, the person's seal certificate") {
    json rec = SampleRecord("disclosure", "agent-000001");
    rec["agent"] = Agent("voluntary_agent");
    Request r = Intake(w, rec);
    CHECK(r.relation == "voluntary_agent");
    json docs = {{"method", "counter"},
                 {"documents", {{{"kind", "drivers_license"}, {"issued", "2023-01-01"}, {"of", "agent"}},
                                {{"kind", "seal_certificate"}, {"issued", "2026-08-01"}, {"of", "requester"}}}}};
    auto refused = Try(w, r, kClerk, Event::kVerifyIdentity, docs);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.status().message(), Catch::Contains("(任意代理人)"));
    CHECK_THAT(refused.status().message(), Catch::Contains("委任状; 本人の印鑑登録証明書（発行後30日以内）"));
    docs["documents"][1]["issued"] = "2026-11-10";
    docs["documents"].push_back({{"kind", "power_of_attorney"}, {"issued", "2026-11-10"}, {"of", "agent"}});
    CHECK(Step(w, r, kClerk, Event::kVerifyIdentity, docs).state == State::kVerified);
  }
  SECTION("a legal representative needs an agent of that kind") {
    json rec = SampleRecord("disclosure", "legal-000001");
    rec["relation"] = "legal_representative";
    auto parsed = w.record_parser().Parse(rec, kNow);
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(parsed.status().message(), Catch::Contains("agent: required when relation is legal_representative"));
    rec["agent"] = Agent("legal_representative");
    Request r = Intake(w, rec);
    auto refused = Try(w, r, kClerk, Event::kVerifyIdentity,
                       {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2020-01-01"}, {"of", "agent"}}}}});
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.status().message(), Catch::Contains("法定代理権を証する書類"));
  }
}

TEST_CASE("bereaved family: outside the APPI right, the same workflow, letters of their own", "[issue6][bereaved]") {
  const Workflow& w = DefaultWorkflow();
  json rec = SampleRecord("disclosure", "bereaved-0001");
  rec["relation"] = "bereaved_family";
  rec["agent"] = Agent("bereaved_family");
  rec["agent"]["relation"] = "長男";
  rec["agent"]["bereaved_relation"] = "child";  // 父母、配偶者、子 or equivalent, checked by verify_identity
  Request r = Intake(w, rec);
  CHECK(r.outside_appi());
  CHECK(LetterFor(Event::kIntake, r)->kind == "bereaved_acknowledgement");
  auto refused = Try(w, r, kClerk, Event::kVerifyIdentity,
                     {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2020-01-01"}, {"of", "agent"}}}}});
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("死亡の事実及び続柄がわかる戸籍謄本等"));
  r = Step(w, r, kClerk, Event::kVerifyIdentity,
           {{"method", "counter"},
            {"documents", {{{"kind", "passport"}, {"issued", "2020-01-01"}, {"of", "agent"}},
                           {{"kind", "family_register"}, {"issued", "2026-10-01"}, {"of", "agent"}}}}});
  r = Step(w, r, kManager, Event::kAssign, {{"to", "rev1"}});
  r = Step(w, r, kReviewer, Event::kDecide, {{"outcome", "full"}});
  r = Step(w, r, kClerk, Event::kRespond, {{"method", "post"}});
  CHECK(LetterFor(Event::kRespond, r)->kind == "bereaved_disclosure_decision");
}

TEST_CASE("fees: zero by default, and a charged fee goes with the decision letter, which is never held back for it",
          "[issue6][fee]") {
  SECTION("the shipped default charges nothing") {
    Request r = InReview(DefaultWorkflow(), SampleRecord("disclosure", "free-000001"));
    r = Step(DefaultWorkflow(), r, kReviewer, Event::kDecide, {{"outcome", "full"}, {"pages", 12}});
    r = Step(DefaultWorkflow(), r, kClerk, Event::kRespond, {{"method", "post"}});
    CHECK(r.state == State::kResponding);
    CHECK_FALSE(r.fee.has_value());
  }
  const Workflow& w = ChargingWorkflow();
  SECTION("a charged disclosure sent by post: request, copies and postage; the clock never stops for it") {
    json rec = SampleRecord("disclosure", "fee-0000001");
    rec["channel"] = "post";
    Request r = Intake(w, rec);
    r = Step(w, r, kClerk, Event::kVerifyIdentity,
             {{"method", "post"},
              {"documents", {{{"kind", "passport"}, {"issued", "2022-01-05"}},
                             {{"kind", "residence_certificate"}, {"issued", "2026-11-20"}}}}});
    r = Step(w, r, kManager, Event::kAssign, {{"to", "rev1"}});
    r = Step(w, r, kReviewer, Event::kDecide, {{"outcome", "full"}, {"pages", 12}});
    CHECK_FALSE(r.fee.has_value());  // nothing is owed before the decision goes out
    CHECK_FALSE(LetterFor(Event::kDecide, r).has_value());  // no separate fee notice
    r = Step(w, r, kClerk, Event::kRespond, {{"method", "post"}});  // not held back
    REQUIRE(r.fee.has_value());
    CHECK(r.fee->amount == 300 + 12 * 10 + 100);
    CHECK(r.fee->per_request == 300);
    CHECK(r.fee->page_blocks == 12);
    CHECK(r.fee->postage == 100);
    CHECK(r.fee->due == D("2026-12-25"));  // kNow's day + 30, a business day
    CHECK(r.fee->owed());
    CHECK_FALSE(r.deadline.clock_stopped());
    CHECK(LetterFor(Event::kRespond, r)->kind == "disclosure_decision");

    auto wrong = Try(w, r, kClerk, Event::kFeePaid, {{"amount", 500}, {"paid_on", "2026-11-25"}});
    REQUIRE_FALSE(wrong.ok());
    CHECK_THAT(wrong.status().message(), Catch::Contains("is 520 yen, not 500"));
    Request paid = Step(w, r, kClerk, Event::kFeePaid, {{"amount", 520}, {"paid_on", "2026-11-25"}, {"method", "cash"}});
    CHECK_FALSE(paid.fee->owed());
    auto twice = Try(w, paid, kClerk, Event::kFeePaid, {{"amount", 520}, {"paid_on", "2026-11-25"}});
    REQUIRE_FALSE(twice.ok());
    CHECK_THAT(twice.status().message(), Catch::Contains("has no unpaid fee"));

    // Not paid by the due date: recorded as lapsed (the data is not handed over), not before.
    auto early = w.Apply(r, kClerk, {Event::kFeeLapsed, json::object(), r.version},
                         *ParseTimestamp("2026-12-25T10:00:00+09:00"));
    REQUIRE_FALSE(early.ok());
    CHECK_THAT(early.status().message(), Catch::Contains("due 2026-12-25"));
    auto lapsed = w.Apply(r, kClerk, {Event::kFeeLapsed, json::object(), r.version},
                          *ParseTimestamp("2026-12-28T10:00:00+09:00"));
    REQUIRE(lapsed.ok());
    CHECK(lapsed->fee->lapsed_on == D("2026-12-28"));
    CHECK_FALSE(lapsed->fee->owed());
  }
  SECTION("electronic: no copies charged (per_page_electronic is off), no postage; viewing likewise") {
    Request r = InReview(w, SampleRecord("disclosure", "fee-0000005"));
    r = Step(w, r, kReviewer, Event::kDecide, {{"outcome", "full"}, {"pages", 12}});
    CHECK(Step(w, r, kClerk, Event::kRespond, {{"method", "electronic"}, {"method_reason", "ご希望によるため"}}).fee->amount == 300);
    CHECK(Step(w, r, kClerk, Event::kRespond, {{"method", "counter"}}).fee->amount == 300 + 120);
  }
  SECTION("partial after approval is charged at respond; refused and corrections are not") {
    Request r = InReview(w, SampleRecord("disclosure", "fee-0000002"));
    r = Step(w, r, kReviewer, Event::kDecide, {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", "一部"}});
    Actor other{"mgr2", Role::kManager};
    r = Step(w, r, other, Event::kApprove, json::object());
    CHECK_FALSE(r.fee.has_value());
    r = Step(w, r, kClerk, Event::kRespond, {{"method", "counter"}});
    REQUIRE(r.fee.has_value());
    CHECK(r.fee->amount == 300);  // counter: no postage, no pages given

    Request refused = InReview(w, SampleRecord("disclosure", "fee-0000003"));
    refused = Step(w, refused, kReviewer, Event::kDecide, {{"outcome", "refused"}, {"grounds", {"harm"}}, {"reason", "x"}});
    refused = Step(w, refused, other, Event::kApprove, json::object());
    CHECK_FALSE(Step(w, refused, kClerk, Event::kRespond, {{"method", "post"}}).fee.has_value());

    Request correction = InReview(w, SampleRecord("correction", "fee-0000004"));
    correction = Step(w, correction, kReviewer, Event::kDecide, {{"outcome", "full"}});
    CHECK_FALSE(Step(w, correction, kClerk, Event::kRespond, {{"method", "post"}}).fee.has_value());
  }
  SECTION("a fee above zero must be in the published notice") {
    CHECK(DeskRules::Default().CheckFeesPublished("").ok());  // nothing charged, nothing to publish
    CHECK_THAT(w.rules().CheckFeesPublished("利用目的の通知及び開示の手数料はいただきません。").message(),
               Catch::Contains("per_request: 300 yen is not in the published notice"));
    CHECK_THAT(w.rules().CheckFeesPublished("開示の求め").message(), Catch::Contains("nothing of 手数料"));
    CHECK(w.rules().CheckFeesPublished("手数料：1件につき300円、写し1枚につき10円").ok());
  }
}

TEST_CASE("consultations, relation, receipts and fee survive the store, consultations are reminded",
          "[issue6][store]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  std::string id;
  {
    auto store = RequestWriter::Open(path, ChargingWorkflow(), madoguchi::testing::TestVault());
    REQUIRE(store.ok());
    REQUIRE(EnsureReviewers((*store)->db(), {"rev1"}).ok());
    auto in = (*store)->Intake(ReceiptRecord(), kClerk, kNow);
    REQUIRE(in.ok());
    id = in->request.id;
    int64_t v = 1;
    auto adv = [&](const Actor& a, Event e, json d) {
      auto r = (*store)->Advance(id, a, {e, std::move(d), v}, kNow);
      INFO(r.status().ToString());
      REQUIRE(r.ok());
      v = r->version;
      return r.value();
    };
    adv(kClerk, Event::kVerifyIdentity, kLicence);
    adv(kManager, Event::kAssign, {{"to", "rev1"}});
    adv(kReviewer, Event::kConsult, json::object());
    std::vector<ReminderTimer> pending = ReminderTimerStore((*store)->db()).Pending(id);
    int consultation_timers = 0;
    for (const auto& t : pending) consultation_timers += t.kind.rfind("consultation:", 0) == 0 ? 1 : 0;
    CHECK(consultation_timers == 2);
    adv(kReviewer, Event::kConsultationDone, {{"institution", "京橋クリニック"}, {"answer", "no_objection"}});
    adv(kReviewer, Event::kConsultationDone,
        {{"institution", "日本橋総合病院"}, {"answer", "objection"}, {"reason", "療養に支障"}});
    auto refused = (*store)->Advance(id, kReviewer, {Event::kDecide, {{"outcome", "full"}}, v}, kNow);
    REQUIRE_FALSE(refused.ok());
    adv(kReviewer, Event::kDecide, {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", "傷病名欄を除く"}, {"pages", 3}});
    adv({"mgr2", Role::kManager}, Event::kApprove, json::object());
    adv(kClerk, Event::kRespond, {{"method", "post"}});
  }
  auto store = RequestWriter::Open(path, ChargingWorkflow(), madoguchi::testing::TestVault());
  REQUIRE(store.ok());
  auto r = (*store)->Get(id);
  REQUIRE(r.ok());
  CHECK(r->relation == "insured");
  CHECK(r->receipts.size() == 2);
  CHECK(r->retention_flagged == std::vector<std::string>{"日本橋総合病院 2019-02"});
  REQUIRE(r->consultations.size() == 2);
  CHECK(r->consultations[1].answer == "objection");
  CHECK(r->consultations[1].reason == "療養に支障");
  REQUIRE(r->fee.has_value());
  CHECK(r->fee->amount == 300 + 3 * 10 + 100);  // sent by post
  CHECK(r->fee->due.has_value());
  CHECK_FALSE(r->deadline.clock_stopped());
  auto outbox = (*store)->db().execAndGet("SELECT count(*) FROM outbox WHERE payload LIKE '%fee_notice%'").getInt();
  CHECK(outbox == 0);  // the fee goes in the decision letter

  // The decision letter's context carries the fee, its parts and how to pay.
  RequestDetail detail{r.value(), (*store)->History(id).value(), (*store)->Personal(id).value()};
  auto context = LetterContextFor(detail, {{"letter_id", "L-x"}, {"letter_kind", "partial_disclosure_decision"}, {"revision", r->version}},
                                  EmbeddedJson("config/engine-defaults.json")["society"], ChargingWorkflow(),
                                  Date::Parse("2026-11-25").value());
  INFO(context.status().ToString());
  REQUIRE(context.ok());
  CHECK((*context)["fee"]["amount"] == 430);
  CHECK((*context)["fee"]["parts"]["postage"] == 100);
  CHECK((*context)["fee"]["payment"]["methods"].get<std::string>().find("振込") != std::string::npos);
  // The institution's objection stays in the record: the letter's context does not carry it.
  CHECK_FALSE((*context)["decision"].contains("objections"));
  CHECK((*context).dump().find("日本橋総合病院") == std::string::npos);
}
