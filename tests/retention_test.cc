// How long a request is kept and its disposal (issue 17, part 6; APPI Art. 22),
// on real engine processes whose clock libfaketime moves five years on:
// a closed request past its retention date is disposed of at the engine's
// start — its sealed personal record, history text, search tokens, link
// reason and letter files gone, no byte of them left in the database file,
// its WAL or the letters folder — while the anonymised row and the history
// codes stay and the audit chain still verifies; a manager's legal hold keeps
// a request until it is released; `disposal list --due` shows what is due;
// and a backup taken before, restored later, says what it holds past
// retention and disposes of it at its first start (unless told not to).
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/deadline_policy.h"
#include "core/embedded_files.h"
#include "core/jst_time.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "store/record_seal.h"
#include "test_support.h"
#include "web_client.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

// More than five years (with a leap day or two) ahead: past a retention date
// of five years from today.
constexpr int kFiveYearsOn = 5 * 366 + 2;

// The person of the request that is disposed of, and what staff wrote about
// them: found nowhere in the data folder afterwards.
const std::string kName = "鷹司 紗霧";
const std::string kKana = "タカツカサ サギリ";
const std::string kAddress = "秋田県横手市十文字町梨木字家東2-9";
const std::string kSymbol = "7731";
const std::string kNumber = "40921";
const std::string kNote = "廃棄試験の面談メモ：長男の通院先について相談あり";
const std::string kWithdrawReason = "請求者より電話で取下げの申出（廃棄試験）";
const std::string kLinkReason = "同一世帯からの関連請求（廃棄試験）";

nlohmann::json Person(const std::string& key, const std::string& name, const std::string& kana,
                      const std::string& address, const std::string& symbol, const std::string& number) {
  nlohmann::json r = SampleRecord("purpose_notice", key);
  r["requester"]["name"] = name;
  r["requester"]["kana"] = kana;
  r["requester"]["address"] = address;
  r["requester"]["insured_symbol"] = symbol;
  r["requester"]["insured_number"] = number;
  return r;
}

// What of a request lies in the database in sealed or keyed form: byte
// strings that must be gone from the raw files once it is disposed of.
struct Secrets {
  std::vector<std::string> needles;  // raw bytes
  std::vector<std::string> letter_files;
};

Secrets SecretsOf(const std::string& db_path, const std::string& id) {
  Secrets s;
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  auto blobs = [&](const std::string& sql) {
    SQLite::Statement q(db, sql);
    q.bind(1, id);
    int n = 0;
    while (q.executeStep()) {
      const SQLite::Column c = q.getColumn(0);
      std::string bytes(static_cast<const char*>(c.getBlob()), static_cast<size_t>(c.getBytes()));
      // 32 bytes from past the nonce: ciphertext nobody else's row holds.
      s.needles.push_back(bytes.size() > 64 ? bytes.substr(28, 32) : bytes);
      ++n;
    }
    return n;
  };
  CHECK(blobs("SELECT sealed FROM personal_records WHERE request_id = ?") == 1);
  CHECK(blobs("SELECT sealed FROM history_sealed WHERE request_id = ?") >= 2);  // the note, the withdrawal
  CHECK(blobs("SELECT token FROM search_index WHERE request_id = ?") >= 2);
  CHECK(blobs("SELECT person_key FROM requests WHERE id = ? AND person_key IS NOT NULL") == 1);
  blobs("SELECT substr(reason, 30, 40) FROM request_links WHERE from_id = ? AND reason IS NOT NULL");
  SQLite::Statement l(db, "SELECT pdf_sha256, text_sha256 FROM letters WHERE request_id = ?");
  l.bind(1, id);
  while (l.executeStep()) {
    s.letter_files.push_back(l.getColumn(0).getString() + ".pdf");
    s.letter_files.push_back(l.getColumn(1).getString() + ".txt");
  }
  // And the person and the words in clear, in UTF-8, should any path have
  // written them unsealed.
  for (const std::string& clear : {kName, kKana, kAddress, kSymbol + kNumber, kSymbol + "-" + kNumber, kNote,
                                   kWithdrawReason, kLinkReason}) {
    s.needles.push_back(clear);
  }
  return s;
}

