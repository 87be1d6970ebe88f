// The web desk's read commands (dashboard, users, list with sort and due)
// through ReadHandler on a real SQLite file: a small office whose every
// number is worked out by hand below, and a larger filled one checked against
// the same numbers counted row by row in C++.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "audit_check.h"
#include "commands/read_handler.h"
#include "core/schema_validator.h"
#include "office_steps.h"
#include "request_filler.h"
#include "commands/request_writer.h"
#include "store/migrations.h"
#include "store/reader_sql.h"
#include "store/user_store.h"
#include "tally_check.h"
#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::At;
using madoguchi::testing::CheckTalliesMatchRows;
using madoguchi::testing::D;
using madoguchi::testing::OfficeSteps;
using madoguchi::testing::OpenHandler;
using madoguchi::testing::OpenStore;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TempDir;

namespace {

const Actor kClerk{"clerk1", Role::kClerk};
const Actor kManager{"manager1", Role::kManager};

// 2026-11-25 (Wednesday) 15:00 JST. Due soon reaches 2026-11-30 (three
// business days: Thu, Fri, Mon); the dashboard's four weeks start on the
// Mondays 11-02, 11-09, 11-16 and 11-23 (11-23 is a holiday; weeks do not care).
const Timestamp kNow = At("2026-11-25", 15);

nlohmann::json Run(ReadHandler& handler, Command command, const nlohmann::json& args, const Actor& actor = kManager) {
  Result<nlohmann::json> r = handler.Run(command, args, actor, kNow);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return *r;
}

// A request's life as (day, actor, event, data) steps; corrections are due 14
// calendar days after the day of receipt.
class Office : public OfficeSteps {
 public:
  explicit Office(RequestWriter& store) : OfficeSteps(store) {}

  std::string Receive(const char* day) {
    auto in = store_.Intake(SampleRecord("correction", std::string("desk-") + day + "-" + std::to_string(n_++)),
                            kClerk, At(day));
    INFO(in.status().ToString());
    REQUIRE(in.ok());
    return in->request.id;
  }

  // Assigned on the day of receipt, decided in full and closed by the letter on `closed_on`.
  void Close(const std::string& id, const char* received_on, const char* closed_on) {
    const Actor reviewer{"reviewer1", Role::kReviewer};
    VerifyAndAssign(id, received_on, reviewer.user);
    Step(id, closed_on, reviewer, Event::kDecide, {{"outcome", "full"}, {"items", {{{"n", 1}, {"corrected", true}}}}});
    RespondAndClose(id, closed_on, closed_on, reviewer);
  }

 private:
  int n_ = 0;
};

// The office of the tests, received in this order (so ids follow receipt).
struct KnownOffice {
  std::string i, f, e, a, d, b, c, g, j, h;
};

KnownOffice FillKnownOffice(RequestWriter& store) {
  Office o(store);
  KnownOffice k;
  k.i = o.Receive("2026-08-03");  // closed 10-01: before the weeks shown
  o.Close(k.i, "2026-08-03", "2026-10-01");
  k.f = o.Receive("2026-10-20");  // closed 11-17: 28 days
  o.Close(k.f, "2026-10-20", "2026-11-17");
  k.e = o.Receive("2026-11-02");  // closed 11-10: 8 days
  o.Close(k.e, "2026-11-02", "2026-11-10");
  k.a = o.Receive("2026-11-04");  // received, due 11-18: overdue, 21 days old
  k.d = o.Receive("2026-11-05");  // reviewer2, due 11-19: overdue, 20 days old
  o.VerifyAndAssign(k.d, "2026-11-06", "reviewer2");
  k.b = o.Receive("2026-11-12");  // reviewer1, due 11-26: due soon, 13 days old
  o.VerifyAndAssign(k.b, "2026-11-13", "reviewer1");
  k.c = o.Receive("2026-11-13");  // due 11-27 but waiting on the requester: neither
  o.Step(k.c, "2026-11-16", kClerk, Event::kRequestDocuments, {{"missing", {"住民票"}}});
  k.g = o.Receive("2026-11-16");  // withdrawn 11-18
  o.Step(k.g, "2026-11-18", kClerk, Event::kWithdraw, {{"reason", "取下げ"}});
  k.j = o.Receive("2026-11-20");  // due 12-04: open, neither
  k.h = o.Receive("2026-11-24");  // identity refused 11-25: closed, 1 day
  o.Step(k.h, "2026-11-25", kClerk, Event::kRejectIdentity, {{"reason", "本人確認不能"}});
  return k;
}

std::vector<std::string> Ids(const nlohmann::json& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item["id"]);
  return ids;
}

}  // namespace

