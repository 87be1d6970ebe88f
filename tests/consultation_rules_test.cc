// Issue 17, part 1: a disclosure of a living person's receipts waits on every
// institution named at intake (or a manager's exemption), a full disclosure
// of receipts, 健診 results or doctors' opinions goes to a manager, an
// institution that never answers is recorded as no_answer once its reply
// deadline has passed (and the assigned reviewer is reminded), and the
// printed reason names no consulted institution nor repeats its objection.
// The pure workflow, and the store on a real SQLite file.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/decision_table.h"
#include "core/embedded_files.h"
#include "store/reminder_timers.h"
#include "commands/request_writer.h"
#include "request_filler.h"
#include "test_support.h"
#include "office_steps.h"

using namespace madoguchi;
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
const json kLicence = {{"method", "counter"}, {"documents", {{{"kind", "drivers_license"}, {"issued", "2024-03-01"}}}}};

json ReceiptRecord(const std::string& key = "cons-0001") {
  json r = SampleRecord("disclosure", key);
  r["categories"] = {"receipts"};
  r["receipts"] = {{{"institution", "京橋クリニック"}, {"months", {"2025-04"}}},
                   {{"institution", "浦和さくら内科"}, {"months", {"2025-06"}}}};
  return r;
}

Result<Request> Try(const Request& r, const Actor& a, Event e, json data, Timestamp now = kNow) {
  return DefaultWorkflow().Apply(r, a, {e, std::move(data), r.version}, now);
}

Request Step(const Request& r, const Actor& a, Event e, json data, Timestamp now = kNow) {
  Result<Request> next = Try(r, a, e, std::move(data), now);
  INFO(next.status().ToString());
  REQUIRE(next.ok());
  return next.value();
}

Request InReview(const json& record) {
  const Workflow& w = DefaultWorkflow();
  Result<RequestRecord> rec = w.record_parser().Parse(record, kNow);
  INFO(rec.status().ToString());
  REQUIRE(rec.ok());
  Result<Request> r = w.Intake(*rec, kClerk, "R2026-000001", kNow);
  REQUIRE(r.ok());
  Request in = Step(*r, kClerk, Event::kVerifyIdentity, kLicence);
  return Step(in, kManager, Event::kAssign, {{"to", "rev1"}});
}

const json kNeutralPartial = {{"outcome", "partial"},
                              {"grounds", {"harm"}},
                              {"reason", "ご請求のレセプトのうち傷病名等の記載の一部を開示しないこととしました。"}};

}  // namespace

