// Web desk credentials (issue 14, item 12): the password policy of
// `madoguchi-engine user passwd`, and bearer tokens that expire and can be
// revoked. Real engine processes, their real database, real HTTP.
#include <catch2/catch.hpp>

#include "audit_check.h"
#include "engine_process.h"
#include "store/database.h"
#include "test_support.h"
#include "web_client.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

CommandOutput Passwd(const EngineProcess& engine, const std::string& user, const std::string& password) {
  return RunCommand("printf '%s\\n' '" + password + "' | " + EngineBinary() + " user passwd " + user + " --data " +
                    engine.data_dir());
}

// `user token USER ARGS`: the token (standard output's first line) and all it printed.
struct MadeToken {
  int exit_code = -1;
  std::string token;
  std::string said;  // standard error
};

MadeToken Token(const EngineProcess& engine, const std::string& user, const std::string& args = "") {
  TempDir dir;
  CommandOutput run = RunCommand("(" + EngineBinary() + " user token " + user + " --data " + engine.data_dir() + " " +
                                 args + " 2>" + dir.file("stderr") + ")");
  return {run.exit_code, run.out.substr(0, run.out.find('\n')), ReadFile(dir.file("stderr"))};
}

int StatsWith(WebClient& web, const std::string& token) {
  return web.Post("/api/stats", nlohmann::json::object(), false, {{"Authorization", "Bearer " + token}}).status;
}

}  // namespace

TEST_CASE("credentials: a password is refused when short, common or the user's name, with a clear reason", "[web][credentials]") {
  EngineProcess engine;
  struct Refused {
    std::string password;
    std::string reason;
  };
  for (const Refused& r : std::vector<Refused>{
           {"aaaaaaaaaa", "at least 12 characters"},
           {"abcdefghijk", "at least 12 characters"},     // 11
           {"パスワード", "at least 12 characters"},            // counted in characters, not bytes
           {"1qaz2wsx3edc", "common"},                    // on the list as it is
           {"Password1234", "common"},                    // a listed password with digits added
           {"!!Sunshine2026!!", "common"},
           {"my-clerk1-secret", "user name"},
           {"MY-CLERK1-SECRET", "user name"},             // case-blind
       }) {
    INFO(r.password);
    CommandOutput set = Passwd(engine, "clerk1", r.password);
    CHECK(set.exit_code == 1);
    CHECK_THAT(set.out, Catch::Contains(r.reason));
  }
  CommandOutput good = Passwd(engine, "clerk1", "kiku-to-sakura-no-niwa");
  INFO(good.out);
  REQUIRE(good.exit_code == 0);

  engine.Start();
  WebClient web(engine.web_url());
  CHECK(web.SignIn("clerk1", "my-clerk1-secret").status == 401);  // the refused one never took effect
  CHECK(web.SignIn("clerk1", "kiku-to-sakura-no-niwa").status == 200);
  CHECK(engine.Stop() == 0);
}

TEST_CASE("credentials: a bearer token expires, says when, and --revoke ends it", "[web][credentials]") {
  EngineProcess engine;
  engine.Start();
  WebClient web(engine.web_url());

  MadeToken made = Token(engine, "manager1");
  REQUIRE(made.exit_code == 0);
  REQUIRE(made.token.size() == 43);
  CHECK_THAT(made.said, Catch::Contains("expires") && Catch::Contains("(90 days)"));
  CHECK(StatsWith(web, made.token) == 200);

  // Its expiry is in the database; once past, the token opens nothing.
  {
    auto db = OpenDatabase(engine.data_dir() + "/madoguchi.db", OpenMode::kReadWrite);
    REQUIRE(db.ok());
    SQLite::Statement set(**db, "UPDATE web_credentials SET token_expires_at = '2026-01-01T00:00:00+09:00' WHERE user_name = 'manager1'");
    REQUIRE(set.exec() == 1);
  }
  CHECK(StatsWith(web, made.token) == 401);

  // --days: 0 is a token that has already expired; a negative number is refused.
  MadeToken none = Token(engine, "manager1", "--days 0");
  REQUIRE(none.exit_code == 0);
  CHECK(StatsWith(web, none.token) == 401);
  CHECK(Token(engine, "manager1", "--days -1").exit_code != 0);
  MadeToken week = Token(engine, "manager1", "--days 7");
  REQUIRE(week.exit_code == 0);
  CHECK_THAT(week.said, Catch::Contains("(7 days)"));
  CHECK(StatsWith(web, week.token) == 200);

  // --revoke ends it at once, engine running; nothing is printed on standard output.
  MadeToken revoked = Token(engine, "manager1", "--revoke");
  REQUIRE(revoked.exit_code == 0);
  CHECK(revoked.token.empty());
  CHECK(StatsWith(web, week.token) == 401);
  CHECK(engine.Stop() == 0);
}

TEST_CASE("credentials: a token made before tokens expired works 90 days from when it was made", "[web][credentials]") {
  EngineProcess engine;
  MadeToken made = Token(engine, "manager1");
  REQUIRE(made.exit_code == 0);
  const std::string path = engine.data_dir() + "/madoguchi.db";
  {
    // The database as migration 13 left it: a token with no expiry.
    auto db = OpenDatabase(path, OpenMode::kReadWrite);
    REQUIRE(db.ok());
    (*db)->exec("UPDATE web_credentials SET token_set_at = '2026-11-25T21:52:05+09:00'");
    testing::UndoStepsFrom14(**db, 13);
  }
  auto db = OpenDatabase(path, OpenMode::kReadWrite);  // migrates
  REQUIRE(db.ok());
  CHECK((*db)->execAndGet("SELECT token_expires_at FROM web_credentials WHERE user_name = 'manager1'").getString() ==
        "2027-02-23T21:52:05+09:00");
}
