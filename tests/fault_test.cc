// Faults, with the real parts: the engine killed with SIGKILL at random
// moments under a mixed load of intake, advance and worker acks, a worker
// that takes a job and hangs, a database that fills up, and files at start
// that are not a Madoguchi database. Each test is bounded in time; all
// sockets are ipc:// in a temporary folder.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/jst_time.h"
#include "audit_check.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "history_check.h"
#include "tally_check.h"
#include "util/sha256.h"

using namespace madoguchi;
using madoguchi::testing::Call;
using madoguchi::testing::CheckHistoriesExplainStates;
using madoguchi::testing::CheckTalliesMatchRows;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::LetterWorkerBinary;
using madoguchi::testing::QuickWorkers;
using madoguchi::testing::ReadFile;
using madoguchi::testing::ReminderWorkerBinary;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::WaitForOutbox;
using madoguchi::testing::WaitUntil;

namespace {

// What clients saw acknowledged: each request's id by idempotency key, and
// the highest version an advance of it was acknowledged at.
struct Acknowledged {
  std::mutex mu;
  std::map<std::string, std::string> id_by_key;
  std::map<std::string, int64_t> version_by_id;
  std::set<std::string> overdue_ids;  // received 20 days ago: an overdue reminder is owed today
};

// Takes requests in until the engine stops answering.
void IntakeLoad(const EngineProcess& engine, int round, Acknowledged* acked, std::atomic<int>* answered) {
  auto conn = engine.Client("clerk1", std::chrono::milliseconds(1500));
  for (int i = 0;; ++i) {
    std::string key = "fault-r" + std::to_string(round) + "-" + std::to_string(i);
    nlohmann::json record = SampleRecord(i % 2 ? "purpose_notice" : "correction", key);
    const bool overdue = i % 3 == 0;
    if (overdue) record["received_at"] = JstDate(Now()).AddDays(-20).ToIso();
    auto r = conn->Call("intake", {{"record", record}});
    if (!r.ok()) return;
    std::lock_guard lock(acked->mu);
    acked->id_by_key[key] = (*r)["id"];
    if (overdue) acked->overdue_ids.insert((*r)["id"]);
    acked->version_by_id.emplace((*r)["id"], 1);
    ++*answered;
  }
}

// Notes on requests already acknowledged, at the version last acknowledged,
// until the engine stops answering.
void AdvanceLoad(const EngineProcess& engine, Acknowledged* acked, std::atomic<int>* answered, unsigned seed) {
  auto conn = engine.Client("clerk1", std::chrono::milliseconds(1500));
  std::mt19937 rng(seed);
  for (;;) {
    std::string id;
    int64_t version = 0;
    {
      std::lock_guard lock(acked->mu);
      if (acked->version_by_id.empty()) {
        id.clear();
      } else {
        auto it = acked->version_by_id.begin();
        std::advance(it, static_cast<long>(rng() % acked->version_by_id.size()));
        id = it->first;
        version = it->second;
      }
    }
    if (id.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    auto r = conn->Call("advance", {{"id", id}, {"event", "note"}, {"version", version}, {"data", {{"text", "確認"}}}});
    if (!r.ok()) {
      if (r.status().code() == Status::Code::kUnavailable) return;
      continue;  // a stale version: another round's note came first
    }
    std::lock_guard lock(acked->mu);
    int64_t& v = acked->version_by_id[id];
    v = std::max<int64_t>(v, (*r)["version"].get<int64_t>());
    ++*answered;
  }
}

size_t CountFiles(const std::string& dir, const std::string& extension) {
  size_t n = 0;
  if (!std::filesystem::exists(dir)) return 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) n += entry.path().extension() == extension;
  return n;
}

// X-Madoguchi-Reminder of each mail delivered into the Maildir -> how many mails carry it.
std::map<std::string, int> DeliveredReminders(const std::string& maildir) {
  std::map<std::string, int> out;
  if (!std::filesystem::exists(maildir + "/new")) return out;
  for (const auto& entry : std::filesystem::directory_iterator(maildir + "/new")) {
    std::string mail = ReadFile(entry.path().string());
    const std::string header = "X-Madoguchi-Reminder: ";
    size_t at = mail.find(header);
    if (at == std::string::npos) {
      ++out["(a mail without a reminder id)"];
      continue;
    }
    at += header.size();
    ++out[mail.substr(at, mail.find("\r\n", at) - at)];
  }
  return out;
}

// The reminders the engine owes: every one it has put in the outbox.
std::set<std::string> OwedReminders(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  SQLite::Statement st(db, "SELECT json_extract(payload, '$.reminder_id') FROM outbox WHERE kind = 'reminder'");
  std::set<std::string> out;
  while (st.executeStep()) out.insert(st.getColumn(0).getString());
  return out;
}

}  // namespace

