// Date: a day of the proleptic Gregorian calendar, without a time or a zone.
// Deadlines, holidays and receipt days are Dates; which Date an instant falls
// on is decided in Japan Standard Time (see jst_time.h).
#pragma once

#include <chrono>
#include <compare>
#include <string>
#include <string_view>

#include "util/status.h"

namespace madoguchi {

class Date {
 public:
  // Weekday numbers as std::chrono::weekday::c_encoding(): 0 = Sunday.
  enum Weekday { kSunday = 0, kMonday, kTuesday, kWednesday, kThursday, kFriday, kSaturday };

  Date() = default;  // 1970-01-01
  explicit Date(std::chrono::sys_days days) : days_(days) {}

  // A valid date, or InvalidArgument ("2023-02-29 is not a date").
  static Result<Date> FromYmd(int year, int month, int day);
  // Strict ISO 8601 calendar date "YYYY-MM-DD" (years 1000-9999).
  static Result<Date> Parse(std::string_view iso);
  // The n-th (1-based) given weekday of a month, e.g. the second Monday of January.
  static Date NthWeekday(int year, int month, Weekday weekday, int n);

  int year() const;
  int month() const;
  int day() const;
  Weekday weekday() const;
  bool is_weekend() const { return weekday() == kSaturday || weekday() == kSunday; }

  Date AddDays(int n) const { return Date(days_ + std::chrono::days(n)); }
  // other - *this, in days (negative when other is earlier).
  int DaysUntil(Date other) const { return static_cast<int>((other.days_ - days_).count()); }

  std::string ToIso() const;  // "2026-11-25"
  std::chrono::sys_days sys_days() const { return days_; }

  auto operator<=>(const Date&) const = default;

 private:
  std::chrono::sys_days days_{};
};

}  // namespace madoguchi