TEST_CASE("consultations: a living person's receipts are not decided before every institution named at intake answers",
          "[consultations]") {
  Request r = InReview(ReceiptRecord());

  // Nobody consulted: a decision that discloses is refused, naming both.
  auto full = Try(r, kReviewer, Event::kDecide, {{"outcome", "full"}});
  REQUIRE_FALSE(full.ok());
  CHECK(full.status().code() == Status::Code::kConflict);
  CHECK_THAT(full.status().message(), Catch::Contains("京橋クリニック, 浦和さくら内科 must be consulted"));
  CHECK_FALSE(Try(r, kReviewer, Event::kDecide, kNeutralPartial).ok());
  // A decision that discloses nothing does not wait (nothing is handed over).
  CHECK(Step(r, kReviewer, Event::kDecide, {{"outcome", "not_held"}, {"reason", "保存期間を経過しているためです。"}}).state ==
        State::kPendingApproval);

  SECTION("one answered, the other still to consult: refused, naming the other") {
    r = Step(r, kReviewer, Event::kConsult, {{"institution", "京橋クリニック"}});
    r = Step(r, kReviewer, Event::kConsultationDone, {{"institution", "京橋クリニック"}, {"answer", "no_objection"}});
    CHECK(r.state == State::kInReview);
    auto again = Try(r, kReviewer, Event::kDecide, {{"outcome", "full"}});
    REQUIRE_FALSE(again.ok());
    CHECK_THAT(again.status().message(), Catch::Contains("浦和さくら内科 must be consulted"));
    CHECK_THAT(again.status().message(), !Catch::Contains("京橋クリニック"));

    // Answered too: full goes to a manager (receipts), who approves it.
    r = Step(r, kReviewer, Event::kConsult, {{"institution", "浦和さくら内科"}});
    r = Step(r, kReviewer, Event::kConsultationDone, {{"institution", "浦和さくら内科"}, {"answer", "no_objection"}});
    Request decided = Step(r, kReviewer, Event::kDecide, {{"outcome", "full"}});
    CHECK(decided.state == State::kPendingApproval);
    CHECK(Step(decided, {"mgr2", Role::kManager}, Event::kApprove, json::object()).state == State::kDecided);
  }
  SECTION("an exemption with its reason: the decision goes to a manager, whose approval approves it") {
    r = Step(r, kReviewer, Event::kConsult, {{"institution", "京橋クリニック"}});
    r = Step(r, kReviewer, Event::kConsultationDone, {{"institution", "京橋クリニック"}, {"answer", "no_objection"}});
    const json exemption = {{"institutions", {"浦和さくら内科"}}, {"reason", "令和7年3月に廃院し、照会先がないため"}};
    json decide = kNeutralPartial;
    decide["exempt_consultation"] = exemption;
    Request decided = Step(r, kReviewer, Event::kDecide, decide);
    CHECK(decided.state == State::kPendingApproval);
    auto self = Try(decided, {"rev1", Role::kManager}, Event::kApprove, json::object());
    CHECK_FALSE(self.ok());  // four eyes
    CHECK(Step(decided, kManager, Event::kApprove, json::object()).state == State::kDecided);

    // Only an institution still to answer is exempted, and only on a receipts disclosure.
    json wrong = decide;
    wrong["exempt_consultation"]["institutions"] = {"京橋クリニック"};
    auto answered = Try(r, kReviewer, Event::kDecide, wrong);
    REQUIRE_FALSE(answered.ok());
    CHECK(answered.status().code() == Status::Code::kInvalidArgument);
    CHECK_THAT(answered.status().message(), Catch::Contains("京橋クリニック is not an institution of request"));
    auto no_reason = Try(r, kReviewer, Event::kDecide,
                         {{"outcome", "full"}, {"exempt_consultation", {{"institutions", {"浦和さくら内科"}}}}});
    REQUIRE_FALSE(no_reason.ok());
    CHECK_THAT(no_reason.status().message(), Catch::Contains("reason"));
    Request other = InReview(SampleRecord("disclosure", "cons-other"));
    auto nothing = Try(other, kReviewer, Event::kDecide, {{"outcome", "full"}, {"exempt_consultation", exemption}});
    REQUIRE_FALSE(nothing.ok());
    CHECK_THAT(nothing.status().message(), Catch::Contains("no consultation to exempt"));
  }
  SECTION("the bereaved ask under their own rules: not held back here") {
    json record = ReceiptRecord("cons-bereaved");
    record["relation"] = "bereaved_family";
    record["agent"] = {{"kind", "bereaved_family"}, {"relation", "長男"}, {"name", "山田 一郎"}, {"kana", "ヤマダ イチロウ"},
                       {"postal_code", "104-0031"}, {"address", "東京都中央区京橋1-1-1"}, {"phone", "03-1234-5678"}};
    const Workflow& w = DefaultWorkflow();
    Result<RequestRecord> rec = w.record_parser().Parse(record, kNow);
    INFO(rec.status().ToString());
    REQUIRE(rec.ok());
    Result<Request> in = w.Intake(*rec, kClerk, "R2026-000002", kNow);
    REQUIRE(in.ok());
    Request bereaved = *in;
    bereaved.state = State::kInReview;  // its identity checklist is the bereaved's, not under test here
    bereaved.assignee = "rev1";
    CHECK(Step(bereaved, kReviewer, Event::kDecide, {{"outcome", "full"}}).state == State::kPendingApproval);
  }
}

TEST_CASE("consultations: a full disclosure of receipts, 健診 results or doctors' opinions needs a manager's approval",
          "[consultations]") {
  for (const char* category : {"health_checkups", "medical_inquiries"}) {
    json record = SampleRecord("disclosure", std::string("cons-full-") + category);
    record["categories"] = {"qualification", category};
    Request r = InReview(record);
    Request decided = Step(r, kReviewer, Event::kDecide, {{"outcome", "full"}});
    CHECK(decided.state == State::kPendingApproval);
    CHECK(Step(decided, kManager, Event::kApprove, json::object()).state == State::kDecided);
  }
  // Other data in full is the reviewer's own decision, as before.
  Request plain = InReview(SampleRecord("disclosure", "cons-full-plain"));
  CHECK(Step(plain, kReviewer, Event::kDecide, {{"outcome", "full"}}).state == State::kDecided);
  // The table says so, and meta carries it for the desk and the CLI.
  const OutcomeRule* full = FindOutcome(RequestType::kDisclosure, Outcome::kFull);
  REQUIRE(full != nullptr);
  CHECK(full->approval_categories ==
        std::vector<std::string_view>{"receipts", "health_checkups", "medical_inquiries"});
  CHECK(NeedsApproval(RequestType::kDisclosure, Outcome::kFull, {"receipts"}, false));
  CHECK_FALSE(NeedsApproval(RequestType::kDisclosure, Outcome::kFull, {"qualification"}, false));
  CHECK_FALSE(NeedsApproval(RequestType::kPurposeNotice, Outcome::kFull, {"receipts"}, false));
  json meta = DecisionTableJson();
  CHECK(meta["types"][1]["outcomes"][0]["approval_categories"] == json{"receipts", "health_checkups", "medical_inquiries"});
  CHECK(meta["types"][1]["consult_categories"] == json{"receipts"});
}