TEST_CASE("fault: kill -9 at random moments under intake advance and worker acks loses nothing", "[fault][crash]") {
  EngineProcess engine;
  QuickWorkers(engine);
  engine.EditConfig([](nlohmann::json& c) { c["workers"]["timer_interval_seconds"] = 1; });
  engine.ShiftClockToBusinessDay();  // reminders fall due only on business days
  Acknowledged acked;
  std::mt19937 rng(20261125);
  ChildProcess worker, reminder_worker;
  auto start_workers = [&] {
    if (!worker.running() || worker.Exited()) engine.StartWorker(worker, LetterWorkerBinary(), {}, "letters.log");
    if (!reminder_worker.running() || reminder_worker.Exited()) {
      engine.StartWorker(reminder_worker, ReminderWorkerBinary(), {"--data", engine.data_dir()}, "reminders.log");
    }
  };
  const int kRounds = 8;
  int total_answered = 0;
  for (int round = 0; round < kRounds; ++round) {
    engine.Start();
    start_workers();
    std::atomic<int> answered{0};
    std::vector<std::thread> clients;
    clients.emplace_back(IntakeLoad, std::cref(engine), round, &acked, &answered);
    clients.emplace_back(IntakeLoad, std::cref(engine), round + 1000, &acked, &answered);
    clients.emplace_back(AdvanceLoad, std::cref(engine), &acked, &answered, static_cast<unsigned>(rng()));
    // Some work first, then a kill at a moment that differs by round.
    CHECK(WaitUntil([&] { return answered >= 10; }, std::chrono::seconds(60), std::chrono::milliseconds(2)));
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 400));
    engine.Kill();
    if (round % 3 == 2) worker.Kill();  // now and then the workers too, mid-job
    if (round % 3 == 1) reminder_worker.Kill();
    for (auto& t : clients) t.join();
    total_answered += answered;
    INFO("round " << round << ": " << answered << " commands acknowledged before the kill");
    CheckHistoriesExplainStates(engine.data_dir() + "/madoguchi.db");
    CheckTalliesMatchRows(engine.data_dir() + "/madoguchi.db");
    // Every change committed before the kill has its audit record: both
    // were in one transaction (issue 15, part 3). And the chain is whole, up
    // to the anchor and beyond it (a kill between a commit and its anchor line).
    madoguchi::testing::CheckChangesAudited(engine.data_dir() + "/madoguchi.db");
    madoguchi::testing::CommandOutput verified =
        madoguchi::testing::RunCommand(madoguchi::testing::EngineBinary() + " audit-verify --data " + engine.data_dir());
    INFO(verified.out);
    CHECK(verified.exit_code == 0);
  }

  engine.Start();
  start_workers();
  auto clerk = engine.Client("clerk1");
  // Every acknowledged intake is there; every acknowledged note too.
  for (const auto& [key, id] : acked.id_by_key) {
    INFO(key << " " << id);
    auto show = clerk->Call("show", {{"id", id}});
    REQUIRE(show.ok());
    CHECK((*show)["version"].get<int64_t>() >= acked.version_by_id[id]);
    CHECK((*show)["history"].size() == (*show)["version"].get<size_t>());
  }
  // Every letter owed (an acknowledgement per request) is made exactly once.
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(120)));
  std::set<std::string> letter_ids;
  for (const auto& [key, id] : acked.id_by_key) {
    nlohmann::json letters = Call(engine, "clerk1", "letters", {{"id", id}})["items"];
    INFO(id);
    REQUIRE(letters.size() == 1);
    CHECK(letters[0]["kind"] == "acknowledgement");
    letter_ids.insert(letters[0]["letter_id"].get<std::string>());
  }
  CHECK(letter_ids.size() == acked.id_by_key.size());
  // A crash may leave a file without its row, never a row without its file.
  CHECK(CountFiles(engine.data_dir() + "/letters", ".pdf") >= acked.id_by_key.size());
  CHECK(total_answered >= kRounds * 10);

  // Every reminder owed is mailed exactly once: an overdue one for each
  // request received 20 days ago, and whatever else fell due today.
  const std::string db = engine.data_dir() + "/madoguchi.db";
  auto overdue_reminders_owed = [&] {
    size_t n = 0;
    for (const std::string& id : OwedReminders(db)) n += id.find("-overdue-") != std::string::npos;
    return n;
  };
  for (int i = 0; i < 200 && overdue_reminders_owed() < acked.overdue_ids.size(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the timers run every second
  }
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(120)));
  std::set<std::string> owed = OwedReminders(db);
  std::map<std::string, int> delivered = DeliveredReminders(engine.data_dir() + "/maildir");
  for (const std::string& id : acked.overdue_ids) {
    INFO(id);
    CHECK(std::count_if(owed.begin(), owed.end(), [&](const std::string& r) {
            return r.rfind("reminder-" + id + "-overdue-", 0) == 0;
          }) == 1);
  }
  for (const std::string& reminder : owed) {
    INFO(reminder);
    CHECK(delivered[reminder] == 1);
  }
  CHECK(delivered.size() == owed.size());  // nothing mailed that was not owed
  CHECK(!acked.overdue_ids.empty());
  CheckTalliesMatchRows(db);
  worker.Stop();
  reminder_worker.Stop();
  CHECK(engine.Stop() == 0);
  madoguchi::testing::CheckChangesAudited(db);
}

