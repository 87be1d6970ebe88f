// The national holidays of Japan, computed from the rules of 国民の祝日に関する法律
// (the National Holidays Act, in force from 1948-07-20) and the special laws
// that moved or added days, rather than read from a year-by-year list:
//
//   * the 国民の祝日 on fixed days and on "Happy Monday" days, each only for
//     the years its rule was in force (成人の日 1/15 until 1999, then the 2nd
//     Monday of January; 天皇誕生日 4/29 until 1988, 12/23 1989-2018, none in
//     2019, 2/23 from 2020; ...);
//   * 春分の日 and 秋分の日 by the standard astronomical approximation
//     (separate constants for 1900-1979, 1980-2099 and 2100-2150). The law
//     leaves these days to the official announcement each February for the
//     next year; the formula agrees with the announced days of 1970-2026
//     checked so far, but a future announcement could in principle differ;
//   * 振替休日: from 1973-04-12, the Monday after a 国民の祝日 that falls on a
//     Sunday (until 2006); from 2007, the first day after such a Sunday that is
//     not itself a 国民の祝日;
//   * 国民の休日: from 1985-12-27, a day that is not a Sunday and not already a
//     holiday, whose previous and next days are both 国民の祝日;
//   * the special years: 2019 (天皇の即位の日 5/1 and 即位礼正殿の儀の行われる日
//     10/22, both deemed 国民の祝日, so 4/30 and 5/2 became 国民の休日; no
//     天皇誕生日), 2020 and 2021 (海の日, スポーツの日 and 山の日 moved for the
//     Tokyo Olympic and Paralympic Games);
//   * the one-off days off set by their own laws: 1959-04-10, 1989-02-24,
//     1990-11-12 and 1993-06-09. These were days off (休日) but not 国民の祝日,
//     so they never create a 振替休日 or a 国民の休日.
//
// Names are the Japanese names of the Cabinet Office ("元日", "振替休日",
// "国民の休日", ...). Where the Cabinet Office's table only says 休日 or
// 休日（祝日扱い）, the name says which rule made the day: "振替休日",
// "国民の休日", "天皇の即位の日", and for the one-off days the ceremony named
// in the title of its law ("昭和天皇の大喪の礼", ...).
//
// Supported years are kFirstHolidayYear..kLastHolidayYear. Earlier years had
// no holidays under the Act (and 1948 only those from 7/20 on); later years
// are beyond the equinox formula, so they are reported as having no holidays
// at all. Callers that care must check the range themselves.
//
// Thread safety: every function may be called concurrently. The whole
// supported range is computed once, on first use, into an immutable table.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/civil_date.h"

namespace madoguchi {

inline constexpr int kFirstHolidayYear = 1948;
inline constexpr int kLastHolidayYear = 2150;

struct Holiday {
  Date date;
  std::string name;  // e.g. "元日", "振替休日"

  bool operator==(const Holiday&) const = default;
};

// Every national holiday of `year` (国民の祝日, 振替休日, 国民の休日 and the
// one-off days off), in date order, at most one entry a day. Empty for a year
// outside kFirstHolidayYear..kLastHolidayYear.
std::vector<Holiday> NationalHolidaysOfYear(int year);

// The name of the national holiday on `d`, or nullopt on an ordinary day
// (including every day of a year outside the supported range).
std::optional<std::string> NationalHolidayName(Date d);

}  // namespace madoguchi
