#include "core/japanese_era.h"

#include <array>

namespace madoguchi {

namespace {

struct Era {
  const char* name;
  int first_year;  // Gregorian year of the era's first (元) year
  int month;       // the era's first day
  int day;
};

// Newest first, so the first era that has begun on a date is its era.
constexpr std::array<Era, 5> kEras = {{
    {"令和", 2019, 5, 1},
    {"平成", 1989, 1, 8},
    {"昭和", 1926, 12, 25},
    {"大正", 1912, 7, 30},
    {"明治", 1868, 1, 1},  // written only from 1873 (kFirstGregorianYear)
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

std::string JapaneseEraDate(Date d) {
  if (d.year() < kFirstGregorianYear) return std::to_string(d.year()) + "年" + MonthDay(d);
  for (const Era& era : kEras) {
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