TEST_CASE("dashboard: every figure of a known office", "[dashboard]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  auto store = OpenStore(path);
  KnownOffice k = FillKnownOffice(*store);
  store->db().exec("UPDATE outbox SET dead_at = '2026-11-24T09:00:00+09:00' WHERE id = (SELECT min(id) FROM outbox)");
  ReadHandler handler = OpenHandler(path);
  nlohmann::json d = Run(handler, Command::kDashboard, {{"weeks", 4}});

  CHECK(SchemaValidator::Embedded("schemas/api/dashboard.reply.schema.json").Validate(d).empty());
  CHECK(d["today"] == "2026-11-25");
  CHECK(d["soon_until"] == "2026-11-30");
  CHECK(Ids(d["overdue"]) == std::vector<std::string>{k.a, k.d});
  CHECK(d["overdue_total"] == 2);
  CHECK(Ids(d["due_soon"]) == std::vector<std::string>{k.b});
  CHECK(d["due_soon_total"] == 1);
  CHECK(d["counts"] == nlohmann::json{{"by_state", {{"received", 2}, {"in_review", 2}, {"awaiting_requester", 1},
                                                    {"closed", 4}, {"withdrawn", 1}}},
                                      {"by_type", {{"correction", 10}}},
                                      {"open", 5},
                                      {"overdue", 2},
                                      {"due_soon", 1}});
  CHECK(d["age_by_state"]["received"] == nlohmann::json{{"count", 2}, {"average_days", 13.0}, {"max_days", 21}});
  CHECK(d["age_by_state"]["in_review"] == nlohmann::json{{"count", 2}, {"average_days", 16.5}, {"max_days", 20}});
  CHECK(d["age_by_state"]["awaiting_requester"] ==
        nlohmann::json{{"count", 1}, {"average_days", 12.0}, {"max_days", 12}});
  CHECK(d["age_by_state"]["decided"] == nlohmann::json{{"count", 0}, {"average_days", 0.0}, {"max_days", 0}});
  CHECK(d["age_by_state"].size() == 9);  // every open state (delivering too, issue 17), none of the two closed ones
  CHECK(d["workload"] == nlohmann::json::array({
                             {{"assignee", "reviewer1"}, {"open", 1}, {"overdue", 0}, {"due_soon", 1}},
                             {{"assignee", "reviewer2"}, {"open", 1}, {"overdue", 1}, {"due_soon", 0}},
                         }));
  CHECK(d["unassigned"] == nlohmann::json{{"open", 3}, {"overdue", 1}, {"due_soon", 0}});  // a, c, j
  CHECK(d["dead_outbox"] == 1);
  CHECK(d["weekly"] == nlohmann::json::array({
                           {{"week_start", "2026-11-02"}, {"received", 3}, {"closed", 0}, {"withdrawn", 0}},
                           {{"week_start", "2026-11-09"}, {"received", 2}, {"closed", 1}, {"withdrawn", 0}},
                           {{"week_start", "2026-11-16"}, {"received", 2}, {"closed", 1}, {"withdrawn", 1}},
                           {{"week_start", "2026-11-23"}, {"received", 1}, {"closed", 1}, {"withdrawn", 0}},
                       }));
  // e 8, f 28, h 1 (i closed before the first week).
  CHECK(d["days_to_respond"] == nlohmann::json{{"count", 3},
                                               {"median", 8},
                                               {"p90", 28},
                                               {"max", 28},
                                               {"histogram",
                                                {{{"from_days", 0}, {"upto_days", 7}, {"count", 1}},
                                                 {{"from_days", 8}, {"upto_days", 14}, {"count", 1}},
                                                 {{"from_days", 15}, {"upto_days", 30}, {"count", 1}},
                                                 {{"from_days", 31}, {"upto_days", 60}, {"count", 0}},
                                                 {{"from_days", 61}, {"upto_days", nullptr}, {"count", 0}}}}});

  SECTION("a reviewer's stats count only the unassigned requests and their own") {
    // reviewer2 holds d; a, c, g, h and j are nobody's; b, e, f and i are reviewer1's.
    nlohmann::json mine =
        Run(handler, Command::kStats, nlohmann::json::object(), Actor{"reviewer2", Role::kReviewer});
    CHECK(mine["by_state"] == nlohmann::json{{"received", 2}, {"in_review", 1}, {"awaiting_requester", 1},
                                             {"closed", 1}, {"withdrawn", 1}});
    CHECK(mine["by_type"] == nlohmann::json{{"correction", 6}});
    CHECK(mine["open"] == 4);
    CHECK(mine["overdue"] == 2);  // a and d
    CHECK(mine["due_soon"] == 0);  // b is reviewer1's
  }

  SECTION("arguments move the windows") {
    nlohmann::json wide = Run(handler, Command::kDashboard, {{"weeks", 20}, {"soon_business_days", 10}});
    CHECK(wide["soon_until"] == "2026-12-09");
    CHECK(Ids(wide["due_soon"]) == std::vector<std::string>{k.b, k.j});
    CHECK(wide["weekly"].size() == 20);
    CHECK(wide["weekly"][0]["week_start"] == "2026-07-13");
    CHECK(wide["days_to_respond"]["count"] == 4);  // i too: 59 days
    CHECK(wide["days_to_respond"]["max"] == 59);
    CHECK(wide["days_to_respond"]["histogram"][3]["count"] == 1);
    nlohmann::json defaults = Run(handler, Command::kDashboard, nlohmann::json::object());
    CHECK(defaults["weekly"].size() == kDefaultDashboardWeeks);
    CHECK(defaults["soon_until"] == "2026-11-30");
  }
}

