#include "core/business_calendar.h"

#include <utility>

#include "core/japanese_holidays.h"

namespace madoguchi {

namespace {

bool InYearEndClosure(Date d) {
  return (d.month() == 12 && d.day() >= 29) || (d.month() == 1 && d.day() <= 3);
}

}  // namespace

BusinessCalendar::BusinessCalendar(OfficeCalendarConfig config) : config_(std::move(config)) {}

const Closure* BusinessCalendar::ClosureOn(Date d) const {
  for (const Closure& c : config_.closures) {
    if (c.from <= d && d <= c.to) return &c;
  }
  return nullptr;
}

std::optional<std::string> BusinessCalendar::ClosedReason(Date d) const {
  if (d.weekday() == Date::kSaturday) return "土曜日";
  if (d.weekday() == Date::kSunday) return "日曜日";
  if (std::optional<std::string> holiday = NationalHolidayName(d)) return holiday;
  if (config_.year_end_closure && InYearEndClosure(d)) return "年末年始休業";
  if (const Closure* c = ClosureOn(d)) return c->name;
  return std::nullopt;
}

bool BusinessCalendar::IsBusinessDay(Date d) const {
  // Cheapest tests first: this runs once per day counted.
  if (d.is_weekend()) return false;
  if (config_.year_end_closure && InYearEndClosure(d)) return false;
  if (ClosureOn(d) != nullptr) return false;
  return !NationalHolidayName(d).has_value();
}

Date BusinessCalendar::NextBusinessDayOnOrAfter(Date d) const {
  while (!IsBusinessDay(d)) {
    // Skip a long closure in one step rather than day by day.
    const Closure* c = ClosureOn(d);
    d = (c != nullptr ? c->to : d).AddDays(1);
  }
  return d;
}

Date BusinessCalendar::AddBusinessDays(Date from, int n) const {
  const int step = n < 0 ? -1 : 1;
  Date d = from;
  // long long: -n overflows an int for INT_MIN.
  for (long long left = n < 0 ? -static_cast<long long>(n) : n; left > 0;) {
    d = d.AddDays(step);
    if (IsBusinessDay(d)) --left;
  }
  return d;
}

int BusinessCalendar::BusinessDaysAfterUntil(Date after_exclusive, Date until_inclusive) const {
  int count = 0;
  for (Date d = after_exclusive.AddDays(1); d <= until_inclusive; d = d.AddDays(1)) {
    if (IsBusinessDay(d)) ++count;
  }
  return count;
}

}  // namespace madoguchi
