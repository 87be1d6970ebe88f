// Least privilege (issue 7, part 4): every row of the policy table
// (commands/command_policy.h), against a real engine process over its real
// sockets. For each row: every permitted role succeeds, every other role is
// refused with permission_denied and nothing in the database changes; where a
// permit has a scope (the reviewer's own requests, an auditor's grant, a
// worker's kinds) a caller outside it is refused too. The test enumerates the
// table and has one probe per row: a row without a probe, or a probe without
// a row, fails.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <set>

#include "commands/command_policy.h"
#include "commands/masked_name.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "util/base64.h"
#include "store/database.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

// The user who stands for each role where the role is permitted: reviewer1
// owns the request probed, auditor2 holds a grant, letters1 leases both kinds.
const std::map<Role, std::string> kUserOf = {{Role::kClerk, "clerk1"},   {Role::kReviewer, "reviewer1"},
                                             {Role::kManager, "manager1"}, {Role::kAuditor, "auditor2"},
                                             {Role::kAdmin, "admin1"},     {Role::kWorker, "letters1"}};
const Role kRoles[] = {Role::kClerk, Role::kReviewer, Role::kManager, Role::kAuditor, Role::kAdmin, Role::kWorker};

// The three requests every probe may name.
struct Office {
  std::string mine;    // in review, assigned to reviewer1
  std::string queue;   // verified, not assigned (the reviewers' queue)
  std::string theirs;  // in review, assigned to reviewer2
};

// What a probe saw: whether the capability was used, and the refusal's code.
struct ProbeResult {
  bool allowed = false;
  std::string code;  // "" when allowed, or for a capability that is not a command
};

ProbeResult Of(const Result<nlohmann::json>& r) {
  return r.ok() ? ProbeResult{true, ""} : ProbeResult{false, std::string(r.status().code_name())};
}

struct Probe {
  bool per_request = false;  // the permit's scope applies to the request named
  // Sets up what the call needs (e.g. a leased message); its result goes to run.
  std::function<std::string(const std::string& user)> prepare = [](const std::string&) { return std::string(); };
  std::function<ProbeResult(const std::string& user, const std::string& id, const std::string& prepared)> run;
};

nlohmann::json IntakeArgs(const std::string& key) { return {{"record", SampleRecord("disclosure", key)}}; }

// A letter message leased to letters1 (a fresh intake makes one): "OUTBOX_ID LETTER_ID".
std::string LeasedLetter(EngineProcess& engine, int* counter) {
  Call(engine, "clerk1", "intake", IntakeArgs("policy-lease-" + std::to_string(++*counter)));
  auto leased = engine.WorkerClient("letters1")->Call("lease", {{"kinds", {"letter"}}});
  REQUIRE(leased.ok());
  REQUIRE((*leased)["type"] == "job");
  return std::to_string((*leased)["outbox_id"].get<int64_t>()) + " " +
         (*leased)["payload"]["letter_id"].get<std::string>();
}

// The outbox id of what LeasedLetter prepared.
int64_t OutboxIdOf(const std::string& prepared) { return std::stoll(prepared.substr(0, prepared.find(' '))); }

// An ack's result for the job's letter (the engine takes any PDF without active content).
nlohmann::json FakeLetterResult(const std::string& letter_id) {
  return {{"letter_id", letter_id},
          {"pdf_base64", Base64Encode("%PDF-1.4 policy test letter")},
          {"text", "受付通知（試験）"}};
}

