// Issue 17, part 1, on a real engine and its letter worker, letters read back
// with pdftotext: a receipt disclosure cannot be decided before its
// institutions are consulted; the partial letter after an objection names no
// clinic and repeats no objection, prints the neutral 33(2)(i) words and
// suggests asking the treating institution; an institution that never
// answers is recorded as no_answer after its reply deadline, and the society
// decides.
#include <catch2/catch.hpp>

#include "core/decision_table.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "pdf_letter.h"

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
using madoguchi::testing::SampleRecord;
using madoguchi::testing::StartWithLetterWorker;
using madoguchi::testing::TakeInForReview;
using madoguchi::testing::TempDir;
using madoguchi::testing::TryAdvance;

namespace {

const char* kClinic = "浦和さくら内科";
const char* kObjection = "病名の告知が治療方針に影響するため、傷病名の開示は控えていただきたい";

nlohmann::json ReceiptRecord(const std::string& key) {
  nlohmann::json record = SampleRecord("disclosure", key);
  record["categories"] = {"receipts"};
  record["receipts"] = {{{"institution", kClinic}, {"months", {"2026-09"}}}};
  return record;
}

}  // namespace

TEST_CASE("consultation letters: a receipt disclosure is not decided before its institution has answered",
          "[consultations][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  std::string id = TakeInForReview(engine, ReceiptRecord("cons-letter-0"));
  Result<nlohmann::json> early = TryAdvance(engine, "reviewer1", id, "decide", {{"outcome", "full"}});
  REQUIRE_FALSE(early.ok());
  CHECK(early.status().code() == Status::Code::kConflict);
  CHECK_THAT(early.status().message(), Catch::Contains(std::string(kClinic) + " must be consulted"));
  Advance(engine, "reviewer1", id, "consult", nlohmann::json::object());
  Advance(engine, "reviewer1", id, "consultation_done", {{"institution", kClinic}, {"answer", "no_objection"}});
  // Answered: decided, and in full it is a manager's to approve (receipts).
  CHECK(Advance(engine, "reviewer1", id, "decide", {{"outcome", "full"}})["state"] == "pending_approval");
  CHECK(worker.Stop() == 0);
}

TEST_CASE("consultation letters: the partial letter after an objection names no clinic, repeats no objection, "
          "and prints the neutral 33(2)(i) words",
          "[consultations][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  std::string id = TakeInForReview(engine, ReceiptRecord("cons-letter-1"));
  Advance(engine, "reviewer1", id, "consult", {{"question", "開示による療養への支障の有無"}});
  Advance(engine, "reviewer1", id, "consultation_done",
          {{"institution", kClinic}, {"answer", "objection"}, {"reason", kObjection}});

  // A reason that would tell the person who objected, and what they said, is refused
  // (were it taken, the letter below would print it).
  Result<nlohmann::json> named = TryAdvance(
      engine, "reviewer1", id, "decide",
      {{"outcome", "partial"}, {"grounds", {"harm"}},
       {"reason", std::string(kClinic) + "から（" + kObjection + "）との意見がありました。"}});
  CHECK_FALSE(named.ok());
  CHECK(named.status().code() == Status::Code::kInvalidArgument);
  const std::string printed = "ご請求のレセプトのうち傷病名欄の記載を開示しないこととしました。";
  if (!named.ok()) {
    Advance(engine, "reviewer1", id, "decide",
            {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", printed},
             {"internal_reason", std::string(kClinic) + "：" + kObjection}});
  }
  Advance(engine, "manager1", id, "approve", nlohmann::json::object());
  TempDir out;
  PdfLetter letter = RespondByPost(engine, id, out);
  REQUIRE(letter.kind == "partial_disclosure_decision");
  CHECK_THAT(letter.flat, !Catch::Contains(Normalised(kClinic)));
  CHECK_THAT(letter.flat, !Catch::Contains("病名の告知"));
  CHECK_THAT(letter.flat, !Catch::Contains("治療方針"));
  CHECK_THAT(letter.flat, Catch::Contains(Normalised(printed)));
  // The society's own judgement under 33(2)(i), and where to ask.
  CHECK_THAT(letter.flat, Catch::Contains(Normalised(std::string(ConsultationWithheldText()))));
  CHECK_THAT(letter.flat, Catch::Contains("法第33条第2項第1号"));
  CHECK_THAT(letter.flat, Catch::Contains("受診された医療機関"));
  CHECK_THAT(letter.flat, Catch::Contains("ご相談ください"));
  // The objection stays in the record.
  nlohmann::json shown = Call(engine, "manager1", "show", {{"id", id}});
  CHECK(shown.dump().find(kObjection) != std::string::npos);
  CHECK(worker.Stop() == 0);
}

