// Due dates on the Japanese calendar: the day of receipt not counted, a
// period ending on a closed day runs to the next business day, the clock
// stops while the society waits on the requester, extensions move the date.
#include <catch2/catch.hpp>

#include "core/deadline.h"
#include "core/deadline_policy.h"
#include "core/embedded_files.h"
#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::D;
using madoguchi::testing::DefaultCalendar;

namespace {

DeadlineLedger Ledger(const char* received, int days, DayCount unit = DayCount::kCalendar) {
  DeadlineLedger l;
  l.received = D(received);
  l.rule.days = days;
  l.rule.unit = unit;
  return l;
}

Date Due(const DeadlineLedger& l, const char* today = "2027-06-01") {
  return ComputeDueDate(l, DefaultCalendar(), D(today)).due;
}

}  // namespace

TEST_CASE("14 calendar days, the day of receipt not counted", "[deadline]") {
  CHECK(Due(Ledger("2026-11-25", 14)) == D("2026-12-09"));
  // Received on a Saturday: the count still starts the next day.
  CHECK(Due(Ledger("2026-11-28", 14)) == D("2026-12-14"));  // 12/12 is a Saturday -> Monday 12/14
}

TEST_CASE("a period ending on a closed day runs to the next business day", "[deadline]") {
  CHECK(Due(Ledger("2026-12-17", 14)) == D("2027-01-04"));  // 12/31 falls in the year-end closure
  CHECK(Due(Ledger("2026-04-22", 14)) == D("2026-05-07"));  // 5/6 is 振替休日 (5/3 was a Sunday)
  CHECK(Due(Ledger("2026-09-08", 14)) == D("2026-09-24"));  // 9/22 国民の休日, 9/23 秋分の日 -> 9/24
  CHECK(Due(Ledger("2027-01-04", 7)) == D("2027-01-12"));   // 1/11 is 成人の日
}

TEST_CASE("business-day rules count only business days", "[deadline]") {
  CHECK(Due(Ledger("2026-12-25", 3, DayCount::kBusiness)) == D("2027-01-05"));
  CHECK(Due(Ledger("2026-12-25", 10, DayCount::kBusiness)) == D("2027-01-15"));  // skips 1/11 成人の日
  CHECK(Due(Ledger("2026-04-28", 3, DayCount::kBusiness)) == D("2026-05-07"));   // 4/30, 5/1, 5/7
}

