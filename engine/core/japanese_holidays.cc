#include "core/japanese_holidays.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace madoguchi {

namespace {

constexpr int kSubstituteRuleOf2007 = 2007;  // 振替休日 may fall after Monday from 2007 on

constexpr const char* kSubstituteHoliday = "振替休日";
constexpr const char* kCitizensHoliday = "国民の休日";

Date Ymd(int year, int month, int day) { return *Date::FromYmd(year, month, day); }

// Days on which the rules of the Act took effect. Functions rather than
// namespace-scope constants, so that no static initialisation order matters.
Date ActInForce() { return Ymd(1948, 7, 20); }                // 国民の祝日に関する法律
Date SubstituteHolidayInForce() { return Ymd(1973, 4, 12); }  // 振替休日 (1973 amendment)
Date CitizensHolidayInForce() { return Ymd(1985, 12, 27); }   // 国民の休日 (1985 amendment)

Date Monday(int year, int month, int n) { return Date::NthWeekday(year, month, Date::kMonday, n); }

// The standard approximation of the equinox day:
//   int(base + 0.242194 * (year - 1980) - int((year - leap_origin) / 4)),
// where int() is the integer part. The inner one truncates toward zero, which
// matters for the negative offsets of 1900-1982 (floor would move 1970's
// 春分の日 from 3/21 to 3/22). The whole value is always positive. Computed
// in millionths so that no floating-point rounding can move a day.
int EquinoxDay(int year, std::int64_t base_millionths, int leap_origin) {
  constexpr std::int64_t kMillion = 1'000'000;
  std::int64_t value = base_millionths + 242'194 * static_cast<std::int64_t>(year - 1980) -
                       static_cast<std::int64_t>((year - leap_origin) / 4) * kMillion;
  return static_cast<int>(value / kMillion);
}

// Day of March of 春分の日.
int VernalEquinoxDay(int year) {
  if (year <= 1979) return EquinoxDay(year, 20'835'700, 1983);
  if (year <= 2099) return EquinoxDay(year, 20'843'100, 1980);
  return EquinoxDay(year, 21'851'000, 1980);
}

// Day of September of 秋分の日.
int AutumnalEquinoxDay(int year) {
  if (year <= 1979) return EquinoxDay(year, 23'258'800, 1983);
  if (year <= 2099) return EquinoxDay(year, 23'248'800, 1980);
  return EquinoxDay(year, 24'248'800, 1980);
}

void AddIf(bool in_force, Date date, const char* name, std::vector<Holiday>& out) {
  if (in_force) out.push_back({date, name});
}

void AddWinterAndSpringDays(int y, std::vector<Holiday>& out) {
  AddIf(true, Ymd(y, 1, 1), "元日", out);
  AddIf(true, y <= 1999 ? Ymd(y, 1, 15) : Monday(y, 1, 2), "成人の日", out);
  AddIf(y >= 1967, Ymd(y, 2, 11), "建国記念の日", out);
  AddIf(y >= 2020, Ymd(y, 2, 23), "天皇誕生日", out);
  AddIf(true, Ymd(y, 3, VernalEquinoxDay(y)), "春分の日", out);
  AddIf(y <= 1988, Ymd(y, 4, 29), "天皇誕生日", out);
  AddIf(y >= 1989 && y <= 2006, Ymd(y, 4, 29), "みどりの日", out);
  AddIf(y >= 2007, Ymd(y, 4, 29), "昭和の日", out);
  AddIf(y == 2019, Ymd(y, 5, 1), "天皇の即位の日", out);
  AddIf(true, Ymd(y, 5, 3), "憲法記念日", out);
  AddIf(y >= 2007, Ymd(y, 5, 4), "みどりの日", out);
  AddIf(true, Ymd(y, 5, 5), "こどもの日", out);
}

// 海の日, スポーツの日 and 山の日 of 2020 and 2021 were moved by the special
// measures law for the Tokyo Olympic and Paralympic Games.
void AddSummerDays(int y, std::vector<Holiday>& out) {
  if (y == 2020) {
    out.push_back({Ymd(y, 7, 23), "海の日"});
    out.push_back({Ymd(y, 7, 24), "スポーツの日"});
    out.push_back({Ymd(y, 8, 10), "山の日"});
    return;
  }
  if (y == 2021) {
    out.push_back({Ymd(y, 7, 22), "海の日"});
    out.push_back({Ymd(y, 7, 23), "スポーツの日"});
    out.push_back({Ymd(y, 8, 8), "山の日"});
    return;
  }
  AddIf(y >= 1996 && y <= 2002, Ymd(y, 7, 20), "海の日", out);
  AddIf(y >= 2003, Monday(y, 7, 3), "海の日", out);
  AddIf(y >= 2016, Ymd(y, 8, 11), "山の日", out);
}

void AddAutumnDays(int y, std::vector<Holiday>& out) {
  AddIf(y >= 1966 && y <= 2002, Ymd(y, 9, 15), "敬老の日", out);
  AddIf(y >= 2003, Monday(y, 9, 3), "敬老の日", out);
  AddIf(true, Ymd(y, 9, AutumnalEquinoxDay(y)), "秋分の日", out);
  AddIf(y >= 1966 && y <= 1999, Ymd(y, 10, 10), "体育の日", out);
  AddIf(y >= 2000 && y <= 2019, Monday(y, 10, 2), "体育の日", out);
  AddIf(y >= 2022, Monday(y, 10, 2), "スポーツの日", out);
  AddIf(y == 2019, Ymd(y, 10, 22), "即位礼正殿の儀の行われる日", out);
  AddIf(true, Ymd(y, 11, 3), "文化の日", out);
  AddIf(true, Ymd(y, 11, 23), "勤労感謝の日", out);
  AddIf(y >= 1989 && y <= 2018, Ymd(y, 12, 23), "天皇誕生日", out);
}

bool ByDate(const Holiday& a, const Holiday& b) { return a.date < b.date; }

// The 国民の祝日 of a year (with the 2019 days deemed 国民の祝日), in date
// order, without those before the Act came into force.
std::vector<Holiday> StatutoryHolidays(int y) {
  std::vector<Holiday> days;
  AddWinterAndSpringDays(y, days);
  AddSummerDays(y, days);
  AddAutumnDays(y, days);
  const Date in_force = ActInForce();
  std::erase_if(days, [in_force](const Holiday& h) { return h.date < in_force; });
  std::sort(days.begin(), days.end(), ByDate);
  return days;
}

// Days off set by laws of their own. They are not 国民の祝日.
std::vector<Holiday> OneOffDaysOff(int y) {
  static const Holiday kDays[] = {
      {Ymd(1959, 4, 10), "皇太子明仁親王の結婚の儀"},
      {Ymd(1989, 2, 24), "昭和天皇の大喪の礼"},
      {Ymd(1990, 11, 12), "即位礼正殿の儀"},
      {Ymd(1993, 6, 9), "皇太子徳仁親王の結婚の儀"},
  };
  std::vector<Holiday> out;
  for (const Holiday& h : kDays) {
    if (h.date.year() == y) out.push_back(h);
  }
  return out;
}

bool Contains(const std::vector<Holiday>& sorted, Date d) {
  return std::binary_search(sorted.begin(), sorted.end(), Holiday{d, {}}, ByDate);
}

// 振替休日 for each 国民の祝日 on a Sunday. Until 2006 the law gave the next
// day (always a Monday; no 国民の祝日 ever fell on such a Monday); from 2007
// it gives the first following day that is not a 国民の祝日 (5/3 on a Sunday
// gives 5/6). No 国民の祝日 falls on 12/31, so the day stays in the year.
std::vector<Holiday> SubstituteHolidays(int y, const std::vector<Holiday>& statutory) {
  std::vector<Holiday> out;
  for (const Holiday& h : statutory) {
    if (h.date.weekday() != Date::kSunday || h.date < SubstituteHolidayInForce()) continue;
    Date d = h.date.AddDays(1);
    if (y >= kSubstituteRuleOf2007) {
      while (Contains(statutory, d)) d = d.AddDays(1);
    } else if (Contains(statutory, d)) {
      continue;
    }
    out.push_back({d, kSubstituteHoliday});
  }
  return out;
}

// 国民の休日: a day sandwiched between two 国民の祝日 that is neither a Sunday
// nor already a day off. Only 国民の祝日 count as the bread, so 振替休日 and
// one-off days never make one.
std::vector<Holiday> CitizensHolidays(const std::vector<Holiday>& statutory,
                                      const std::vector<Holiday>& other_days_off) {
  std::vector<Holiday> out;
  for (const Holiday& h : statutory) {
    Date d = h.date.AddDays(1);
    if (d < CitizensHolidayInForce() || d.weekday() == Date::kSunday) continue;
    if (Contains(statutory, d) || Contains(other_days_off, d)) continue;
    if (Contains(statutory, d.AddDays(1))) out.push_back({d, kCitizensHoliday});
  }
  return out;
}

std::vector<Holiday> ComputeYear(int y) {
  std::vector<Holiday> statutory = StatutoryHolidays(y);
  std::vector<Holiday> others = SubstituteHolidays(y, statutory);
  for (Holiday& h : OneOffDaysOff(y)) others.push_back(std::move(h));
  std::sort(others.begin(), others.end(), ByDate);
  std::vector<Holiday> citizens = CitizensHolidays(statutory, others);

  std::vector<Holiday> all = std::move(statutory);
  all.insert(all.end(), others.begin(), others.end());
  all.insert(all.end(), citizens.begin(), citizens.end());
  std::sort(all.begin(), all.end(), ByDate);
  return all;
}

// The table of every supported year, built once. A function-local static is
// initialised exactly once even under concurrent first calls ([stmt.dcl]/4),
// and it is never modified afterwards, so readers need no lock.
const std::vector<std::vector<Holiday>>& Table() {
  static const std::vector<std::vector<Holiday>> table = [] {
    std::vector<std::vector<Holiday>> t;
    t.reserve(kLastHolidayYear - kFirstHolidayYear + 1);
    for (int y = kFirstHolidayYear; y <= kLastHolidayYear; ++y) t.push_back(ComputeYear(y));
    return t;
  }();
  return table;
}

const std::vector<Holiday>* YearOrNull(int year) {
  if (year < kFirstHolidayYear || year > kLastHolidayYear) return nullptr;
  return &Table()[static_cast<std::size_t>(year - kFirstHolidayYear)];
}

}  // namespace

std::vector<Holiday> NationalHolidaysOfYear(int year) {
  const std::vector<Holiday>* days = YearOrNull(year);
  return days ? *days : std::vector<Holiday>{};
}

std::optional<std::string> NationalHolidayName(Date d) {
  const std::vector<Holiday>* days = YearOrNull(d.year());
  if (!days) return std::nullopt;
  auto it = std::lower_bound(days->begin(), days->end(), Holiday{d, {}}, ByDate);
  if (it == days->end() || it->date != d) return std::nullopt;
  return it->name;
}

}  // namespace madoguchi