TEST_CASE("consultations: no_answer only after the reply deadline, then the society decides", "[consultations]") {
  Request r = InReview(ReceiptRecord("cons-noanswer"));
  r = Step(r, kReviewer, Event::kConsult, {{"institution", "京橋クリニック"}});
  // Asked on 2026-11-01: the default reply deadline (14 days) was 2026-11-15.
  r = Step(r, kReviewer, Event::kConsult, {{"institution", "浦和さくら内科"}, {"sent", "2026-11-01"}});
  REQUIRE(r.consultations.size() == 2);
  CHECK(r.consultations[0].due == Date::Parse("2026-12-09").value());
  CHECK(r.consultations[1].due == Date::Parse("2026-11-15").value());

  auto early = Try(r, kReviewer, Event::kConsultationDone, {{"institution", "京橋クリニック"}, {"answer", "no_answer"}});
  REQUIRE_FALSE(early.ok());
  CHECK(early.status().code() == Status::Code::kConflict);
  CHECK_THAT(early.status().message(), Catch::Contains("no_answer is recorded only after 京橋クリニック's reply deadline (2026-12-09)"));
  // On the deadline itself it is still too early.
  const Timestamp on_due = *ParseTimestamp("2026-12-09T17:00:00+09:00");
  CHECK_FALSE(Try(r, kReviewer, Event::kConsultationDone, {{"institution", "京橋クリニック"}, {"answer", "no_answer"}}, on_due).ok());

  r = Step(r, kReviewer, Event::kConsultationDone,
           {{"institution", "浦和さくら内科"}, {"answer", "no_answer"}, {"reason", "11月20日に電話で督促したが回答なし"}});
  CHECK(r.state == State::kConsulting);  // 京橋クリニック is still open
  CHECK(r.consultations[1].answer == "no_answer");
  r = Step(r, kReviewer, Event::kConsultationDone, {{"institution", "京橋クリニック"}, {"answer", "no_objection"}});
  CHECK(r.state == State::kInReview);
  CHECK_FALSE(r.has_objection());
  // The society's own decision: no answer is not an objection; full goes to a manager (receipts).
  CHECK(Step(r, kReviewer, Event::kDecide, {{"outcome", "full"}}).state == State::kPendingApproval);

  // The answers are the table's, and the schema's enum is the same list.
  std::vector<std::string> codes;
  for (const ConsultationAnswer& a : ConsultationAnswers()) codes.push_back(std::string(a.code));
  CHECK(codes == std::vector<std::string>{"no_objection", "objection", "objection_partial", "no_answer"});
  CHECK(EmbeddedJson("schemas/events/consultation_done.schema.json")["properties"]["answer"]["enum"] == json(codes));
  CHECK(FindConsultationAnswer("no_answer")->after_due_only);
  CHECK(FindConsultationAnswer("objection")->objects);
  CHECK(FindConsultationAnswer("objection_partial")->objects);  // an objection to its part
  CHECK(FindConsultationAnswer("objection_partial")->needs_reason);
  CHECK(DecisionTableJson()["consultation_answers"].size() == 4);
  // Who may be consulted is the table's too, and both schemas' enums are that list.
  std::vector<std::string> parties;
  for (const ConsultationParty& p : ConsultationParties()) parties.push_back(std::string(p.code));
  CHECK(parties == std::vector<std::string>{"institution", "employer", "doctor", "other"});
  CHECK(EmbeddedJson("schemas/events/consult.schema.json")["properties"]["party_kind"]["enum"] == json(parties));
  CHECK(EmbeddedJson("schemas/events/consultation_done.schema.json")["properties"]["party_kind"]["enum"] == json(parties));
  CHECK(DecisionTableJson()["consultation_parties"].size() == parties.size());
}

