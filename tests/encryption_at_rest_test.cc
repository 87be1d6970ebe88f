// Encryption at rest of personal fields (issue 7, part 1), end to end with a
// real engine: distinctive personal values taken in are found nowhere in
// clear — not in the database file or its WAL (raw bytes, and the real
// sqlite3 shell's .dump), not in the logs (at debug level), not in the
// outbox — while show still returns them and search by insured number or
// name finds the request by its blind-index tokens, under the role rules.
// Also: an older plaintext database sealed at the first start, the engine
// refusing to start without its key file, and the modes of files and folders.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "audit_check.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "mail/maildir.h"
#include "store/data_key_ring.h"
#include "store/personal_vault.h"
#include "store/record_seal.h"
#include "store/request_rows.h"
#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::Call;
using madoguchi::testing::ReadFile;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::EngineBinary;
using madoguchi::testing::EngineRunCommand;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::LetterWorkerBinary;
using madoguchi::testing::QuickWorkers;
using madoguchi::testing::RunCommand;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TempDir;
using madoguchi::testing::UndoStepsFrom14;

namespace {

// Values that occur nowhere else in a data folder.
const std::vector<std::string> kSecrets = {"鷺ノ宮 紫苑", "サギノミヤ シオン", "73914682", "北海道釧路市幣舞町9-8-7",
                                           "0154-99-8877", "shion.saginomiya@example.jp", "左膝の手術記録について知りたい",
                                           "1966-11-03", "ゆうちょ振替口座番号"};

nlohmann::json SecretRecord(const std::string& key) {
  nlohmann::json r = SampleRecord("disclosure", key);
  r["requester"]["name"] = kSecrets[0];
  r["requester"]["kana"] = kSecrets[1];
  r["requester"]["insured_symbol"] = "KS";
  r["requester"]["insured_number"] = kSecrets[2];
  r["requester"]["address"] = kSecrets[3];
  r["requester"]["phone"] = kSecrets[4];
  r["requester"]["email"] = kSecrets[5];
  r["requester"]["birth_date"] = kSecrets[7];
  r["free_text"] = kSecrets[6];
  r["disclosure_method_detail"] = kSecrets[8];
  return r;
}

// Every secret value found in `text`.
std::vector<std::string> SecretsIn(const std::string& text) {
  std::vector<std::string> found;
  for (const std::string& s : kSecrets) {
    if (text.find(s) != std::string::npos) found.push_back(s);
  }
  return found;
}

// The database file, its WAL, and everything under logs/, as raw bytes; plus
// what the sqlite3 shell shows of the database.
void RequireNoSecretsAtRest(const EngineProcess& engine) {
  const std::string db = engine.data_dir() + "/madoguchi.db";
  for (const std::string& file : {db, db + "-wal"}) {
    INFO(file);
    CHECK(SecretsIn(ReadFile(file)).empty());
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(engine.data_dir() + "/logs")) {
    if (!entry.is_regular_file()) continue;
    INFO(entry.path().string());
    CHECK(SecretsIn(ReadFile(entry.path().string())).empty());
  }
  auto dump = RunCommand("/usr/bin/sqlite3 -readonly '" + db + "' .dump");
  REQUIRE(dump.exit_code == 0);
  REQUIRE(dump.out.find("CREATE TABLE personal_records") != std::string::npos);
  CHECK(SecretsIn(dump.out).empty());
  auto outbox = RunCommand("/usr/bin/sqlite3 -readonly '" + db + "' 'SELECT payload FROM outbox'");
  REQUIRE(outbox.exit_code == 0);
  CHECK(SecretsIn(outbox.out).empty());
}

std::vector<std::string> Ids(const nlohmann::json& list) {
  std::vector<std::string> ids;
  for (const auto& item : list["items"]) ids.push_back(item["id"]);
  return ids;
}

int Mode(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return static_cast<int>(st.st_mode & 0777);
}

}  // namespace

