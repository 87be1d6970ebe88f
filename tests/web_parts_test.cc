// The web desk's parts on their own: sessions and their expiry, the sign-in
// throttle, the sign-in form's pre-sessions, cookies, form fields, where a
// request comes from, the assets folder's guard, password hashes. The clocks
// are passed in, so expiry and waits are tested without waiting.
#include <catch2/catch.hpp>

#include <fstream>
#include <future>

#include "test_support.h"
#include "web/concurrency_limit.h"
#include "web/form_fields.h"
#include "web/handler_pool.h"
#include "web/http_cookies.h"
#include "web/login_throttle.h"
#include "protocol/random_token.h"
#include "web/password_hash.h"
#include "web/request_origin.h"
#include "web/session_store.h"
#include "web/sign_in_form.h"
#include "web/sign_in_tokens.h"
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

TEST_CASE("web parts: sign-in failures past the free ones make the next try wait longer, up to a cap", "[web_parts]") {
  LoginThrottle throttle({.free_failures = 3, .max_delay = 10s, .lock_failures = 20, .lockout = 15min});
  auto t = LoginThrottle::Clock::now();
  for (int i = 0; i < 3; ++i) {
    CHECK(throttle.Check("clerk1", "10.0.0.1", t).allowed);
    CHECK_FALSE(throttle.RecordFailure("clerk1", "10.0.0.1", t));
  }
  CHECK(throttle.Check("clerk1", "10.0.0.1", t).allowed);  // the free ones cost nothing
  // Each further failure: 1 s, 2 s, 4 s, 8 s, then 10 s (the cap).
  for (auto wait : {1s, 2s, 4s, 8s, 10s, 10s}) {
    CHECK_FALSE(throttle.RecordFailure("clerk1", "10.0.0.1", t));
    LoginThrottle::Verdict v = throttle.Check("clerk1", "10.0.0.2", t);
    CHECK_FALSE(v.allowed);
    CHECK_FALSE(v.locked);
    CHECK(v.wait == wait);
    t += wait;
    CHECK(throttle.Check("clerk1", "10.0.0.2", t).allowed);
  }
  CHECK(throttle.Check("reviewer1", "10.0.0.2", t).allowed);  // other names and addresses are not slowed
  // A success clears it.
  throttle.RecordSuccess("clerk1", "10.0.0.1");
  CHECK_FALSE(throttle.RecordFailure("clerk1", "10.0.0.3", t));
  CHECK(throttle.Check("clerk1", "10.0.0.3", t).allowed);
}

TEST_CASE("web parts: only many failures lock a name hard, and the lock ends, is lifted, and old failures are forgotten",
          "[web_parts]") {
  LoginThrottle throttle({.free_failures = 2, .max_delay = 1s, .lock_failures = 6, .lockout = 15min});
  auto t = LoginThrottle::Clock::now();
  for (int i = 1; i < 6; ++i) {
    CHECK_FALSE(throttle.RecordFailure("admin1", "10.0.0." + std::to_string(i), t));
    t += 1s;
  }
  CHECK(throttle.RecordFailure("admin1", "10.0.0.9", t));  // the sixth locks
  LoginThrottle::Verdict locked = throttle.Check("admin1", "10.0.0.10", t + 1min);
  CHECK(locked.locked);
  CHECK(locked.wait == 14min);
  CHECK(throttle.Check("admin1", "10.0.0.10", t + 15min).allowed);  // served
  // Lifted by unlock_sign_in.
  for (int i = 0; i < 6; ++i) throttle.RecordFailure("admin1", "10.0.1.1", t + 16min);
  CHECK(throttle.Check("admin1", "10.0.1.2", t + 16min).locked);
  CHECK(throttle.Unlock("admin1"));
  CHECK(throttle.Check("admin1", "10.0.1.2", t + 16min).allowed);
  CHECK_FALSE(throttle.Unlock("admin1"));  // nothing left to lift
  // Failures older than the lock-out time are forgotten.
  throttle.RecordFailure("admin1", "10.0.2.1", t);
  throttle.RecordFailure("admin1", "10.0.2.2", t);
  CHECK_FALSE(throttle.RecordFailure("admin1", "10.0.2.3", t + 16min));
  CHECK(throttle.Check("admin1", "10.0.2.4", t + 16min).allowed);
}

