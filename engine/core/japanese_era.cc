#include "core/japanese_era.h"

#include <array>

namespace madoguchi {

namespace {

// Newest first, so the first era that has begun on a date is its era.
constexpr std::array<JapaneseEra, 5> kEras = {{
    {"令和", "R", 2019, 5, 1},
    {"平成", "H", 1989, 1, 8},
    {"昭和", "S", 1926, 12, 25},
    {"大正", "T", 1912, 7, 30},
    {"明治", "M", 1868, 1, 1},  // written only from 1873 (kFirstGregorianYear)
}};

// Before this day Japan used the lunisolar calendar: a Gregorian date then
// has no era form that a reader would recognise.
constexpr int kFirstGregorianYear = 1873;

bool OnOrAfter(Date d, int year, int month, int day) {
  if (d.year() != year) return d.year() > year;
  if (d.month() != month) return d.month() > month;
  return d.day() >= day;
}

std::string MonthDay(Date d) { return std::to_string(d.month()) + "月" + std::to_string(d.day()) + "日"; }

}  // namespace

std::span<const JapaneseEra> JapaneseEras() { return kEras; }

Date JapaneseEraFirstDay(const JapaneseEra& era) {
  const int year = era.first_year < kFirstGregorianYear ? kFirstGregorianYear : era.first_year;
  const int month = era.first_year < kFirstGregorianYear ? 1 : era.month;
  const int day = era.first_year < kFirstGregorianYear ? 1 : era.day;
  return *Date::FromYmd(year, month, day);
}

std::string JapaneseEraDate(Date d) {
  if (d.year() < kFirstGregorianYear) return std::to_string(d.year()) + "年" + MonthDay(d);
  for (const JapaneseEra& era : kEras) {
    if (!OnOrAfter(d, era.first_year, era.month, era.day)) continue;
    const int year = d.year() - era.first_year + 1;
    return std::string(era.name) + (year == 1 ? std::string("元") : std::to_string(year)) + "年" + MonthDay(d);
  }
  return std::to_string(d.year()) + "年" + MonthDay(d);  // unreachable: 明治 began in 1868
}

std::string JapaneseWeekday(Date d) {
  static constexpr std::array<const char*, 7> kNames = {"日", "月", "火", "水", "木", "金", "土"};
  return kNames[static_cast<size_t>(d.weekday())];
}

}  // namespace madoguchi