TEST_CASE("dashboard: an empty office has zeros and nulls, not errors", "[dashboard]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  OpenStore(path);
  ReadHandler handler = OpenHandler(path);
  nlohmann::json d = Run(handler, Command::kDashboard, {{"weeks", 1}});
  CHECK(SchemaValidator::Embedded("schemas/api/dashboard.reply.schema.json").Validate(d).empty());
  CHECK(d["weekly"] == nlohmann::json::array({{{"week_start", "2026-11-23"}, {"received", 0}, {"closed", 0},
                                               {"withdrawn", 0}}}));
  CHECK(d["days_to_respond"]["count"] == 0);
  CHECK(d["days_to_respond"]["median"].is_null());
  CHECK(d["workload"].empty());
  CHECK(d["counts"]["open"] == 0);
}

TEST_CASE("dashboard: refused to those who see only part of the office", "[dashboard]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  OpenStore(path);
  ReadHandler handler = OpenHandler(path);
  auto r = handler.Run(Command::kDashboard, nlohmann::json::object(), {"reviewer1", Role::kReviewer}, kNow);
  CHECK(r.status().code() == Status::Code::kPermissionDenied);
  for (Role role : {Role::kClerk, Role::kReviewer, Role::kWorker}) {
    INFO(Name(role));
    CHECK_FALSE(MayRun(*FindCommand("dashboard"), role));
  }
  for (Role role : {Role::kManager, Role::kAuditor, Role::kAdmin}) CHECK(MayRun(*FindCommand("dashboard"), role));
}