TEST_CASE("web parts: an address is slowed after twice a name's free failures and never locked", "[web_parts]") {
  LoginThrottle throttle({.free_failures = 2, .max_delay = 60s, .lock_failures = 3, .lockout = 15min});
  auto t = LoginThrottle::Clock::now();
  for (int i = 0; i < 4; ++i) throttle.RecordFailure("scan" + std::to_string(i), "10.0.0.1", t);
  CHECK(throttle.Check("anyone", "10.0.0.1", t).allowed);
  throttle.RecordFailure("scan4", "10.0.0.1", t);
  CHECK(throttle.Check("anyone", "10.0.0.1", t).wait == 1s);
  CHECK(throttle.Check("anyone", "10.0.0.2", t).allowed);
  for (int i = 5; i < 40; ++i) throttle.RecordFailure("scan" + std::to_string(i), "10.0.0.1", t);
  CHECK_FALSE(throttle.Check("anyone", "10.0.0.1", t).locked);
  CHECK(throttle.Check("anyone", "10.0.0.1", t + 60s).allowed);
}

TEST_CASE("web parts: a scan of many names does not grow the throttle's tables without end", "[web_parts]") {
  LoginThrottle throttle({.free_failures = 1, .max_delay = 60s, .lock_failures = 2, .lockout = 15min});
  auto t0 = LoginThrottle::Clock::now();
  throttle.RecordFailure("victim", "10.0.0.1", t0);
  throttle.RecordFailure("victim", "10.0.0.1", t0);
  for (int i = 0; i < 30000; ++i) throttle.RecordFailure("scan" + std::to_string(i), "10.1." + std::to_string(i), t0);
  // The lock that was earned survives the sweeps.
  CHECK(throttle.Check("victim", "10.0.0.2", t0 + 1min).locked);
}

TEST_CASE("web parts: a sign-in pre-session is taken once, with its own token, while it is young", "[web_parts]") {
  SignInTokens tokens(30min, 3);
  auto t0 = SignInTokens::Clock::now();
  SignInTokens::PreSession a = tokens.Create(t0);
  CHECK(a.id.size() == 43);
  CHECK(a.csrf.size() == 43);
  CHECK(tokens.Take(a.id, a.csrf, t0));
  CHECK_FALSE(tokens.Take(a.id, a.csrf, t0));  // used up
  SignInTokens::PreSession b = tokens.Create(t0);
  SignInTokens::PreSession c = tokens.Create(t0);
  CHECK_FALSE(tokens.Take(b.id, c.csrf, t0));  // another's token
  CHECK_FALSE(tokens.Take(b.id, b.csrf, t0));  // and a wrong try ends it
  CHECK_FALSE(tokens.Take(c.id, c.csrf, t0 + 31min));  // too old
  CHECK_FALSE(tokens.Take("made-up", "made-up", t0));
  // Bounded: a flood of pre-sessions forgets the oldest.
  SignInTokens::PreSession first = tokens.Create(t0);
  for (int i = 0; i < 5; ++i) tokens.Create(t0);
  CHECK_FALSE(tokens.Take(first.id, first.csrf, t0));
}

TEST_CASE("web parts: form fields and percent escapes are decoded and bad escapes are kept", "[web_parts]") {
  CHECK(PercentDecode("a%20b+c", true) == "a b c");
  CHECK(PercentDecode("a%20b+c", false) == "a b+c");
  CHECK(PercentDecode("%zz%4", true) == "%zz%4");
  CHECK(PercentDecode("%E3%83%91", false) == "パ");
  auto fields = ParseFormFields("user=clerk1&&password=a%26b%3Dc&empty=&flag&user=second");
  REQUIRE(fields.size() == 5);
  CHECK(FormField(fields, "user") == "clerk1");
  CHECK(FormField(fields, "password") == "a&b=c");
  CHECK(FormField(fields, "empty") == "");
  CHECK(FormField(fields, "flag") == "");
  CHECK_FALSE(FormField(fields, "csrf"));
}