TEST_CASE("no personal data in clear in the database file the logs or the outbox", "[seal]") {
  EngineProcess engine;
  engine.EditConfig([](nlohmann::json& c) { c["log"]["level"] = "debug"; });
  engine.Start();
  std::string id = Call(engine, "clerk1", "intake", {{"record", SecretRecord("seal-0001")}})["id"];
  std::string other = Call(engine, "clerk1", "intake", {{"record", SampleRecord("disclosure", "seal-0002")}})["id"];
  // A refused intake (an invalid phone next to the secrets) must not log them either.
  nlohmann::json bad = SecretRecord("seal-0003");
  bad["requester"]["phone"] = "電話 " + kSecrets[4];
  CHECK_FALSE(engine.Client("clerk1")->Call("intake", {{"record", bad}}).ok());

  // (b) show gives them back to those who may see them.
  nlohmann::json show = Call(engine, "clerk1", "show", {{"id", id}});
  CHECK(show["personal"]["requester"]["name"] == kSecrets[0]);
  CHECK(show["personal"]["requester"]["email"] == kSecrets[5]);
  CHECK(show["personal"]["free_text"] == kSecrets[6]);

  // (c) search by blind index: folded widths and spaces, only the right request.
  CHECK(Ids(Call(engine, "clerk1", "list", {{"insured_number", "７３９１４６８２"}})) == std::vector<std::string>{id});
  CHECK(Ids(Call(engine, "clerk1", "list", {{"insured_number", "ks-73914682"}})) == std::vector<std::string>{id});
  CHECK(Ids(Call(engine, "manager1", "list", {{"name", "鷺ノ宮紫苑"}})) == std::vector<std::string>{id});
  CHECK(Ids(Call(engine, "manager1", "list", {{"name", "サギノミヤ　シオン"}})) == std::vector<std::string>{id});
  CHECK(Ids(Call(engine, "clerk1", "list", {{"name", "山田花子"}})) == std::vector<std::string>{other});
  CHECK(Ids(Call(engine, "clerk1", "list", {{"name", "鷺ノ宮紫苑"}, {"insured_number", "56789"}})).empty());
  CHECK(Ids(Call(engine, "clerk1", "list", {{"insured_number", "7391468"}})).empty());  // whole values only
  // The same through `madoguchi list`.
  auto cli = madoguchi::testing::RunClient(engine, "clerk1", "list --insured-number ' 7391-4682 ' --name 'サギノミヤ シオン'");
  INFO(cli.out);
  CHECK(cli.exit_code == 0);
  CHECK(cli.out.find(id) != std::string::npos);
  CHECK(cli.out.find(other) == std::string::npos);
  auto auditor = engine.Client("auditor1")->Call("list", {{"insured_number", kSecrets[2]}});
  REQUIRE_FALSE(auditor.ok());
  CHECK(auditor.status().code() == Status::Code::kPermissionDenied);
  // A reviewer finds only the requests assigned to them.
  CHECK(Ids(Call(engine, "reviewer1", "list", {{"insured_number", kSecrets[2]}})).empty());
  madoguchi::testing::Advance(engine, "clerk1", id, "verify_identity",
                              {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}}}}});
  madoguchi::testing::Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});
  CHECK(Ids(Call(engine, "reviewer1", "list", {{"insured_number", kSecrets[2]}})) == std::vector<std::string>{id});
  CHECK(Ids(Call(engine, "reviewer2", "list", {{"insured_number", kSecrets[2]}})).empty());

  // (a) while the engine runs (WAL in use) and after it stopped (checkpointed).
  RequireNoSecretsAtRest(engine);
  REQUIRE(engine.Stop() == 0);
  RequireNoSecretsAtRest(engine);
  // The test would see them: the secrets are in the key-opened record.
  Result<DataKeyRing> ring = DataKeyRing::Load(engine.data_dir() + "/data.key");
  REQUIRE(ring.ok());
  SQLite::Database db(engine.data_dir() + "/madoguchi.db", SQLite::OPEN_READONLY);
  SQLite::Statement st(db, "SELECT key_id, sealed FROM personal_records WHERE request_id = ?");
  st.bind(1, id);
  REQUIRE(st.executeStep());
  std::string key_id = st.getColumn(0).getString();
  std::string sealed(static_cast<const char*>(st.getColumn(1).getBlob()), static_cast<size_t>(st.getColumn(1).getBytes()));
  REQUIRE(ring->Find(key_id) != nullptr);
  Result<std::string> plain = OpenRecord(*ring->Find(key_id), sealed, PersonalAssociatedData(id, key_id));
  REQUIRE(plain.ok());
  CHECK(SecretsIn(*plain).size() == kSecrets.size());
  // Bound to its request: the same blob does not open as another request's.
  CHECK_FALSE(OpenRecord(*ring->Find(key_id), sealed, PersonalAssociatedData(other, key_id)).ok());
}

