// The engine's command API end to end: a real madoguchi-engine process, real
// CURVE sockets, a real database file.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>

#include <zmq.hpp>

#include "commands/command_policy.h"
#include "core/embedded_files.h"
#include "core/jst_time.h"
#include "engine_process.h"
#include "protocol/curve_keys.h"
#include "protocol/wire.h"

using namespace madoguchi;
using madoguchi::testing::CommandOutput;
using madoguchi::testing::EngineBinary;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::RunCommand;
using madoguchi::testing::SampleRecord;

namespace {

const std::vector<std::string> kUsers = {"clerk1", "reviewer1", "manager1", "auditor1", "admin1", "letters1"};

nlohmann::json IntakeArgs(const std::string& type, const std::string& key) {
  return {{"record", SampleRecord(type, key)}};
}

// Takes a disclosure in and brings it to in_review, assigned to reviewer1.
std::string RequestInReview(EngineProcess& engine, const std::string& key) {
  auto clerk = engine.Client("clerk1");
  auto in = clerk->Call("intake", IntakeArgs("disclosure", key));
  REQUIRE(in.ok());
  std::string id = (*in)["id"];
  REQUIRE(clerk->Call("advance", {{"id", id}, {"event", "verify_identity"}, {"version", 1},
                                  {"data", {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-01-05"}}}}}}})
              .ok());
  REQUIRE(engine.Client("manager1")->Call("advance", {{"id", id}, {"event", "assign"}, {"version", 2}, {"data", {{"to", "reviewer1"}}}}).ok());
  return id;
}

// The engine still answers (after something was thrown at it).
void RequireServing(EngineProcess& engine) {
  auto r = engine.Client("manager1")->Call("whoami", nlohmann::json::object());
  INFO(r.status().ToString());
  REQUIRE(r.ok());
}

}  // namespace

TEST_CASE("engine api: whoami names each user and role", "[engine]") {
  EngineProcess engine;
  engine.Start();
  for (const auto& user : kUsers) {
    auto r = engine.Client(user)->Call("whoami", nlohmann::json::object());
    REQUIRE(r.ok());
    CHECK((*r)["user"] == user);
    CHECK((*r)["role"] == engine.key(user).role);
  }
  CHECK(engine.Stop() == 0);
}

TEST_CASE("engine api: every role may send exactly the commands of the policy table", "[engine]") {
  EngineProcess engine;
  engine.Start();
  std::string id = RequestInReview(engine, "policy-0001");
  const std::map<std::string, nlohmann::json> args = {
      {"whoami", nlohmann::json::object()},
      {"intake", IntakeArgs("correction", "policy-0002")},
      {"advance", {{"id", id}, {"event", "note"}, {"version", 3}, {"data", {{"text", "確認中"}}}}},
      {"show", {{"id", id}}},
      {"list", nlohmann::json::object()},
      {"overdue", {{"days", 3}}},
      {"stats", nlohmann::json::object()},
      {"dashboard", {{"weeks", 4}}},
      {"users", {{"role", "reviewer"}}},
      {"audit_verify", nlohmann::json::object()},
  };
  const std::map<std::string, std::set<std::string>> allowed = {
      {"whoami", {"clerk", "reviewer", "manager", "auditor", "admin", "worker"}},
      {"intake", {"clerk"}},
      {"advance", {"clerk", "reviewer", "manager"}},
      {"show", {"clerk", "reviewer", "manager", "auditor"}},
      {"list", {"clerk", "reviewer", "manager", "auditor"}},
      {"overdue", {"clerk", "reviewer", "manager", "auditor"}},
      {"stats", {"clerk", "reviewer", "manager", "auditor", "admin"}},
      {"dashboard", {"manager", "auditor", "admin"}},
      {"users", {"clerk", "reviewer", "manager", "admin"}},
      {"audit_verify", {"auditor", "admin"}},
  };
  for (const auto& user : kUsers) {
    auto client = engine.Client(user);
    std::string role = engine.key(user).role;
    for (const auto& [command, a] : args) {
      nlohmann::json call_args = a;
      if (command == "advance") call_args["version"] = (*engine.Client("manager1")->Call("show", {{"id", id}}))["version"];
      auto r = client->Call(command, call_args);
      INFO(user << " (" << role << ") " << command << ": " << r.status().ToString());
      bool policy_allows = allowed.at(command).count(role) > 0;
      if (!policy_allows) {
        CHECK(r.status().code() == Status::Code::kPermissionDenied);
      } else {
        CHECK(r.ok());
      }
    }
  }
}

TEST_CASE("engine api: reviewers see the queue and their own requests, auditors see no personal data", "[engine]") {
  EngineProcess engine;
  engine.Start();
  std::string mine = RequestInReview(engine, "visible-0001");
  auto clerk = engine.Client("clerk1");
  std::string queue = (*clerk->Call("intake", IntakeArgs("purpose_notice", "visible-0002")))["id"];
  std::string theirs = (*clerk->Call("intake", IntakeArgs("suspension", "visible-0003")))["id"];
  REQUIRE(clerk->Call("advance", {{"id", theirs}, {"event", "verify_identity"}, {"version", 1},
                                  {"data", {{"method", "post"}, {"documents", {{{"kind", "passport"}, {"issued", "2021-04-01"}}}}}}}).ok());
  REQUIRE(engine.Client("manager1")->Call("advance", {{"id", theirs}, {"event", "assign"}, {"version", 2}, {"data", {{"to", "reviewer2"}}}}).ok());

  auto reviewer = engine.Client("reviewer1");
  auto list = reviewer->Call("list", nlohmann::json::object());
  REQUIRE(list.ok());
  std::set<std::string> seen;
  for (const auto& item : (*list)["items"]) seen.insert(item["id"]);
  CHECK(seen == std::set<std::string>{mine, queue});
  CHECK((*list)["total"] == 2);
  auto other = reviewer->Call("show", {{"id", theirs}});
  CHECK(other.status().code() == Status::Code::kPermissionDenied);
  auto own = reviewer->Call("show", {{"id", mine}});
  REQUIRE(own.ok());
  CHECK((*own)["personal"]["requester"]["name"] == "山田 花子");
  CHECK_FALSE((*reviewer->Call("show", {{"id", queue}})).contains("personal"));

  auto audit = engine.Client("auditor1")->Call("show", {{"id", mine}});
  REQUIRE(audit.ok());
  CHECK_FALSE(audit->contains("personal"));
  CHECK((*audit)["history"].size() == 3);
  CHECK((*audit)["allowed_events"].empty());
  // Who may fetch the letters' PDFs, as the desk is told (issue 18): the
  // policy's `letter` row, per request (a reviewer only their own, an
  // auditor only while granted).
  auto pdf = [&](const std::string& user, const std::string& id) {
    auto letters = engine.Client(user)->Call("letters", {{"id", id}});
    REQUIRE(letters.ok());
    return (*letters)["pdf"].get<bool>();
  };
  CHECK(pdf("clerk1", mine));
  CHECK(pdf("reviewer1", mine));
  CHECK_FALSE(pdf("reviewer1", queue));
  CHECK_FALSE(pdf("auditor1", mine));
  auto write = engine.Client("auditor1")->Call("advance", {{"id", mine}, {"event", "note"}, {"version", 3}, {"data", {{"text", "x"}}}});
  CHECK(write.status().code() == Status::Code::kPermissionDenied);
}

TEST_CASE("engine api: show has what the client needs, a request moves through the workflow", "[engine]") {
  EngineProcess engine;
  engine.Start();
  std::string id = RequestInReview(engine, "flow-0001");
  auto reviewer = engine.Client("reviewer1");
  auto decided = reviewer->Call("advance", {{"id", id}, {"event", "decide"}, {"version", 3},
                                            {"data", {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", "第三者の情報を含む"}}}});
  REQUIRE(decided.ok());
  CHECK((*decided)["state"] == "pending_approval");
  auto approve = engine.Client("manager1")->Call("advance", {{"id", id}, {"event", "approve"}, {"version", 4}, {"data", nlohmann::json::object()}});
  REQUIRE(approve.ok());
  auto show = engine.Client("clerk1")->Call("show", {{"id", id}});
  REQUIRE(show.ok());
  for (const char* field : {"id", "type", "state", "version", "received_at", "due_date", "days_left", "allowed_events", "history"}) {
    INFO(field);
    CHECK(show->contains(field));
  }
  CHECK((*show)["state"] == "decided");
  CHECK((*show)["version"] == 5);
  // No link to undo and no letter yet (no letter worker runs here): no
  // unlink, letter_posted or letter_returned offered (issue 18).
  CHECK((*show)["allowed_events"] == nlohmann::json({"respond", "withdraw", "note", "link"}));
  CHECK((*show)["history"].size() == 5);
  CHECK((*show)["history"][4]["actor"] == "manager1");
  CHECK((*show)["days_left"] == 14);
}

TEST_CASE("engine api: an unknown key gets nothing, a disabled user's next command is refused", "[engine]") {
  EngineProcess engine;
  engine.Start();
  KeyFile stranger = engine.key("clerk1");
  auto fresh = GenerateCurveKeyPair();
  REQUIRE(fresh.ok());
  stranger.public_key = fresh->public_key;
  stranger.secret_key = fresh->secret_key;
  EngineClient client(stranger, engine.endpoint(), std::chrono::milliseconds(1500));
  auto r = client.Call("whoami", nlohmann::json::object());
  CHECK(r.status().code() == Status::Code::kUnavailable);
  CHECK_THAT(r.status().message(), Catch::Contains("does not accept the key"));

  auto clerk = engine.Client("clerk1", std::chrono::milliseconds(1500));
  REQUIRE(clerk->Call("whoami", nlohmann::json::object()).ok());
  auto disable = madoguchi::testing::RunCommand(madoguchi::testing::EngineBinary() + " user disable clerk1 --data " + engine.data_dir());
  REQUIRE(disable.exit_code == 0);
  auto after = clerk->Call("whoami", nlohmann::json::object());  // same connection, next command
  CHECK(after.status().code() == Status::Code::kPermissionDenied);
  auto reconnect = engine.Client("clerk1", std::chrono::milliseconds(1500))->Call("whoami", nlohmann::json::object());
  CHECK(reconnect.status().code() == Status::Code::kUnavailable);
  RequireServing(engine);
}

TEST_CASE("engine api: intake is idempotent and a stale version is refused with the current state", "[engine]") {
  EngineProcess engine;
  engine.Start();
  auto clerk = engine.Client("clerk1");
  auto first = clerk->Call("intake", IntakeArgs("disclosure", "idem-00001"));
  REQUIRE(first.ok());
  CHECK((*first)["created"] == true);
  auto again = clerk->Call("intake", IntakeArgs("disclosure", "idem-00001"));
  REQUIRE(again.ok());
  CHECK((*again)["created"] == false);
  CHECK((*again)["id"] == (*first)["id"]);
  CHECK((*engine.Client("manager1")->Call("stats", nlohmann::json::object()))["open"] == 1);

  std::string id = (*first)["id"];
  auto ok = clerk->Call("advance", {{"id", id}, {"event", "note"}, {"version", 1}, {"data", {{"text", "電話あり"}}}});
  REQUIRE(ok.ok());
  auto stale = clerk->Call("advance", {{"id", id}, {"event", "note"}, {"version", 1}, {"data", {{"text", "二重"}}}});
  CHECK(stale.status().code() == Status::Code::kConflict);
  CHECK_THAT(stale.status().message(), Catch::Contains("stale version 1"));
  CHECK_THAT(stale.status().message(), Catch::Contains("at version 2 in state 'received'"));
}

TEST_CASE("engine api: bad input gets an error reply and the engine goes on serving", "[engine]") {
  EngineProcess engine;
  engine.EditConfig([](nlohmann::json& c) { c["limits"]["max_message_bytes"] = 4096; });
  engine.Start();
  auto client = engine.Client("clerk1", std::chrono::seconds(5));
  auto raw = [&](std::vector<std::string> frames) {
    auto r = client->CallRaw(frames);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    nlohmann::json reply = nlohmann::json::parse(*r);
    CHECK(reply["ok"] == false);
    RequireServing(engine);
    return reply["error"];
  };
  CHECK(raw({"", "not json at all"})["code"] == "malformed");
  CHECK(raw({"", "[1, 2, 3]"})["code"] == "malformed");
  // A number beyond a double's range (found by fuzzing; it once ended the engine).
  CHECK(raw({"", R"({"command": "whoami", "args": {}, "request_id": 1e99999})"})["code"] == "malformed");
  CHECK(raw({"", std::string("{\"command\": \"whoami\", \"args\": {\"x\": \"\xC3\x28\"}}")})["code"] == "malformed");
  CHECK(raw({"only one frame"})["code"] == "malformed");
  CHECK(raw({"", "{}", "extra frame"})["code"] == "malformed");
  CHECK(raw({"", std::string(5000, ' ') + "{}"})["code"] == "too_large");
  CHECK(raw({"", R"({"command": "launch_rockets"})"})["code"] == "unknown_command");
  CHECK(raw({"", R"({"command": 42})"})["code"] == "malformed");
  auto wrong_type = raw({"", R"({"command": "show", "args": {"id": 17}})"});
  CHECK(wrong_type["code"] == "invalid_argument");
  CHECK_THAT(wrong_type["message"].get<std::string>(), Catch::Contains("id"));
  auto missing = raw({"", R"({"command": "advance", "args": {"id": "R2026-000001", "event": "note"}})"});
  CHECK(missing["code"] == "invalid_argument");
  CHECK_THAT(missing["message"].get<std::string>(), Catch::Contains("version"));
  auto bad_record = client->Call("intake", {{"record", {{"type", "disclosure"}}}});
  CHECK(bad_record.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(bad_record.status().message(), Catch::Contains("requester"));
  // A message far beyond the limit is cut off by libzmq itself; the engine lives on.
  (void)client->CallRaw({"", std::string(64 * 1024, 'x')});
  RequireServing(engine);
  CHECK(engine.Stop() == 0);
}

TEST_CASE("engine api: a second engine on the same folder is refused", "[engine]") {
  EngineProcess engine;
  engine.Start();
  auto second = madoguchi::testing::RunCommand("timeout 20 " + madoguchi::testing::EngineRunCommand(engine.data_dir()));
  CHECK(second.exit_code == 1);
  CHECK_THAT(second.out, Catch::Contains("another engine (pid " + std::to_string(engine.pid()) + ")"));
  RequireServing(engine);
}

// --- issue 6: the rules through the running engine ---

TEST_CASE("engine api: a fee is charged only when published, goes with the decision, verify_identity names what is missing",
          "[engine][issue6]") {
  EngineProcess engine;
  engine.EditConfig([](nlohmann::json& c) {
    c["fees"] = madoguchi::EmbeddedJson("config/fees.json");
    c["fees"]["disclosure"] = {{"per_request", 300}, {"per_page", 0}, {"per_pages", 1}, {"postage", 0}};
  });
  // The shipped notice says nothing of a fee: the engine refuses the configuration (Art. 32(1)(iii)).
  CommandOutput refused_start = RunCommand("timeout 20 " + madoguchi::testing::EngineRunCommand(engine.data_dir()) + " 2>&1");
  CHECK(refused_start.exit_code != 0);
  CHECK_THAT(refused_start.out, Catch::Contains("published notice (society-notice.txt) says nothing of 手数料"));
  std::ofstream(engine.data_dir() + "/society-notice.txt")
      << "3. 保有個人データの開示等の請求に応じる手続\n開示の請求の手数料は、1件につき300円です。\n";
  engine.Start();
  auto clerk = engine.Client("clerk1");
  auto in = clerk->Call("intake", IntakeArgs("disclosure", "issue6-engine-1"));
  REQUIRE(in.ok());
  std::string id = (*in)["id"];
  auto refused = clerk->Call("advance", {{"id", id}, {"event", "verify_identity"}, {"version", 1},
                                         {"data", {{"method", "counter"}, {"documents", {{{"kind", "power_of_attorney"}, {"issued", "2026-01-05"}}}}}}});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(refused.status().message(), Catch::Contains("本人の本人確認書類"));

  std::string charged = RequestInReview(engine, "issue6-engine-2");
  auto reviewer = engine.Client("reviewer1");
  REQUIRE(reviewer->Call("advance", {{"id", charged}, {"event", "decide"}, {"version", 3}, {"data", {{"outcome", "full"}}}}).ok());
  // The decision goes at once, the fee in its letter; nothing stops the clock.
  REQUIRE(clerk->Call("advance", {{"id", charged}, {"event", "respond"}, {"version", 4}, {"data", {{"method", "post"}}}}).ok());
  auto show = clerk->Call("show", {{"id", charged}});
  REQUIRE(show.ok());
  CHECK((*show)["clock_stopped"] == false);
  CHECK((*show)["particulars"]["fee"]["amount"] == 300);
  REQUIRE(clerk->Call("advance", {{"id", charged}, {"event", "fee_paid"}, {"version", 5},
                                  {"data", {{"amount", 300}, {"paid_on", madoguchi::JstDate(madoguchi::Now()).ToIso()}}}})
              .ok());
  CHECK(engine.Stop() == 0);
}

// CURVE is not a setting: both sockets require it on every transport, ipc://
// included, so there is no plain mode a configuration could fall into.
TEST_CASE("engine api: a client without CURVE gets no answer on either socket", "[engine]") {
  EngineProcess engine;
  engine.Start();
  for (const std::string& endpoint : {engine.endpoint(), engine.workers_endpoint()}) {
    zmq::context_t context;
    zmq::socket_t plain(context, zmq::socket_type::dealer);
    plain.set(zmq::sockopt::linger, 0);
    plain.connect(endpoint);
    plain.send(zmq::str_buffer(""), zmq::send_flags::sndmore);
    plain.send(zmq::str_buffer(R"({"command":"whoami","args":{},"request_id":"r1"})"), zmq::send_flags::none);
    zmq::pollitem_t item{plain.handle(), 0, ZMQ_POLLIN, 0};
    CHECK(zmq::poll(&item, 1, std::chrono::milliseconds(1500)) == 0);
  }
  // The same engine answers CURVE clients.
  REQUIRE(engine.Client("clerk1")->Call("whoami", nlohmann::json::object()).ok());
  CHECK(engine.Stop() == 0);
}
