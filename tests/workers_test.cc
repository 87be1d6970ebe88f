// The workers end to end: real engine, real worker processes, real sockets,
// letters checked with real PDF tools and mail parsed back.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "engine_calls.h"
#include "engine_process.h"
#include "util/base64.h"

using namespace madoguchi;
using madoguchi::testing::Advance;
using madoguchi::testing::Call;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::CommandOutput;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::LetterWorkerBinary;
using madoguchi::testing::Normalised;
using madoguchi::testing::QuickWorkers;
using madoguchi::testing::ReminderWorkerBinary;
using madoguchi::testing::WaitForOutbox;
using madoguchi::testing::RunCommand;
using madoguchi::testing::SampleRecord;

TEST_CASE("workers: a request's life produces the right letters in order, checked with PDF tools", "[workers]") {
  EngineProcess engine;
  QuickWorkers(engine);
  engine.Start();
  ChildProcess worker;
  engine.StartWorker(worker, LetterWorkerBinary(), {}, "letter-worker.log");

  nlohmann::json record = SampleRecord("disclosure", "life-00001");
  record["categories"] = {"receipts", "health_checkups"};
  std::string id = Call(engine, "clerk1", "intake", {{"record", record}})["id"];
  Advance(engine, "clerk1", id, "request_documents", {{"missing", {"住民票の写し（発行日から30日以内のもの）"}}});
  Advance(engine, "clerk1", id, "documents_received", {{"received", {"住民票の写し"}}});
  Advance(engine, "clerk1", id, "verify_identity", {{"method", "post"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-04-01"}}}}});
  Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});
  Advance(engine, "manager1", id, "extend", {{"days", 14}, {"reason_code", "institution_consultation"}, {"reason", "医療機関への照会に時間を要するため"}});
  Advance(engine, "reviewer1", id, "decide",
          {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", "主治医から療養に支障があるとの意見があったため一部を開示しません"}});
  Advance(engine, "manager2", id, "approve", nlohmann::json::object());
  Advance(engine, "clerk1", id, "respond", {{"method", "post"}});
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60)));

  nlohmann::json show = Call(engine, "clerk1", "show", {{"id", id}});
  CHECK(show["state"] == "delivering");  // the data is handed over next (issue 17)
  CHECK(show["history"].back()["event"] == "letter_issued");
  CHECK(show["history"].back()["actor"] == "letters1");
  nlohmann::json letters = Call(engine, "clerk1", "letters", {{"id", id}})["items"];
  std::vector<std::string> kinds;
  for (const auto& l : letters) kinds.push_back(l["kind"]);
  CHECK(kinds == std::vector<std::string>{"acknowledgement", "documents_request", "extension_notice",
                                          "partial_disclosure_decision"});

  testing::TempDir out;
  for (size_t n = 1; n <= letters.size(); ++n) {
    nlohmann::json letter = Call(engine, "clerk1", "letter", {{"id", id}, {"n", n}});
    std::string pdf_path = out.file("letter-" + std::to_string(n) + ".pdf");
    std::ofstream(pdf_path, std::ios::binary) << *Base64Decode(letter["pdf_base64"].get<std::string>());
    INFO("letter " << n << " " << letter["kind"]);
    auto fonts = RunCommand("pdffonts " + pdf_path);
    CHECK(fonts.exit_code == 0);
    CHECK_THAT(fonts.out, Catch::Contains("CJK"));
    CHECK_THAT(fonts.out, !Catch::Contains(" no  "));  // every font embedded
    CHECK(RunCommand("qpdf --check " + pdf_path).exit_code == 0);
    auto text = RunCommand("pdftotext -layout " + pdf_path + " -");
    REQUIRE(text.exit_code == 0);
    std::string flat = Normalised(text.out);
    CHECK_THAT(flat, Catch::Contains(Normalised("山田 花子")));
    CHECK_THAT(flat, Catch::Contains(id.substr(1)));  // the 受付番号, without the R
    CHECK_THAT(flat, Catch::Contains("令和"));
    CHECK_THAT(Normalised(letter["text"]), Catch::Contains(Normalised("山田 花子")));
    if (letter["kind"] == "partial_disclosure_decision") {
      CHECK_THAT(flat, Catch::Contains("一部開示決定通知書"));
      CHECK_THAT(flat, Catch::Contains("主治医から療養に支障があるとの意見があったため一部を開示しません"));
      CHECK_THAT(flat, Catch::Contains(Normalised("生命、身体、財産その他の権利利益を害するおそれ")));
    }
    if (letter["kind"] == "extension_notice") {
      CHECK_THAT(flat, Catch::Contains("医療機関への照会に時間を要するため"));
    }
  }
  CHECK(worker.Stop() == 0);
}