// Everything a refused command must leave as it was (the audit log aside:
// it records the refusal). The access log is appended asynchronously, so it
// is checked once at the end, after a clean stop (NoAccessBeyondPolicy).
std::string Snapshot(EngineProcess& engine) {
  auto db = OpenDatabase(engine.data_dir() + "/madoguchi.db", OpenMode::kReadOnly);
  REQUIRE(db.ok());
  std::string out;
  for (const char* sql :
       {"SELECT id, version, state, coalesce(assignee, '') FROM requests ORDER BY id",
        "SELECT request_id, version, event FROM history ORDER BY seq",
        "SELECT name, role, disabled, coalesce(personal_granted_by, ''), worker_kinds FROM users ORDER BY name",
        "SELECT id, coalesce(leased_to, ''), attempts, coalesce(done_at, ''), coalesce(dead_at, '') FROM outbox "
        "ORDER BY id",
        "SELECT letter_id FROM letters ORDER BY letter_id"}) {
    SQLite::Statement q(**db, sql);
    while (q.executeStep()) {
      for (int c = 0; c < q.getColumnCount(); ++c) out += q.getColumn(c).getString() + "|";
      out += "\n";
    }
  }
  return out;
}

// After the whole table was walked: nobody was shown personal data the
// policy keeps from them (the refusals left no access rows either).
void NoAccessBeyondPolicy(EngineProcess& engine, const Office& office) {
  auto db = OpenDatabase(engine.data_dir() + "/madoguchi.db", OpenMode::kReadOnly);
  REQUIRE(db.ok());
  SQLite::Statement q(**db, "SELECT actor, request_id, what FROM personal_access");
  std::set<std::string> actors;
  while (q.executeStep()) {
    std::string actor = q.getColumn(0).getString(), id = q.getColumn(1).getString(), what = q.getColumn(2).getString();
    INFO(actor << " saw " << id << " (" << what << ")");
    actors.insert(actor);
    CHECK(actor != "admin1");
    CHECK(actor != "auditor1");
    CHECK(actor != "mailer1");
    if (actor == "reviewer1") CHECK(id == office.mine);
  }
  // And those who may were recorded.
  for (const char* user : {"clerk1", "reviewer1", "manager1", "auditor2", "letters1"}) CHECK(actors.count(user) == 1);
}

