#include "core/reminder_schedule.h"

#include <optional>

namespace madoguchi {

std::vector<ReminderTimer> ReminderTimers(Date due, const std::vector<int>& remind_before,
                                          const BusinessCalendar& calendar, Date today) {
  std::vector<ReminderTimer> out;
  std::optional<ReminderTimer> missed;  // the latest reminder day already gone
  for (int days : remind_before) {
    if (days <= 0) continue;
    Date on = calendar.AddBusinessDays(due, -days);
    if (on >= today) {
      out.push_back({"before:" + std::to_string(days), on});
    } else if (!missed || on > missed->fire_on) {
      missed = ReminderTimer{"before:" + std::to_string(days), on};
    }
  }
  // Taken in (or resumed) inside the reminder window: remind once today.
  if (missed && due > today) out.push_back({missed->kind, calendar.NextBusinessDayOnOrAfter(today)});
  if (due >= today) out.push_back({"due", due});
  Date first_overdue = calendar.AddBusinessDays(due, 1);
  out.push_back({"overdue", std::max(first_overdue, calendar.NextBusinessDayOnOrAfter(today))});
  return out;
}

ReminderTimer NextOverdueTimer(Date fired_on, const BusinessCalendar& calendar) {
  return {"overdue", calendar.AddBusinessDays(fired_on, 1)};
}

std::string ReminderStage(const std::string& kind) {
  if (kind.rfind("before:", 0) == 0) return "before";
  return kind;
}

}  // namespace madoguchi