TEST_CASE("workers: kill -9 of workers and of the engine mid-flow makes every letter exactly once", "[workers][crash]") {
  EngineProcess engine;
  QuickWorkers(engine);
  engine.Start();
  std::vector<std::string> ids;
  auto clerk = engine.Client("clerk1");
  for (int i = 0; i < 24; ++i) {
    auto r = clerk->Call("intake", {{"record", SampleRecord(i % 2 ? "purpose_notice" : "correction", "flow-" + std::to_string(i) + "-key")}});
    REQUIRE(r.ok());
    ids.push_back((*r)["id"]);
  }
  std::mt19937 rng(12345);
  ChildProcess a, b;
  engine.StartWorker(a, LetterWorkerBinary(), {}, "worker-a.log");
  engine.StartWorker(b, LetterWorkerBinary(), {}, "worker-b.log");
  for (int round = 0; round < 6; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 400));
    ChildProcess& victim = round % 2 ? a : b;
    victim.Kill();
    if (round == 3) {  // the engine too, with messages in flight
      engine.Kill();
      engine.Start();
    }
    engine.StartWorker(victim, LetterWorkerBinary(), {}, round % 2 ? "worker-a.log" : "worker-b.log");
  }
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(90)));
  a.Stop();
  b.Stop();

  std::set<std::string> letter_ids;
  for (const auto& id : ids) {
    nlohmann::json letters = Call(engine, "clerk1", "letters", {{"id", id}})["items"];
    INFO(id);
    REQUIRE(letters.size() == 1);
    CHECK(letters[0]["kind"] == "acknowledgement");
    letter_ids.insert(letters[0]["letter_id"]);
  }
  CHECK(letter_ids.size() == ids.size());
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(engine.data_dir() + "/letters")) {
    files += entry.path().extension() == ".pdf";
  }
  CHECK(files == ids.size());
}

TEST_CASE("workers: a worker that always fails ends in the dead list, a manager's retry brings it back", "[workers]") {
  EngineProcess engine;
  QuickWorkers(engine, 2);
  engine.Start();
  std::string id = Call(engine, "clerk1", "intake", {{"record", SampleRecord("suspension", "dead-00001")}})["id"];
  ChildProcess broken;
  engine.StartWorker(broken, LetterWorkerBinary(), {"--templates", engine.data_dir() + "/no-such-templates"},
                     "broken.log");
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(30)));
  broken.Stop();
  nlohmann::json dead = Call(engine, "manager1", "outbox", {{"dead", true}});
  REQUIRE(dead["items"].size() == 1);
  CHECK(dead["items"][0]["request_id"] == id);
  CHECK(dead["items"][0]["attempts"] == 2);
  CHECK_THAT(dead["items"][0]["last_error"].get<std::string>(), Catch::Contains("no-such-templates"));
  CHECK(Call(engine, "manager1", "stats", nlohmann::json::object())["dead_outbox"] == 1);

  auto clerk_retry = engine.Client("clerk1")->Call("outbox_retry", {{"outbox_id", dead["items"][0]["id"]}});
  CHECK(clerk_retry.status().code() == Status::Code::kPermissionDenied);
  Call(engine, "manager1", "outbox_retry", {{"outbox_id", dead["items"][0]["id"]}});
  ChildProcess good;
  engine.StartWorker(good, LetterWorkerBinary(), {}, "good.log");
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(30)));
  good.Stop();
  CHECK(Call(engine, "manager1", "outbox", {{"dead", true}})["items"].empty());
  CHECK(Call(engine, "clerk1", "letters", {{"id", id}})["items"].size() == 1);
}

