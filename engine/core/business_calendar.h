// BusinessCalendar: the days on which the society's office is open, which is
// what business-day deadlines count and where a calendar-day period that
// ends on a closed day runs on to (Civil Code 142).
//
// A day is a business day unless it is
//   1. a Saturday                              -> ClosedReason "土曜日"
//   2. a Sunday                                -> "日曜日"
//   3. a national holiday (japanese_holidays.h) -> the holiday's name, e.g. "元日"
//   4. 12/29 to 1/3, when year_end_closure is set -> "年末年始休業"
//   5. inside a configured Closure [from, to]  -> the closure's name
// When several apply, ClosedReason gives the first in this order (so
// 2026-05-03, a Sunday and 憲法記念日, is "日曜日"; 2027-01-01 is "元日"), and
// for overlapping closures the first in the configuration.
//
// Outside the years of japanese_holidays.h (1948-2150) there are no national
// holidays; weekends and the office's own closures still apply.
//
// Days are civil dates: which date "today" is must be decided in JST by the
// caller (jst_time.h).
//
// Thread safety: a BusinessCalendar is immutable after construction; all its
// methods are const and may be called concurrently.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/civil_date.h"

namespace madoguchi {

// A period the office is closed besides weekends, holidays and the year-end
// closure, e.g. the society's foundation day. Both ends are included; a single
// day has from == to. A closure with from > to closes no day.
struct Closure {
  Date from;
  Date to;
  std::string name;  // shown as the reason, e.g. "創立記念日"
};

struct OfficeCalendarConfig {
  bool year_end_closure = true;  // closed 12/29 to 1/3 (年末年始休業)
  std::vector<Closure> closures;
};

class BusinessCalendar {
 public:
  explicit BusinessCalendar(OfficeCalendarConfig config);

  const OfficeCalendarConfig& config() const { return config_; }

  // True iff the office is open on `d` (see the list above).
  bool IsBusinessDay(Date d) const;

  // Why the office is closed on `d`, or nullopt when `d` is a business day.
  std::optional<std::string> ClosedReason(Date d) const;

  // `d` itself when it is a business day, else the first business day after it.
  Date NextBusinessDayOnOrAfter(Date d) const;

  // For n > 0, the n-th business day after `from`; `from` itself is never
  // counted, whether or not it is a business day (Civil Code 140). n == 0
  // returns `from` unchanged, even on a closed day. For n < 0, symmetrically,
  // the |n|-th business day before `from`.
  // Example: AddBusinessDays(2026-12-25, 3) == 2027-01-05 (12/28, 1/4, 1/5).
  Date AddBusinessDays(Date from, int n) const;

  // The number of business days d with after_exclusive < d <= until_inclusive;
  // 0 when until_inclusive <= after_exclusive. For n >= 0 and any `from`,
  // BusinessDaysAfterUntil(from, AddBusinessDays(from, n)) == n.
  int BusinessDaysAfterUntil(Date after_exclusive, Date until_inclusive) const;

 private:
  // The first configured closure that covers `d`, or nullptr.
  const Closure* ClosureOn(Date d) const;

  OfficeCalendarConfig config_;
};

}  // namespace madoguchi
