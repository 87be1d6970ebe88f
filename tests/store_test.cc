// The durable store on real SQLite files: what was committed comes back after
// a close and reopen, a transaction that fails half way leaves nothing, the
// schema is created and upgraded by migrations, and a foreign file is refused
// without being touched.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "store/database.h"
#include "store/migrations.h"
#include "store/reminder_timers.h"
#include "commands/request_writer.h"
#include "request_filler.h"
#include "test_support.h"
#include "office_steps.h"

using namespace madoguchi;
using madoguchi::testing::DefaultWorkflow;
using madoguchi::testing::EnsureReviewers;
using madoguchi::testing::ReadFile;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TempDir;

namespace {

const Timestamp kNow = *ParseTimestamp("2026-11-25T10:00:00+09:00");
const Actor kClerk{"clerk1", Role::kClerk};
const Actor kManager{"mgr1", Role::kManager};

std::unique_ptr<RequestWriter> OpenStore(const std::string& path) {
  auto store = RequestWriter::Open(path, DefaultWorkflow(), madoguchi::testing::TestVault());
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

int64_t Count(RequestWriter& store, const std::string& sql) { return store.db().execAndGet(sql).getInt64(); }

}  // namespace

TEST_CASE("a new database is WAL, synchronous=FULL, foreign keys on, temp files in memory, at the latest schema",
          "[store]") {
  TempDir dir;
  auto store = OpenStore(dir.file("madoguchi.db"));
  CHECK(store->db().execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(store->db().execAndGet("PRAGMA synchronous").getInt() == 2);  // FULL
  CHECK(store->db().execAndGet("PRAGMA foreign_keys").getInt() == 1);
  // Savepoint journals (page images, sealed records among them) stay out of /tmp.
  CHECK(store->db().execAndGet("PRAGMA temp_store").getInt() == 2);  // MEMORY
  CHECK(store->db().execAndGet("PRAGMA user_version").getInt() == LatestSchemaVersion());
  CHECK(store->db().execAndGet("PRAGMA application_id").getInt() == kApplicationId);
  for (const char* table : {"requests", "personal_records", "search_index", "history", "outbox", "timers"}) {
    INFO(table);
    CHECK(Count(*store, std::string("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='") + table +
                            "'") == 1);
  }
}

TEST_CASE("what was committed comes back exactly after close and reopen", "[store]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  Request saved;
  std::vector<HistoryEntry> saved_history;
  {
    auto store = OpenStore(path);
    auto in = store->Intake(SampleRecord("disclosure", "reopen-0001"), kClerk, kNow);
    REQUIRE(in.ok());
    auto v = store->Advance(in->request.id, kClerk,
                            {Event::kVerifyIdentity,
                             {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}}}}},
                             1},
                            kNow + std::chrono::hours(1));
    REQUIRE(v.ok());
    REQUIRE(EnsureReviewers(store->db(), {"rev1"}).ok());
    auto a = store->Advance(in->request.id, kManager, {Event::kAssign, {{"to", "rev1"}}, 2}, kNow + std::chrono::hours(2));
    REQUIRE(a.ok());
    saved = a.value();
    saved_history = store->History(saved.id).value();
  }
  auto store = OpenStore(path);
  auto loaded = store->Get(saved.id);
  REQUIRE(loaded.ok());
  CHECK(loaded.value() == saved);
  CHECK(loaded->state == State::kInReview);
  CHECK(loaded->version == 3);
  CHECK(loaded->assignee == "rev1");

  auto history = store->History(saved.id);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 3);
  CHECK(history->at(0).event == "intake");
  CHECK_FALSE(history->at(0).from_state.has_value());
  CHECK(history->at(1).event == "verify_identity");
  CHECK(history->at(1).from_state == State::kReceived);
  CHECK(history->at(2).event == "assign");
  CHECK(history->at(2).actor == "mgr1");
  CHECK(history->at(2).role == Role::kManager);
  CHECK(history->at(2).to_state == State::kInReview);
  CHECK(history->at(2).data == nlohmann::json{{"to", "rev1"}});
  CHECK(history->at(2).at == kNow + std::chrono::hours(2));
  for (size_t i = 0; i < history->size(); ++i) {
    CHECK(history->at(i).version == static_cast<int64_t>(i + 1));
    CHECK(history->at(i).data == saved_history.at(i).data);
  }
  auto personal = store->Personal(saved.id);
  REQUIRE(personal.ok());
  CHECK(personal.value()["requester"]["name"] == "山田 花子");
}

