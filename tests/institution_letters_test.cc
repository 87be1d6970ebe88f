// Issue 17, part 1 (the rest), on a real engine and its letter worker, every
// letter read back from its PDF with poppler: the 照会書 to a medical
// institution names that institution and the months of its own receipts only,
// with its reply form; the 再照会 is made once when the reply deadline has
// passed; the outcome notice follows the decision letter; an employer is
// consulted with its own record, clock and 照会書; objection_partial is an
// objection to its part; the bereaved's consent comes before an institution is
// consulted, and 遺族 are 父母、配偶者、子 or an equivalent position with its
// reason; the bereaved answer letter says how the data goes; and the
// requester's letter names an institution only when the reviewer chose so and a
// manager approved it.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <thread>

#include "core/decision_table.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "pdf_letter.h"

using namespace madoguchi;
using madoguchi::testing::Advance;
using madoguchi::testing::Call;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::FetchLetter;
using madoguchi::testing::Normalised;
using madoguchi::testing::PdfLetter;
using madoguchi::testing::RespondByPost;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::StartWithLetterWorker;
using madoguchi::testing::TakeInForReview;
using madoguchi::testing::TempDir;
using madoguchi::testing::TryAdvance;
using madoguchi::testing::WaitForOutbox;

namespace {

const char* kClinic = "浦和さくら内科";
const char* kHospital = "大宮みどり病院";
const char* kEmployer = "株式会社みなと商事";

nlohmann::json ReceiptRecord(const std::string& key) {
  nlohmann::json record = SampleRecord("disclosure", key);
  record["categories"] = {"receipts"};
  record["receipts"] = {{{"institution", kClinic}, {"months", {"2026-09", "2026-10"}}},
                        {{"institution", kHospital}, {"months", {"2026-08"}}}};
  return record;
}

// The request's letters of `kind`, read back (every letter the engine owes
// written first; polled until there are `count` of them, 60 s at most).
std::vector<PdfLetter> LettersOfKind(EngineProcess& engine, const std::string& id, const std::string& kind,
                                     size_t count, const TempDir& dir) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  nlohmann::json items;
  size_t found = 0;
  do {
    REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60), "letter"));
    items = Call(engine, "manager1", "letters", {{"id", id}})["items"];
    found = 0;
    for (const auto& item : items) found += item["kind"] == kind ? 1 : 0;
    if (found >= count) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (std::chrono::steady_clock::now() < until);
  INFO(items.dump());
  REQUIRE(found == count);
  std::vector<PdfLetter> out;
  for (const auto& item : items) {
    if (item["kind"] == kind) out.push_back(FetchLetter(engine, "manager1", id, item["n"].get<int>(), dir));
  }
  return out;
}

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const PdfLetter& Naming(const std::vector<PdfLetter>& letters, const std::string& name) {
  for (const PdfLetter& l : letters) {
    if (l.flat.find(Normalised(name)) != std::string::npos) return l;
  }
  FAIL("no letter names " << name);
  return letters.front();
}

}  // namespace

