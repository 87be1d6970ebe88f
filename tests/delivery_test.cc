// Issue 17 part 3: the disclosure happens, and the desk knows it. On real
// engine processes with a real letter worker: a disclosure stays open after
// its decision letter until the data is handed over; not collected only after
// the pick-up deadline (libfaketime moves the engine's clock, no sleeps); an
// electronic disclosure's AES-256 package made by the engine, opened with
// 7-Zip using the password read from the パスワード通知書 PDF, its SHA-256 the
// recorded one, and the password in no log, reply, history or database page.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

#include "engine_calls.h"
#include "engine_process.h"
#include "pdf_letter.h"
#include "util/base64.h"
#include "util/sha256.h"
#include "test_support.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

// Every file under `dir` (logs, the database and its WAL), concatenated.
std::string EverythingUnder(const std::string& dir) {
  std::string all;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) all += ReadFile(e.path().string());
  }
  return all;
}

// A disclosure given in full, sent by `method`, its decision letter written.
std::string DecidedAndSent(EngineProcess& engine, const std::string& key, const std::string& asked,
                           const std::string& method) {
  nlohmann::json record = SampleRecord("disclosure", key);
  record["disclosure_method"] = asked;
  const std::string id = TakeInForReview(engine, record);
  Advance(engine, "reviewer1", id, "decide", {{"outcome", "full"}});
  Advance(engine, "clerk1", id, "respond", {{"method", method}});
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60), "letter"));
  return id;
}

std::string Attach(EngineProcess& engine, const std::string& user, const std::string& id, const std::string& bytes,
                   const std::string& media_type) {
  Advance(engine, user, id, "disclosure_attach", {{"media_type", media_type}, {"content_base64", Base64Encode(bytes)}});
  return Sha256Hex(bytes);
}

const std::string kPdf = "%PDF-1.4\n% レセプト 2025年4月（テスト）\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const std::string kCsv = "診療年月,医療機関,点数\n2025-04,京橋クリニック,1234\n";

}  // namespace