TEST_CASE("dashboard: agrees with the same figures counted row by row", "[dashboard]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  auto store = OpenStore(path);
  const int copies = GENERATE(1, 2);
  auto filled = testing::FillRequests(*store, {300, copies, 120, D("2026-11-25"), 7});
  INFO(filled.status().ToString());
  REQUIRE(filled.ok());
  CHECK(filled->requests == 300 * copies);
  ReadHandler handler = OpenHandler(path);
  nlohmann::json d = Run(handler, Command::kDashboard, {{"weeks", 8}});
  CHECK(SchemaValidator::Embedded("schemas/api/dashboard.reply.schema.json").Validate(d).empty());

  // The same figures from every row, in C++.
  const Date today = D("2026-11-25"), soon_until = D("2026-11-30"), since = D("2026-10-05");
  int64_t open = 0, overdue = 0, soon = 0, unassigned = 0, received_in_window = 0;
  std::map<std::string, int64_t> by_state, open_by_assignee;
  SQLite::Statement rows(store->db(), "SELECT state, due_date, clock_stopped, assignee, received_at FROM requests");
  while (rows.executeStep()) {
    std::string state = rows.getColumn(0).getString();
    ++by_state[state];
    Date received = JstDate(*ParseTimestamp(rows.getColumn(4).getString()));
    if (received >= since && received <= today) ++received_in_window;
    if (!IsOpen(*ParseState(state))) continue;
    ++open;
    Date due = D(rows.getColumn(1).getString().c_str());
    bool running = rows.getColumn(2).getInt() == 0;
    overdue += running && due < today;
    soon += running && due >= today && due <= soon_until;
    if (rows.getColumn(3).isNull()) {
      ++unassigned;
    } else {
      ++open_by_assignee[rows.getColumn(3).getString()];
    }
  }
  CHECK(d["counts"]["by_state"] == nlohmann::json(by_state));
  CHECK(d["counts"]["open"] == open);
  CHECK(d["overdue_total"] == overdue);
  CHECK(d["due_soon_total"] == soon);
  CHECK(d["overdue"].size() == static_cast<size_t>(std::min<int64_t>(overdue, 200)));
  CHECK(d["unassigned"]["open"] == unassigned);
  std::map<std::string, int64_t> workload;
  for (const auto& w : d["workload"]) workload[w["assignee"].get<std::string>()] = w["open"].get<int64_t>();
  CHECK(workload == open_by_assignee);
  int64_t weekly_received = 0, weekly_closed = 0;
  for (const auto& w : d["weekly"]) {
    weekly_received += w["received"].get<int64_t>();
    weekly_closed += w["closed"].get<int64_t>();
  }
  CHECK(weekly_received == received_in_window);
  CHECK(d["days_to_respond"]["count"] == weekly_closed);
  int64_t in_buckets = 0;
  for (const auto& b : d["days_to_respond"]["histogram"]) in_buckets += b["count"].get<int64_t>();
  CHECK(in_buckets == weekly_closed);
  // The filler's lives: most close within weeks; some stay open past their due date.
  CHECK(weekly_closed > 0);
  CHECK(overdue > 0);
  CHECK(d["days_to_respond"]["median"].get<int64_t>() <= d["days_to_respond"]["p90"].get<int64_t>());
  CHECK(CheckTalliesMatchRows(path) == 300 * copies);
}

TEST_CASE("dashboard: an older database's tallies are counted from its rows when it is migrated", "[dashboard]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  nlohmann::json before;
  {
    auto store = OpenStore(path);
    REQUIRE(testing::FillRequests(*store, {200, 1, 90, D("2026-11-25"), 11}).ok());
    ReadHandler handler = OpenHandler(path);
    before = Run(handler, Command::kDashboard, {{"weeks", 13}});
    // Back to the schema of step 12: no tallies, no triggers, no running-due
    // index (step 13).
    SQLite::Database& db = store->db();
    for (const char* trigger : {"tally_request_inserted", "tally_requests_changed", "tally_running_due_changed",
                                "tally_open_received_changed", "tally_weekly_received_changed", "tally_request_ended"}) {
      db.exec(std::string("DROP TRIGGER ") + trigger);
    }
    for (const char* table : {"tally_requests", "tally_running_due", "tally_open_received", "tally_weekly_flow",
                              "tally_days_to_close"}) {
      db.exec(std::string("DROP TABLE ") + table);
    }
    db.exec("DROP INDEX requests_running_due");
    // And none of steps 14 to 19 (token expiry, the keyed audit chain, the original due
    // date, the protected persons, the idempotency digests, fewer index entries).
    testing::UndoStepsFrom14(db, 12);
  }
  auto migrated = OpenStore(path);  // steps 13 to 19 again, on the rows now there
  CHECK(migrated->db().execAndGet("PRAGMA user_version").getInt() == LatestSchemaVersion());
  CHECK(CheckTalliesMatchRows(path) == 200);
  ReadHandler handler = OpenHandler(path);
  CHECK(Run(handler, Command::kDashboard, {{"weeks", 13}}) == before);
}