TEST_CASE("institution letters: the 照会書 names its institution and months only, the 再照会 is made once after "
          "the deadline, and each institution learns the outcome after the decision letter",
          "[consultations][workers][letters]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  TempDir out;
  const Date today = JstDate(Now());
  std::string id = TakeInForReview(engine, ReceiptRecord("inst-letter-0"));
  // The clinic was asked 20 days ago (its deadline has passed); the hospital today.
  Advance(engine, "reviewer1", id, "consult",
          {{"institution", kClinic}, {"postal_code", "330-0063"}, {"address", "さいたま市浦和区高砂9-9-9"},
           {"doctor", "佐藤 一郎"}, {"sent", today.AddDays(-20).ToIso()}});
  Advance(engine, "reviewer1", id, "consult", {{"institution", kHospital}, {"address", "さいたま市大宮区桜木町8-8-8"}});

  std::vector<PdfLetter> asked = LettersOfKind(engine, id, "consultation_request", 2, out);
  const PdfLetter& clinic = Naming(asked, kClinic);
  CHECK_THAT(clinic.flat, Catch::Contains("診療報酬明細書等の開示に係る意見について（照会）"));
  CHECK_THAT(clinic.flat, Catch::Contains("さいたま市浦和区高砂9-9-9"));
  CHECK_THAT(clinic.flat, Catch::Contains(Normalised("主治医　佐藤 一郎　先生")));
  // Whom and what it is asked about: the patient, and the months of its own receipts.
  CHECK_THAT(clinic.flat, Catch::Contains(Normalised("山田 花子")));
  CHECK_THAT(clinic.flat, Catch::Contains("昭和55年4月12日"));
  CHECK_THAT(clinic.flat, Catch::Contains("1234・56789"));
  CHECK_THAT(clinic.flat, Catch::Contains("令和8年9月診療分、令和8年10月診療分"));
  CHECK_THAT(clinic.flat, Catch::Contains("保発第0331009号"));
  CHECK_THAT(clinic.flat, Catch::Contains("第33条第2項第1号"));
  // Nothing of the other institution, nor of the request's other contents.
  CHECK_THAT(clinic.flat, !Catch::Contains(Normalised(kHospital)));
  CHECK_THAT(clinic.flat, !Catch::Contains("令和8年8月"));
  CHECK_THAT(clinic.flat, !Catch::Contains("京橋1-1-1"));
  CHECK_THAT(clinic.flat, !Catch::Contains("03-1234-5678"));
  // The reply form, with the reply deadline (sent + 14 days).
  for (const char* form : {"（回答書）", "支障なし", "一部支障あり", "該当部分：", "支障あり", "主治医名："}) {
    CHECK_THAT(clinic.flat, Catch::Contains(form));
  }
  const PdfLetter& hospital = Naming(asked, kHospital);
  CHECK_THAT(hospital.flat, Catch::Contains("令和8年8月診療分"));
  CHECK_THAT(hospital.flat, !Catch::Contains(Normalised(kClinic)));
  CHECK_THAT(hospital.flat, !Catch::Contains("令和8年9月"));

  // The clinic's deadline has passed: its 再照会, once; the hospital has none.
  std::vector<PdfLetter> reminded = LettersOfKind(engine, id, "consultation_reminder", 1, out);
  CHECK_THAT(reminded[0].flat, Catch::Contains("開示に係る意見について（再照会）"));
  CHECK_THAT(reminded[0].flat, Catch::Contains(Normalised(kClinic)));
  CHECK_THAT(reminded[0].flat, Catch::Contains("回答期限"));
  CHECK_THAT(reminded[0].flat, !Catch::Contains(Normalised(kHospital)));
  // Later events put the consultation's timers back; the letter is not made again.
  Advance(engine, "reviewer1", id, "note", {{"text", "医療機関に電話で督促"}});
  Advance(engine, "reviewer1", id, "note", {{"text", "再度督促"}});
  LettersOfKind(engine, id, "consultation_reminder", 1, out);

  // 一部支障あり: the part is required, and it is an objection to that part.
  Result<nlohmann::json> no_part = TryAdvance(engine, "reviewer1", id, "consultation_done",
                                              {{"institution", kClinic}, {"answer", "objection_partial"},
                                               {"reason", "治療方針に影響するため"}});
  CHECK_FALSE(no_part.ok());
  Advance(engine, "reviewer1", id, "consultation_done",
          {{"institution", kClinic}, {"answer", "objection_partial"}, {"part", "傷病名欄"},
           {"reason", "病名の告知が治療方針に影響するため"}, {"doctor", "佐藤 一郎"}});
  Advance(engine, "reviewer1", id, "consultation_done", {{"institution", kHospital}, {"answer", "no_objection"}});
  Result<nlohmann::json> full = TryAdvance(engine, "reviewer1", id, "decide", {{"outcome", "full"}});
  REQUIRE_FALSE(full.ok());
  CHECK(full.status().code() == Status::Code::kConflict);
  Result<nlohmann::json> no_harm = TryAdvance(engine, "reviewer1", id, "decide",
                                              {{"outcome", "partial"}, {"grounds", {"operations"}},
                                               {"reason", "レセプトの一部を開示しないこととしました。"}});
  CHECK_FALSE(no_harm.ok());
  CHECK(Advance(engine, "reviewer1", id, "decide",
                {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", "レセプトの一部を開示しないこととしました。"}})
            ["state"] == "pending_approval");
  Advance(engine, "manager1", id, "approve", nlohmann::json::object());
  PdfLetter decision = RespondByPost(engine, id, out);
  REQUIRE(decision.kind == "partial_disclosure_decision");
  CHECK_THAT(decision.flat, !Catch::Contains(Normalised(kClinic)));  // the neutral sentence stays

  // After the decision letter: each institution learns what became of its receipts.
  std::vector<PdfLetter> notices = LettersOfKind(engine, id, "consultation_outcome_notice", 2, out);
  const PdfLetter& clinic_notice = Naming(notices, kClinic);
  CHECK_THAT(clinic_notice.flat, Catch::Contains("診療報酬明細書等の開示について（通知）"));
  CHECK_THAT(clinic_notice.flat, Catch::Contains("一部を開示しました"));
  CHECK_THAT(clinic_notice.flat, Catch::Contains("傷病名欄"));
  CHECK_THAT(clinic_notice.flat, Catch::Contains("令和8年9月診療分"));
  CHECK_THAT(clinic_notice.flat, !Catch::Contains(Normalised(kHospital)));
  const PdfLetter& hospital_notice = Naming(notices, kHospital);
  CHECK_THAT(hospital_notice.flat, Catch::Contains("全部を開示しました"));
  CHECK_THAT(hospital_notice.flat, !Catch::Contains("傷病名欄"));
  // The party's address, its doctor and the part objected to are sealed at rest, like its name.
  const std::string db = engine.data_dir() + "/madoguchi.db";
  for (const std::string& file : {db, db + "-wal"}) {
    const std::string bytes = FileBytes(file);
    INFO(file);
    for (const char* secret : {"高砂9-9-9", "佐藤 一郎", "傷病名欄", kClinic}) CHECK(bytes.find(secret) == std::string::npos);
  }
  CHECK(worker.Stop() == 0);
}

TEST_CASE("third-party consultations: an employer is consulted with its own record, clock and 照会書, and naming "
          "an institution in the letter is a manager's to approve",
          "[consultations][workers][letters]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  TempDir out;
  const Date today = JstDate(Now());
  nlohmann::json record = ReceiptRecord("inst-letter-1");
  record["receipts"] = {{{"institution", kClinic}, {"months", {"2026-09"}}}};
  std::string id = TakeInForReview(engine, record);

  // A party of another kind needs its name.
  Result<nlohmann::json> nameless = TryAdvance(engine, "reviewer1", id, "consult", {{"party_kind", "employer"}});
  CHECK_FALSE(nameless.ok());
  // The bereaved's consent belongs to a bereaved family's request only.
  Result<nlohmann::json> consent = TryAdvance(engine, "reviewer1", id, "consult",
                                              {{"bereaved_consent", {{"on", today.ToIso()}}}});
  CHECK_FALSE(consent.ok());
  const nlohmann::json employer = {{"party_kind", "employer"}, {"institution", kEmployer},
                                   {"address", "東京都港区芝浦1-2-3"},
                                   {"question", "傷病手当金支給申請書の事業主記入欄を開示することについてのご意見"},
                                   {"due", today.AddDays(7).ToIso()}};
  // The desk previews the 照会書 before the consultation is recorded.
  nlohmann::json preview = Call(engine, "reviewer1", "preview", {{"id", id}, {"event", "consult"}, {"data", employer}});
  REQUIRE(preview["letters"].size() == 1);
  CHECK(preview["letters"][0]["kind"] == "third_party_consultation_request");
  CHECK_THAT(preview["letters"][0]["text"].get<std::string>(), Catch::Contains(kEmployer));
  Advance(engine, "reviewer1", id, "consult", employer);
  Advance(engine, "reviewer1", id, "consult", nlohmann::json::object());  // the institution named at intake
  nlohmann::json shown = Call(engine, "manager1", "show", {{"id", id}});
  const nlohmann::json& cs = shown["particulars"]["consultations"];
  REQUIRE(cs.size() == 2);
  CHECK(cs[0]["party_kind"] == "employer");
  CHECK(cs[0]["due"] == today.AddDays(7).ToIso());
  CHECK(cs[1].value("party_kind", "institution") == "institution");
  CHECK(cs[1]["due"] == today.AddDays(14).ToIso());
  // Its own clock: no_answer waits for the employer's deadline.
  Result<nlohmann::json> early = TryAdvance(engine, "reviewer1", id, "consultation_done",
                                            {{"institution", kEmployer}, {"answer", "no_answer"}});
  REQUIRE_FALSE(early.ok());
  CHECK_THAT(early.status().message(), Catch::Contains(today.AddDays(7).ToIso()));

  std::vector<PdfLetter> third = LettersOfKind(engine, id, "third_party_consultation_request", 1, out);
  CHECK_THAT(third[0].flat, Catch::Contains("保有個人データの開示に係る意見について（照会）"));
  CHECK_THAT(third[0].flat, Catch::Contains(Normalised(std::string(kEmployer) + "　御中")));
  CHECK_THAT(third[0].flat, Catch::Contains("第33条第2項第1号"));
  CHECK_THAT(third[0].flat, Catch::Contains("貴社"));
  CHECK_THAT(third[0].flat, Catch::Contains("傷病手当金支給申請書の事業主記入欄"));
  CHECK_THAT(third[0].flat, !Catch::Contains("第33条第2項第2号"));
  CHECK_THAT(third[0].flat, !Catch::Contains(Normalised(kClinic)));
  CHECK_THAT(third[0].flat, !Catch::Contains("診療分"));
  std::vector<PdfLetter> asked = LettersOfKind(engine, id, "consultation_request", 1, out);
  CHECK_THAT(asked[0].flat, !Catch::Contains(Normalised(kEmployer)));

  // Each answer on its own: the employer's leaves the institution's open.
  CHECK(Advance(engine, "reviewer1", id, "consultation_done", {{"institution", kEmployer}, {"answer", "no_objection"}})
            ["state"] == "consulting");
  Advance(engine, "reviewer1", id, "consultation_done",
          {{"institution", kClinic}, {"answer", "objection"}, {"reason", "病名の告知が治療方針に影響するため"}});
  // Naming the institution is the reviewer's choice and a manager's approval.
  Result<nlohmann::json> name_full = TryAdvance(engine, "reviewer1", id, "decide",
                                                {{"outcome", "full"}, {"name_institution", true}});
  CHECK_FALSE(name_full.ok());
  nlohmann::json decided = Advance(engine, "reviewer1", id, "decide",
                                   {{"outcome", "partial"}, {"grounds", {"harm"}}, {"name_institution", true},
                                    {"reason", "レセプトの傷病名欄を開示しないこととしました。"}});
  CHECK(decided["state"] == "pending_approval");
  Advance(engine, "manager1", id, "approve", nlohmann::json::object());
  PdfLetter letter = RespondByPost(engine, id, out);
  REQUIRE(letter.kind == "partial_disclosure_decision");
  CHECK_THAT(letter.flat, Catch::Contains(Normalised(std::string("受診された医療機関（") + kClinic + "）の主治医")));
  CHECK_THAT(letter.flat, !Catch::Contains("治療方針"));  // never its opinion
  CHECK_THAT(letter.flat, !Catch::Contains(Normalised(kEmployer)));
  CHECK(worker.Stop() == 0);
}

TEST_CASE("bereaved family: 遺族 are parents, spouse, children or an equivalent position with its reason, an "
          "institution is consulted only with their consent, and their answer letter says how the data goes",
          "[consultations][workers][bereaved]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  TempDir out;
  const Date today = JstDate(Now());
  auto bereaved = [&](const std::string& key, const char* relation) {
    nlohmann::json record = ReceiptRecord(key);
    record["receipts"] = {{{"institution", kClinic}, {"months", {"2026-09"}}}};
    record["relation"] = "bereaved_family";
    record["agent"] = {{"kind", "bereaved_family"}, {"relation", "長男"}, {"name", "山田 一郎"},
                       {"kana", "ヤマダ イチロウ"}, {"postal_code", "104-0031"}, {"address", "東京都中央区京橋2-2-2"},
                       {"phone", "03-1234-0000"}};
    if (relation != nullptr) record["agent"]["bereaved_relation"] = relation;
    return record;
  };
  // Outside the list, or equivalent without its reason: refused at intake, in Japanese.
  Result<nlohmann::json> sibling = engine.Client("clerk1")->Call("intake", {{"record", bereaved("bereaved-key-0", "sibling")}});
  REQUIRE_FALSE(sibling.ok());
  CHECK(sibling.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(sibling.status().message(), Catch::Contains("父母、配偶者、子又はこれらに準ずる者"));
  Result<nlohmann::json> bare = engine.Client("clerk1")->Call("intake", {{"record", bereaved("bereaved-key-1", "equivalent")}});
  REQUIRE_FALSE(bare.ok());
  CHECK_THAT(bare.status().message(), Catch::Contains("bereaved_relation_reason"));

  // Taken in without the relation: verify_identity asks for it.
  std::string id = Call(engine, "clerk1", "intake", {{"record", bereaved("bereaved-key-2", nullptr)}})["id"];
  const nlohmann::json documents = {{{"kind", "passport"}, {"issued", "2020-01-01"}, {"of", "agent"}},
                                    {{"kind", "family_register"}, {"issued", today.AddDays(-10).ToIso()}, {"of", "agent"}}};
  Result<nlohmann::json> unverified =
      TryAdvance(engine, "clerk1", id, "verify_identity", {{"method", "counter"}, {"documents", documents}});
  REQUIRE_FALSE(unverified.ok());
  CHECK_THAT(unverified.status().message(), Catch::Contains("父母 (parent)、配偶者 (spouse)、子 (child)"));
  Result<nlohmann::json> cousin = TryAdvance(engine, "clerk1", id, "verify_identity",
                                             {{"method", "counter"}, {"documents", documents}, {"bereaved_relation", "cousin"}});
  REQUIRE_FALSE(cousin.ok());
  Advance(engine, "clerk1", id, "verify_identity",
          {{"method", "counter"}, {"documents", documents}, {"bereaved_relation", "child"}});
  Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});

  // No consent recorded: the institution is not consulted.
  Result<nlohmann::json> no_consent = TryAdvance(engine, "reviewer1", id, "consult", nlohmann::json::object());
  REQUIRE_FALSE(no_consent.ok());
  CHECK(no_consent.status().code() == Status::Code::kConflict);
  CHECK_THAT(no_consent.status().message(), Catch::Contains("ご遺族の同意"));
  Advance(engine, "reviewer1", id, "consult",
          {{"bereaved_consent", {{"on", today.ToIso()}, {"note", "窓口で口頭により同意を確認"}}}});
  nlohmann::json shown = Call(engine, "manager1", "show", {{"id", id}});
  CHECK(shown["particulars"]["bereaved_consent_on"] == today.ToIso());
  CHECK(shown["particulars"]["bereaved_relation"] == "child");
  std::vector<PdfLetter> asked = LettersOfKind(engine, id, "consultation_request", 1, out);
  CHECK_THAT(asked[0].flat, Catch::Contains("ご遺族の同意を得ています"));
  CHECK_THAT(asked[0].flat, !Catch::Contains(Normalised("山田 一郎")));  // the bereaved are not named

  Advance(engine, "reviewer1", id, "consultation_done", {{"institution", kClinic}, {"answer", "no_objection"}});
  // Decided item by item (issue 17 part 2): the institution's notice says it month by month.
  Advance(engine, "reviewer1", id, "decide",
          {{"outcome", "full"}, {"items", {{{"institution", kClinic}, {"month", "2026-09"}, {"result", "disclosed"}}}}});
  Advance(engine, "manager1", id, "approve", nlohmann::json::object());
  PdfLetter answer = RespondByPost(engine, id, out);
  REQUIRE(answer.kind == "bereaved_disclosure_decision");
  CHECK_THAT(answer.flat, Catch::Contains("６開示の方法"));
  CHECK_THAT(answer.flat, Catch::Contains("書面の郵送による交付"));
  CHECK_THAT(answer.flat, Catch::Contains("本書に同封してお送りします"));
  std::vector<PdfLetter> notices = LettersOfKind(engine, id, "consultation_outcome_notice", 1, out);
  CHECK_THAT(notices[0].flat, Catch::Contains("令和8年9月診療分：開示"));
  CHECK_THAT(notices[0].flat, Catch::Contains("ご遺族に開示の決定をし"));
  CHECK_THAT(notices[0].flat, !Catch::Contains(Normalised("山田 一郎")));
  CHECK(worker.Stop() == 0);
}