TEST_CASE("a disclosure stays open after its decision letter until the data is handed over, and the ledger counts delivery",
          "[delivery]") {
  EngineProcess engine;
  // One day to collect, so that the engine's clock moved two days on passes it.
  engine.EditConfig([](nlohmann::json& c) { c["society"]["disclosure"]["counter"]["pickup_days"] = 1; });
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  const Date today = JstDate(Now());

  // At the counter: the letter goes, the request waits (it closed here before issue 17).
  const std::string id = DecidedAndSent(engine, "deliver-counter-1", "paper", "counter");
  nlohmann::json shown = Call(engine, "clerk1", "show", {{"id", id}});
  CHECK(shown["state"] == "delivering");
  CHECK(shown["state_ja"] == "開示実施待ち");
  CHECK(shown["history"].back()["event"] == "letter_issued");
  CHECK(shown["particulars"]["delivery"]["method"] == "counter");
  CHECK(shown["particulars"]["delivery"]["letter_on"] == today.ToIso());
  CHECK(shown["particulars"]["delivery"]["pickup_by"] == today.AddDays(1).ToIso());
  CHECK(shown["clock_stopped"] == true);  // the data waits for the person
  // The decision letter printed the same pick-up day.
  TempDir out;
  PdfLetter decision = FetchLastLetter(engine, "clerk1", id, out);
  CHECK(decision.kind == "disclosure_decision");

  // Nothing handed over is kept yet: refused, saying what to do.
  Result<nlohmann::json> bare =
      TryAdvance(engine, "clerk1", id, "disclosure_delivered", {{"method", "paper_counter"}, {"on", today.ToIso()}});
  REQUIRE_FALSE(bare.ok());
  CHECK(bare.status().code() == Status::Code::kConflict);
  CHECK_THAT(bare.status().message(), Catch::Contains("disclosure attach"));
  // Not collected before the deadline: refused.
  Result<nlohmann::json> early = TryAdvance(engine, "clerk1", id, "disclosure_uncollected", nlohmann::json::object());
  REQUIRE_FALSE(early.ok());
  CHECK_THAT(early.status().message(), Catch::Contains("only after that day"));
  // A file that is not what it says, and bad input, are refused.
  CHECK(TryAdvance(engine, "clerk1", id, "disclosure_attach",
                   {{"media_type", "application/pdf"}, {"content_base64", Base64Encode("not a pdf")}})
            .status()
            .code() == Status::Code::kInvalidArgument);

  // The files printed, kept; then handed over.
  CommandOutput attached = RunClient(engine, "clerk1", "disclosure attach " + id + " " + [&] {
    std::string path = out.file("receipts.pdf");
    std::ofstream(path, std::ios::binary) << kPdf;
    return path;
  }());
  INFO(attached.out);
  REQUIRE(attached.exit_code == 0);
  const std::string csv_sha = Attach(engine, "reviewer1", id, kCsv, "text/csv");
  Advance(engine, "clerk1", id, "disclosure_delivered",
          {{"method", "paper_counter"}, {"on", today.ToIso()}, {"medium", "paper"},
           {"evidence", "本人が来所、運転免許証で本人確認のうえ手交"}});
  shown = Call(engine, "clerk1", "show", {{"id", id}});
  CHECK(shown["state"] == "closed");
  CHECK(shown["clock_stopped"] == false);
  const nlohmann::json files = shown["particulars"]["delivery"]["files"];
  REQUIRE(files.size() == 2);
  CHECK(files[0]["sha256"] == Sha256Hex(kPdf));
  CHECK(files[1]["sha256"] == csv_sha);
  CHECK(shown["particulars"]["delivery"]["delivered_method"] == "paper_counter");
  // `madoguchi show` lists what was handed over, by SHA-256.
  CommandOutput cli_show = RunClient(engine, "clerk1", "show " + id);
  CHECK_THAT(cli_show.out, Catch::Contains("開示ファイル") && Catch::Contains(csv_sha) && Catch::Contains("paper_counter"));
  // History keeps hashes and sizes, never the bytes.
  for (const auto& h : shown["history"]) CHECK_FALSE(h["data"].contains("content_base64"));
  // A manager exports exactly what was handed over; a clerk may not.
  nlohmann::json exported = Call(engine, "manager1", "disclosure_export", {{"id", id}, {"n", 2}});
  CHECK(*Base64Decode(exported["content_base64"].get<std::string>()) == kCsv);
  CHECK(exported["sha256"] == csv_sha);
  CHECK_FALSE(engine.Client("clerk1")->Call("disclosure_export", {{"id", id}, {"n", 1}}).ok());

  // The ledger: delivered on, and how; answered at delivery.
  nlohmann::json report = Call(engine, "manager1", "report", {{"year", today.year()}});
  bool found = false;
  for (const auto& item : report["items"]) {
    if (item["id"] != id) continue;
    found = true;
    CHECK(item["delivered_on"] == today.ToIso());
    CHECK(item["delivery_ja"] == "窓口交付");
    CHECK(item["days_taken"] == 0);
  }
  CHECK(found);

  // Another at the counter, never collected: refused on the deadline, taken the day after, with its letter.
  const std::string lapsed = DecidedAndSent(engine, "deliver-counter-2", "viewing", "viewing");
  REQUIRE(Call(engine, "clerk1", "show", {{"id", lapsed}})["state"] == "delivering");
  worker.Stop();
  engine.Stop();
  engine.ShiftClockByDays(1);  // the deadline itself
  engine.Start();
  Result<nlohmann::json> on_the_day =
      TryAdvance(engine, "clerk1", lapsed, "disclosure_uncollected", nlohmann::json::object());
  REQUIRE_FALSE(on_the_day.ok());
  CHECK(on_the_day.status().code() == Status::Code::kConflict);
  engine.Stop();
  engine.ShiftClockByDays(2);  // the day after
  engine.Start();
  ChildProcess worker2;
  engine.StartWorker(worker2, LetterWorkerBinary(), {}, "letter-worker-2.log");
  Advance(engine, "manager1", lapsed, "disclosure_uncollected", {{"note", "電話で2回連絡したが来所なし"}});
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60), "letter"));
  shown = Call(engine, "clerk1", "show", {{"id", lapsed}});
  CHECK(shown["state"] == "closed");
  CHECK(shown["particulars"]["delivery"]["uncollected_on"] == today.AddDays(2).ToIso());
  PdfLetter notice = FetchLastLetter(engine, "clerk1", lapsed, out);
  CHECK(notice.kind == "disclosure_uncollected_notice");
  CHECK_THAT(notice.flat, Catch::Contains("開示の実施に関するお知らせ"));
  CHECK_THAT(notice.flat, Catch::Contains("再度開示の請求をしてください"));
  CHECK_THAT(notice.flat, Catch::Contains("閲覧していただく"));
  CHECK_THAT(notice.flat, !Catch::Contains("電話で2回"));  // the note is for the file
  report = Call(engine, "manager1", "report", {{"year", today.year()}});
  for (const auto& item : report["items"]) {
    if (item["id"] == lapsed) CHECK(item["delivery_ja"] == "未受領");
  }
}