std::map<std::string, Probe> Probes(EngineProcess& engine, int* counter) {
  auto staff = [&engine](const std::string& command, std::function<nlohmann::json(const std::string& id)> args) {
    return [&engine, command, args](const std::string& user, const std::string& id, const std::string&) {
      return Of(engine.Client(user)->Call(command, args(id)));
    };
  };
  auto none = [](const std::string&) { return nlohmann::json::object(); };
  auto by_id = [](const std::string& id) { return nlohmann::json{{"id", id}}; };
  auto worker = [&engine](const std::string& command, std::function<nlohmann::json(const std::string& prepared)> args) {
    return [&engine, command, args](const std::string& user, const std::string&, const std::string& prepared) {
      return Of(engine.WorkerClient(user)->Call(command, args(prepared)));
    };
  };
  auto leased = [&engine, counter](const std::string&) { return LeasedLetter(engine, counter); };

  auto nothing = [](const std::string&) { return std::string(); };
  std::map<std::string, Probe> p;
  p["whoami"] = {false, nothing, staff("whoami", none)};
  p["intake"] = {false, nothing,
                 [&engine, counter](const std::string& user, const std::string&, const std::string&) {
                   return Of(engine.Client(user)->Call("intake", IntakeArgs("policy-intake-" + std::to_string(++*counter))));
                 }};
  p["advance"] = {true, nothing, [&engine](const std::string& user, const std::string& id, const std::string&) {
                    return Of(TryAdvance(engine, user, id, "note", {{"text", "方針の確認"}}));
                  }};
  p["show"] = {true, nothing, staff("show", by_id)};
  p["list"] = {true, nothing, [&engine](const std::string& user, const std::string& id, const std::string&) {
                 auto r = engine.Client(user)->Call("list", {{"limit", 500}});
                 if (!r.ok()) return Of(r);
                 for (const auto& item : (*r)["items"]) {
                   if (item["id"] == id) return ProbeResult{true, ""};
                 }
                 return ProbeResult{false, "filtered"};
               }};
  p["overdue"] = {false, nothing, staff("overdue", none)};
  p["stats"] = {false, nothing, staff("stats", none)};
  p["outbox"] = {false, nothing, staff("outbox", none)};
  // A dead message to put back: leased and failed once (max_attempts 1).
  p["outbox_retry"] = {false,
                       [&engine, counter](const std::string&) {
                         std::string id = std::to_string(OutboxIdOf(LeasedLetter(engine, counter)));
                         auto failed = engine.WorkerClient("letters1")->Call("fail", {{"outbox_id", std::stoll(id)}, {"error", "試験"}});
                         REQUIRE(failed.ok());
                         REQUIRE((*failed)["dead"] == true);
                         return id;
                       },
                       [&engine](const std::string& user, const std::string&, const std::string& prepared) {
                         return Of(engine.Client(user)->Call("outbox_retry", {{"outbox_id", OutboxIdOf(prepared)}}));
                       }};
  p["letters"] = {true, nothing, staff("letters", by_id)};
  p["letter"] = {true, nothing, staff("letter", [](const std::string& id) {
                   return nlohmann::json{{"id", id}, {"n", 1}};
                 })};
  p["dashboard"] = {false, nothing, staff("dashboard", none)};
  p["report"] = {false, nothing, staff("report", [](const std::string&) { return nlohmann::json{{"year", 2026}}; })};
  p["audit_verify"] = {false, nothing, staff("audit_verify", none)};
  p["audit_export"] = {false, nothing, staff("audit_export", [](const std::string&) {
                         return nlohmann::json{{"from", "2026-01-01"}, {"to", "2030-12-31"}};
                       })};
  p["access_log"] = {false, nothing, staff("access_log", by_id)};
  p["users"] = {false, nothing, staff("users", none)};
  p["meta"] = {false, nothing, staff("meta", none)};
  p["preview"] = {true, nothing, staff("preview", [](const std::string& id) {
                    return nlohmann::json{{"id", id}, {"event", "note"}, {"data", {{"text", "確認"}}}};
                  })};
  p["check_reason"] = {true, nothing, staff("check_reason", [](const std::string& id) {
                         return nlohmann::json{{"id", id}, {"text", "開示します。"}};
                       })};
  // Enabling an enabled user: allowed, and a change of nothing.
  p["user_admin"] = {false, nothing, staff("user_admin", [](const std::string&) {
                       return nlohmann::json{{"user", "clerk1"}, {"action", "enable"}};
                     })};
  // No name is locked: allowed, and a change of nothing (it is the web desk's memory, not the database).
  p["unlock_sign_in"] = {false, nothing, staff("unlock_sign_in", [](const std::string&) {
                           return nlohmann::json{{"user", "clerk1"}};
                         })};
  // Listing a person nobody has asked about (adding them again changes nothing).
  p["protect"] = {false, nothing, staff("protect", [](const std::string&) {
                    return nlohmann::json{{"action", "add"},
                                          {"person", {{"insured_symbol", "0000"}, {"insured_number", "00000"},
                                                      {"birth_date", "1990-01-01"}, {"kana", "ホゴ タイショウ"}}}};
                  })};
  p["protected_list"] = {false, nothing, staff("protected_list", none)};
  // The provision ledger: a record added (a change each time), read back, and the expired disposed of (none).
  p["provision"] = {false, nothing, staff("provision", [](const std::string&) {
                      return nlohmann::json{{"action", "add"},
                                            {"records", {{{"provided_on", "2026-04-01"},
                                                          {"recipient", {{"name", "試験提供先"}}},
                                                          {"person", {{"insured_number", "00000"}, {"name", "試験 太郎"}}},
                                                          {"items", {"氏名"}},
                                                          {"consent", true},
                                                          {"basis", "consent"}}}}};
                    })};
  p["provision_list"] = {false, nothing, staff("provision_list", none)};
  p["provision_dispose"] = {false, nothing, staff("provision_dispose", none)};
  p["disposal_list"] = {false, nothing, staff("disposal_list", none)};
  // What a disclosure handed over: the office's request has handed over
  // nothing, so a caller the policy lets through is answered not_found (no
  // file 1), which is past the gate; every other caller gets permission_denied.
  p["disclosure_export"] = {true, nothing, [&engine](const std::string& user, const std::string& id, const std::string&) {
                              auto r = engine.Client(user)->Call("disclosure_export", {{"id", id}, {"n", 1}});
                              if (!r.ok() && r.status().code() == Status::Code::kNotFound) return ProbeResult{true, ""};
                              return Of(r);
                            }};
  p["lease"] = {false, nothing, worker("lease", [](const std::string&) {
                  return nlohmann::json{{"kinds", {"letter"}}};
                })};
  p["ack"] = {false, leased, worker("ack", [](const std::string& prepared) {
                return nlohmann::json{{"outbox_id", OutboxIdOf(prepared)},
                                      {"result", FakeLetterResult(prepared.substr(prepared.find(' ') + 1))}};
              })};
  p["fail"] = {false, leased, worker("fail", [](const std::string& prepared) {
                 return nlohmann::json{{"outbox_id", OutboxIdOf(prepared)}, {"error", "試験"}};
               })};
  p["letter_context"] = {false, leased, worker("letter_context", [](const std::string& prepared) {
                           return nlohmann::json{{"outbox_id", OutboxIdOf(prepared)}};
                         })};
  // Capabilities that are not commands: seen or not in what the command returns.
  p[std::string(kPersonalFields)] = {true, nothing,
                                     [&engine](const std::string& user, const std::string& id, const std::string&) {
                                       auto r = engine.Client(user)->Call("show", {{"id", id}});
                                       return ProbeResult{r.ok() && r->contains("personal"), ""};
                                     }};
  p[std::string(kMaskedNames)] = {true, nothing,
                                  [&engine](const std::string& user, const std::string& id, const std::string&) {
                                    auto r = engine.Client(user)->Call("list", {{"limit", 500}});
                                    if (!r.ok()) return ProbeResult{false, ""};
                                    for (const auto& item : (*r)["items"]) {
                                      if (item["id"] == id && item.contains("requester")) {
                                        return ProbeResult{item["requester"]["masked"] == true, ""};
                                      }
                                    }
                                    return ProbeResult{false, ""};
                                  }};
  return p;
}

