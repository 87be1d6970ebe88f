// Reasons (issue 16, part 2) on a real engine, its letter worker and the
// madoguchi command: the reason for the file (決裁理由) stays in history while
// the letter prints the reason for the requester; the 例文 come from the
// engine (and from the data folder when it has its own); the reason check
// warns in the engine's reply and in the CLI, never refusing.
#include <catch2/catch.hpp>

#include <set>

#include "core/embedded_files.h"
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
using madoguchi::testing::StartWithLetterWorker;
using madoguchi::testing::RunClient;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TakeInForReview;
using madoguchi::testing::TempDir;

namespace {

std::string Receipts(EngineProcess& engine, const std::string& key) {
  nlohmann::json record = SampleRecord("disclosure", key);
  record["categories"] = {"receipts"};
  record["receipts"] = {{{"institution", "浦和さくら内科"}, {"months", {"2026-09"}}}};
  std::string id = TakeInForReview(engine, record);
  Advance(engine, "reviewer1", id, "consult", {{"question", "開示による療養への支障の有無"}});
  Advance(engine, "reviewer1", id, "consultation_done",
          {{"institution", "浦和さくら内科"}, {"answer", "objection"}, {"reason", "病名の告知が済んでいないため"}});
  return id;
}

}  // namespace

TEST_CASE("reasons: the reason for the file stays in history, and the letter prints the reason for the requester",
          "[reasons][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);

  std::string id = Receipts(engine, "reasons-file-1");
  const std::string printed =
      "診療報酬明細書等（レセプト）のうち一部の記載は、開示することによりご本人の今後の療養に支障が生じるおそれがあると"
      "当組合が判断したため、開示しないこととしました。";
  const std::string for_the_file = "浦和さくら内科から病名の告知が済んでいない旨の意見があった。傷病名欄を伏せる。";
  Advance(engine, "reviewer1", id, "decide",
          {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", printed}, {"internal_reason", for_the_file}});
  Advance(engine, "manager2", id, "approve", nlohmann::json::object());
  TempDir out;
  PdfLetter letter = RespondByPost(engine, id, out);
  CHECK(letter.kind == "partial_disclosure_decision");
  CHECK_THAT(letter.flat, Catch::Contains(Normalised(printed)));
  CHECK_THAT(letter.text, !Catch::Contains("告知が済んでいない"));
  CHECK_THAT(letter.text, !Catch::Contains("傷病名欄を伏せる"));
  nlohmann::json shown = Call(engine, "manager1", "show", {{"id", id}});
  nlohmann::json decide;
  for (const auto& h : shown["history"]) {
    if (h["event"] == "decide") decide = h["data"];
  }
  CHECK(decide["internal_reason"] == for_the_file);
  CHECK(worker.Stop() == 0);
}

TEST_CASE("reasons: the phrases come from the engine, the data folder's own when it has them", "[reasons]") {
  nlohmann::json phrases = EmbeddedJson("config/reason-phrases.json");
  phrases["phrases"] = {{{"type", "correction"}, {"outcome", "refused"}, {"ground", "not_untrue"},
                         {"label", "当組合の例文"}, {"text", "当組合の記録は届出のとおりであるためです。"}}};
  EngineProcess engine;
  engine.EditConfig([&](nlohmann::json& c) { c["reason_phrases"] = phrases; });
  engine.Start();
  nlohmann::json meta = Call(engine, "reviewer1", "meta", nlohmann::json::object());
  REQUIRE(meta["reason_phrases"].size() == 1);
  CHECK(meta["reason_phrases"][0]["label"] == "当組合の例文");
  CHECK(meta["printed_fields"]["decide"] == nlohmann::json{"reason", "measure"});
}

TEST_CASE("reasons: the reason check warns in the engine's reply and in the CLI, and refuses only a consulted institution's name",
          "[reasons]") {
  EngineProcess engine;
  engine.Start();
  std::string id = Receipts(engine, "reasons-check-1");
  const std::string typed =
      "浦和さくら内科から病名の告知について意見があったため、傷病名欄を除いて開示する（個人情報保護法第33条第2項第1号）。";
  nlohmann::json checked = Call(engine, "reviewer1", "check_reason", {{"id", id}, {"text", typed}});
  std::set<std::string> codes;
  for (const auto& w : checked["warnings"]) codes.insert(w["code"].get<std::string>());
  CHECK(codes == std::set<std::string>{"plain_ending", "act_name", "sensitive_word", "name"});

  // The CLI says the same before it sends the event; the engine refuses a
  // reason that names the consulted institution (issue 17: the letter never does).
  auto send = [&](const std::string& reason) {
    return RunClient(engine, "reviewer1",
                     "advance " + id + " decide --data '" +
                         nlohmann::json{{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", reason}}.dump() + "'");
  };
  CommandOutput cli = send(typed);
  CHECK(cli.exit_code != 0);
  CHECK_THAT(cli.out, Catch::Contains("注意（reason）"));
  CHECK_THAT(cli.out, Catch::Contains("です・ます"));
  CHECK_THAT(cli.out, Catch::Contains("「浦和さくら内科」"));
  CHECK_THAT(cli.out, Catch::Contains("it names 浦和さくら内科"));
  CHECK(Call(engine, "clerk1", "show", {{"id", id}})["state"] == "in_review");

  // The other warnings refuse nothing: the event goes through as written.
  const std::string unnamed = "病名の告知についての配慮から、傷病名欄を除いて開示する（個人情報保護法第33条第2項第1号）。";
  CommandOutput sent = send(unnamed);
  CHECK(sent.exit_code == 0);
  CHECK_THAT(sent.out, Catch::Contains("注意（reason）"));
  CHECK_THAT(sent.out, Catch::Contains("です・ます"));
  CHECK(Call(engine, "clerk1", "show", {{"id", id}})["state"] == "pending_approval");
}