TEST_CASE("an electronic disclosure: an AES-256 package 7-Zip opens with the password of its letter, recorded by SHA-256",
          "[delivery]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  const Date today = JstDate(Now());
  const std::string id = DecidedAndSent(engine, "deliver-electronic-1", "electronic", "electronic");
  REQUIRE(Call(engine, "clerk1", "show", {{"id", id}})["state"] == "delivering");

  // Not without the package. A PDF of 150 kB, as a real export is (its
  // base64 once crashed the engine's schema check, which ran a regex over it).
  const std::string big_pdf = kPdf + "%" + std::string(150 * 1024, 'x') + "\n%%EOF\n";
  Attach(engine, "reviewer1", id, big_pdf, "application/pdf");
  Attach(engine, "reviewer1", id, kCsv, "text/csv");
  Result<nlohmann::json> unpacked =
      TryAdvance(engine, "clerk1", id, "disclosure_delivered", {{"method", "electronic"}, {"on", today.ToIso()}});
  REQUIRE_FALSE(unpacked.ok());
  CHECK_THAT(unpacked.status().message(), Catch::Contains("disclosure package"));

  nlohmann::json packaged = Advance(engine, "reviewer1", id, "disclosure_package", nlohmann::json::object());
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60), "letter"));
  // A second package is refused (its password letter went once).
  CHECK_FALSE(TryAdvance(engine, "reviewer1", id, "disclosure_package", nlohmann::json::object()).ok());

  nlohmann::json shown = Call(engine, "manager1", "show", {{"id", id}});
  const nlohmann::json package = shown["particulars"]["delivery"]["package"];
  const std::string recorded = package["sha256"];
  CHECK(package["files"] == nlohmann::json::array({1, 2}));
  bool in_history = false;
  for (const auto& h : shown["history"]) {
    if (h["event"] == "disclosure_package") in_history = h["data"]["sha256"] == recorded;
  }
  CHECK(in_history);

  // The password, from the letter as printed.
  TempDir out;
  PdfLetter letter = FetchLastLetter(engine, "clerk1", id, out);
  REQUIRE(letter.kind == "package_password_notice");
  CHECK_THAT(letter.flat, Catch::Contains("パスワード通知書"));
  CHECK_THAT(letter.flat, Catch::Contains("7-Zip"));
  std::smatch m;
  const std::regex password_line("５パスワード([A-Za-z0-9]{16})");
  REQUIRE(std::regex_search(letter.flat, m, password_line));
  const std::string password = m[1];

  // The manager's copy of the package, as the member gets it.
  CommandOutput exported = RunClient(engine, "manager1", "disclosure export " + id + " --out " + out.file("p.zip"));
  INFO(exported.out);
  REQUIRE(exported.exit_code == 0);
  const std::string zip = ReadFile(out.file("p.zip"));
  CHECK(Sha256Hex(zip) == recorded);
  // Entries are AES-256 (7-Zip's listing says so), and the password opens them.
  CommandOutput listing = RunCommand("7z l -slt -p" + password + " " + out.file("p.zip"));
  CHECK_THAT(listing.out, Catch::Contains("AES-256"));
  CommandOutput wrong = RunCommand("7z x -y -pWRONGPASSWORD0000 -o" + out.file("wrong") + " " + out.file("p.zip"));
  CHECK(wrong.exit_code != 0);
  CommandOutput opened = RunCommand("7z x -y -p" + password + " -o" + out.file("x") + " " + out.file("p.zip"));
  INFO(opened.out);
  REQUIRE(opened.exit_code == 0);
  CHECK(ReadFile(out.file("x/" + id + "-01.pdf")) == big_pdf);
  CHECK(ReadFile(out.file("x/" + id + "-02.csv")) == kCsv);

  Advance(engine, "clerk1", id, "disclosure_delivered",
          {{"method", "electronic"}, {"on", today.ToIso()}, {"medium", "email"}, {"password_route", "letter_post"}});
  shown = Call(engine, "manager1", "show", {{"id", id}});
  CHECK(shown["state"] == "closed");

  // The password is in no reply, no history, no log, no database page: only in the sealed letter.
  CHECK(packaged.dump().find(password) == std::string::npos);
  CHECK(shown.dump().find(password) == std::string::npos);
  nlohmann::json audit = Call(engine, "admin1", "audit_export", {{"from", today.ToIso()}, {"to", today.ToIso()}});
  CHECK(audit.dump().find(password) == std::string::npos);
  CHECK(audit.dump().find("package sha256 " + recorded) != std::string::npos);  // the audit record names the package
  worker.Stop();
  engine.Stop();
  CHECK(EverythingUnder(engine.data_dir()).find(password) == std::string::npos);
}