TEST_CASE("dashboard: the tallies count the workflow's open states, and the due lists use their index", "[dashboard]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  auto store = OpenStore(path);
  SQLite::Database& db = store->db();
  // The migration spells the open states out; the workflow table is the truth.
  std::string trigger = db.execAndGet("SELECT sql FROM sqlite_master WHERE name = 'tally_request_inserted'").getString();
  CHECK_THAT(trigger, Catch::Contains("new." + OpenStatesSql()));
  // RequestReader::RunningDue names requests_running_due; SQLite refuses a
  // statement whose INDEXED BY it cannot use, so this is the proof it can.
  std::vector<std::string> params;
  SQLite::Statement plan(db, "EXPLAIN QUERY PLAN SELECT id FROM requests INDEXED BY requests_running_due WHERE " +
                                 RunningDueSql(std::nullopt, D("2026-11-25"), &params) + " ORDER BY due_date, id LIMIT 50");
  BindAll(plan, params);
  std::string steps;
  while (plan.executeStep()) steps += plan.getColumn(3).getString() + "\n";
  CHECK_THAT(steps, Catch::Contains("requests_running_due") && !Catch::Contains("TEMP B-TREE"));
  // And with a reviewer's visibility in front, as the reviewer's lists have it.
  SQLite::Statement mine(db, "EXPLAIN QUERY PLAN SELECT id FROM requests INDEXED BY requests_running_due WHERE "
                             "(assignee IS NULL OR assignee = 'reviewer1') AND " +
                                 RunningDueSql(D("2026-11-25"), D("2026-11-30"), &params) + " ORDER BY due_date, id");
  CHECK(mine.executeStep());
}