TEST_CASE("workers: overdue reminders reach the reviewer and the managers as Japanese mail, once", "[workers]") {
  EngineProcess engine;
  QuickWorkers(engine);
  // Timers are looked at when the engine starts, then every 3 s here: the
  // request below is assigned before its first reminder goes out.
  engine.EditConfig([](nlohmann::json& c) { c["workers"]["timer_interval_seconds"] = 3; });
  engine.ShiftClockToBusinessDay();  // no reminder falls due at the weekend
  engine.Start();
  // Received 20 days ago: overdue today.
  nlohmann::json record = SampleRecord("correction", "remind-0001");
  record["received_at"] = JstDate(Now()).AddDays(-20).ToIso();
  std::string id = Call(engine, "clerk1", "intake", {{"record", record}})["id"];
  Advance(engine, "clerk1", id, "verify_identity", {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-04-01"}}}}});
  Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});

  ChildProcess reminders;
  engine.StartWorker(reminders, ReminderWorkerBinary(), {"--data", engine.data_dir()}, "reminder-worker.log");
  ChildProcess letters;
  engine.StartWorker(letters, LetterWorkerBinary(), {}, "letter-worker.log");
  // The timers run every 0.2 s; wait for the mail, then for the queue to drain.
  const std::string new_mail = engine.data_dir() + "/maildir/new";
  auto mail_count = [&] {
    if (!std::filesystem::exists(new_mail)) return 0;
    int n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(new_mail)) ++n;
    return n;
  };
  for (int i = 0; i < 300 && mail_count() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(30)));
  reminders.Stop();
  letters.Stop();

  std::vector<std::string> mails;
  for (const auto& entry : std::filesystem::directory_iterator(new_mail)) {
    std::ifstream in(entry.path(), std::ios::binary);
    mails.emplace_back(std::string((std::istreambuf_iterator<char>(in)), {}));
  }
  INFO(engine.data_dir() + "/logs/reminder-worker.log");
  REQUIRE(mails.size() == 1);  // one overdue reminder today, to several people in one mail
  const std::string& mail = mails[0];
  CHECK_THAT(mail, Catch::Contains("X-Madoguchi-Reminder: reminder-" + id + "-overdue-"));
  CHECK_THAT(mail, Catch::Contains("reviewer1@localhost"));
  CHECK_THAT(mail, Catch::Contains("manager1@localhost"));
  CHECK_THAT(mail, Catch::Contains("Subject: =?UTF-8?B?"));
  CHECK_THAT(mail, !Catch::Contains("山田"));  // no personal data in staff mail
}

// Issue 15, part 1: once a day the chain's head goes to the auditors by mail,
// a copy out of reach of whoever could cut the log on the server. The mailed
// line is what `madoguchi audit verify --expect-head` and `--anchors` take.
TEST_CASE("workers: the audit chain's head is mailed to the auditors each day, a line they verify against",
          "[workers][audit]") {
  EngineProcess engine;
  QuickWorkers(engine);
  engine.EditConfig([](nlohmann::json& c) { c["audit"]["head_mail"] = true; });
  engine.Start();
  Call(engine, "clerk1", "intake", {{"record", SampleRecord("purpose_notice", "head-mail-0001")}});
  ChildProcess reminders;
  engine.StartWorker(reminders, ReminderWorkerBinary(), {"--data", engine.data_dir()}, "reminder-worker.log");
  const std::string new_mail = engine.data_dir() + "/maildir/new";
  std::string mail;
  for (int i = 0; i < 300 && mail.empty(); ++i) {
    if (std::filesystem::exists(new_mail)) {
      for (const auto& entry : std::filesystem::directory_iterator(new_mail)) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), {});
        if (text.find("X-Madoguchi-Reminder: audit-head-") != std::string::npos) mail = text;
      }
    }
    if (mail.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  reminders.Stop();
  INFO(engine.data_dir() + "/logs/reminder-worker.log");
  REQUIRE_FALSE(mail.empty());
  CHECK_THAT(mail, Catch::Contains("To: auditor1@localhost"));
  CHECK_THAT(mail, !Catch::Contains("clerk1@localhost") && !Catch::Contains("manager1@localhost"));
  CHECK_THAT(mail, Catch::Contains("Subject: =?UTF-8?B?"));
  size_t body_at = mail.find("\r\n\r\n");
  REQUIRE(body_at != std::string::npos);
  std::string encoded;
  for (char c : mail.substr(body_at + 4)) {
    if (c != '\r' && c != '\n') encoded += c;
  }
  Result<std::string> body = Base64Decode(encoded);
  REQUIRE(body.ok());
  INFO(*body);
  CHECK_THAT(*body, Catch::Contains("監査記録"));
  std::smatch line;
  const std::regex head_line("([0-9]+) ([0-9a-f]{64}) ([0-9T:+-]+) ([0-9a-f]{16}) ([0-9a-f]{64})");
  REQUIRE(std::regex_search(*body, line, head_line));

  CommandOutput expected = testing::RunClient(engine, "auditor1", "audit verify --expect-head " + line[1].str() + ":" + line[2].str());
  INFO(expected.out);
  CHECK(expected.exit_code == 0);
  const std::string kept = engine.data_dir() + "/mailed-heads.txt";
  std::ofstream(kept) << "# the daily mails, as an auditor keeps them\n" << line[0].str() << "\n";
  CommandOutput anchors = testing::RunClient(engine, "auditor1", "audit verify --anchors " + kept);
  INFO(anchors.out);
  CHECK(anchors.exit_code == 0);
  // A line whose MAC does not hold was not made with the engine's key.
  std::string forged = line[0].str();
  forged.back() = forged.back() == '0' ? '1' : '0';
  std::ofstream(kept) << forged << "\n";
  CommandOutput refused = testing::RunClient(engine, "auditor1", "audit verify --anchors " + kept);
  INFO(refused.out);
  CHECK(refused.exit_code != 0);
  CHECK(engine.Stop() == 0);
}