TEST_CASE("the clock stops while the society waits on the requester", "[deadline]") {
  SECTION("stopped days are added") {
    auto l = Ledger("2026-11-25", 14);
    l.StopClock(D("2026-11-30"));
    l.ResumeClock(D("2026-12-07"));
    auto due = ComputeDueDate(l, DefaultCalendar(), D("2026-12-08"));
    CHECK(due.due == D("2026-12-16"));
    CHECK(due.stopped_days == 7);
    CHECK_FALSE(due.clock_stopped);
  }
  SECTION("a stop that starts and ends the same day adds nothing") {
    auto l = Ledger("2026-11-25", 14);
    l.StopClock(D("2026-11-30"));
    l.ResumeClock(D("2026-11-30"));
    CHECK(Due(l) == D("2026-12-09"));
  }
  SECTION("while stopped, the date shown is the date if the clock resumed today") {
    auto l = Ledger("2026-11-25", 14);
    l.StopClock(D("2026-12-01"));
    auto due = ComputeDueDate(l, DefaultCalendar(), D("2026-12-05"));
    CHECK(due.clock_stopped);
    CHECK(due.stopped_since == D("2026-12-01"));
    CHECK(due.due == D("2026-12-14"));  // 12/9 + 4 = 12/13, a Sunday -> 12/14
  }
  SECTION("a stop that starts and ends on holidays (Golden Week), calendar days") {
    auto l = Ledger("2026-04-20", 14);  // period end 5/4 (みどりの日) -> due 5/7
    CHECK(Due(l) == D("2026-05-07"));
    l.StopClock(D("2026-04-29"));   // 昭和の日
    l.ResumeClock(D("2026-05-06"));  // 振替休日
    // 7 calendar days stopped: the period end moves from 5/4 to 5/11 (a Monday).
    CHECK(Due(l) == D("2026-05-11"));
  }
  SECTION("the same stop under a business-day rule counts only 4/30 and 5/1") {
    auto l = Ledger("2026-04-20", 8, DayCount::kBusiness);  // 4/21..4/28 (6 days), 4/30, 5/1 -> 5/1
    CHECK(Due(l) == D("2026-05-01"));
    l.StopClock(D("2026-04-29"));
    l.ResumeClock(D("2026-05-06"));
    CHECK(ComputeDueDate(l, DefaultCalendar(), D("2026-05-06")).stopped_days == 2);
    CHECK(Due(l) == D("2026-05-08"));  // 5/1 + 2 business days: 5/7, 5/8
  }
  SECTION("a stop across New Year") {
    auto l = Ledger("2026-12-10", 14);  // 12/24
    l.StopClock(D("2026-12-22"));
    l.ResumeClock(D("2027-01-05"));  // 14 days -> 1/7
    CHECK(Due(l) == D("2027-01-07"));
  }
  SECTION("stopping twice while stopped keeps the first day") {
    auto l = Ledger("2026-11-25", 14);
    l.StopClock(D("2026-11-30"));
    l.StopClock(D("2026-12-02"));
    l.ResumeClock(D("2026-12-07"));
    CHECK(Due(l) == D("2026-12-16"));
  }
}

TEST_CASE("an extension moves the due date the requester was told", "[deadline]") {
  SECTION("across New Year") {
    auto l = Ledger("2026-12-01", 14);  // 12/15
    l.Extend(D("2026-12-10"), 14);      // 12/29, closed -> 1/4
    CHECK(Due(l) == D("2027-01-04"));
  }
  SECTION("from a date that had been moved off a closed day") {
    auto l = Ledger("2026-12-17", 14);  // 12/31 -> 1/4
    l.Extend(D("2026-12-20"), 7);       // 1/4 + 7 = 1/11 成人の日 -> 1/12
    CHECK(Due(l) == D("2027-01-12"));
  }
  SECTION("business-day rule") {
    auto l = Ledger("2026-12-25", 3, DayCount::kBusiness);  // 1/5
    l.Extend(D("2026-12-28"), 5);                           // 1/6,7,8,12,13
    CHECK(Due(l) == D("2027-01-13"));
  }
  SECTION("stops and extensions in order") {
    auto l = Ledger("2026-11-25", 14);  // 12/9
    l.StopClock(D("2026-11-30"));
    l.ResumeClock(D("2026-12-07"));  // +7 -> 12/16
    l.Extend(D("2026-12-10"), 30);    // 12/16 + 30 = 1/15
    auto due = ComputeDueDate(l, DefaultCalendar(), D("2026-12-11"));
    CHECK(due.due == D("2027-01-15"));
    CHECK(due.extended_days == 30);
    CHECK(due.stopped_days == 7);
  }
}

TEST_CASE("the ledger survives JSON", "[deadline]") {
  auto l = Ledger("2026-11-25", 30);
  l.rule.remind_before = {5, 3, 1};
  l.StopClock(D("2026-11-30"));
  l.ResumeClock(D("2026-12-07"));
  l.Extend(D("2026-12-10"), 14);
  l.StopClock(D("2026-12-20"));
  auto back = DeadlineLedger::FromJson(l.ToJson());
  REQUIRE(back.ok());
  CHECK(back.value() == l);
  CHECK_FALSE(DeadlineLedger::FromJson({{"received", "2026-02-30"}}).ok());
}