TEST_CASE("consultation letters: an institution that never answers is recorded as no_answer after its deadline, "
          "and the society decides",
          "[consultations][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  std::string id = TakeInForReview(engine, ReceiptRecord("cons-letter-2"));
  const Date today = JstDate(Now());

  Advance(engine, "reviewer1", id, "consult", {{"institution", kClinic}});
  Result<nlohmann::json> early =
      TryAdvance(engine, "reviewer1", id, "consultation_done", {{"institution", kClinic}, {"answer", "no_answer"}});
  REQUIRE_FALSE(early.ok());
  CHECK(early.status().code() == Status::Code::kConflict);
  CHECK_THAT(early.status().message(), Catch::Contains("reply deadline (" + today.AddDays(14).ToIso() + ")"));
  REQUIRE_FALSE(TryAdvance(engine, "reviewer1", id, "decide", {{"outcome", "full"}}).ok());  // still consulting

  // Asked again earlier (its deadline gone): recorded as having given no answer.
  nlohmann::json shown = Call(engine, "manager1", "show", {{"id", id}});
  REQUIRE(shown["state"] == "consulting");
  Result<nlohmann::json> reopened = TryAdvance(engine, "reviewer1", id, "consult", {{"institution", kClinic}});
  REQUIRE_FALSE(reopened.ok());  // one open consultation per institution
  std::string id2 = TakeInForReview(engine, ReceiptRecord("cons-letter-3"));
  Advance(engine, "reviewer1", id2, "consult", {{"institution", kClinic}, {"sent", today.AddDays(-20).ToIso()}});
  Advance(engine, "reviewer1", id2, "consultation_done",
          {{"institution", kClinic}, {"answer", "no_answer"}, {"reason", "期限後に電話で督促したが回答なし"}});
  nlohmann::json answered = Call(engine, "manager1", "show", {{"id", id2}});
  CHECK(answered["state"] == "in_review");
  CHECK(answered["particulars"]["consultations"][0]["answer"] == "no_answer");
  // The CLI shows the answer in the table's words, with the deadline.
  CommandOutput cli = RunClient(engine, "reviewer1", "show " + id2);
  REQUIRE(cli.exit_code == 0);
  CHECK_THAT(cli.out, Catch::Contains("回答期限 " + today.AddDays(-6).ToIso()));
  CHECK_THAT(cli.out, Catch::Contains("回答なし（回答期限経過・組合が判断） (no_answer)"));
  // The society decides in full on its own judgement; receipts in full go to a manager.
  nlohmann::json decided = Advance(engine, "reviewer1", id2, "decide", {{"outcome", "full"}});
  CHECK(decided["state"] == "pending_approval");
  Advance(engine, "manager1", id2, "approve", nlohmann::json::object());
  TempDir out;
  PdfLetter letter = RespondByPost(engine, id2, out);
  CHECK(letter.kind == "disclosure_decision");
  CHECK_THAT(letter.flat, !Catch::Contains(Normalised(kClinic)));
  CHECK(worker.Stop() == 0);
}