TEST_CASE("personal fields stay in the personal record, never in history or the request row", "[store]") {
  TempDir dir;
  auto store = OpenStore(dir.file("madoguchi.db"));
  auto in = store->Intake(SampleRecord("purpose_notice", "personal-0001"), kClerk, kNow);
  REQUIRE(in.ok());
  CHECK(Count(*store, "SELECT count(*) FROM history WHERE data LIKE '%山田%' OR data LIKE '%56789%'") == 0);
  CHECK(Count(*store,
              "SELECT count(*) FROM requests WHERE deadline LIKE '%山田%' OR categories LIKE '%山田%'") == 0);
  // The personal record itself is sealed (encryption_at_rest_test.cc): one row, no clear text.
  CHECK(Count(*store, "SELECT count(*) FROM personal_records WHERE request_id = '" + in->request.id + "'") == 1);
  CHECK(Count(*store, "SELECT count(*) FROM personal_records WHERE CAST(sealed AS TEXT) LIKE '%56789%'") == 0);
}

TEST_CASE("intake is idempotent by key and numbers requests per year", "[store]") {
  TempDir dir;
  auto store = OpenStore(dir.file("madoguchi.db"));
  auto first = store->Intake(SampleRecord("correction", "same-key-0001"), kClerk, kNow);
  REQUIRE(first.ok());
  CHECK(first->created);
  CHECK(first->request.id == "R2026-000001");
  auto again = store->Intake(SampleRecord("correction", "same-key-0001"), kClerk, kNow + std::chrono::minutes(3));
  REQUIRE(again.ok());
  CHECK_FALSE(again->created);
  CHECK(again->request == first->request);
  CHECK(Count(*store, "SELECT count(*) FROM requests") == 1);
  CHECK(Count(*store, "SELECT count(*) FROM history") == 1);

  auto second = store->Intake(SampleRecord("suspension", "other-key-0002"), kClerk, kNow);
  REQUIRE(second.ok());
  CHECK(second->request.id == "R2026-000002");
  auto next_year = store->Intake(SampleRecord("suspension", "other-key-0003"), kClerk,
                                 *ParseTimestamp("2027-01-04T09:00:00+09:00"));
  REQUIRE(next_year.ok());
  CHECK(next_year->request.id == "R2027-000001");
}

TEST_CASE("a refused event writes nothing", "[store]") {
  TempDir dir;
  auto store = OpenStore(dir.file("madoguchi.db"));
  auto in = store->Intake(SampleRecord("disclosure", "refused-0001"), kClerk, kNow);
  REQUIRE(in.ok());
  auto stale = store->Advance(in->request.id, kManager, {Event::kExtend, {{"days", 7}, {"reason_code", "other"}, {"reason", "r"}}, 5}, kNow);
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.status().code() == Status::Code::kConflict);
  auto unknown = store->Advance("R2026-999999", kManager, {Event::kExtend, {{"days", 7}, {"reason_code", "other"}, {"reason", "r"}}, 1}, kNow);
  CHECK(unknown.status().code() == Status::Code::kNotFound);
  CHECK(Count(*store, "SELECT count(*) FROM history") == 1);
  CHECK(store->Get(in->request.id)->version == 1);
}

