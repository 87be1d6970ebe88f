// Nothing internal reaches the requester (issue 16, part 3), on a real engine
// and its letter worker, letters read back with pdftotext: request_documents'
// internal note stays in history while its message and the day to answer by
// are printed (and previewed); the identity rejection refers to what was
// asked and by when; the acknowledgement summarises what was asked instead of
// echoing the requester's own words.
#include <catch2/catch.hpp>

#include "core/japanese_era.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "pdf_letter.h"

using namespace madoguchi;
using madoguchi::testing::Advance;
using madoguchi::testing::Call;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::D;
using madoguchi::testing::DefaultWorkflow;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::FetchLetter;
using madoguchi::testing::Normalised;
using madoguchi::testing::PdfLetter;
using madoguchi::testing::StartWithLetterWorker;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TempDir;
using madoguchi::testing::TryAdvance;
using madoguchi::testing::WaitForOutbox;

namespace {

// A day some weeks ahead, for respond_by ("YYYY-MM-DD" and as the letter writes it).
Date Ahead(int days) { return JstDate(Now()).AddDays(days); }

const char* kMemo = "電話で確認済み。書面での回答を依頼した。";

}  // namespace

TEST_CASE("requester letters: the internal note stays in history, and the message and the day to answer by are printed",
          "[requester_letters][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);

  nlohmann::json record = SampleRecord("disclosure", "documents-note-1");
  record["free_text"] = "私の健康診断の結果を開示してください。夫には知られたくありません。";
  std::string id = Call(engine, "clerk1", "intake", {{"record", record}})["id"];
  const Date by = Ahead(21);
  nlohmann::json asked = {{"missing", {"住民票の写し（発行から30日以内のもの）"}},
                          {"message", "お手数ですが、同封の返信用封筒でお送りください。"},
                          {"internal_note", kMemo},
                          {"respond_by", by.ToIso()}};

  // Previewed before it is sent: the message and the day, not the memo.
  nlohmann::json preview = Call(engine, "clerk1", "preview", {{"id", id}, {"event", "request_documents"}, {"data", asked}});
  REQUIRE(preview["letters"].size() == 1);
  CHECK(preview["letters"][0]["kind"] == "documents_request");
  const std::string previewed = Normalised(preview["letters"][0]["text"].get<std::string>());
  CHECK_THAT(previewed, Catch::Contains("同封の返信用封筒でお送りください"));
  CHECK_THAT(previewed, Catch::Contains(JapaneseEraDate(by)));
  CHECK_THAT(previewed, !Catch::Contains("電話で確認済み"));
  CHECK(Call(engine, "clerk1", "show", {{"id", id}})["version"] == 1);  // nothing was stored

  Advance(engine, "clerk1", id, "request_documents", asked);
  Advance(engine, "clerk1", id, "documents_received", {{"received", {"住民票の写し"}}});
  Advance(engine, "clerk1", id, "reject_identity", {{"reason", "住民票の写しの氏名と請求書の氏名が一致しなかったためです。"}});
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60)));

  TempDir out;
  PdfLetter ack = FetchLetter(engine, "clerk1", id, 1, out);
  REQUIRE(ack.kind == "acknowledgement");
  CHECK_THAT(ack.flat, !Catch::Contains("夫には知られたくありません"));  // the requester's own words are not echoed
  CHECK_THAT(ack.flat, !Catch::Contains("健康診断の結果を開示してください"));
  CHECK_THAT(ack.flat, Catch::Contains("保有個人データの開示"));

  PdfLetter documents = FetchLetter(engine, "clerk1", id, 2, out);
  REQUIRE(documents.kind == "documents_request");
  CHECK_THAT(documents.flat, Catch::Contains("同封の返信用封筒でお送りください"));
  CHECK_THAT(documents.flat, Catch::Contains(Normalised(JapaneseEraDate(by))));
  CHECK_THAT(documents.flat, !Catch::Contains("電話で確認済み"));

  PdfLetter rejection = FetchLetter(engine, "clerk1", id, 3, out);
  REQUIRE(rejection.kind == "identity_rejection");
  // It refers to what the person was asked for and by when, not to a deadline never given.
  CHECK_THAT(rejection.flat, Catch::Contains(Normalised(JapaneseEraDate(by))));
  CHECK_THAT(rejection.flat, Catch::Contains("住民票の写し（発行から30日以内のもの）"));
  CHECK_THAT(rejection.flat, Catch::Contains("本人確認書類等の提出のお願い"));

  nlohmann::json shown = Call(engine, "manager1", "show", {{"id", id}});
  CHECK(shown["history"][1]["data"]["internal_note"] == kMemo);
  nlohmann::json access = Call(engine, "manager1", "access_log", {{"id", id}});
  bool previewed_logged = false;
  for (const auto& a : access["items"]) previewed_logged |= a["what"] == "preview";
  CHECK(previewed_logged);
  CHECK(worker.Stop() == 0);
}

