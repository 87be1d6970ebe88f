// The web desk over real HTTP: a real madoguchi-engine process serving real
// sockets on 127.0.0.1, its real database file; signing in, CSRF, roles,
// field errors, bearer tokens, letters, HTTPS. What an attacker tries is
// tests/web_attack_test.cc.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "core/schema_validator.h"
#include "engine_process.h"
#include "test_support.h"
#include "web_client.h"
#include "web_engine.h"
#include "web/report_drawer.h"

using namespace madoguchi;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::RunCommand;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::WebAnswer;
using madoguchi::testing::WebClient;

namespace {

using madoguchi::testing::WebEngine;
const std::string& kPassword = madoguchi::testing::kWebPassword;

nlohmann::json ApiResult(WebClient& web, const std::string& command, const nlohmann::json& args) {
  WebAnswer a = web.Api(command, args);
  INFO(command << " " << args.dump() << " → " << a.status << " " << a.body);
  REQUIRE(a.status == 200);
  return a.json()["result"];
}

void Advance(WebClient& web, const std::string& id, const std::string& event, const nlohmann::json& data) {
  int64_t version = ApiResult(web, "show", {{"id", id}})["version"];
  ApiResult(web, "advance", {{"id", id}, {"event", event}, {"version", version}, {"data", data}});
}

}  // namespace

TEST_CASE("web desk: signing in sets a HttpOnly SameSite=Strict session and signing out ends it", "[web]") {
  WebEngine e;
  WebClient web(e.engine.web_url());

  WebAnswer login_page = web.Get("/login");
  CHECK(login_page.status == 200);
  CHECK_THAT(login_page.body, Catch::Contains("lang=\"ja\""));
  // The form's token comes from a pre-session, never from a cookie a page can read.
  WebAnswer form = web.Get("/login/token");
  CHECK(form.status == 200);
  CHECK(form.json()["result"]["csrf"].get<std::string>().size() == 43);
  auto pre_session = form.set_cookies.find("madoguchi_signin");
  REQUIRE(pre_session != form.set_cookies.end());
  CHECK_THAT(pre_session->second, Catch::Contains("HttpOnly") && Catch::Contains("SameSite=Strict"));

  WebAnswer wrong = web.SignIn("clerk1", "not-the-password");
  CHECK(wrong.status == 401);
  CHECK(web.cookie("madoguchi_session").empty());
  WebAnswer nobody = web.SignIn("nobody", kPassword);
  CHECK(nobody.status == 401);
  CHECK(nobody.json()["error"]["message"] == wrong.json()["error"]["message"]);  // names are not revealed

  WebAnswer ok = web.SignIn("clerk1", kPassword);
  REQUIRE(ok.status == 200);
  CHECK(ok.json()["result"]["role"] == "clerk");
  CHECK(ok.json()["result"]["csrf"] == web.csrf());
  CHECK(web.Get("/api/session").json()["result"]["csrf"] == web.csrf());
  // How long the session lasts without a request (web.session_idle_minutes, 30 by default):
  // the pages keep it alive while in use and warn before it ends.
  CHECK(web.Get("/api/session").json()["result"]["idle_seconds"] == 30 * 60);
  CHECK(ok.json()["result"]["home"] == "/desk/intake");
  auto session_cookie = ok.set_cookies.find("madoguchi_session");
  REQUIRE(session_cookie != ok.set_cookies.end());
  CHECK_THAT(session_cookie->second, Catch::Contains("HttpOnly") && Catch::Contains("SameSite=Strict"));
  CHECK_THAT(session_cookie->second, !Catch::Contains("Secure"));  // plain HTTP here

  CHECK(web.Get("/api/session").json()["result"]["user"] == "clerk1");
  CHECK(web.Get("/desk/intake").status == 200);
  CHECK(web.Get("/").location == "/desk/intake");

  std::string old_session = web.cookie("madoguchi_session");
  CHECK(web.Post("/logout", nlohmann::json::object()).status == 200);
  CHECK(web.Get("/api/session").status == 401);
  // The old cookie, kept by someone, no longer works either.
  web.set_cookie("madoguchi_session", old_session);
  CHECK(web.Get("/api/session").status == 401);
  CHECK(web.Get("/desk/queue").status == 303);
  CHECK(e.engine.Stop() == 0);
}

