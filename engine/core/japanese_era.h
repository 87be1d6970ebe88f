// Dates as Japanese letters write them: in the Japanese era (和暦), with the
// first year of an era written 元年 ("令和元年5月1日"), and the weekday as one
// kanji ("水"). Letters to requesters use these forms (docs/letters.md).
#pragma once

#include <string>

#include "core/civil_date.h"

namespace madoguchi {

// "令和8年11月25日". Eras begin on the day the law fixed: 令和 on 2019-05-01,
// 平成 on 1989-01-08, 昭和 on 1926-12-25, 大正 on 1912-07-30 and 明治 (for
// Gregorian dates) on 1873-01-01, the day Japan adopted the Gregorian
// calendar. Earlier days have no Gregorian-era form and are written in the
// Western year ("1872年12月31日"). Digits are ASCII, as in the society's letters.
std::string JapaneseEraDate(Date d);

// The weekday as one kanji: "日", "月", "火", "水", "木", "金" or "土".
std::string JapaneseWeekday(Date d);

}  // namespace madoguchi