// Every request gets its acknowledgement letter (letter 1), by a worker's
// hand over the real workers' socket: lease, letter_context, ack.
void IssueWaitingLetters(EngineProcess& engine) {
  auto worker = engine.WorkerClient("letters1");
  while (true) {
    auto leased = worker->Call("lease", {{"kinds", {"letter"}}});
    REQUIRE(leased.ok());
    if ((*leased)["type"] == "no_work") return;
    int64_t id = (*leased)["outbox_id"];
    REQUIRE(worker->Call("letter_context", {{"outbox_id", id}}).ok());
    auto acked = worker->Call("ack", {{"outbox_id", id}, {"result", FakeLetterResult((*leased)["payload"]["letter_id"])}});
    INFO(acked.status().ToString());
    REQUIRE(acked.ok());
  }
}

Office OpenOffice(EngineProcess& engine) {
  Office o;
  auto verify = [&](const std::string& id) {
    Advance(engine, "clerk1", id, "verify_identity",
            {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-01-05"}}}}});
  };
  o.mine = Call(engine, "clerk1", "intake", IntakeArgs("policy-mine"))["id"];
  o.queue = Call(engine, "clerk1", "intake", IntakeArgs("policy-queue"))["id"];
  o.theirs = Call(engine, "clerk1", "intake", IntakeArgs("policy-theirs"))["id"];
  for (const auto& id : {o.mine, o.queue, o.theirs}) verify(id);
  Advance(engine, "manager1", o.mine, "assign", {{"to", "reviewer1"}});
  Advance(engine, "manager1", o.theirs, "assign", {{"to", "reviewer2"}});
  IssueWaitingLetters(engine);
  return o;
}

// An engine with, besides EngineProcess's users: auditor2 holding a grant
// (given on the server), mailer1 a worker bound to reminders only.
void AddPolicyUsers(EngineProcess& engine) {
  for (const std::string& add : {std::string("auditor2 --role auditor"), std::string("mailer1 --role worker --kinds reminder")}) {
    CommandOutput out = RunCommand(EngineBinary() + " user add " + add + " --data " + engine.data_dir());
    INFO(out.out);
    REQUIRE(out.exit_code == 0);
  }
  CommandOutput grant = RunCommand(EngineBinary() + " user grant-personal auditor2 --data " + engine.data_dir());
  INFO(grant.out);
  REQUIRE(grant.exit_code == 0);
}

}  // namespace

TEST_CASE("access policy: every command has a row and every row has a probe", "[policy]") {
  EngineProcess engine;  // not started: the probes are only listed
  int counter = 0;
  std::map<std::string, Probe> probes = Probes(engine, &counter);
  std::set<std::string> rows;
  for (const PolicyRow& row : PolicyTable()) {
    INFO("row " << row.capability);
    CHECK(rows.insert(std::string(row.capability)).second);  // one row per capability
    CHECK(probes.count(std::string(row.capability)) == 1);
    CHECK_FALSE(row.permits.empty());
  }
  for (const auto& [capability, probe] : probes) {
    INFO("probe " << capability);
    CHECK(rows.count(capability) == 1);
  }
  for (const CommandRule& rule : CommandTable()) {
    INFO("command " << rule.name);
    CHECK(FindPolicy(rule.name) != nullptr);
  }
}

TEST_CASE("access policy: every row of the policy table allowed and refused with nothing changed on refusal",
          "[policy][engine]") {
  EngineProcess engine;
  QuickWorkers(engine, 1);  // one attempt: a failed message is dead at once (outbox_retry)
  AddPolicyUsers(engine);
  engine.Start();
  Office office = OpenOffice(engine);
  int counter = 0;
  std::map<std::string, Probe> probes = Probes(engine, &counter);

  for (const PolicyRow& row : PolicyTable()) {
    const Probe& probe = probes.at(std::string(row.capability));
    for (Role role : kRoles) {
      const std::string user = kUserOf.at(role);
      std::optional<Scope> scope = ScopeFor(row.capability, role);
      std::string prepared = probe.prepare(user);
      std::string before = Snapshot(engine);
      ProbeResult got = probe.run(user, office.mine, prepared);
      INFO(row.capability << " as " << user << " (" << Name(role) << "): " << (got.allowed ? "allowed" : got.code));
      if (scope) {
        CHECK(got.allowed);
        continue;
      }
      CHECK_FALSE(got.allowed);
      if (FindCommand(row.capability) != nullptr) CHECK(got.code == "permission_denied");
      CHECK(Snapshot(engine) == before);
    }
    // A reviewer's `visible` reaches the unassigned queue too (where `assigned` does not).
    for (const Permit& permit : row.permits) {
      if (permit.scope != Scope::kVisible || !probe.per_request) continue;
      ProbeResult got = probe.run("reviewer1", office.queue, probe.prepare("reviewer1"));
      INFO(row.capability << " as reviewer1 on the queue's " << office.queue << ": " << got.code);
      CHECK(got.allowed);
    }
    // Outside a permit's scope: refused as well, and nothing changed.
    for (const Permit& permit : row.permits) {
      std::string user, id = office.mine;
      switch (permit.scope) {
        case Scope::kAll: continue;
        case Scope::kVisible: user = "reviewer1", id = office.theirs; break;
        case Scope::kAssigned: user = "reviewer1", id = office.queue; break;
        case Scope::kGranted: user = "auditor1"; break;
        case Scope::kOwnKinds: user = "mailer1"; break;
      }
      if (!probe.per_request && (permit.scope == Scope::kVisible || permit.scope == Scope::kAssigned)) {
        continue;  // overdue and stats: the scope narrows what is counted, it refuses nothing
      }
      std::string prepared = probe.prepare(user);
      std::string before = Snapshot(engine);
      ProbeResult got = probe.run(user, id, prepared);
      INFO(row.capability << " as " << user << " outside scope " << Name(permit.scope) << " on " << id << ": "
                          << (got.allowed ? "allowed" : got.code));
      CHECK_FALSE(got.allowed);
      CHECK(Snapshot(engine) == before);
    }
  }
  REQUIRE(engine.Stop() == 0);  // a clean stop appends every access queued
  NoAccessBeyondPolicy(engine, office);
}

TEST_CASE("access policy: admins manage users over the api but cannot decide requests", "[policy][engine]") {
  EngineProcess engine;
  engine.Start();
  Office office = OpenOffice(engine);

  // Deciding is refused for the admin, and leaves the request as it was.
  nlohmann::json before = Call(engine, "manager1", "show", {{"id", office.mine}});
  auto decide = TryAdvance(engine, "admin1", office.mine, "decide", {{"outcome", "full"}, {"reason", "開示する"}});
  CHECK(decide.status().code() == Status::Code::kPermissionDenied);
  auto assign = TryAdvance(engine, "admin1", office.queue, "assign", {{"to", "reviewer1"}});
  CHECK(assign.status().code() == Status::Code::kPermissionDenied);
  nlohmann::json after = Call(engine, "manager1", "show", {{"id", office.mine}});
  CHECK(after["version"] == before["version"]);
  CHECK(after["history"].size() == before["history"].size());
  // Nor does the admin see personal fields, or letters (they hold them).
  CHECK(engine.Client("admin1")->Call("show", {{"id", office.mine}}).status().code() == Status::Code::kPermissionDenied);
  CHECK(engine.Client("admin1")->Call("letter", {{"id", office.mine}, {"n", 1}}).status().code() ==
        Status::Code::kPermissionDenied);

  // The grant: the auditor sees personal fields from the next command on, and not after the revocation.
  CHECK_FALSE(Call(engine, "auditor1", "show", {{"id", office.mine}}).contains("personal"));
  auto granted = [&engine](const std::string& as) {
    nlohmann::json users = Call(engine, as, "users", {{"role", "auditor"}});
    for (const auto& u : users["items"]) {
      if (u["name"] == "auditor1") return u.value("personal_granted", nlohmann::json()).dump();
    }
    return std::string("missing");
  };
  CHECK(granted("admin1") == "false");
  Call(engine, "admin1", "user_admin", {{"user", "auditor1"}, {"action", "grant_personal"}});
  CHECK(granted("admin1") == "true");
  CHECK(granted("manager1") == "null");  // only admins see the grants
  CHECK(Call(engine, "auditor1", "show", {{"id", office.mine}}).contains("personal"));
  Call(engine, "auditor1", "letter", {{"id", office.mine}, {"n", 1}});
  Call(engine, "admin1", "user_admin", {{"user", "auditor1"}, {"action", "revoke_personal"}});
  CHECK_FALSE(Call(engine, "auditor1", "show", {{"id", office.mine}}).contains("personal"));
  // Only auditors are granted; an admin cannot lock themself out.
  CHECK(engine.Client("admin1")->Call("user_admin", {{"user", "reviewer2"}, {"action", "grant_personal"}}).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(engine.Client("admin1")->Call("user_admin", {{"user", "admin1"}, {"action", "disable"}}).status().code() ==
        Status::Code::kInvalidArgument);

  // Disable and enable take effect on the user's next command.
  Call(engine, "admin1", "user_admin", {{"user", "reviewer2"}, {"action", "disable"}});
  // (A disabled key gets no connection at all: the call times out.)
  CHECK_FALSE(engine.Client("reviewer2", std::chrono::milliseconds(1500))->Call("whoami", nlohmann::json::object()).ok());
  Call(engine, "admin1", "user_admin", {{"user", "reviewer2"}, {"action", "enable"}});
  CHECK(engine.Client("reviewer2")->Call("whoami", nlohmann::json::object()).ok());

  // Every change is in the audit log, naming the user changed.
  REQUIRE(engine.Stop() == 0);
  auto db = OpenDatabase(engine.data_dir() + "/madoguchi.db", OpenMode::kReadOnly);
  REQUIRE(db.ok());
  SQLite::Statement q(**db, "SELECT actor, target, result FROM audit WHERE command = 'user_admin' ORDER BY seq");
  std::vector<std::string> records;
  while (q.executeStep()) {
    records.push_back(q.getColumn(0).getString() + " " + q.getColumn(1).getString() + " " + q.getColumn(2).getString());
  }
  CHECK(records == std::vector<std::string>{"admin1 auditor1 ok", "admin1 auditor1 ok", "admin1 reviewer2 invalid_argument",
                                            "admin1 admin1 invalid_argument", "admin1 reviewer2 ok", "admin1 reviewer2 ok"});
}

TEST_CASE("access policy: workers lease only their own kinds and finish only what they hold", "[policy][engine]") {
  EngineProcess engine;
  AddPolicyUsers(engine);
  engine.Start();
  Call(engine, "clerk1", "intake", IntakeArgs("kinds-0001"));  // an acknowledgement letter waits

  auto mailer = engine.WorkerClient("mailer1");
  auto refused = mailer->Call("lease", {{"kinds", {"letter", "reminder"}}});
  CHECK(refused.status().code() == Status::Code::kPermissionDenied);
  CHECK_THAT(refused.status().message(), Catch::Contains("reminder"));  // says which kinds it has
  auto own = mailer->Call("lease", {{"kinds", {"reminder"}}});
  REQUIRE(own.ok());
  CHECK((*own)["type"] == "no_work");

  auto letters = engine.WorkerClient("letters1");
  auto job = letters->Call("lease", {{"kinds", {"letter"}}});
  REQUIRE(job.ok());
  REQUIRE((*job)["type"] == "job");
  int64_t id = (*job)["outbox_id"];
  // Another worker can neither read the letter's personal data nor finish it.
  CHECK(mailer->Call("letter_context", {{"outbox_id", id}}).status().code() == Status::Code::kPermissionDenied);
  const std::string letter_id = (*job)["payload"]["letter_id"];
  CHECK(mailer->Call("ack", {{"outbox_id", id}, {"result", FakeLetterResult(letter_id)}}).status().code() ==
        Status::Code::kPermissionDenied);
  CHECK(mailer->Call("fail", {{"outbox_id", id}, {"error", "横取り"}}).status().code() == Status::Code::kPermissionDenied);
  REQUIRE(letters->Call("ack", {{"outbox_id", id}, {"result", FakeLetterResult(letter_id)}}).ok());

  // A worker added without kinds is refused at once; the list shows the kinds.
  CommandOutput no_kinds = RunCommand(EngineBinary() + " user add w2 --role worker --data " + engine.data_dir());
  CHECK(no_kinds.exit_code == 1);
  CHECK_THAT(no_kinds.out, Catch::Contains("kinds"));
  CommandOutput list = RunCommand(EngineBinary() + " user list --data " + engine.data_dir());
  CHECK_THAT(list.out, Catch::Contains("mailer1\tworker") && Catch::Contains("kinds=reminder"));
  CHECK_THAT(list.out, Catch::Contains("personal granted by server:"));
  CHECK(engine.Stop() == 0);
}

TEST_CASE("access policy: the queue's masked names", "[policy]") {
  CHECK(MaskedName("山田 花子") == "山＊＊");
  CHECK(MaskedName("ヤマダ ハナコ") == "ヤ＊＊");
  CHECK(MaskedName("　佐藤") == "佐＊＊");  // a leading ideographic space is not the name
  CHECK(MaskedName("A") == "A＊＊");
  CHECK(MaskedName("") == "＊＊");
  CHECK(MaskedName("\xff\xfe") == "＊＊");  // not UTF-8: nothing of it shows
}
