#include "core/civil_date.h"

#include <cstdio>

namespace madoguchi {

namespace {

std::chrono::year_month_day Ymd(std::chrono::sys_days d) { return std::chrono::year_month_day(d); }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

Result<Date> Date::FromYmd(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > 31) {
    return Status::InvalidArgument(std::to_string(year) + "-" + std::to_string(month) + "-" +
                                   std::to_string(day) + " is not a date");
  }
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                  std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return Status::InvalidArgument(std::string(buf) + " is not a date");
  }
  return Date(std::chrono::sys_days(ymd));
}

Result<Date> Date::Parse(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-' || !AllDigits(iso.substr(0, 4)) ||
      !AllDigits(iso.substr(5, 2)) || !AllDigits(iso.substr(8, 2))) {
    return Status::InvalidArgument("'" + std::string(iso) + "' is not a date of the form YYYY-MM-DD");
  }
  int year = ToInt(iso.substr(0, 4));
  if (year < 1000) {
    return Status::InvalidArgument("'" + std::string(iso) + "' is not a plausible year");
  }
  return FromYmd(year, ToInt(iso.substr(5, 2)), ToInt(iso.substr(8, 2)));
}

Date Date::NthWeekday(int year, int month, Weekday weekday, int n) {
  using namespace std::chrono;
  year_month_weekday ymw{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                         std::chrono::weekday(static_cast<unsigned>(weekday))[static_cast<unsigned>(n)]};
  return Date(std::chrono::sys_days(ymw));
}

int Date::year() const { return static_cast<int>(Ymd(days_).year()); }
int Date::month() const { return static_cast<int>(static_cast<unsigned>(Ymd(days_).month())); }
int Date::day() const { return static_cast<int>(static_cast<unsigned>(Ymd(days_).day())); }

Date::Weekday Date::weekday() const {
  return static_cast<Weekday>(std::chrono::weekday(days_).c_encoding());
}

std::string Date::ToIso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year(), month(), day());
  return buf;
}

}  // namespace madoguchi