// The needles found in the database file or its WAL: "madoguchi.db-wal: ...".
std::vector<std::string> FoundIn(const std::string& data_dir, const Secrets& secrets) {
  std::vector<std::string> found;
  for (const char* file : {"madoguchi.db", "madoguchi.db-wal"}) {
    const std::string bytes = ReadFile(data_dir + "/" + file);
    for (size_t i = 0; i < secrets.needles.size(); ++i) {
      if (!secrets.needles[i].empty() && bytes.find(secrets.needles[i]) != std::string::npos) {
        found.push_back(std::string(file) + ": needle " + std::to_string(i));
      }
    }
  }
  return found;
}

bool Lists(EngineProcess& engine, const std::string& filter, const std::string& id) {
  nlohmann::json list = Call(engine, "manager1", "disposal_list", {{"filter", filter}});
  for (const auto& item : list["items"]) {
    if (item["id"] == id) return true;
  }
  return false;
}

nlohmann::json Item(EngineProcess& engine, const std::string& filter, const std::string& id) {
  nlohmann::json list = Call(engine, "manager1", "disposal_list", {{"filter", filter}});
  for (const auto& item : list["items"]) {
    if (item["id"] == id) return item;
  }
  return nullptr;
}

std::string YearsOn(Date d, int years) {
  Result<Date> same = Date::FromYmd(d.year() + years, d.month(), d.day());
  return (same.ok() ? *same : *Date::FromYmd(d.year() + years, d.month(), 28)).ToIso();
}

}  // namespace

TEST_CASE("retention: the retention date is counted from closing or from the next fiscal year, per type",
          "[retention]") {
  const DeadlinePolicy& shipped = DeadlinePolicy::Default();
  CHECK(shipped.retention_years(RequestType::kDisclosure) == 5);
  CHECK(shipped.RetentionUntil(RequestType::kDisclosure, D("2026-12-07")) == D("2031-12-07"));
  CHECK(shipped.RetentionUntil(RequestType::kDisclosure, D("2028-02-29")) == D("2033-02-28"));
  nlohmann::json config = EmbeddedJson("config/deadline-policy.json");
  config["retention"] = {{"years", 5}, {"from", "next_fiscal_year"}, {"types", {{"correction", 10}}}};
  Result<DeadlinePolicy> fiscal = DeadlinePolicy::FromJson(config);
  REQUIRE(fiscal.ok());
  CHECK(fiscal->RetentionUntil(RequestType::kDisclosure, D("2026-12-07")) == D("2032-03-31"));
  CHECK(fiscal->RetentionUntil(RequestType::kDisclosure, D("2027-03-31")) == D("2032-03-31"));
  CHECK(fiscal->RetentionUntil(RequestType::kDisclosure, D("2027-04-01")) == D("2033-03-31"));
  CHECK(fiscal->RetentionUntil(RequestType::kCorrection, D("2026-12-07")) == D("2037-03-31"));
  config["retention"] = {{"years", 0}};
  CHECK_FALSE(DeadlinePolicy::FromJson(config).ok());
}