TEST_CASE("a transaction that fails half way leaves nothing behind", "[store]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  std::string id;
  {
    auto store = OpenStore(path);
    auto in = store->Intake(SampleRecord("disclosure", "halfway-0001"), kClerk, kNow);
    REQUIRE(in.ok());
    id = in->request.id;
    // The request row is updated first; then the history insert fails inside SQLite.
    store->db().exec(
        "CREATE TRIGGER fail_note BEFORE INSERT ON history WHEN NEW.event = 'note' "
        "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;"
        "CREATE TRIGGER fail_intake BEFORE INSERT ON history WHEN NEW.event = 'intake' "
        "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;");
    auto note = store->Advance(id, kClerk, {Event::kNote, {{"text", "電話あり"}}, 1}, kNow);
    REQUIRE_FALSE(note.ok());
    CHECK(note.status().code() == Status::Code::kIoError);
    CHECK_THAT(note.status().message(), Catch::Contains("disk trouble"));

    auto intake = store->Intake(SampleRecord("correction", "halfway-0002"), kClerk, kNow);
    REQUIRE_FALSE(intake.ok());
    store->db().exec("DROP TRIGGER fail_note; DROP TRIGGER fail_intake;");
  }
  auto store = OpenStore(path);
  CHECK(store->Get(id)->version == 1);
  CHECK(store->History(id)->size() == 1);
  CHECK(Count(*store, "SELECT count(*) FROM requests") == 1);
  CHECK(Count(*store, "SELECT count(*) FROM personal_records") == 1);
  // The failed intake did not use up a request number either.
  auto next = store->Intake(SampleRecord("correction", "halfway-0003"), kClerk, kNow);
  REQUIRE(next.ok());
  CHECK(next->request.id == "R2026-000002");
}

TEST_CASE("history is append-only", "[store]") {
  TempDir dir;
  auto store = OpenStore(dir.file("madoguchi.db"));
  REQUIRE(store->Intake(SampleRecord("disclosure", "append-0001"), kClerk, kNow).ok());
  CHECK_THROWS_WITH(store->db().exec("UPDATE history SET actor = 'someone else'"),
                    Catch::Contains("append-only"));
  CHECK_THROWS_WITH(store->db().exec("DELETE FROM history"), Catch::Contains("append-only"));
}

TEST_CASE("a bad record is refused with every offending field named", "[store]") {
  TempDir dir;
  auto store = OpenStore(dir.file("madoguchi.db"));
  nlohmann::json record = SampleRecord("disclosure", "bad-0001");
  record["requester"]["birth_date"] = "2023-02-29";
  record["categories"] = {"receipts", "horoscope"};
  record.erase("disclosure_method");
  auto in = store->Intake(record, kClerk, kNow);
  REQUIRE_FALSE(in.ok());
  CHECK(in.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(in.status().message(), Catch::Contains("requester.birth_date: 2023-02-29 is not a date"));
  CHECK_THAT(in.status().message(), Catch::Contains("categories[1]: 'horoscope' is not a data category"));
  CHECK_THAT(in.status().message(), Catch::Contains("disclosure_method"));
  CHECK(Count(*store, "SELECT count(*) FROM requests") == 0);
}

TEST_CASE("migrations run once and a newer schema is refused", "[store]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  { OpenStore(path); }
  { OpenStore(path); }  // a second open finds nothing to do
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = " + std::to_string(LatestSchemaVersion() + 1));
  }
  auto newer = RequestWriter::Open(path, DefaultWorkflow(), madoguchi::testing::TestVault());
  REQUIRE_FALSE(newer.ok());
  CHECK(newer.status().code() == Status::Code::kCorruption);
  CHECK_THAT(newer.status().message(), Catch::Contains("newer than this Madoguchi knows"));
}

TEST_CASE("a foreign or corrupt file is refused and left untouched", "[store]") {
  TempDir dir;
  SECTION("another application's SQLite database") {
    const std::string path = dir.file("other.db");
    {
      SQLite::Database other(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      other.exec("CREATE TABLE invoices(id INTEGER PRIMARY KEY, amount INTEGER); INSERT INTO invoices VALUES (1, 500)");
    }
    std::string before = ReadFile(path);
    auto store = RequestWriter::Open(path, DefaultWorkflow(), madoguchi::testing::TestVault());
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().code() == Status::Code::kCorruption);
    CHECK_THAT(store.status().message(), Catch::Contains("not a Madoguchi database"));
    CHECK(ReadFile(path) == before);
  }
  SECTION("a file that is not SQLite at all") {
    const std::string path = dir.file("notes.db");
    std::string junk(8192, 'x');
    std::ofstream(path, std::ios::binary) << junk;
    auto store = RequestWriter::Open(path, DefaultWorkflow(), madoguchi::testing::TestVault());
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().code() == Status::Code::kCorruption);
    CHECK(ReadFile(path) == junk);
  }
}