TEST_CASE("web desk: nothing but the sign-in page answers without a session", "[web]") {
  WebEngine e;
  WebClient web(e.engine.web_url());
  for (const char* page : {"/", "/desk/intake", "/desk/queue", "/desk/dashboard", "/desk/requests/R2026-000001"}) {
    WebAnswer a = web.Get(page);
    INFO(page);
    CHECK(a.status == 303);
    CHECK(a.location == "/login");
  }
  CHECK(web.Get("/api/session").status == 401);
  CHECK(web.Get("/api/categories").status == 401);
  CHECK(web.Post("/api/list", nlohmann::json::object()).status == 401);
  CHECK(web.Get("/api/requests/R2026-000001/letters/1.pdf").status == 401);
  CHECK(web.Get("/assets/queue.js").status == 401);
  CHECK(web.Get("/assets/style.css").status == 200);
  CHECK(web.Get("/assets/login.js").status == 200);
  CHECK(web.Get("/assets/sign-in.js").status == 200);  // login.js imports it
  // A forged or expired session cookie is no session.
  web.set_cookie("madoguchi_session", "forged-forged-forged-forged-forged-forged-00");
  CHECK(web.Get("/api/session").status == 401);
  // Nothing outside the assets folder, however it is asked for.
  auto signed_in = e.SignedIn("manager1");
  for (const char* path : {"/assets/../madoguchi.db", "/assets/%2e%2e/login.html", "/assets/.hidden",
                           "/desk/../../madoguchi.json"}) {
    INFO(path);
    CHECK(signed_in->Get(path).status >= 400);
  }
  CHECK(e.engine.Stop() == 0);
}