TEST_CASE("retention: a request past its retention is disposed of at start and leaves no byte in the database WAL "
          "or letters folder, the audit chain verifies, a held request is kept until released",
          "[retention][engine][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);
  const std::string gone =
      Call(engine, "clerk1", "intake", {{"record", Person("retention-gone-1", kName, kKana, kAddress, kSymbol, kNumber)}})["id"];
  const std::string held = Call(engine, "clerk1", "intake",
                                {{"record", Person("retention-held-1", "二階堂 朔", "ニカイドウ サク",
                                                   "山形県酒田市本町1-2-3", "5512", "80077")}})["id"];
  const std::string open = Call(engine, "clerk1", "intake",
                                {{"record", Person("retention-open-1", "一色 楓", "イッシキ カエデ",
                                                   "福島県会津若松市栄町4-5", "6620", "13579")}})["id"];
  Advance(engine, "clerk1", gone, "note", {{"text", kNote}});
  Advance(engine, "clerk1", gone, "link", {{"to", held}, {"reason", kLinkReason}});
  Advance(engine, "clerk1", gone, "withdraw", {{"reason", kWithdrawReason}});
  Advance(engine, "clerk1", held, "withdraw", {{"reason", "取下げ"}});
  Advance(engine, "manager1", held, "legal_hold", {{"reason", "訴訟の提起に伴う保存（法務担当から依頼）"}});
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60), "letter"));

  // Closed today: kept five years from today; an open request has no date yet.
  const Date today = JstDate(Now());
  nlohmann::json shown = Call(engine, "clerk1", "show", {{"id", gone}});
  CHECK(shown["retention"]["until"] == YearsOn(today, 5));
  CHECK(shown["retention"]["legal_hold"] == false);
  CHECK(shown["retention"]["due"] == false);
  CHECK(Call(engine, "clerk1", "show", {{"id", open}})["retention"]["until"].is_null());
  CHECK(Call(engine, "clerk1", "show", {{"id", held}})["retention"]["legal_hold"] == true);
  CHECK(Call(engine, "manager1", "disposal_list", {{"filter", "due"}})["total"] == 0);
  CHECK(Lists(engine, "kept", gone));
  CHECK(Lists(engine, "held", held));
  const size_t history_before = shown["history"].size();
  CHECK(worker.Stop() == 0);
  REQUIRE(engine.Stop() == 0);

  const std::string db_path = engine.data_dir() + "/madoguchi.db";
  const Secrets secrets = SecretsOf(db_path, gone);
  const Secrets kept = SecretsOf(db_path, held);
  REQUIRE(secrets.letter_files.size() >= 2);  // the acknowledgement letter (PDF and text) at least
  for (const std::string& f : secrets.letter_files) REQUIRE(std::filesystem::exists(engine.data_dir() + "/letters/" + f));
  // Before: the sealed bytes are in the database (so the checks below can fail).
  REQUIRE_FALSE(FoundIn(engine.data_dir(), secrets).empty());

  // Five years on: the engine disposes of it at its first timer turn.
  engine.SetPassword("manager1", "hozon-kikan-2026");
  engine.ShiftClockByDays(kFiveYearsOn);
  engine.Start();
  REQUIRE(WaitUntil([&] { return Lists(engine, "disposed", gone); }, std::chrono::seconds(30), std::chrono::milliseconds(50)));
  // The database file and the WAL hold none of it once the checkpoint is done.
  CHECK(WaitUntil([&] { return FoundIn(engine.data_dir(), secrets).empty(); }, std::chrono::seconds(10), std::chrono::milliseconds(50)));
  {
    INFO([&] {
      std::string all;
      for (const std::string& f : FoundIn(engine.data_dir(), secrets)) all += f + "; ";
      return all;
    }());
    CHECK(FoundIn(engine.data_dir(), secrets).empty());
  }
  for (const std::string& f : secrets.letter_files) CHECK_FALSE(std::filesystem::exists(engine.data_dir() + "/letters/" + f));
  // The held one is due, listed with its hold, and kept whole.
  nlohmann::json due = Item(engine, "due", held);
  REQUIRE(due.is_object());
  CHECK(due["legal_hold"] == true);
  CHECK(due["due"] == true);
  CHECK_FALSE(Lists(engine, "due", gone));
  CHECK_FALSE(Lists(engine, "disposed", open));
  for (const std::string& f : kept.letter_files) CHECK(std::filesystem::exists(engine.data_dir() + "/letters/" + f));
  CHECK(Call(engine, "clerk1", "show", {{"id", held}})["personal"]["requester"]["name"] == "二階堂 朔");
  CHECK(Call(engine, "clerk1", "show", {{"id", open}})["personal"]["requester"]["name"] == "一色 楓");

  // What stays of the disposed one: the ledger row and its history codes.
  nlohmann::json after = Call(engine, "clerk1", "show", {{"id", gone}});
  CHECK_FALSE(after.contains("personal"));
  CHECK(after["retention"]["disposed_at"].is_string());
  CHECK(after["state"] == "withdrawn");
  CHECK(after["outcome"] == "withdrawn");
  CHECK(after["history"].size() == history_before);
  CHECK(after["allowed_events"].empty());
  CHECK_FALSE(after.dump().find(kNote) != std::string::npos);
  Result<nlohmann::json> refused = TryAdvance(engine, "clerk1", gone, "note", {{"text", "追記"}});
  CHECK(refused.status().code() == Status::Code::kConflict);
  // Its intake's idempotency key cannot bring it back.
  Result<nlohmann::json> again = engine.Client("clerk1")->Call(
      "intake", {{"record", Person("retention-gone-1", kName, kKana, kAddress, kSymbol, kNumber)}});
  CHECK(again.status().code() == Status::Code::kConflict);
  CHECK_THAT(again.status().message(), Catch::Contains("disposed of"));
  // Its letters are listed, and cannot be had.
  CHECK(Call(engine, "clerk1", "letters", {{"id", gone}})["items"].size() * 2 == secrets.letter_files.size());
  Result<nlohmann::json> letter = engine.Client("clerk1")->Call("letter", {{"id", gone}, {"n", 1}});
  CHECK(letter.status().code() == Status::Code::kNotFound);
  CHECK_THAT(letter.status().message(), Catch::Contains("disposed of"));
  // The list still lists it, without a name.
  nlohmann::json listed = Call(engine, "clerk1", "list", {{"personal", true}});
  CHECK(listed.dump().find(kName) == std::string::npos);

  // The disposal register: one `dispose` record in the chain, and the chain verifies.
  nlohmann::json verified = Call(engine, "auditor1", "audit_verify", nlohmann::json::object());
  INFO(verified.dump());
  CHECK(verified["ok"] == true);
  CHECK(verified["text"].get<std::string>().find("disposed requests vouched for") != std::string::npos);
  CommandOutput offline = RunCommand(engine.FakeTimeCommand() + EngineBinary() + " audit-verify --data " + engine.data_dir());
  INFO(offline.out);
  CHECK(offline.exit_code == 0);
  CHECK(offline.out.find("audit ok") != std::string::npos);

  // The web desk: the managers' 保存期間 page and its list; 案件詳細's retention.
  WebClient web(engine.web_url());
  REQUIRE(web.SignIn("manager1", "hozon-kikan-2026").status == 200);
  WebAnswer page = web.Get("/desk/retention");
  CHECK(page.status == 200);
  CHECK(page.body.find("retention.js") != std::string::npos);
  WebAnswer listed_web = web.Api("disposal_list", {{"filter", "disposed"}});
  CHECK(listed_web.status == 200);
  CHECK(listed_web.body.find(gone) != std::string::npos);
  WebAnswer shown_web = web.Api("show", {{"id", held}});
  CHECK(shown_web.status == 200);
  CHECK(shown_web.json().dump().find("\"legal_hold\":true") != std::string::npos);

  // `disposal list --due` for managers names the held one.
  CommandOutput cli = RunClient(engine, "manager1", "disposal list --due");
  INFO(cli.out);
  CHECK(cli.exit_code == 0);
  CHECK(cli.out.find(held) != std::string::npos);
  CHECK(cli.out.find("保留中") != std::string::npos);
  CHECK(RunClient(engine, "clerk1", "disposal list --due").exit_code != 0);  // managers and auditors only

  // Released, the held one goes at the next timer turn.
  CommandOutput released = RunClient(engine, "manager1", "disposal release " + held + " --reason 訴訟終結");
  INFO(released.out);
  CHECK(released.exit_code == 0);
  CHECK(WaitUntil([&] { return Lists(engine, "disposed", held); }, std::chrono::seconds(30), std::chrono::milliseconds(50)));
  CHECK(WaitUntil([&] { return FoundIn(engine.data_dir(), kept).empty(); }, std::chrono::seconds(10), std::chrono::milliseconds(50)));
  CHECK(Call(engine, "auditor1", "audit_verify", nlohmann::json::object())["ok"] == true);
  REQUIRE(engine.Stop() == 0);
  CHECK(FoundIn(engine.data_dir(), secrets).empty());
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM audit WHERE command = 'dispose'").getInt() == 2);
  CHECK(db.execAndGet("SELECT count(*) FROM personal_records WHERE request_id = '" + open + "'").getInt() == 1);
  // What remains of a disposed row is still under the chain: an edit of its
  // clear part (the trigger dropped first, as someone with the file could) is found.
  {
    SQLite::Database rw(db_path, SQLite::OPEN_READWRITE);
    rw.exec("DROP TRIGGER history_no_update");
    CHECK(rw.exec("UPDATE history SET data = json_set(data, '$.edited', 1) WHERE request_id = '" + gone +
                  "' AND event = 'note'") == 1);
  }
  CommandOutput broken = RunCommand(EngineBinary() + " audit-verify --data " + engine.data_dir());
  INFO(broken.out);
  CHECK(broken.exit_code != 0);
  CHECK(broken.out.find("what remains of this row is not what that record vouched for") != std::string::npos);
}