TEST_CASE("requester letters: a correction's acknowledgement names the items, not the requester's text",
          "[requester_letters][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  nlohmann::json record = SampleRecord("correction", "ack-summary-1");
  record["free_text"] = "氏名の字が違います。住民票の写しを添付します。";
  std::string id = Call(engine, "clerk1", "intake", {{"record", record}})["id"];
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60)));
  TempDir out;
  PdfLetter ack = FetchLetter(engine, "clerk1", id, 1, out);
  CHECK_THAT(ack.flat, Catch::Contains("訂正等を求める項目：氏名"));
  CHECK_THAT(ack.flat, !Catch::Contains("住民票の写しを添付します"));
  CHECK(worker.Stop() == 0);
}

TEST_CASE("requester letters: while documents are awaited, identity is rejected only once the day asked has passed",
          "[requester_letters]") {
  const Workflow& w = DefaultWorkflow();
  const Actor clerk{"clerk1", Role::kClerk};
  const Timestamp asked_at = *ParseTimestamp("2026-11-02T10:00:00+09:00");
  Result<RequestRecord> rec = w.record_parser().Parse(SampleRecord("disclosure", "reject-wait-1"), asked_at);
  REQUIRE(rec.ok());
  Result<Request> r = w.Intake(*rec, clerk, "R2026-000001", asked_at);
  REQUIRE(r.ok());
  // Default: 14 days, to the next business day (2026-11-16 is a Monday).
  r = w.Apply(*r, clerk, {Event::kRequestDocuments, {{"missing", {"住民票の写し"}}}, r->version}, asked_at);
  REQUIRE(r.ok());
  REQUIRE(r->respond_by == D("2026-11-16"));
  auto reject = [&](const char* day) {
    return w.Apply(*r, clerk, {Event::kRejectIdentity, {{"reason", "期限までにご提出がなかったためです。"}}, r->version},
                   *ParseTimestamp(std::string(day) + "T10:00:00+09:00"));
  };
  Result<Request> early = reject("2026-11-16");
  REQUIRE_FALSE(early.ok());
  CHECK_THAT(early.status().message(), Catch::Contains("by 2026-11-16"));
  Result<Request> late = reject("2026-11-17");
  REQUIRE(late.ok());
  CHECK(late->state == State::kClosed);
  CHECK(late->outcome == Outcome::kIdentityFailed);
  CHECK_FALSE(late->deadline.clock_stopped());
  // documents_received clears the day; a respond_by not after today is refused.
  Result<Request> received = w.Apply(*r, clerk, {Event::kDocumentsReceived, {{"received", {"住民票の写し"}}}, r->version},
                                     asked_at);
  REQUIRE(received.ok());
  CHECK_FALSE(received->respond_by.has_value());
  Result<Request> past = w.Apply(*received, clerk,
                                 {Event::kRequestDocuments, {{"missing", {"委任状"}}, {"respond_by", "2026-11-02"}},
                                  received->version},
                                 asked_at);
  REQUIRE_FALSE(past.ok());
  CHECK_THAT(past.status().message(), Catch::Contains("respond_by: 2026-11-02 is not after today"));
}