TEST_CASE("web desk: assets are revalidated by ETag while data and pages are never stored", "[web]") {
  WebEngine e;
  auto web = e.SignedIn("manager1");
  WebAnswer first = web->Get("/assets/queue.js");
  REQUIRE(first.status == 200);
  const std::string etag = first.header("ETag");
  CHECK(etag.rfind("\"sha256:", 0) == 0);
  CHECK(first.header("Cache-Control") == "private, no-cache");
  // The same asset again, naming what the browser holds: 304, no body.
  WebAnswer again = web->Get("/assets/queue.js", {{"If-None-Match", etag}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(web->Get("/assets/queue.js", {{"If-None-Match", "W/" + etag + ", \"other\""}}).status == 304);
  // Another validator, or another asset with this one's: the whole file.
  CHECK(web->Get("/assets/queue.js", {{"If-None-Match", "\"sha256:0\""}}).status == 200);
  CHECK(web->Get("/assets/labels.js", {{"If-None-Match", etag}}).status == 200);
  // Signed out, a private asset is still refused, validator or not.
  WebClient anonymous(e.engine.web_url());
  CHECK(anonymous.Get("/assets/queue.js", {{"If-None-Match", etag}}).status == 401);
  // Data and pages: never kept by the browser.
  CHECK(web->Post("/api/list", nlohmann::json::object()).header("Cache-Control") == "no-store");
  CHECK(web->Get("/desk/queue").header("Cache-Control") == "no-store");
  CHECK(web->Get("/desk/queue").header("ETag").empty());
  CHECK(e.engine.Stop() == 0);
}

TEST_CASE("web desk: a POST without the session's CSRF token is refused and changes nothing", "[web]") {
  WebEngine e;
  auto clerk = e.SignedIn("clerk1");
  nlohmann::json intake = {{"record", SampleRecord("disclosure", "csrf-0001")}};

  WebAnswer no_token = clerk->Post("/api/intake", intake, /*send_csrf=*/false);
  CHECK(no_token.status == 403);
  WebAnswer wrong_token = clerk->Post("/api/intake", intake, false, {{"X-CSRF-Token", "0123456789abcdef"}});
  CHECK(wrong_token.status == 403);
  // Another session's token is no better.
  auto other = e.SignedIn("clerk1");
  WebAnswer others_token =
      clerk->Post("/api/intake", intake, false, {{"X-CSRF-Token", other->csrf()}});
  CHECK(others_token.status == 403);
  CHECK(e.RequestCount() == 0);

  // The sign-in form needs its own pre-session's token too, and uses it once.
  WebClient fresh(e.engine.web_url());
  std::string token = fresh.Get("/login/token").json()["result"]["csrf"];
  CHECK(fresh.Post("/login", {{"user", "clerk1"}, {"password", kPassword}}, false).status == 403);
  token = fresh.Get("/login/token").json()["result"]["csrf"];
  std::string wrong = token;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  CHECK(fresh.Post("/login", {{"user", "clerk1"}, {"password", kPassword}}, false, {{"X-CSRF-Token", wrong}}).status ==
        403);
  token = fresh.Get("/login/token").json()["result"]["csrf"];
  CHECK(fresh.Post("/login", {{"user", "clerk1"}, {"password", kPassword}}, false, {{"X-CSRF-Token", token}}).status == 200);
  CHECK(fresh.Post("/login", {{"user", "clerk1"}, {"password", kPassword}}, false, {{"X-CSRF-Token", token}}).status == 403);

  CHECK(clerk->Post("/api/intake", intake).status == 200);
  CHECK(e.RequestCount() == 1);
  CHECK(e.engine.Stop() == 0);
}

TEST_CASE("web desk: a role forbidden an action gets 403 and nothing changes", "[web]") {
  WebEngine e;
  auto clerk = e.SignedIn("clerk1");
  auto reviewer = e.SignedIn("reviewer1");
  auto auditor = e.SignedIn("auditor1");

  WebAnswer reviewer_intake = reviewer->Api("intake", {{"record", SampleRecord("disclosure", "role-0001")}});
  CHECK(reviewer_intake.status == 403);
  CHECK(reviewer_intake.json()["error"]["code"] == "permission_denied");
  CHECK(e.RequestCount() == 0);

  std::string id = ApiResult(*clerk, "intake", {{"record", SampleRecord("disclosure", "role-0002")}})["id"];
  Advance(*clerk, id, "verify_identity", {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-01-05"}}}}});
  // A clerk may not assign (the workflow table), an auditor may not advance at all (the command policy).
  WebAnswer clerk_assign = clerk->Api("advance", {{"id", id}, {"event", "assign"}, {"version", 2},
                                                  {"data", {{"to", "reviewer1"}}}});
  CHECK(clerk_assign.status == 403);
  WebAnswer auditor_note = auditor->Api("advance", {{"id", id}, {"event", "note"}, {"version", 2},
                                                    {"data", {{"text", "x"}}}});
  CHECK(auditor_note.status == 403);
  // Workers' commands are not served to the desk at all.
  CHECK(clerk->Api("lease", {{"kinds", {"letter"}}}).status == 404);

  nlohmann::json show = ApiResult(*clerk, "show", {{"id", id}});
  CHECK(show["version"] == 2);
  CHECK(show["state"] == "verified");
  CHECK(show["history"].size() == 2);
  // A stale version is a conflict, not a silent overwrite.
  Advance(*clerk, id, "note", {{"text", "電話で問い合わせあり"}});
  CHECK(clerk->Api("advance", {{"id", id}, {"event", "note"}, {"version", 2}, {"data", {{"text", "古い画面から"}}}})
            .status == 409);
  CHECK(e.engine.Stop() == 0);
}

TEST_CASE("web desk: bad intake input gets field errors and nothing is stored", "[web]") {
  WebEngine e;
  auto clerk = e.SignedIn("clerk1");
  nlohmann::json record = SampleRecord("disclosure", "bad-0001");
  record["requester"]["birth_date"] = "2023-02-29";
  record["requester"]["kana"] = "Yamada Hanako";
  record["requester"].erase("phone");
  record["categories"] = {"receipts", "horoscope"};

  WebAnswer a = clerk->Api("intake", {{"record", record}});
  INFO(a.body);
  REQUIRE(a.status == 422);
  nlohmann::json error = a.json()["error"];
  CHECK(error["code"] == "invalid_argument");
  std::map<std::string, std::string> fields;
  for (const auto& f : error["fields"]) fields[f["field"]] = f["message"];
  CHECK_THAT(fields["requester.birth_date"], Catch::Contains("2023-02-29 is not a date"));
  CHECK_THAT(fields["requester.kana"], Catch::Contains("katakana"));
  CHECK(fields["requester.phone"] == "is required");
  CHECK_THAT(fields["categories[1]"], Catch::Contains("horoscope"));
  CHECK(e.RequestCount() == 0);

  // Not JSON at all.
  CHECK(clerk->Post("/api/intake", "not an object").status == 400);
  CHECK(e.RequestCount() == 0);
  CHECK(e.engine.Stop() == 0);
}

TEST_CASE("web desk: a disabled user's session stops working at once", "[web]") {
  WebEngine e;
  auto reviewer = e.SignedIn("reviewer2");
  CHECK(reviewer->Api("list", nlohmann::json::object()).status == 200);
  REQUIRE(RunCommand(testing::EngineBinary() + " user disable reviewer2 --data " + e.engine.data_dir()).exit_code == 0);
  // The session is revoked, not merely refused: 401 (sign in), then the pages send to /login.
  CHECK(reviewer->Api("list", nlohmann::json::object()).status == 401);
  CHECK(reviewer->Get("/desk/queue").status == 303);
  WebClient again(e.engine.web_url());
  CHECK(again.SignIn("reviewer2", kPassword).status == 401);
  CHECK(e.engine.Stop() == 0);
}

TEST_CASE("web desk: a session is bound to the role at sign-in and ends when the role changes", "[web]") {
  WebEngine e;
  auto reviewer = e.SignedIn("reviewer2");
  CHECK(reviewer->Api("list", nlohmann::json::object()).status == 200);
  CHECK(reviewer->Api("dashboard", nlohmann::json::object()).status == 403);
  auto moved = RunCommand(testing::EngineBinary() + " user role reviewer2 manager --data " + e.engine.data_dir());
  REQUIRE(moved.exit_code == 0);
  // The old session does not carry the new role's rights: it ends.
  CHECK(reviewer->Api("dashboard", nlohmann::json::object()).status == 401);
  CHECK(reviewer->Api("list", nlohmann::json::object()).status == 401);
  CHECK(reviewer->Get("/desk/queue").status == 303);
  // Signing in again gives a session with the new role.
  auto manager = e.SignedIn("reviewer2");
  CHECK(manager->Api("dashboard", nlohmann::json::object()).status == 200);
  CHECK(manager->Get("/api/session").json()["result"]["role"] == "manager");
  // Workers stay workers.
  CHECK(RunCommand(testing::EngineBinary() + " user role letters1 clerk --data " + e.engine.data_dir()).exit_code != 0);
  CHECK(e.engine.Stop() == 0);
}

TEST_CASE("web desk: scripts use a bearer token without CSRF and a wrong token gets 401", "[web]") {
  WebEngine e;
  // The token alone on standard output; the advice goes to standard error.
  auto made = RunCommand("(" + testing::EngineBinary() + " user token manager1 --data " + e.engine.data_dir() +
                         " 2>/dev/null)");
  REQUIRE(made.exit_code == 0);
  std::string token = made.out.substr(0, made.out.find('\n'));
  REQUIRE(token.size() == 43);

  WebClient script(e.engine.web_url());
  WebAnswer stats = script.Post("/api/stats", nlohmann::json::object(), false, {{"Authorization", "Bearer " + token}});
  CHECK(stats.status == 200);
  CHECK(stats.json()["result"]["open"] == 0);
  CHECK(script.Get("/api/session", {{"Authorization", "Bearer " + token}}).json()["result"]["user"] == "manager1");
  CHECK(script.Post("/api/stats", nlohmann::json::object(), false, {{"Authorization", "Bearer x" + token.substr(1)}})
            .status == 401);
  // A bearer token opens the API, not the pages.
  CHECK(script.Get("/desk/dashboard", {{"Authorization", "Bearer " + token}}).status == 303);
  // A new token replaces the old one.
  REQUIRE(RunCommand(testing::EngineBinary() + " user token manager1 --data " + e.engine.data_dir()).exit_code == 0);
  CHECK(script.Post("/api/stats", nlohmann::json::object(), false, {{"Authorization", "Bearer " + token}}).status ==
        401);
  CHECK(e.engine.Stop() == 0);
}

TEST_CASE("web desk: a whole request life through the api and its letter downloaded as a PDF", "[web]") {
  WebEngine e([](nlohmann::json& c) {
    c["workers"]["lease_seconds"] = 2;
    c["workers"]["timer_interval_seconds"] = 0.2;
  });
  testing::ChildProcess worker;
  e.engine.StartWorker(worker, testing::LetterWorkerBinary(), {}, "letter-worker.log");
  auto clerk = e.SignedIn("clerk1");
  auto manager = e.SignedIn("manager1");
  auto reviewer = e.SignedIn("reviewer1");
  auto manager2 = e.SignedIn("manager2");

  std::string id = ApiResult(*clerk, "intake", {{"record", SampleRecord("disclosure", "life-web-01")}})["id"];
  Advance(*clerk, id, "verify_identity", {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-01-05"}}}}});
  Advance(*manager, id, "assign", {{"to", "reviewer1"}});
  Advance(*reviewer, id, "decide", {{"outcome", "partial"}, {"grounds", {"operations"}}, {"reason", "業務の適正な実施に著しい支障を及ぼすおそれがあるため"}});
  Advance(*manager2, id, "approve", nlohmann::json::object());
  Advance(*clerk, id, "respond", {{"method", "post"}});

  // The decision letter is made by the worker; wait for it.
  nlohmann::json letters;
  for (int i = 0; i < 600; ++i) {
    letters = ApiResult(*clerk, "letters", {{"id", id}})["items"];
    bool decision = false;
    for (const auto& l : letters) decision |= l["kind"] == "partial_disclosure_decision";
    if (decision) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(letters.size() == 2);
  nlohmann::json show = ApiResult(*clerk, "show", {{"id", id}});
  CHECK(show["state"] == "delivering");  // a partial disclosure waits for its delivery (issue 17)
  CHECK(SchemaValidator::Embedded("schemas/api/show.reply.schema.json").Validate(show).empty());
  CHECK(show["rule"]["unit"] == "calendar");  // the rule it took at intake, for the page's "why"
  WebAnswer pdf = clerk->Get("/api/requests/" + id + "/letters/2.pdf");
  REQUIRE(pdf.status == 200);
  REQUIRE(pdf.body.rfind("%PDF-", 0) == 0);
  testing::TempDir out;
  std::ofstream(out.file("letter.pdf"), std::ios::binary) << pdf.body;
  auto text = RunCommand("pdftotext " + out.file("letter.pdf") + " -");
  CHECK(text.exit_code == 0);
  // The letter shows the 受付番号 without the R (「R2026」 would read as 令和2026年).
  CHECK_THAT(text.out, Catch::Contains(id.substr(1)) && Catch::Contains("一部開示決定通知書"));
  CHECK(clerk->Get("/api/requests/" + id + "/letters/9.pdf").status == 404);
  // Auditors read history, not letters to people.
  auto auditor = e.SignedIn("auditor1");
  CHECK(auditor->Get("/api/requests/" + id + "/letters/2.pdf").status == 403);
  worker.Stop();
  CHECK(e.engine.Stop() == 0);
}

TEST_CASE("web desk: served over HTTPS when a certificate is configured with Secure cookies", "[web]") {
  testing::TempDir certs;
  std::string cert = certs.file("cert.pem"), key = certs.file("key.pem");
  auto made = RunCommand("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -keyout " + key +
                         " -out " + cert);
  REQUIRE(made.exit_code == 0);
  WebEngine e([&](nlohmann::json& c) {
    c["web"]["certificate"] = cert;
    c["web"]["private_key"] = key;
  });
  std::string url = e.engine.web_url();
  CHECK(url.rfind("https://127.0.0.1:", 0) == 0);
  WebClient web(url);
  WebAnswer ok = web.SignIn("clerk1", kPassword);
  REQUIRE(ok.status == 200);
  // Under HTTPS the cookie's name carries __Host-: Secure, Path=/, no Domain, or the browser drops it.
  REQUIRE(ok.set_cookies.count("__Host-madoguchi_session") == 1);
  CHECK_THAT(ok.set_cookies.find("__Host-madoguchi_session")->second,
             Catch::Contains("Secure") && Catch::Contains("HttpOnly") && Catch::Contains("Path=/"));
  CHECK(web.Get("/api/session").json()["result"]["user"] == "clerk1");
  // Plain HTTP on the same port gets no page.
  WebClient plain("http" + url.substr(5));
  bool refused = false;
  try {
    refused = plain.Get("/login").status != 200;
  } catch (const std::exception&) {
    refused = true;
  }
  CHECK(refused);
  CHECK(e.engine.Stop() == 0);
}

TEST_CASE("web desk: a port in use is a clear error and never a shared port", "[web]") {
  WebEngine first([](nlohmann::json& c) { c["web"]["port"] = 0; });
  std::string url = first.engine.web_url();
  int port = std::stoi(url.substr(url.rfind(':') + 1));
  EngineProcess second;
  second.EditConfig([&](nlohmann::json& c) { c["web"]["port"] = port; });
  CHECK_THROWS(second.Start());
  std::ifstream log(second.data_dir() + "/logs/engine.out");
  std::string text((std::istreambuf_iterator<char>(log)), {});
  CHECK_THAT(text, Catch::Contains("cannot listen on 127.0.0.1:" + std::to_string(port)));
  CHECK(first.engine.Stop() == 0);
}

TEST_CASE("web desk: plain HTTP on an address reachable from the network is refused at start", "[web]") {
  EngineProcess engine;
  engine.EditConfig([](nlohmann::json& c) {
    c["web"]["address"] = "0.0.0.0";
    c["web"]["port"] = 0;
  });
  CHECK_THROWS(engine.Start());
  std::ifstream log(engine.data_dir() + "/logs/engine.out");
  std::string text((std::istreambuf_iterator<char>(log)), {});
  CHECK_THAT(text, Catch::Contains("web.address 0.0.0.0 is reachable from the network") &&
                       Catch::Contains("web.certificate"));
}

// The report's PDF comes from another program (web/report_drawer.h); one that
// misbehaves is stopped and named, and the desk's thread is back within the
// deadline. The drawer as the desk holds it, without an engine: scripts in a
// folder stand for drawers that hang, flood, write no PDF or never read their
// input (a real engine with a missing and a failing drawer: report_test.cc).
TEST_CASE("web desk: a report drawer that hangs, floods, writes no PDF or is busy is stopped and named", "[web]") {
  madoguchi::testing::TempDir dir;
  auto script = [&](const std::string& name, const std::string& body) {
    const std::string path = dir.file(name);
    madoguchi::testing::WriteFile(path, "#!/bin/sh\n" + body + "\n");
    REQUIRE(::chmod(path.c_str(), 0700) == 0);
    return path;
  };
  const nlohmann::json report = {{"title", "受付・処理簿"}};
  auto refusal = [](const Result<std::string>& drawn) {
    REQUIRE_FALSE(drawn.ok());
    CHECK(drawn.status().code() == Status::Code::kUnavailable);
    CHECK_THAT(drawn.status().message(), Catch::StartsWith("帳票（PDF）を作成できませんでした。"));
    return drawn.status().message();
  };

  // Hangs (after saying it started): killed at the deadline; while it runs,
  // the one permit is out and a second report is refused at once.
  const std::string started = dir.file("started");
  ReportDrawer hanging({.program = script("hang", "touch '" + started + "'\nexec sleep 60"),
                        .timeout = std::chrono::seconds(1), .concurrency = 1});
  const auto begin = std::chrono::steady_clock::now();
  Result<std::string> first = Status::Unavailable("not yet");
  std::thread drawing([&] { first = hanging.Draw(report); });
  REQUIRE(madoguchi::testing::WaitUntil([&] { return std::filesystem::exists(started); }, std::chrono::seconds(10)));
  CHECK_THAT(refusal(hanging.Draw(report)), Catch::Contains("all 1 report drawers (web.report_drawer_concurrency) are busy"));
  drawing.join();
  CHECK_THAT(refusal(first), Catch::Contains("did not finish within 1 s and was stopped"));
  CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds(10));

  // Floods its output: stopped at the bound.
  ReportDrawer flooding({.program = "/usr/bin/yes", .max_pdf_bytes = 1 << 20});
  CHECK_THAT(refusal(flooding.Draw(report)), Catch::Contains("wrote more than 1048576 bytes"));

  // Ends at once without reading 4 MB of report: no SIGPIPE ends this process.
  nlohmann::json large = report;
  large["rows"] = std::string(4 << 20, 'x');
  ReportDrawer not_reading({.program = script("quiet", "exit 0")});
  CHECK_THAT(refusal(not_reading.Draw(large)), Catch::Contains("wrote no PDF"));

  // Writes something else than a PDF.
  ReportDrawer chatty({.program = script("chatty", "cat")});
  CHECK_THAT(refusal(chatty.Draw(report)), Catch::Contains("wrote no PDF"));
}