TEST_CASE("web parts: a request from another origin or port is told apart from the desk's own", "[web_parts]") {
  auto request = [](std::vector<std::pair<std::string, std::string>> headers) {
    HttpRequest r;
    r.headers.Add("Host", "127.0.0.1:8080");
    for (auto& [n, v] : headers) r.headers.Add(n, v);
    return r;
  };
  CHECK_FALSE(FromAnotherOrigin(request({}), false));  // a script: the token decides
  CHECK_FALSE(FromAnotherOrigin(request({{"Origin", "http://127.0.0.1:8080"}}), false));
  CHECK_FALSE(FromAnotherOrigin(request({{"sec-fetch-site", "same-origin"}}), false));
  CHECK(FromAnotherOrigin(request({{"Origin", "http://127.0.0.1:9999"}}), false));  // another port
  CHECK(FromAnotherOrigin(request({{"Origin", "http://127.0.0.1:8080"}}), true));   // another scheme
  CHECK(FromAnotherOrigin(request({{"Origin", "null"}}), false));
  CHECK(FromAnotherOrigin(request({{"Sec-Fetch-Site", "same-site"}, {"Origin", "http://127.0.0.1:8080"}}), false));
  CHECK(FromAnotherOrigin(request({{"Sec-Fetch-Site", "cross-site"}}), false));
  CHECK(FromAnotherOrigin(request({{"Origin", "http://127.0.0.1:8080"}, {"Origin", "http://127.0.0.1:8080"}}), false));

  auto typed = [](const char* type, const char* body) {
    HttpRequest r;
    if (*type) r.headers.Add("content-type", type);
    r.body = body;
    return BodyTypeOf(r);
  };
  CHECK(typed("", "") == BodyType::kNone);
  CHECK(typed("application/json; charset=utf-8", "{}") == BodyType::kJson);
  CHECK(typed("Application/JSON", "{}") == BodyType::kJson);
  CHECK(typed("application/x-www-form-urlencoded", "a=1") == BodyType::kForm);
  CHECK(typed("text/plain", "{}") == BodyType::kOther);
  CHECK(typed("", "{}") == BodyType::kOther);
  CHECK(typed("multipart/form-data; boundary=x", "--x") == BodyType::kOther);
}

TEST_CASE("web parts: cookies are read from the header and written SameSite=Strict", "[web_parts]") {
  CHECK(CookieValue("a=1; madoguchi_session=abc; b=2", "madoguchi_session") == "abc");
  CHECK(CookieValue("madoguchi_session_x=1;madoguchi_session=z", "madoguchi_session") == "z");
  CHECK_FALSE(CookieValue("a=1; b=2", "madoguchi_session"));
  CHECK_FALSE(CookieValue("", "madoguchi_session"));
  CHECK(SetCookieHeader("s", "v", {.http_only = true, .secure = true}) == "s=v; Path=/; SameSite=Strict; HttpOnly; Secure");
  CHECK(SetCookieHeader("c", "", {.expire = true}) == "c=; Path=/; SameSite=Strict; Max-Age=0");
  CHECK(CookieName(kSessionCookie, true) == "__Host-madoguchi_session");
  CHECK(CookieName(kSessionCookie, false) == "madoguchi_session");
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
  CHECK(HashPassword(std::string(kMaxPasswordBytes + 1, 'x')).status().code() == Status::Code::kInvalidArgument);
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
  CHECK(form->csrf == "x");
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

TEST_CASE("web parts: the handler pool keeps a thread for staff and refuses work beyond its queue", "[web_parts]") {
  HandlerPool pool(2, 1, 1);  // one thread for anyone, one for staff only; one item waiting per lane
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> anonymous_started;
  // Anonymous work holds the one thread it may use...
  REQUIRE(pool.Submit(HandlerPool::Lane::kAnonymous, [&] {
    anonymous_started.set_value();
    released.wait();
  }));
  anonymous_started.get_future().wait();
  std::promise<void> waiting_ran;
  REQUIRE(pool.Submit(HandlerPool::Lane::kAnonymous, [&] { waiting_ran.set_value(); }));
  // ...and the queue behind it is full: more is refused at once.
  CHECK_FALSE(pool.Submit(HandlerPool::Lane::kAnonymous, [] {}));
  // Staff work still runs, on the thread kept for it.
  std::promise<void> staff_ran;
  REQUIRE(pool.Submit(HandlerPool::Lane::kStaff, [&] { staff_ran.set_value(); }));
  CHECK(staff_ran.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  auto waiting = waiting_ran.get_future();
  CHECK(waiting.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout);  // not on the staff thread
  release.set_value();
  CHECK(waiting.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  pool.Stop();
  CHECK_FALSE(pool.Submit(HandlerPool::Lane::kStaff, [] {}));
}

TEST_CASE("web parts: a concurrency limit hands out its permits and refuses more until one is returned",
          "[web_parts]") {
  ConcurrencyLimit limit(2);
  std::shared_ptr<void> a = limit.TryTake();
  std::shared_ptr<void> b = limit.TryTake();
  REQUIRE(a);
  REQUIRE(b);
  CHECK_FALSE(limit.TryTake());
  std::shared_ptr<void> copy = a;
  a.reset();
  CHECK_FALSE(limit.TryTake());  // a copy still holds it
  copy.reset();
  CHECK(limit.TryTake());
}
