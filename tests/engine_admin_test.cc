// madoguchi-engine's own commands: init, user add/disable/list, and how
// they refuse what they must not do.
#include <catch2/catch.hpp>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <SQLiteCpp/SQLiteCpp.h>

#include "engine_process.h"
#include "protocol/key_file.h"

using namespace madoguchi;
using madoguchi::testing::CommandOutput;
using madoguchi::testing::EngineBinary;
using madoguchi::testing::EngineRunCommand;
using madoguchi::testing::RunCommand;
using madoguchi::testing::TempDir;

namespace {

unsigned Mode(const std::string& path) {
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("engine admin: init makes a private folder and refuses to run twice", "[engine]") {
  TempDir dir;
  const std::string data = dir.file("data");
  auto init = RunCommand(EngineBinary() + " init --data " + data);
  REQUIRE(init.exit_code == 0);
  CHECK(Mode(data) == 0700);
  CHECK(Mode(data + "/engine.key") == 0600);
  CHECK(Mode(data + "/madoguchi.json") == 0600);
  std::ifstream config(data + "/madoguchi.json");
  nlohmann::json c = nlohmann::json::parse(config);
  CHECK(c["society"]["name"] == "デクセリアルズ健康保険組合");
  CHECK(c["society"]["phone"] == "03-3538-1235");
  CHECK(c["endpoints"]["commands"] == "tcp://127.0.0.1:7460");
  CHECK(c["deadline_policy"]["types"]["disclosure"]["with_receipts"]["days"] == 30);

  std::string key_before = [&] { std::ifstream in(data + "/engine.key"); return std::string((std::istreambuf_iterator<char>(in)), {}); }();
  auto again = RunCommand(EngineBinary() + " init --data " + data);
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.out, Catch::Contains("initialised already"));
  std::ifstream in(data + "/engine.key");
  CHECK(std::string((std::istreambuf_iterator<char>(in)), {}) == key_before);  // keys never overwritten
}

TEST_CASE("engine admin: user add writes a 0600 key file and refuses bad names, roles and duplicates", "[engine]") {
  TempDir dir;
  const std::string data = dir.file("data");
  REQUIRE(RunCommand(EngineBinary() + " init --data " + data).exit_code == 0);
  auto add = RunCommand(EngineBinary() + " user add clerk1 --role clerk --email clerk1@example.jp --data " + data);
  REQUIRE(add.exit_code == 0);
  CHECK(Mode(data + "/keys/clerk1.key") == 0600);
  Result<KeyFile> key = KeyFile::Load(data + "/keys/clerk1.key");
  REQUIRE(key.ok());
  CHECK(key->role == "clerk");
  CHECK(key->engine_endpoint == "tcp://127.0.0.1:7460");
  auto worker = RunCommand(EngineBinary() + " user add letters1 --role worker --kinds letter --data " + data);
  REQUIRE(worker.exit_code == 0);
  CHECK(KeyFile::Load(data + "/keys/letters1.key")->engine_endpoint == "tcp://127.0.0.1:7461");

  CHECK(RunCommand(EngineBinary() + " user add clerk1 --role clerk --data " + data + " --out " + dir.file("x.key")).exit_code == 1);
  CHECK(RunCommand(EngineBinary() + " user add 'bad name' --role clerk --data " + data).exit_code == 1);
  auto role = RunCommand(EngineBinary() + " user add boss --role emperor --data " + data);
  CHECK(role.exit_code == 1);
  CHECK_THAT(role.out, Catch::Contains("unknown role"));

  auto list = RunCommand(EngineBinary() + " user list --data " + data);
  CHECK_THAT(list.out, Catch::Contains("clerk1\tclerk\tactive"));
  REQUIRE(RunCommand(EngineBinary() + " user disable clerk1 --data " + data).exit_code == 0);
  CHECK_THAT(RunCommand(EngineBinary() + " user list --data " + data).out, Catch::Contains("clerk1\tclerk\tdisabled"));
  CHECK(RunCommand(EngineBinary() + " user disable nobody --data " + data).exit_code == 1);

  // A key file others may read is refused by the clients.
  ::chmod((data + "/keys/clerk1.key").c_str(), 0644);
  Result<KeyFile> loose = KeyFile::Load(data + "/keys/clerk1.key");
  CHECK(loose.status().code() == Status::Code::kPermissionDenied);
}

TEST_CASE("engine admin: a broken configuration stops the engine with the field named", "[engine]") {
  TempDir dir;
  const std::string data = dir.file("data");
  REQUIRE(RunCommand(EngineBinary() + " init --data " + data).exit_code == 0);
  std::ifstream in(data + "/madoguchi.json");
  nlohmann::json c = nlohmann::json::parse(in);
  c["limits"]["max_batch"] = 0;
  c["deadline_policy"]["types"]["correction"]["unit"] = "weeks";
  std::ofstream(data + "/madoguchi.json") << c.dump(2);
  auto run = RunCommand("timeout 20 " + EngineRunCommand(data));
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("limits.max_batch"));
  auto uninitialised = RunCommand("timeout 20 " + EngineRunCommand(dir.file("nothing-here")));
  CHECK(uninitialised.exit_code == 1);
  CHECK_THAT(uninitialised.out, Catch::Contains("madoguchi-engine init"));
}