TEST_CASE("consultations: the printed reason names no consulted institution and repeats no objection",
          "[consultations]") {
  Request r = InReview(ReceiptRecord("cons-reason"));
  r = Step(r, kReviewer, Event::kConsult, json::object());
  r = Step(r, kReviewer, Event::kConsultationDone, {{"institution", "京橋クリニック"}, {"answer", "no_objection"}});
  r = Step(r, kReviewer, Event::kConsultationDone,
           {{"institution", "浦和さくら内科"}, {"answer", "objection"}, {"reason", "病名の告知が治療方針に影響するため"}});

  json named = kNeutralPartial;
  named["reason"] = "浦和さくら内科から支障があるとの回答があったため、傷病名欄を開示しません。";
  auto by_name = Try(r, kReviewer, Event::kDecide, named);
  REQUIRE_FALSE(by_name.ok());
  CHECK(by_name.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(by_name.status().message(), Catch::Contains("it names 浦和さくら内科"));
  json quoted = kNeutralPartial;
  quoted["reason"] = "病名の告知が治療方針に影響するため、傷病名欄を開示しません。";
  auto by_quote = Try(r, kReviewer, Event::kDecide, quoted);
  REQUIRE_FALSE(by_quote.ok());
  CHECK_THAT(by_quote.status().message(), Catch::Contains("repeats an institution's objection"));
  // Withheld over an objection: under 33(2)(i).
  json other_ground = kNeutralPartial;
  other_ground["grounds"] = {"operations"};
  auto operations = Try(r, kReviewer, Event::kDecide, other_ground);
  REQUIRE_FALSE(operations.ok());
  CHECK_THAT(operations.status().message(), Catch::Contains("cite 'harm'"));
  // The name and the opinion belong in the file: internal_reason is never printed.
  json neutral = kNeutralPartial;
  neutral["internal_reason"] = "浦和さくら内科：病名の告知が治療方針に影響するため";
  CHECK(Step(r, kReviewer, Event::kDecide, neutral).state == State::kPendingApproval);
}

TEST_CASE("consultations: the reply deadline is kept, and the assigned reviewer is reminded once it has passed",
          "[consultations][store]") {
  TempDir dir;
  auto store = RequestWriter::Open(dir.file("madoguchi.db"), DefaultWorkflow(), madoguchi::testing::TestVault());
  REQUIRE(store.ok());
  REQUIRE(EnsureReviewers((*store)->db(), {"rev1"}).ok());
  auto in = (*store)->Intake(ReceiptRecord("cons-timer"), kClerk, kNow);
  REQUIRE(in.ok());
  const std::string id = in->request.id;
  int64_t v = 1;
  auto adv = [&](const Actor& a, Event e, json d, Timestamp now) {
    auto r = (*store)->Advance(id, a, {e, std::move(d), v}, now);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    v = r->version;
  };
  adv(kClerk, Event::kVerifyIdentity, kLicence, kNow);
  adv(kManager, Event::kAssign, {{"to", "rev1"}}, kNow);
  adv(kReviewer, Event::kConsult, {{"institution", "京橋クリニック"}}, kNow);

  // The deadline (sent + consultation_days) is kept with the consultation.
  auto stored = (*store)->Get(id);
  REQUIRE(stored.ok());
  REQUIRE(stored->consultations.size() == 1);
  CHECK(stored->consultations[0].due == Date::Parse("2026-12-09").value());
  // Reminded on the deadline, and on the first business day after it.
  std::vector<ReminderTimer> pending = ReminderTimerStore((*store)->db()).Pending(id);
  auto has = [&](const std::string& kind, const std::string& on) {
    return std::any_of(pending.begin(), pending.end(), [&](const ReminderTimer& t) {
      return t.kind == kind && t.fire_on == Date::Parse(on).value();
    });
  };
  CHECK(has("consultation:0", "2026-12-09"));
  CHECK(has("consultation_passed:0", "2026-12-10"));

  const Timestamp after = *ParseTimestamp("2026-12-10T09:00:00+09:00");
  auto fired = (*store)->FireDueTimers(after);
  REQUIRE(fired.ok());
  json passed;
  SQLite::Statement q((*store)->db(), "SELECT payload FROM outbox WHERE kind = 'reminder'");
  while (q.executeStep()) {
    json m = json::parse(q.getColumn(0).getString());
    if (m.contains("consultation") && m["consultation"].value("passed", false)) passed = m;
  }
  REQUIRE(passed.is_object());
  CHECK(passed["consultation"]["number"] == 1);
  CHECK(passed["consultation"]["due_date"] == "2026-12-09");
  CHECK(passed["stage"] == "overdue");
  CHECK(passed["escalated"] == false);
  REQUIRE(passed["to"].size() == 1);
  CHECK(passed["to"][0]["user"] == "rev1");
  CHECK(passed.dump().find("京橋クリニック") == std::string::npos);  // the mail names the consultation by number

  // Now no_answer is recorded, and the society decides.
  adv(kReviewer, Event::kConsultationDone, {{"institution", "京橋クリニック"}, {"answer", "no_answer"}}, after);
  auto now = (*store)->Get(id);
  REQUIRE(now.ok());
  CHECK(now->state == State::kInReview);
  CHECK(now->consultations[0].answer == "no_answer");
}
