// Deadline: the due date of one request, computed (never typed) from the day
// of receipt, the rule the request took at intake, and what happened since:
// clock stops (while the society waits on the requester) and extensions.
//
// The computation is a fold over the adjustments in the order they happened,
// on the "period end" E:
//   start      calendar: E = receipt + N days          business: E = N-th business day after receipt
//   clock stop calendar: E += days from stop to resume  business: E += business days d, stop < d <= resume
//              (a stop that starts and ends on the same day adds nothing; a
//               stop still running counts up to today, so the date shown
//               while stopped is the date if the clock resumed today)
//   extension  calendar: E = NextBusinessDay(E) + days  business: E += days business days
//              (an extension moves the due date the requester was told, so
//               it counts from the rolled-forward date)
//   due        calendar: NextBusinessDayOnOrAfter(E)    business: E
// The receipt day itself is never counted (Civil Code 140); a calendar period
// ending on a closed day runs to the next business day (Civil Code 142).
#pragma once

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/business_calendar.h"
#include "core/civil_date.h"
#include "core/deadline_policy.h"

namespace madoguchi {

struct DeadlineAdjustment {
  enum class Kind { kClockStop, kExtension };
  Kind kind;
  Date from;               // clock stop: the day it stopped; extension: the day it was granted
  std::optional<Date> to;  // clock stop: the day it resumed, empty while stopped
  int days = 0;            // extension: by how many days (in the rule's unit)

  bool operator==(const DeadlineAdjustment&) const = default;
};

// Everything the due date depends on; kept with the request.
struct DeadlineLedger {
  Date received;
  DeadlineRule rule;
  std::vector<DeadlineAdjustment> adjustments;

  bool clock_stopped() const;
  // Records the clock stopping / resuming / an extension (in event order).
  void StopClock(Date on);
  void ResumeClock(Date on);
  void Extend(Date on, int days);

  nlohmann::json ToJson() const;
  static Result<DeadlineLedger> FromJson(const nlohmann::json& j);

  bool operator==(const DeadlineLedger&) const = default;
};

struct DueDate {
  Date due;
  bool clock_stopped = false;
  std::optional<Date> stopped_since;
  int stopped_days = 0;   // days added by clock stops so far (in the rule's unit)
  int extended_days = 0;  // days added by extensions (in the rule's unit)
  // Only when extended: the due date without the extensions (the society's
  // standard), against which overdue is reported as well (extension_rules.h).
  std::optional<Date> original_due;
};

DueDate ComputeDueDate(const DeadlineLedger& ledger, const BusinessCalendar& calendar, Date today);

// Business days from today to the due date; negative (business days past it) when overdue.
int BusinessDaysLeft(const BusinessCalendar& calendar, Date today, Date due);

}  // namespace madoguchi
