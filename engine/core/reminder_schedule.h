// When the staff are reminded of a request's due date: on each of the
// policy's remind_before business days before it, on the due day, and on
// every business day after it while the request is open (those overdue ones
// go to the managers as well). Pure: the store recomputes the timers in the
// transaction that moves a due date (intake, clock stop and resume,
// extension) and cancels them when the request closes or its clock stops.
#pragma once

#include <string>
#include <vector>

#include "core/business_calendar.h"
#include "core/deadline.h"

namespace madoguchi {

struct ReminderTimer {
  std::string kind;  // "before:3", "due", "overdue"
  Date fire_on;

  bool operator==(const ReminderTimer&) const = default;
};

// The timers still to come for a due date, from `today` on. Reminder days
// already gone are not made again, except that a request taken in (or
// resumed) inside its reminder window is reminded once, on the next business
// day from today, under the nearest gone day's kind. Only the first overdue
// day is listed; each overdue reminder, when it fires, schedules the next
// business day's (NextOverdueTimer).
std::vector<ReminderTimer> ReminderTimers(Date due, const std::vector<int>& remind_before,
                                          const BusinessCalendar& calendar, Date today);

ReminderTimer NextOverdueTimer(Date fired_on, const BusinessCalendar& calendar);

// "before", "due" or "overdue" for a timer kind.
std::string ReminderStage(const std::string& kind);

}  // namespace madoguchi