TEST_CASE("engine admin: user passwd takes a password from a pipe and refuses what it must", "[engine]") {
  TempDir dir;
  const std::string data = dir.file("data");
  REQUIRE(RunCommand(EngineBinary() + " init --data " + data).exit_code == 0);
  REQUIRE(RunCommand(EngineBinary() + " user add clerk1 --role clerk --data " + data).exit_code == 0);
  REQUIRE(RunCommand(EngineBinary() + " user add letters1 --role worker --kinds letter --data " + data).exit_code == 0);
  auto passwd = [&](const std::string& user, const std::string& password) {
    return RunCommand("printf '%s\\n' '" + password + "' | " + EngineBinary() + " user passwd " + user + " --data " + data);
  };

  auto ok = passwd("clerk1", "a-long-enough-password");
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("set the web desk password of clerk1"));
  auto short_one = passwd("clerk1", "short");
  CHECK(short_one.exit_code == 1);
  CHECK_THAT(short_one.out, Catch::Contains("at least 12 characters"));
  auto worker = passwd("letters1", "a-long-enough-password");
  CHECK(worker.exit_code == 1);
  CHECK_THAT(worker.out, Catch::Contains("is a worker"));
  auto nobody = passwd("nobody", "a-long-enough-password");
  CHECK(nobody.exit_code == 1);
  CHECK_THAT(nobody.out, Catch::Contains("no user nobody"));
  auto empty = RunCommand(EngineBinary() + " user passwd clerk1 --data " + data + " </dev/null");
  CHECK(empty.exit_code == 1);
  CHECK_THAT(empty.out, Catch::Contains("no password on standard input"));
  // Only the Argon2id hash is in the database file, never the password.
  auto dump = RunCommand("sqlite3 " + data + "/madoguchi.db 'SELECT password_hash FROM web_credentials'");
  CHECK_THAT(dump.out, Catch::StartsWith("$argon2id$"));
  auto grep = RunCommand("cat " + data + "/madoguchi.db* | grep -c a-long-enough-password");
  CHECK(grep.out == "0\n");
}

// Issue 15, part 5: what is changed on the server, bypassing the command
// path, is audited too, in the same transaction, as the account that ran it.
TEST_CASE("engine admin: user add, role, passwd, token and disable leave audit records naming the OS user",
          "[engine][audit]") {
  TempDir dir;
  const std::string data = dir.file("data");
  REQUIRE(RunCommand(EngineBinary() + " init --data " + data).exit_code == 0);
  REQUIRE(RunCommand(EngineBinary() + " user add clerk1 --role clerk --data " + data).exit_code == 0);
  REQUIRE(RunCommand(EngineBinary() + " user role clerk1 reviewer --data " + data).exit_code == 0);
  REQUIRE(RunCommand("printf '%s\\n' 'a-long-enough-password' | " + EngineBinary() + " user passwd clerk1 --data " + data)
              .exit_code == 0);
  CommandOutput token = RunCommand(EngineBinary() + " user token clerk1 --data " + data);
  REQUIRE(token.exit_code == 0);
  REQUIRE(RunCommand(EngineBinary() + " user disable clerk1 --data " + data).exit_code == 0);
  // Refused before anything changed: nothing to record.
  REQUIRE(RunCommand(EngineBinary() + " user disable nobody --data " + data).exit_code == 1);

  const passwd* pw = ::getpwuid(::geteuid());
  REQUIRE(pw != nullptr);
  const std::string actor = std::string("server:") + pw->pw_name;
  SQLite::Database db(data + "/madoguchi.db", SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT command, target, actor, result FROM audit WHERE source = 'server' ORDER BY seq");
  std::vector<std::string> records;
  while (q.executeStep()) {
    CHECK(q.getColumn(2).getString() == actor);
    CHECK(q.getColumn(3).getString() == "ok");
    records.push_back(q.getColumn(0).getString() + " " + q.getColumn(1).getString());
  }
  CHECK(records == std::vector<std::string>{"user add clerk1", "user role clerk1", "user passwd clerk1",
                                            "user token clerk1", "user disable clerk1"});
  // What changed, never the secret itself.
  SQLite::Statement details(db, "SELECT detail FROM audit WHERE source = 'server' ORDER BY seq");
  std::vector<std::string> said;
  while (details.executeStep()) said.push_back(details.getColumn(0).getString());
  REQUIRE(said.size() == 5);
  CHECK(said[3].rfind("expires ", 0) == 0);  // the token's expiry, never the token
  said[3].clear();
  CHECK(said == std::vector<std::string>{"role clerk", "clerk -> reviewer", "", "", ""});
  CommandOutput verified = RunCommand(EngineBinary() + " audit-verify --data " + data);
  INFO(verified.out);
  CHECK(verified.exit_code == 0);
}