TEST_CASE("retention: a backup restored after its requests' retention says what it holds past retention and "
          "disposes of it at its first start unless told to keep it",
          "[retention][backup][engine]") {
  TempDir out;
  std::string id;
  std::string data_dir;
  EngineProcess engine;
  QuickWorkers(engine);
  engine.Start();
  id = Call(engine, "clerk1", "intake", {{"record", Person("retention-backup-1", kName, kKana, kAddress, kSymbol, kNumber)}})["id"];
  Advance(engine, "clerk1", id, "note", {{"text", kNote}});
  Advance(engine, "clerk1", id, "withdraw", {{"reason", kWithdrawReason}});
  // A provision record too (kept 3 years, 施行規則第21条): past its retention five years on.
  Call(engine, "clerk1", "provision",
       {{"action", "add"},
        {"records", {{{"provided_on", JstDate(Now()).ToIso()}, {"recipient", {{"name", "試験提供先"}}},
                      {"person", {{"insured_number", kNumber}, {"name", kName}}}, {"items", {"氏名"}},
                      {"consent", true}, {"basis", "consent"}}}}});
  REQUIRE(engine.Stop() == 0);
  const std::string backup = out.file("desk.mdbk");
  CommandOutput taken = RunCommand(EngineBinary() + " backup --data " + engine.data_dir() + " --to " + backup);
  INFO(taken.out);
  REQUIRE(taken.exit_code == 0);

  // Restored five years on: it says so.
  engine.ShiftClockByDays(kFiveYearsOn);
  const std::string restored_dir = out.file("restored");
  CommandOutput restored = RunCommand(engine.FakeTimeCommand() + EngineBinary() + " restore --from " + backup +
                                      " --data " + restored_dir + " --key-file " + engine.data_dir() + "/data.key");
  INFO(restored.out);
  REQUIRE(restored.exit_code == 0);
  CHECK(restored.out.find("past retention 1 requests") != std::string::npos);
  CHECK(restored.out.find(id + " (purpose_notice, kept until " + YearsOn(JstDate(Now()), 5)) != std::string::npos);
  CHECK(restored.out.find("--keep-past-retention") != std::string::npos);

  EngineProcess desk{ExistingDataDir{restored_dir}};
  desk.ShiftClockByDays(kFiveYearsOn);
  // Told to keep it: it stays, due, whole.
  desk.AddRunArgument("--keep-past-retention");
  desk.Start();
  CHECK(Call(desk, "clerk1", "show", {{"id", id}})["personal"]["requester"]["name"] == kName);
  CHECK(Lists(desk, "due", id));
  // The provision ledger's record is kept as well (its disposal runs on the same turn as the requests').
  auto ledger = [&desk] {
    return Call(desk, "manager1", "provision_list", {{"include_disposed", true}})["items"];
  };
  REQUIRE(ledger().size() == 1);
  CHECK(ledger()[0]["disposed"] == false);
  REQUIRE(desk.Stop() == 0);
  const Secrets secrets = SecretsOf(restored_dir + "/madoguchi.db", id);
  // Started as usual: disposed of at once, and its log says so.
  desk.ClearRunArguments();
  desk.Start();
  REQUIRE(WaitUntil([&] { return Lists(desk, "disposed", id); }, std::chrono::seconds(30), std::chrono::milliseconds(50)));
  CHECK(WaitUntil([&] { return ledger()[0]["disposed"] == true; }, std::chrono::seconds(30), std::chrono::milliseconds(50)));
  CHECK(WaitUntil([&] { return FoundIn(restored_dir, secrets).empty(); }, std::chrono::seconds(10), std::chrono::milliseconds(50)));
  CHECK(Call(desk, "auditor1", "audit_verify", nlohmann::json::object())["ok"] == true);
  REQUIRE(desk.Stop() == 0);
  CHECK((ReadFile(restored_dir + "/logs/engine.out") + ReadFile(restored_dir + "/logs/engine.log"))
            .find("disposed of 1 requests past their retention period") != std::string::npos);
  for (const std::string& f : secrets.letter_files) CHECK_FALSE(std::filesystem::exists(restored_dir + "/letters/" + f));
}