TEST_CASE("list: due filter, sort columns and order", "[list]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  auto store = OpenStore(path);
  KnownOffice k = FillKnownOffice(*store);
  ReadHandler handler = OpenHandler(path);
  auto list = [&](nlohmann::json args) { return Run(handler, Command::kList, args); };

  // As before: most recently received first.
  CHECK(Ids(list(nlohmann::json::object())["items"]) ==
        std::vector<std::string>{k.h, k.j, k.g, k.c, k.b, k.d, k.a, k.e, k.f, k.i});
  // Open only: the queue's work; h, g, e, f and i are closed or withdrawn.
  CHECK(Ids(list({{"open", true}})["items"]) == std::vector<std::string>{k.j, k.c, k.b, k.d, k.a});
  CHECK(list({{"open", true}})["total"] == 5);
  CHECK(list({{"open", false}})["total"] == 10);
  nlohmann::json overdue = list({{"due", "overdue"}});
  CHECK(overdue["total"] == 2);
  CHECK(Ids(overdue["items"]) == std::vector<std::string>{k.d, k.a});
  CHECK(Ids(list({{"due", "overdue"}, {"sort", "due_date"}})["items"]) == std::vector<std::string>{k.a, k.d});
  CHECK(Ids(list({{"due", "overdue"}, {"sort", "due_date"}, {"order", "desc"}})["items"]) ==
        std::vector<std::string>{k.d, k.a});
  CHECK(Ids(list({{"due", "soon"}})["items"]) == std::vector<std::string>{k.b});  // c's clock is stopped
  CHECK(Ids(list({{"sort", "received_at"}, {"order", "asc"}, {"limit", 3}})["items"]) ==
        std::vector<std::string>{k.i, k.f, k.e});
  CHECK(Ids(list({{"sort", "id"}, {"order", "desc"}, {"limit", 2}})["items"]) == std::vector<std::string>{k.h, k.j});
  // Assignees by name, then the unassigned (by id).
  std::vector<std::string> by_assignee = Ids(list({{"sort", "assignee"}, {"state", "in_review"}})["items"]);
  CHECK(by_assignee == std::vector<std::string>{k.b, k.d});
  nlohmann::json all_by_assignee = list({{"sort", "assignee"}})["items"];
  CHECK(all_by_assignee.front()["assignee"] == "reviewer1");
  CHECK(all_by_assignee.back()["assignee"].is_null());
  CHECK(Ids(list({{"sort", "assignee"}, {"order", "desc"}, {"limit", 1}})["items"]) ==
        std::vector<std::string>{k.d});  // reviewer2; the unassigned stay last
  CHECK(Ids(list({{"sort", "state"}, {"limit", 1}})["items"]) == std::vector<std::string>{k.c});  // awaiting_requester
  CHECK(Ids(list({{"sort", "type"}, {"due", "soon"}})["items"]) == std::vector<std::string>{k.b});

  // Only the fixed sorts reach SQL; the schema refuses others before, the handler too.
  auto injected = handler.Run(Command::kList, {{"sort", "id; DROP TABLE requests"}}, kManager, kNow);
  CHECK(injected.status().code() == Status::Code::kInvalidArgument);
  CHECK_FALSE(SchemaValidator::Embedded("schemas/api/list.request.schema.json")
                  .Validate({{"sort", "id; DROP TABLE requests"}})
                  .empty());
  CHECK(SchemaValidator::Embedded("schemas/api/list.request.schema.json")
            .Validate({{"sort", "due_date"}, {"order", "asc"}, {"due", "soon"}})
            .empty());

  SECTION("a reviewer's list keeps to the queue and their own") {
    const Actor reviewer{"reviewer1", Role::kReviewer};
    nlohmann::json mine = Run(handler, Command::kList, {{"due", "overdue"}}, reviewer);
    CHECK(Ids(mine["items"]) == std::vector<std::string>{k.a});  // d is reviewer2's
  }
}

TEST_CASE("users: active users by name, optionally of one role", "[users]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  auto store = OpenStore(path);
  UserStore users(store->db());
  int n = 0;
  for (auto [name, role] : {std::pair{"reviewer2", Role::kReviewer}, std::pair{"clerk1", Role::kClerk},
                            std::pair{"reviewer1", Role::kReviewer}, std::pair{"gone", Role::kReviewer},
                            std::pair{"manager1", Role::kManager}}) {
    User u;
    u.name = name;
    u.role = role;
    u.public_key = std::string(39, 'k') + std::to_string(n++);
    REQUIRE(users.Add(u).ok());
  }
  REQUIRE(users.Disable("gone", kNow).ok());
  ReadHandler handler = OpenHandler(path);

  nlohmann::json all = Run(handler, Command::kUsers, nlohmann::json::object());
  CHECK(all == nlohmann::json{{"items",
                               {{{"name", "clerk1"}, {"role", "clerk"}},
                                {{"name", "manager1"}, {"role", "manager"}},
                                {{"name", "reviewer1"}, {"role", "reviewer"}},
                                {{"name", "reviewer2"}, {"role", "reviewer"}}}}});
  CHECK(SchemaValidator::Embedded("schemas/api/users.reply.schema.json").Validate(all).empty());
  nlohmann::json reviewers = Run(handler, Command::kUsers, {{"role", "reviewer"}});
  CHECK(reviewers["items"] == nlohmann::json::array({{{"name", "reviewer1"}, {"role", "reviewer"}},
                                                      {{"name", "reviewer2"}, {"role", "reviewer"}}}));
  CHECK(Run(handler, Command::kUsers, {{"role", "auditor"}})["items"].empty());
  CHECK_FALSE(MayRun(*FindCommand("users"), Role::kAuditor));
  CHECK_FALSE(MayRun(*FindCommand("users"), Role::kWorker));
}