TEST_CASE("an older plaintext database is sealed at the first start and its plaintext is gone from the file", "[seal]") {
  EngineProcess engine;
  engine.Start();
  std::string id = Call(engine, "clerk1", "intake", {{"record", SecretRecord("old-0001")}})["id"];
  std::string other = Call(engine, "clerk1", "intake", {{"record", SampleRecord("correction", "old-0002")}})["id"];
  REQUIRE(engine.Stop() == 0);

  // Made into a database of before sealing: the records in clear in
  // request_personal, no sealed row, no recorded key, and no key file.
  const std::string path = engine.data_dir() + "/madoguchi.db";
  {
    const std::shared_ptr<PersonalVault> vault = engine.DataVault();
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    for (const std::string& r : {id, other}) {
      Result<nlohmann::json> personal = LoadPersonal(db, *vault, r);
      REQUIRE(personal.ok());
      SQLite::Statement put(db, "INSERT INTO request_personal(request_id, record) VALUES (?, ?)");
      put.bind(1, r);
      put.bind(2, personal->dump());
      put.exec();
    }
    db.exec("DELETE FROM personal_records; DELETE FROM search_index; DELETE FROM seal_state;"
            "UPDATE requests SET person_key = NULL");
    // Nor did its tokens expire, nor was its audit chain keyed or anchored.
    UndoStepsFrom14(db, 13);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  std::filesystem::remove(engine.data_dir() + "/data.key");
  std::filesystem::remove(engine.data_dir() + "/audit.anchor");
  REQUIRE(SecretsIn(ReadFile(path)).size() == kSecrets.size());  // the test can see plaintext when it is there

  engine.Start();
  CHECK(Call(engine, "clerk1", "show", {{"id", id}})["personal"]["requester"]["address"] == kSecrets[3]);
  CHECK(Call(engine, "clerk1", "show", {{"id", other}})["personal"]["requester"]["name"] == "山田 花子");
  CHECK(Ids(Call(engine, "clerk1", "list", {{"insured_number", kSecrets[2]}})) == std::vector<std::string>{id});
  CHECK(std::filesystem::exists(engine.data_dir() + "/data.key"));  // made, since nothing was sealed yet
  RequireNoSecretsAtRest(engine);
  REQUIRE(engine.Stop() == 0);
  RequireNoSecretsAtRest(engine);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM request_personal").getInt() == 0);
  CHECK(db.execAndGet("SELECT count(*) FROM personal_records").getInt() == 2);
  CHECK(db.execAndGet("SELECT count(*) FROM requests WHERE person_key IS NULL").getInt() == 0);
}

TEST_CASE("the engine refuses to start without its key file when records are sealed", "[seal]") {
  EngineProcess engine;
  engine.Start();
  std::string id = Call(engine, "clerk1", "intake", {{"record", SecretRecord("nokey-0001")}})["id"];
  REQUIRE(engine.Stop() == 0);
  const std::string key = engine.data_dir() + "/data.key";
  std::filesystem::rename(key, key + ".elsewhere");

  auto run = RunCommand("timeout 20 " + EngineRunCommand(engine.data_dir()) + " 2>&1");
  CHECK(run.exit_code != 0);
  CHECK(run.exit_code != 124);  // refused at once, not still running
  CHECK_THAT(run.out, Catch::Contains(key) && Catch::Contains("missing"));
  CHECK_FALSE(std::filesystem::exists(key));  // no new key was made
  auto rotate = RunCommand(EngineBinary() + " rotate-key --data '" + engine.data_dir() + "' 2>&1");
  CHECK(rotate.exit_code != 0);
  CHECK_FALSE(std::filesystem::exists(key));

  std::filesystem::rename(key + ".elsewhere", key);
  engine.Start();
  CHECK(Call(engine, "clerk1", "show", {{"id", id}})["personal"]["requester"]["name"] == kSecrets[0]);
}

TEST_CASE("modes: the database and key file 0600 and the logs letters and mail folders 0700", "[seal]") {
  EngineProcess engine;
  QuickWorkers(engine);
  // Folders made before the rule, wide open: put right at start and use.
  std::filesystem::create_directories(engine.data_dir() + "/letters");
  ::chmod((engine.data_dir() + "/letters").c_str(), 0755);
  ::chmod((engine.data_dir() + "/logs").c_str(), 0755);
  ::chmod((engine.data_dir() + "/madoguchi.db").c_str(), 0644);
  engine.Start();
  ChildProcess worker;
  engine.StartWorker(worker, LetterWorkerBinary(), {}, "letter-worker.log");
  std::string id = Call(engine, "clerk1", "intake", {{"record", SecretRecord("modes-0001")}})["id"];
  // The acknowledgement letter lands in DATA/letters.
  for (int i = 0; i < 300 && Call(engine, "clerk1", "letters", {{"id", id}})["items"].empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE_FALSE(Call(engine, "clerk1", "letters", {{"id", id}})["items"].empty());

  const std::string db = engine.data_dir() + "/madoguchi.db";
  CHECK(Mode(db) == 0600);
  CHECK(Mode(db + "-wal") == 0600);
  CHECK(Mode(db + "-shm") == 0600);
  CHECK(Mode(engine.data_dir() + "/data.key") == 0600);
  CHECK(Mode(engine.data_dir() + "/logs") == 0700);
  CHECK(Mode(engine.data_dir() + "/logs/engine.log") == 0600);
  CHECK(Mode(engine.data_dir() + "/letters") == 0700);
  for (const auto& entry : std::filesystem::directory_iterator(engine.data_dir() + "/letters")) {
    INFO(entry.path().string());
    CHECK(Mode(entry.path().string()) == 0600);
  }

  // The reminder worker's maildir, made before with 0755.
  TempDir mail;
  const std::string maildir = mail.file("Maildir");
  std::filesystem::create_directories(maildir);
  ::chmod(maildir.c_str(), 0755);
  REQUIRE(MaildirDelivery::Open(maildir).ok());
  CHECK(Mode(maildir) == 0700);
  TempDir fresh;
  REQUIRE(MaildirDelivery::Open(fresh.file("new/Maildir")).ok());
  CHECK(Mode(fresh.file("new/Maildir")) == 0700);
}
