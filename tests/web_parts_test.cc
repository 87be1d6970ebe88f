// The web desk's parts on their own: sessions and their expiry, the sign-in
// lock-out, cookies, the assets folder's guard, password hashes. The clocks
// are passed in, so expiry is tested without waiting.
#include <catch2/catch.hpp>

#include <fstream>

#include "test_support.h"
#include "web/http_cookies.h"
#include "web/login_throttle.h"
#include "web/password_hash.h"
#include "web/session_store.h"
#include "web/sign_in_form.h"
#include "web/static_files.h"

using namespace madoguchi;
using namespace std::chrono_literals;

TEST_CASE("web parts: a session ends after its idle time and after its maximum life", "[web_parts]") {
  SessionStore sessions(30min, 600min);
  auto t0 = SessionStore::Clock::now();
  Session s = sessions.Create("clerk1", "clerk", t0);
  CHECK(s.id.size() == 43);
  CHECK(s.csrf.size() == 43);
  CHECK(s.id != s.csrf);

  REQUIRE(sessions.Find(s.id, t0 + 29min));
  CHECK(sessions.Find(s.id, t0 + 29min)->user == "clerk1");
  // Each request keeps it alive: 29 minutes after the last one is fine.
  CHECK(sessions.Find(s.id, t0 + 58min));
  // 31 minutes of silence ends it, for good.
  CHECK_FALSE(sessions.Find(s.id, t0 + 58min + 31min));
  CHECK_FALSE(sessions.Find(s.id, t0 + 58min + 32min));

  // However busy, a session ends at its maximum life.
  Session busy = sessions.Create("reviewer1", "reviewer", t0);
  auto t = t0;
  for (; t < t0 + 599min; t += 20min) REQUIRE(sessions.Find(busy.id, t));
  CHECK_FALSE(sessions.Find(busy.id, t0 + 601min));

  Session out = sessions.Create("manager1", "manager", t0);
  sessions.End(out.id);
  CHECK_FALSE(sessions.Find(out.id, t0));
  CHECK_FALSE(sessions.Find("no-such-session", t0));
}

TEST_CASE("web parts: the lock-out counts failures in a row per name and ends after its time", "[web_parts]") {
  LoginThrottle throttle(3, 15min);
  auto t0 = LoginThrottle::Clock::now();
  CHECK_FALSE(throttle.RecordFailure("clerk1", t0));
  CHECK_FALSE(throttle.RecordFailure("clerk1", t0));
  CHECK(throttle.LockedFor("clerk1", t0) == LoginThrottle::Clock::duration::zero());
  CHECK(throttle.RecordFailure("clerk1", t0 + 1min));  // the third locks
  CHECK(throttle.LockedFor("clerk1", t0 + 2min) == 14min);
  CHECK(throttle.LockedFor("reviewer1", t0 + 2min) == LoginThrottle::Clock::duration::zero());
  // Served: the count starts afresh.
  CHECK(throttle.LockedFor("clerk1", t0 + 17min) == LoginThrottle::Clock::duration::zero());
  CHECK_FALSE(throttle.RecordFailure("clerk1", t0 + 17min));
  // A success clears the count.
  throttle.RecordSuccess("clerk1");
  CHECK_FALSE(throttle.RecordFailure("clerk1", t0 + 18min));
  CHECK_FALSE(throttle.RecordFailure("clerk1", t0 + 18min));
  CHECK(throttle.RecordFailure("clerk1", t0 + 18min));
}

TEST_CASE("web parts: a scan of many names does not grow the lock-out table without end", "[web_parts]") {
  LoginThrottle throttle(2, 15min);
  auto t0 = LoginThrottle::Clock::now();
  throttle.RecordFailure("victim", t0);
  throttle.RecordFailure("victim", t0);
  for (int i = 0; i < 30000; ++i) throttle.RecordFailure("scan" + std::to_string(i), t0);
  // The lock that was earned survives the sweeps.
  CHECK(throttle.LockedFor("victim", t0 + 1min) > LoginThrottle::Clock::duration::zero());
}