// A database from before the keyed chain (tests/fixtures/legacy-schema13.mdbk,
// the release before issue 15): its old history rows are covered by the
// digest the `audit_keyed` record holds, not by MACs of their own. Disposing
// of a request with such rows (its note sealed at the first start) changes
// that digest; the `dispose` record attests the new one, so the chain,
// old part included, still verifies.
TEST_CASE("retention: a request with history from before the keyed audit chain is disposed of and the chain "
          "still verifies",
          "[retention][audit][engine]") {
  TempDir dir;
  const std::string key_file = dir.file("data.key");
  std::filesystem::copy_file(MADOGUCHI_SOURCE_DIR "/tests/fixtures/legacy-schema13.data.key", key_file);
  std::filesystem::permissions(key_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const std::string data = dir.file("restored");
  CommandOutput restore = RunCommand(EngineBinary() + " restore --from " MADOGUCHI_SOURCE_DIR
                                     "/tests/fixtures/legacy-schema13.mdbk --data " + data + " --key-file " + key_file);
  INFO(restore.out);
  REQUIRE(restore.exit_code == 0);
  EngineProcess engine{ExistingDataDir{data}};
  engine.Start();
  const std::string id = "R2026-000001";  // intake, verify_identity, note: all from before the chain
  Advance(engine, "clerk1", id, "withdraw", {{"reason", kWithdrawReason}});
  REQUIRE(engine.Stop() == 0);
  {
    SQLite::Database db(data + "/madoguchi.db", SQLite::OPEN_READONLY);
    REQUIRE(db.execAndGet("SELECT count(*) FROM history h JOIN history_sealed s ON s.request_id = h.request_id AND "
                          "s.version = h.version WHERE h.request_id = '" + id + "' AND h.pos IS NULL").getInt() >= 1);
  }
  engine.ShiftClockByDays(kFiveYearsOn);
  engine.Start();
  REQUIRE(WaitUntil([&] { return Lists(engine, "disposed", id); }, std::chrono::seconds(30), std::chrono::milliseconds(50)));
  nlohmann::json verified = Call(engine, "auditor1", "audit_verify", nlohmann::json::object());
  INFO(verified.dump());
  CHECK(verified["ok"] == true);
  REQUIRE(engine.Stop() == 0);
  CommandOutput offline = RunCommand(engine.FakeTimeCommand() + EngineBinary() + " audit-verify --data " + data);
  INFO(offline.out);
  CHECK(offline.exit_code == 0);
  SQLite::Database db(data + "/madoguchi.db", SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM history_sealed WHERE request_id = '" + id + "'").getInt() == 0);
  CHECK(db.execAndGet("SELECT count(*) FROM audit WHERE command = 'dispose' AND detail LIKE '%legacy_history%'")
            .getInt() == 1);
}

// Not run by ctest: what a disposal costs. N requests taken in and withdrawn
// (each with a note), then an engine five years on disposes of them:
// `build/bin/retention_test "[.retention-bench]"`.
TEST_CASE("retention bench: disposing of many requests at start", "[.retention-bench]") {
  constexpr int kRequests = 300;
  EngineProcess engine;
  QuickWorkers(engine);
  engine.Start();
  auto clerk = engine.Client("clerk1");
  for (int i = 0; i < kRequests; ++i) {
    nlohmann::json record = Person("retention-bench-" + std::to_string(i), kName, kKana, kAddress, kSymbol,
                                   std::to_string(10000 + i));
    auto in = clerk->Call("intake", {{"record", record}});
    REQUIRE(in.ok());
    const std::string id = (*in)["id"];
    REQUIRE(clerk->Call("advance", {{"id", id}, {"event", "note"}, {"version", 1}, {"data", {{"text", kNote}}}}).ok());
    REQUIRE(clerk->Call("advance", {{"id", id}, {"event", "withdraw"}, {"version", 2},
                                    {"data", {{"reason", kWithdrawReason}}}}).ok());
  }
  REQUIRE(engine.Stop() == 0);
  const auto db_bytes = std::filesystem::file_size(engine.data_dir() + "/madoguchi.db");
  engine.ShiftClockByDays(kFiveYearsOn);
  const auto started = std::chrono::steady_clock::now();
  engine.Start();
  REQUIRE(WaitUntil([&] {
    return Call(engine, "manager1", "disposal_list", {{"filter", "disposed"}, {"limit", 1}})["total"] == kRequests;
  }, std::chrono::seconds(120), std::chrono::milliseconds(50)));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(Call(engine, "auditor1", "audit_verify", nlohmann::json::object())["ok"] == true);
  const double verify_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() - seconds;
  REQUIRE(engine.Stop() == 0);
  std::printf("disposed of %d requests in %.2f s from the engine's start (whoami included); audit verify %.2f s; "
              "database %ju bytes before, %ju after\n",
              kRequests, seconds, verify_seconds, static_cast<uintmax_t>(db_bytes),
              static_cast<uintmax_t>(std::filesystem::file_size(engine.data_dir() + "/madoguchi.db")));
}
