// 管理 opens with what a manager must do (issue 18, "Managers"): the
// decisions waiting for approval and the verified requests waiting to be
// assigned, counted and listed; each reviewer's load; and for each overdue
// request who holds it and which step blocks it. Through ReadHandler on a real
// SQLite file (as desk_reads_test.cc): a small office whose every figure is
// worked out by hand below, and the reply checked strictly against
// schemas/api/dashboard.reply.schema.json.
#include <catch2/catch.hpp>

#include "commands/read_handler.h"
#include "core/schema_validator.h"
#include "core/waiting_step.h"
#include "office_steps.h"
#include "reply_checks.h"
#include "test_support.h"

using namespace madoguchi;
using madoguchi::JoinMessages;
using madoguchi::testing::At;
using madoguchi::testing::OfficeSteps;
using madoguchi::testing::OpenHandler;
using madoguchi::testing::OpenStore;
using madoguchi::testing::ReplySchemaProblems;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TempDir;

namespace {

const Actor kClerk{"clerk1", Role::kClerk};
const Actor kManager{"manager1", Role::kManager};

// 2026-11-25 (Wednesday) 15:00 JST; a correction is due 14 calendar days
// after the day of receipt, a due date that falls on a weekend or holiday
// moving to the next business day (11-23 is a holiday).
const Timestamp kNow = At("2026-11-25", 15);

class Office : public OfficeSteps {
 public:
  explicit Office(RequestWriter& store) : OfficeSteps(store) {}

  std::string Receive(const char* day) {
    auto in = store_.Intake(SampleRecord("correction", std::string("mgr-") + day + "-" + std::to_string(n_++)),
                            kClerk, At(day));
    INFO(in.status().ToString());
    REQUIRE(in.ok());
    return in->request.id;
  }

  void Verify(const std::string& id, const char* day) {
    Step(id, day, kClerk, Event::kVerifyIdentity,
         {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}}}}});
  }

  // The reviewer refuses the correction: a manager must approve it.
  void Refuse(const std::string& id, const char* day, const std::string& reviewer) {
    Step(id, day, {reviewer, Role::kReviewer}, Event::kDecide,
         {{"outcome", "refused"},
          {"grounds", {"not_untrue"}},
          {"reason", "調査の結果、記録の内容が事実でないとは認められないため"},
          {"items", {{{"n", 1}, {"corrected", false}, {"reason", "住民票の写しの記載と一致しているため"}}}}});
  }

 private:
  int n_ = 0;
};

std::vector<std::string> Ids(const nlohmann::json& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item["id"]);
  return ids;
}

}  // namespace