TEST_CASE("a group commit applies good commands and refuses bad ones alone", "[store]") {
  TempDir dir;
  auto store = OpenStore(dir.file("madoguchi.db"));
  auto first = store->Intake(SampleRecord("disclosure", "batch-0001"), kClerk, kNow);
  REQUIRE(first.ok());
  const std::string id = first->request.id;

  auto intake = [](const std::string& key) {
    WriteCommand c;
    c.kind = WriteCommand::Kind::kIntake;
    c.actor = kClerk;
    c.record = SampleRecord("correction", key);
    return c;
  };
  auto note = [&](int64_t version) {
    WriteCommand c;
    c.kind = WriteCommand::Kind::kAdvance;
    c.actor = kClerk;
    c.id = id;
    c.event = {Event::kNote, {{"text", "メモ"}}, version};
    return c;
  };
  nlohmann::json bad_record = SampleRecord("correction", "batch-0003");
  bad_record["requester"].erase("name");
  WriteCommand bad = intake("batch-0003");
  bad.record = bad_record;

  std::vector<WriteResult> results =
      store->ApplyBatch({intake("batch-0002"), note(1), note(1), bad, intake("batch-0002"), note(2)}, kNow);
  REQUIRE(results.size() == 6);
  CHECK(results[0].status.ok());
  CHECK(results[0].created);
  CHECK(results[1].status.ok());
  CHECK(results[2].status.code() == Status::Code::kConflict);  // the first note moved it to version 2
  CHECK(results[3].status.code() == Status::Code::kInvalidArgument);
  CHECK(results[4].status.ok());  // same key in the same batch: the request made a moment before
  CHECK_FALSE(results[4].created);
  CHECK(results[4].request.id == results[0].request.id);
  CHECK(results[5].status.ok());
  CHECK(results[5].request.version == 3);

  CHECK(Count(*store, "SELECT count(*) FROM requests") == 2);
  CHECK(Count(*store, "SELECT count(*) FROM history") == 4);  // two intakes, two notes
  CHECK(store->Get(id)->version == 3);
}

TEST_CASE("reminder timers follow the due date: stopped, resumed, extended, closed", "[store]") {
  TempDir dir;
  auto store = OpenStore(dir.file("madoguchi.db"));
  auto in = store->Intake(SampleRecord("correction", "timers-0001"), kClerk, kNow);  // due 2026-12-09
  REQUIRE(in.ok());
  const std::string id = in->request.id;
  ReminderTimerStore timers(store->db());
  auto kinds = [&] {
    std::vector<std::string> out;
    for (const auto& t : timers.Pending(id)) out.push_back(t.kind + "@" + t.fire_on.ToIso());
    return out;
  };
  CHECK(kinds() == std::vector<std::string>{"before:3@2026-12-04", "before:1@2026-12-08", "due@2026-12-09",
                                            "overdue@2026-12-10"});
  int64_t v = 1;
  auto advance = [&](const Actor& actor, Event e, nlohmann::json data, Timestamp at) {
    auto r = store->Advance(id, actor, {e, std::move(data), v}, at);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    v = r->version;
  };
  advance(kClerk, Event::kRequestDocuments, {{"missing", {"住民票"}}}, kNow);
  CHECK(kinds().empty());  // the clock is stopped: nobody is chased
  advance(kClerk, Event::kDocumentsReceived, {{"received", {"住民票"}}}, kNow + std::chrono::days(7));
  CHECK(kinds() == std::vector<std::string>{"before:3@2026-12-11", "before:1@2026-12-15", "due@2026-12-16",
                                            "overdue@2026-12-17"});
  advance(kManager, Event::kExtend, {{"days", 7}, {"reason_code", "third_party_consultation"}, {"reason", "照会に時間を要するため"}}, kNow + std::chrono::days(8));
  CHECK(kinds().back() == "overdue@2026-12-24");
  advance(kClerk, Event::kWithdraw, {{"reason", "取下げ"}}, kNow + std::chrono::days(9));
  CHECK(kinds().empty());

  // Each event that sends a letter put its job in the outbox in the same transaction.
  CHECK(Count(*store, "SELECT count(*) FROM outbox WHERE kind = 'letter'") == 3);  // acknowledgement, documents, extension
}