TEST_CASE("web parts: cookies are read from the header and written SameSite=Strict", "[web_parts]") {
  CHECK(CookieValue("a=1; madoguchi_session=abc; b=2", "madoguchi_session") == "abc");
  CHECK(CookieValue("madoguchi_session_x=1;madoguchi_session=z", "madoguchi_session") == "z");
  CHECK_FALSE(CookieValue("a=1; b=2", "madoguchi_session"));
  CHECK_FALSE(CookieValue("", "madoguchi_session"));
  CHECK(SetCookieHeader("s", "v", {.http_only = true, .secure = true}) == "s=v; Path=/; SameSite=Strict; HttpOnly; Secure");
  CHECK(SetCookieHeader("c", "", {.expire = true}) == "c=; Path=/; SameSite=Strict; Max-Age=0");
}

TEST_CASE("web parts: the assets folder gives its own plain files and nothing else", "[web_parts]") {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.file("web/assets"));
  std::ofstream(dir.file("web/assets/app.js")) << "export const x = 1;\n";
  std::ofstream(dir.file("web/.secret")) << "no";
  std::ofstream(dir.file("outside.txt")) << "no";
  StaticFiles files(dir.file("web"));

  auto js = files.Read("assets/app.js");
  REQUIRE(js);
  CHECK(js->content == "export const x = 1;\n");
  CHECK(js->content_type == "text/javascript; charset=utf-8");
  for (const char* bad : {"../outside.txt", "assets/../../outside.txt", ".secret", "/etc/passwd", "assets",
                          "assets/", "assets//app.js", "assets/app.js\n", "assets/%2e%2e", ""}) {
    INFO(bad);
    CHECK_FALSE(files.Read(bad));
  }
  CHECK(ContentTypeFor("index.html") == "text/html; charset=utf-8");
  CHECK(ContentTypeFor("x.css") == "text/css; charset=utf-8");
}

TEST_CASE("web parts: passwords are kept as Argon2id hashes and checked against them", "[web_parts]") {
  Result<std::string> hash = HashPassword("correct-horse-battery");
  REQUIRE(hash.ok());
  CHECK(hash->rfind("$argon2id$", 0) == 0);
  CHECK(hash->find("correct-horse-battery") == std::string::npos);
  CHECK(VerifyPassword("correct-horse-battery", *hash));
  CHECK_FALSE(VerifyPassword("correct-horse-batterY", *hash));
  CHECK_FALSE(VerifyPassword("", *hash));
  // Salted: the same password hashes differently each time.
  CHECK(*HashPassword("correct-horse-battery") != *hash);
  CHECK(HashPassword("short").status().code() == Status::Code::kInvalidArgument);
  CHECK(SameSecret("abc", "abc"));
  CHECK_FALSE(SameSecret("abc", "abd"));
  CHECK_FALSE(SameSecret("abc", "abcd"));
  CHECK(RandomToken() != RandomToken());
}

TEST_CASE("web parts: the sign-in form is read from JSON or a urlencoded form and nothing else", "[web_parts]") {
  Result<SignInForm> json = ParseSignInForm("application/json", R"({"user":"clerk1","password":"p w&=%"})");
  REQUIRE(json.ok());
  CHECK(json->user == "clerk1");
  CHECK(json->password == "p w&=%");
  Result<SignInForm> form =
      ParseSignInForm("application/x-www-form-urlencoded", "user=clerk1&password=p%20w%26%3D%25&csrf=x");
  REQUIRE(form.ok());
  CHECK(form->user == "clerk1");
  CHECK(form->password == "p w&=%");
  Result<SignInForm> japanese = ParseSignInForm("application/x-www-form-urlencoded",
                                                "user=clerk1&password=%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89");
  REQUIRE(japanese.ok());
  CHECK(japanese->password == "パスワード");

  CHECK(!ParseSignInForm("application/json", R"({"user":"clerk1"})").ok());
  CHECK(!ParseSignInForm("application/json", R"({"user":1,"password":"x"})").ok());
  CHECK(!ParseSignInForm("application/json", R"(["user","password"])").ok());
  CHECK(!ParseSignInForm("application/json", "{").ok());
  CHECK(!ParseSignInForm("application/x-www-form-urlencoded", "user=clerk1").ok());
  CHECK(!ParseSignInForm("application/x-www-form-urlencoded", "user=a&password=" + std::string(5000, 'x')).ok());
}
