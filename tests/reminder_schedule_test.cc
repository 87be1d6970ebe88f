// When staff are reminded of a due date: the policy's days before it, the
// due day, every business day after it; recomputed from the day it is asked.
#include <catch2/catch.hpp>

#include "core/reminder_schedule.h"

#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::D;
using madoguchi::testing::DefaultCalendar;

namespace {

}  // namespace

TEST_CASE("reminders: business days before, the due day, then the first overdue day", "[reminders]") {
  // Due Wednesday 2026-12-09; today 11/25.
  auto timers = ReminderTimers(D("2026-12-09"), {3, 1}, DefaultCalendar(), D("2026-11-25"));
  CHECK(timers == std::vector<ReminderTimer>{{"before:3", D("2026-12-04")},
                                             {"before:1", D("2026-12-08")},
                                             {"due", D("2026-12-09")},
                                             {"overdue", D("2026-12-10")}});
}

TEST_CASE("reminders: the days before skip holidays and the year-end closure", "[reminders]") {
  // Due Monday 2027-01-04: 1 business day before is 12/28 (12/29-1/3 closed).
  auto timers = ReminderTimers(D("2027-01-04"), {3, 1}, DefaultCalendar(), D("2026-12-01"));
  CHECK(timers.at(0) == ReminderTimer{"before:3", D("2026-12-24")});
  CHECK(timers.at(1) == ReminderTimer{"before:1", D("2026-12-28")});
  CHECK(timers.back() == ReminderTimer{"overdue", D("2027-01-05")});
}

TEST_CASE("reminders: inside the window, one reminder today instead of the days gone", "[reminders]") {
  auto timers = ReminderTimers(D("2026-12-09"), {5, 3, 1}, DefaultCalendar(), D("2026-12-07"));
  // 5 and 3 business days before (12/2, 12/4) are gone: remind once, today, as before:3.
  CHECK(timers == std::vector<ReminderTimer>{{"before:1", D("2026-12-08")},
                                             {"before:3", D("2026-12-07")},
                                             {"due", D("2026-12-09")},
                                             {"overdue", D("2026-12-10")}});
}

TEST_CASE("reminders: already overdue: the next business day from today", "[reminders]") {
  auto timers = ReminderTimers(D("2026-11-10"), {3, 1}, DefaultCalendar(), D("2026-11-28"));  // a Saturday
  CHECK(timers == std::vector<ReminderTimer>{{"overdue", D("2026-11-30")}});
  CHECK(NextOverdueTimer(D("2026-11-30"), DefaultCalendar()) == ReminderTimer{"overdue", D("2026-12-01")});
  CHECK(NextOverdueTimer(D("2026-12-28"), DefaultCalendar()) == ReminderTimer{"overdue", D("2027-01-04")});
  CHECK(ReminderStage("before:3") == "before");
  CHECK(ReminderStage("overdue") == "overdue");
}