TEST_CASE("fault: a worker that takes a job and hangs loses it when its lease ends", "[fault]") {
  EngineProcess engine;
  QuickWorkers(engine);  // leases of 2 s
  engine.Start();
  std::string id = Call(engine, "clerk1", "intake", {{"record", SampleRecord("purpose_notice", "hang-key-1")}})["id"];

  // A worker that leases the acknowledgement letter and then says nothing.
  KeyFile key = engine.key("letters1");
  EngineClient hung(key, engine.workers_endpoint(), std::chrono::seconds(5));
  auto job = hung.Call("lease", {{"kinds", {"letter"}}});
  REQUIRE(job.ok());
  REQUIRE((*job)["type"] == "job");
  auto started = std::chrono::steady_clock::now();

  ChildProcess worker;
  engine.StartWorker(worker, LetterWorkerBinary(), {}, "letters.log");
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(30)));
  // Not before the lease ended: the hung worker held it until then.
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(1900));
  nlohmann::json letters = Call(engine, "clerk1", "letters", {{"id", id}})["items"];
  REQUIRE(letters.size() == 1);
  CHECK(letters[0]["kind"] == "acknowledgement");
  worker.Stop();
  CHECK(engine.Stop() == 0);
}

TEST_CASE("fault: a full database refuses new work with a clear error and keeps what it acknowledged", "[fault]") {
  EngineProcess engine;
  engine.Start();
  engine.Stop();
  // Just above what the empty database takes now: a few hundred requests fit.
  auto bytes = std::filesystem::file_size(engine.data_dir() + "/madoguchi.db");
  engine.EditConfig([&](nlohmann::json& c) {
    c["limits"]["max_database_mb"] = static_cast<int64_t>(bytes / (1024 * 1024)) + 1;
  });
  engine.Start();
  auto clerk = engine.Client("clerk1");
  std::vector<std::string> acked;
  Status refused;
  for (int i = 0; i < 20000 && refused.ok(); ++i) {
    auto r = clerk->Call("intake", {{"record", SampleRecord("disclosure", "full-key-" + std::to_string(i))}});
    if (r.ok()) {
      acked.push_back((*r)["id"]);
    } else {
      refused = r.status();
    }
  }
  INFO(acked.size() << " intakes before the database was full");
  REQUIRE(!refused.ok());
  CHECK(refused.code() == Status::Code::kUnavailable);
  CHECK_THAT(refused.message(), Catch::Contains("the database is full") && Catch::Contains("max_database_mb"));
  REQUIRE(acked.size() > 10);
  // Still serving: reads answer, and the next write gets the same clear error.
  CHECK(clerk->Call("show", {{"id", acked.front()}}).ok());
  auto again = clerk->Call("intake", {{"record", SampleRecord("disclosure", "full-key-again")}});
  CHECK(again.status().code() == Status::Code::kUnavailable);
  CHECK(engine.Stop() == 0);

  // More room, and everything acknowledged is there; work goes on.
  engine.EditConfig([&](nlohmann::json& c) { c["limits"].erase("max_database_mb"); });
  engine.Start();
  auto after = engine.Client("clerk1");
  for (const std::string& id : acked) REQUIRE(after->Call("show", {{"id", id}}).ok());
  CHECK(after->Call("intake", {{"record", SampleRecord("disclosure", "full-key-again")}}).ok());
  CheckHistoriesExplainStates(engine.data_dir() + "/madoguchi.db");
  CHECK(engine.Stop() == 0);
}

TEST_CASE("fault: a corrupt or foreign database file at start is refused and never overwritten", "[fault]") {
  EngineProcess engine;
  std::string db = engine.data_dir() + "/madoguchi.db";
  auto remove_database = [&] {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  };

  SECTION("not SQLite at all") {
    remove_database();
    std::ofstream(db, std::ios::binary) << std::string(8192, '\x5a') << "not a database";
  }
  SECTION("another program's SQLite database") {
    remove_database();
    SQLite::Database other(db, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER); INSERT INTO ledger VALUES (1, 100)");
  }
  SECTION("a Madoguchi database with a damaged header") {
    engine.Start();
    auto clerk = engine.Client("clerk1");
    for (int i = 0; i < 50; ++i) {
      REQUIRE(clerk->Call("intake", {{"record", SampleRecord("disclosure", "damaged-key-" + std::to_string(i))}}).ok());
    }
    CHECK(engine.Stop() == 0);
    std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f.write("SQLite format 2", 15);  // a disk error in the first sector
  }
  std::string before = Sha256Hex(ReadFile(db));
  CHECK_THROWS(engine.Start());
  std::string log = ReadFile(engine.data_dir() + "/logs/engine.out");
  CHECK_THAT(log, Catch::Contains(db) && (Catch::Contains("not a Madoguchi database") ||
                                          Catch::Contains("malformed") || Catch::Contains("corrupt")));
  CHECK(Sha256Hex(ReadFile(db)) == before);
}