TEST_CASE("dashboard: what the manager must do - approvals, requests to assign, load, overdue holder and step",
          "[dashboard][manager]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  auto store = OpenStore(path);
  Office o(*store);
  const std::string closed = o.Receive("2026-11-02");  // closed: in no list
  o.VerifyAndAssign(closed, "2026-11-02", "reviewer1");
  o.Step(closed, "2026-11-03", {"reviewer1", Role::kReviewer}, Event::kDecide,
         {{"outcome", "full"}, {"items", {{{"n", 1}, {"corrected", true}}}}});
  o.RespondAndClose(closed, "2026-11-04", "2026-11-05");
  const std::string a = o.Receive("2026-11-04");  // received, due 11-18: overdue, nobody's, 本人確認待ち
  const std::string b = o.Receive("2026-11-05");  // verified, due 11-19: overdue, to assign
  o.Verify(b, "2026-11-06");
  const std::string c = o.Receive("2026-11-06");  // reviewer1 reviewing, due 11-20: overdue
  o.VerifyAndAssign(c, "2026-11-07", "reviewer1");
  const std::string d = o.Receive("2026-11-07");  // due 11-21, a Saturday: 11-24; reviewer2 refused: overdue, to approve
  o.VerifyAndAssign(d, "2026-11-08", "reviewer2");
  o.Refuse(d, "2026-11-10", "reviewer2");
  const std::string f = o.Receive("2026-11-12");  // reviewer1 reviewing, due 11-26: due soon
  o.VerifyAndAssign(f, "2026-11-13", "reviewer1");
  const std::string e = o.Receive("2026-11-20");  // reviewer1 refused, due 12-04: to approve, not late
  o.VerifyAndAssign(e, "2026-11-20", "reviewer1");
  o.Refuse(e, "2026-11-24", "reviewer1");
  const std::string b2 = o.Receive("2026-11-21");  // due 12-05, a Saturday: 12-07; verified: to assign, not late
  o.Verify(b2, "2026-11-24");

  ReadHandler handler = OpenHandler(path);
  Result<nlohmann::json> reply = handler.Run(Command::kDashboard, {{"weeks", 4}}, kManager, kNow);
  INFO(reply.status().ToString());
  REQUIRE(reply.ok());
  const nlohmann::json& r = *reply;
  {
    std::vector<std::string> problems = ReplySchemaProblems("dashboard", {{"ok", true}, {"result", r}});
    INFO(JoinMessages(problems));
    CHECK(problems.empty());
  }

  // At the top: what only a manager can move on, earliest due first.
  CHECK(Ids(r["pending_approval"]) == std::vector<std::string>{d, e});
  CHECK(r["pending_approval_total"] == 2);
  CHECK(r["pending_approval"][0]["assignee"] == "reviewer2");
  CHECK(r["pending_approval"][0]["outcome"] == "refused");
  CHECK(r["pending_approval"][0]["days_left"] == -1);
  CHECK(r["pending_approval"][1]["days_left"] == 9);
  CHECK(r["pending_approval"][0]["waiting_for"] ==
        nlohmann::json{{"step", "approval"}, {"step_ja", "承認待ち"}, {"by", "manager"}, {"by_ja", "管理者"}});
  CHECK(Ids(r["awaiting_assignment"]) == std::vector<std::string>{b, b2});
  CHECK(r["awaiting_assignment_total"] == 2);
  CHECK(r["awaiting_assignment"][0]["waiting_for"]["step_ja"] == "割当待ち");
  CHECK(r["awaiting_assignment"][1]["days_left"] == 12);

  // The load per reviewer: open requests held, overdue held.
  CHECK(r["workload"] == nlohmann::json::array({
                             {{"assignee", "reviewer1"}, {"open", 3}, {"overdue", 1}, {"due_soon", 1}},  // c, e, f
                             {{"assignee", "reviewer2"}, {"open", 1}, {"overdue", 1}, {"due_soon", 0}},  // d
                         }));
  CHECK(r["unassigned"] == nlohmann::json{{"open", 3}, {"overdue", 2}, {"due_soon", 0}});  // a, b, b2

  // Each overdue request: who holds it, and which step blocks it with whom.
  CHECK(Ids(r["overdue"]) == std::vector<std::string>{a, b, c, d});
  const std::vector<std::pair<nlohmann::json, std::string>> held = {
      {nullptr, "本人確認待ち"}, {nullptr, "割当待ち"}, {"reviewer1", "決定待ち（審査中）"}, {"reviewer2", "承認待ち"}};
  for (size_t i = 0; i < held.size(); ++i) {
    INFO(r["overdue"][i].dump());
    CHECK(r["overdue"][i]["assignee"] == held[i].first);
    CHECK(r["overdue"][i]["waiting_for"]["step_ja"] == held[i].second);
  }
  CHECK(r["overdue"][0]["waiting_for"]["by_ja"] == "受付担当");
  CHECK(r["overdue"][2]["waiting_for"]["by"] == "assignee");
  CHECK(Ids(r["due_soon"]) == std::vector<std::string>{f});
  CHECK(r["due_soon"][0]["waiting_for"]["step"] == "decision");

  SECTION("approving empties the list, assigning moves the request to the reviewer's load") {
    o.Step(d, "2026-11-25", kManager, Event::kApprove, nlohmann::json::object());
    o.Step(b, "2026-11-25", kManager, Event::kAssign, {{"to", "reviewer2"}});
    Result<nlohmann::json> after = handler.Run(Command::kDashboard, {{"weeks", 4}}, kManager, kNow);
    REQUIRE(after.ok());
    CHECK(Ids((*after)["pending_approval"]) == std::vector<std::string>{e});
    CHECK((*after)["pending_approval_total"] == 1);
    CHECK(Ids((*after)["awaiting_assignment"]) == std::vector<std::string>{b2});
    CHECK((*after)["workload"][1] == nlohmann::json{{"assignee", "reviewer2"}, {"open", 2}, {"overdue", 2}, {"due_soon", 0}});
    // d is decided now: still late, waiting for its answer to be sent by the reviewer.
    CHECK((*after)["overdue"][3]["waiting_for"]["step_ja"] == "回答の送付待ち");
  }
}

TEST_CASE("dashboard: every open state says what it waits for, no closed one does", "[dashboard][manager]") {
  for (State s : AllStates()) {
    INFO(Name(s));
    std::optional<WaitingStep> w = WaitingFor(s);
    CHECK(w.has_value() == IsOpen(s));
    if (w) {
      CHECK(w->state == s);
      CHECK(!w->step_ja.empty());
      CHECK(!w->by_ja.empty());
    }
  }
}