TEST_CASE("the shipped policy: 14 days, 30 for a disclosure that covers receipts", "[deadline]") {
  const auto& policy = DeadlinePolicy::Default();
  for (RequestType type : AllRequestTypes()) {
    INFO(Name(type));
    CHECK(policy.RuleFor(type, {"qualification"}).days == 14);
    CHECK(policy.RuleFor(type, {"qualification"}).unit == DayCount::kCalendar);
    int with_receipts = type == RequestType::kDisclosure ? 30 : 14;
    CHECK(policy.RuleFor(type, {"qualification", "receipts"}).days == with_receipts);
  }
  CHECK(policy.RuleFor(RequestType::kDisclosure, {"receipts"}).remind_before == std::vector<int>{5, 3, 1});
}

TEST_CASE("a bad policy is refused with its fields named", "[deadline]") {
  nlohmann::json config = madoguchi::EmbeddedJson("config/deadline-policy.json");
  SECTION("zero days") {
    config["types"]["correction"]["days"] = 0;
    auto p = DeadlinePolicy::FromJson(config);
    REQUIRE_FALSE(p.ok());
    CHECK_THAT(p.status().message(), Catch::Contains("types.correction.days"));
  }
  SECTION("an unknown unit") {
    config["types"]["suspension"]["unit"] = "weeks";
    auto p = DeadlinePolicy::FromJson(config);
    REQUIRE_FALSE(p.ok());
    CHECK_THAT(p.status().message(), Catch::Contains("types.suspension.unit"));
  }
  SECTION("a missing type") {
    config["types"].erase("third_party_stop");
    auto p = DeadlinePolicy::FromJson(config);
    REQUIRE_FALSE(p.ok());
    CHECK_THAT(p.status().message(), Catch::Contains("third_party_stop"));
  }
  SECTION("a business-day policy is honoured") {
    config["types"]["correction"] = {{"days", 10}, {"unit", "business"}};
    auto p = DeadlinePolicy::FromJson(config);
    REQUIRE(p.ok());
    CHECK(p->RuleFor(RequestType::kCorrection, {}).unit == DayCount::kBusiness);
  }
}

TEST_CASE("intake takes its rule from the policy and keeps it", "[deadline]") {
  const Timestamp now = *ParseTimestamp("2026-11-25T10:00:00+09:00");
  nlohmann::json record = madoguchi::testing::SampleRecord("disclosure", "deadline-0001");
  record["categories"] = {"receipts"};
  record["received_at"] = "2026-11-24T17:30:00+09:00";
  const auto& wf = madoguchi::testing::DefaultWorkflow();
  auto parsed = wf.record_parser().Parse(record, now);
  REQUIRE(parsed.ok());
  auto r = wf.Intake(*parsed, {"clerk1", Role::kClerk}, "R2026-000001", now);
  REQUIRE(r.ok());
  CHECK(r->deadline.received == D("2026-11-24"));
  CHECK(r->deadline.rule.days == 30);
  CHECK(wf.Due(*r, D("2026-11-25")).due == D("2026-12-24"));
}

TEST_CASE("the received day is the JST day, whatever the machine's zone", "[deadline]") {
  // 2026-11-24T23:30Z is 08:30 on 11/25 in Tokyo.
  CHECK(JstDate(*ParseTimestamp("2026-11-24T23:30:00Z")) == D("2026-11-25"));
  CHECK(JstDate(*ParseTimestamp("2026-11-25T14:59:59Z")) == D("2026-11-25"));
  CHECK(JstDate(*ParseTimestamp("2026-11-25T15:00:00Z")) == D("2026-11-26"));
  CHECK(FormatJst(*ParseTimestamp("2026-11-24T23:30:00Z")) == "2026-11-25T08:30:00+09:00");
  CHECK(FormatJst(*ParseTimestamp("2026-11-25T08:30:00.250+09:00")) == "2026-11-25T08:30:00+09:00");
  CHECK_FALSE(ParseTimestamp("2026-11-25 08:30").ok());
  CHECK_FALSE(ParseTimestamp("2026-11-25T25:00:00Z").ok());
}
