// What an attacker sends, end to end: a real madoguchi-engine, real CURVE
// sockets (and the web desk's HTTP), whatever bytes a holder of any key can
// send. Each case checks that the sender gets a clear error, the engine goes
// on serving everybody else, and the sender's own trace stays in the audit log.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <thread>

#include "core/jst_time.h"
#include "engine_process.h"
#include "test_support.h"
#include "web_engine.h"

using namespace madoguchi;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::RunCommand;
using madoguchi::testing::WebAnswer;
using madoguchi::testing::WebClient;
using madoguchi::testing::WebEngine;

namespace {

std::string NestedArrays(int levels) { return std::string(levels, '[') + std::string(levels, ']'); }

std::string NestedObjects(int levels) {
  std::string text;
  for (int i = 0; i < levels; ++i) text += R"({"a":)";
  return text + "1" + std::string(levels, '}');
}

// The audit records of today whose command and result are these, by actor.
int CountAudited(EngineProcess& engine, const std::string& actor, const std::string& result) {
  std::string today = JstDate(Now()).ToIso();
  auto r = engine.Client("auditor1")->Call("audit_export", {{"from", today}, {"to", today}});
  REQUIRE(r.ok());
  int n = 0;
  for (const auto& item : (*r)["items"]) n += item["actor"] == actor && item["result"] == result;
  return n;
}

}  // namespace

TEST_CASE("hostile input: a nesting bomb on either ZeroMQ socket gets malformed and the engine lives on",
          "[attack]") {
  EngineProcess engine;
  engine.Start();
  const pid_t pid = engine.pid();
  // Any staff key on the commands socket, any worker key on the workers'
  // socket; args of 10,000-15,000 nested arrays or ~8,500 nested objects
  // (~30 KB, well under the size limit) used to end the engine (SIGSEGV).
  struct Face {
    std::string user;
    std::string endpoint;
    std::string command;
  };
  for (const Face& face : {Face{"clerk1", engine.endpoint(), "list"}, Face{"letters1", engine.workers_endpoint(), "lease"}}) {
    for (const std::string& bomb : {NestedArrays(15000), NestedObjects(8500)}) {
      madoguchi::EngineClient raw(engine.key(face.user), face.endpoint, std::chrono::seconds(10));
      std::string message = R"({"command": ")" + face.command + R"(", "request_id": "bomb", "args": {"x": )" + bomb + "}}";
      Result<std::string> reply = raw.CallRaw({"", message});
      INFO(face.user << " on " << face.endpoint << ": " << reply.status().ToString());
      REQUIRE(reply.ok());
      nlohmann::json j = nlohmann::json::parse(*reply);
      CHECK(j["ok"] == false);
      CHECK(j["request_id"] == nullptr);  // the message was never read far enough to know it
      CHECK(j["error"]["code"] == "malformed");
      CHECK_THAT(j["error"]["message"].get<std::string>(), Catch::Contains("64"));
    }
  }
  // Still the same process, serving every face.
  REQUIRE(::kill(pid, 0) == 0);
  REQUIRE(engine.Client("manager1")->Call("whoami", nlohmann::json::object()).ok());
  // The refusals are on the record: the attacker's trace is not lost with a crash.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((CountAudited(engine, "clerk1", "malformed") < 2 || CountAudited(engine, "letters1", "malformed") < 2) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(CountAudited(engine, "clerk1", "malformed") == 2);
  CHECK(CountAudited(engine, "letters1", "malformed") == 2);
  CHECK(engine.Stop() == 0);
}

TEST_CASE("hostile input: a nesting bomb through the web desk's api, signed in or by token, is refused",
          "[attack][web]") {
  WebEngine e;
  const pid_t pid = e.engine.pid();
  auto clerk = e.SignedIn("clerk1");
  auto made = RunCommand("(" + testing::EngineBinary() + " user token manager1 --data " + e.engine.data_dir() +
                         " 2>/dev/null)");
  REQUIRE(made.exit_code == 0);
  const std::string token = made.out.substr(0, made.out.find('\n'));
  WebClient script(e.engine.web_url());
  for (const std::string& bomb : {NestedArrays(15000), NestedObjects(8500)}) {
    const std::string body = R"({"x": )" + bomb + "}";
    // A session's POST to any command (the body is the command's args)...
    WebAnswer by_session = clerk->Send("/api/list", body, "application/json");
    INFO(by_session.status << " " << by_session.body);
    CHECK(by_session.status == 400);
    CHECK(by_session.json()["error"]["code"] == "malformed");
    // ...and a script's, with a bearer token and no CSRF token.
    WebAnswer by_token = script.Send("/api/stats", body, "application/json", false, {{"Authorization", "Bearer " + token}});
    INFO(by_token.status << " " << by_token.body);
    CHECK(by_token.status == 400);
  }
  REQUIRE(::kill(pid, 0) == 0);
  CHECK(clerk->Api("whoami", nlohmann::json::object()).status == 200);
  CHECK(e.engine.Stop() == 0);
}

TEST_CASE("hostile input: a long string under a schema pattern is refused and the engine lives on", "[attack]") {
  EngineProcess engine;
  engine.Start();
  const pid_t pid = engine.pid();
  // libstdc++'s std::regex (valijson's pattern check) recurses once per
  // character a `+` or `*` consumes: 100,000 characters under such a pattern
  // ended the engine (SIGSEGV), well under the 256 KiB message limit.
  const std::string long_text(200000, 'a');
  nlohmann::json record = madoguchi::testing::SampleRecord("purpose_notice", "pattern-bomb-1");
  record["requester"]["email"] = long_text + "@example.jp";
  struct Probe {
    std::string command;
    nlohmann::json args;
  };
  for (const Probe& probe : {Probe{"intake", {{"record", record}}},
                             Probe{"list", {{"assignee", long_text}}},
                             Probe{"advance", {{"id", "R2026-000001"}, {"event", "note"}, {"version", 1},
                                               {"data", {{"text", "x"}}}, {"idempotency_key", long_text}}}}) {
    auto reply = engine.Client("clerk1")->Call(probe.command, probe.args);
    INFO(probe.command << ": " << reply.status().ToString());
    REQUIRE_FALSE(reply.ok());
    CHECK(reply.status().code() == Status::Code::kInvalidArgument);
    REQUIRE(::kill(pid, 0) == 0);
  }
  REQUIRE(engine.Client("manager1")->Call("whoami", nlohmann::json::object()).ok());
  CHECK(engine.Stop() == 0);
}
