// Dates as Japanese letters write them: in the Japanese era (和暦), with the
// first year of an era written 元年 ("令和元年5月1日"), and the weekday as one
// kanji ("水"). Letters to requesters use these forms (docs/letters.md).
#pragma once

#include <span>
#include <string>

#include "core/civil_date.h"

namespace madoguchi {

// One era of the table below, as the desk needs it to read a date typed in
// the era (「昭和48年3月21日」, 「S48.3.21」): its name, the letter written for
// it on forms, the Gregorian year of its first (元) year, and the first day
// a date is written in it. The `meta` read command publishes this table
// (docs/desk-rules.md, "Entering a paper form"); nothing else keeps a copy.
struct JapaneseEra {
  const char* name;    // "令和"
  const char* letter;  // "R"
  int first_year;      // Gregorian year of 元年
  int month;           // the first day written in the era
  int day;
};

// Newest first: 令和, 平成, 昭和, 大正, 明治. 明治 is written from 1873-01-01
// (the Gregorian calendar's first day in Japan); its first year is 1868.
std::span<const JapaneseEra> JapaneseEras();

// The first day a date is written in `era` (明治: 1873-01-01); an era ends
// the day before the next one's first day.
Date JapaneseEraFirstDay(const JapaneseEra& era);

// "令和8年11月25日". Eras begin on the day the law fixed: 令和 on 2019-05-01,
// 平成 on 1989-01-08, 昭和 on 1926-12-25, 大正 on 1912-07-30 and 明治 (for
// Gregorian dates) on 1873-01-01, the day Japan adopted the Gregorian
// calendar. Earlier days have no Gregorian-era form and are written in the
// Western year ("1872年12月31日"). Digits are ASCII, as in the society's letters.
std::string JapaneseEraDate(Date d);

// The weekday as one kanji: "日", "月", "火", "水", "木", "金" or "土".
std::string JapaneseWeekday(Date d);

}  // namespace madoguchi
