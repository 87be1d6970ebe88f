// The national holidays of Japan as the law makes them, and the office's
// business days built on them. Every expected date here follows from the
// rules of 国民の祝日に関する法律 and the special laws of 2019-2021, not from
// the implementation.
#include <catch2/catch.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/business_calendar.h"
#include "core/japanese_holidays.h"
#include "core/office_calendar_config.h"

#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::D;

namespace {

// "YYYY-MM-DD name" lines, which Catch prints readably when a list differs.
std::vector<std::string> Lines(const std::vector<Holiday>& holidays) {
  std::vector<std::string> out;
  for (const Holiday& h : holidays) out.push_back(h.date.ToIso() + " " + h.name);
  return out;
}

std::string Name(const char* iso) { return NationalHolidayName(D(iso)).value_or("(none)"); }

const BusinessCalendar& DefaultCalendar() {
  static const BusinessCalendar calendar{OfficeCalendarConfig{}};
  return calendar;
}

std::string Reason(const BusinessCalendar& calendar, const char* iso) {
  return calendar.ClosedReason(D(iso)).value_or("(open)");
}

}  // namespace

// --- Whole years --------------------------------------------------------

TEST_CASE("calendar: 2019: the enthronement year", "[holidays]") {
  // 5/1 and 10/22 are deemed 国民の祝日, so 4/30 and 5/2 lie between two of
  // them; no 天皇誕生日 (12/23 had passed to the former emperor, 2/23 not yet).
  CHECK(Lines(NationalHolidaysOfYear(2019)) == std::vector<std::string>{
                                                   "2019-01-01 元日",
                                                   "2019-01-14 成人の日",
                                                   "2019-02-11 建国記念の日",
                                                   "2019-03-21 春分の日",
                                                   "2019-04-29 昭和の日",
                                                   "2019-04-30 国民の休日",
                                                   "2019-05-01 天皇の即位の日",
                                                   "2019-05-02 国民の休日",
                                                   "2019-05-03 憲法記念日",
                                                   "2019-05-04 みどりの日",
                                                   "2019-05-05 こどもの日",
                                                   "2019-05-06 振替休日",
                                                   "2019-07-15 海の日",
                                                   "2019-08-11 山の日",
                                                   "2019-08-12 振替休日",
                                                   "2019-09-16 敬老の日",
                                                   "2019-09-23 秋分の日",
                                                   "2019-10-14 体育の日",
                                                   "2019-10-22 即位礼正殿の儀の行われる日",
                                                   "2019-11-03 文化の日",
                                                   "2019-11-04 振替休日",
                                                   "2019-11-23 勤労感謝の日",
                                               });
}

TEST_CASE("calendar: 2020: the Olympic dates and the first 2/23 天皇誕生日", "[holidays]") {
  CHECK(Lines(NationalHolidaysOfYear(2020)) == std::vector<std::string>{
                                                   "2020-01-01 元日",
                                                   "2020-01-13 成人の日",
                                                   "2020-02-11 建国記念の日",
                                                   "2020-02-23 天皇誕生日",
                                                   "2020-02-24 振替休日",
                                                   "2020-03-20 春分の日",
                                                   "2020-04-29 昭和の日",
                                                   "2020-05-03 憲法記念日",
                                                   "2020-05-04 みどりの日",
                                                   "2020-05-05 こどもの日",
                                                   "2020-05-06 振替休日",
                                                   "2020-07-23 海の日",
                                                   "2020-07-24 スポーツの日",
                                                   "2020-08-10 山の日",
                                                   "2020-09-21 敬老の日",
                                                   "2020-09-22 秋分の日",
                                                   "2020-11-03 文化の日",
                                                   "2020-11-23 勤労感謝の日",
                                               });
}

TEST_CASE("calendar: 2021: the Olympic dates moved again, 山の日 on a Sunday", "[holidays]") {
  CHECK(Lines(NationalHolidaysOfYear(2021)) == std::vector<std::string>{
                                                   "2021-01-01 元日",
                                                   "2021-01-11 成人の日",
                                                   "2021-02-11 建国記念の日",
                                                   "2021-02-23 天皇誕生日",
                                                   "2021-03-20 春分の日",
                                                   "2021-04-29 昭和の日",
                                                   "2021-05-03 憲法記念日",
                                                   "2021-05-04 みどりの日",
                                                   "2021-05-05 こどもの日",
                                                   "2021-07-22 海の日",
                                                   "2021-07-23 スポーツの日",
                                                   "2021-08-08 山の日",
                                                   "2021-08-09 振替休日",
                                                   "2021-09-20 敬老の日",
                                                   "2021-09-23 秋分の日",
                                                   "2021-11-03 文化の日",
                                                   "2021-11-23 勤労感謝の日",
                                               });
}

TEST_CASE("calendar: 2026", "[holidays]") {
  CHECK(Lines(NationalHolidaysOfYear(2026)) == std::vector<std::string>{
                                                   "2026-01-01 元日",
                                                   "2026-01-12 成人の日",
                                                   "2026-02-11 建国記念の日",
                                                   "2026-02-23 天皇誕生日",
                                                   "2026-03-20 春分の日",
                                                   "2026-04-29 昭和の日",
                                                   "2026-05-03 憲法記念日",
                                                   "2026-05-04 みどりの日",
                                                   "2026-05-05 こどもの日",
                                                   "2026-05-06 振替休日",
                                                   "2026-07-20 海の日",
                                                   "2026-08-11 山の日",
                                                   "2026-09-21 敬老の日",
                                                   "2026-09-22 国民の休日",
                                                   "2026-09-23 秋分の日",
                                                   "2026-10-12 スポーツの日",
                                                   "2026-11-03 文化の日",
                                                   "2026-11-23 勤労感謝の日",
                                               });
}

TEST_CASE("calendar: 2027", "[holidays]") {
  CHECK(Lines(NationalHolidaysOfYear(2027)) == std::vector<std::string>{
                                                   "2027-01-01 元日",
                                                   "2027-01-11 成人の日",
                                                   "2027-02-11 建国記念の日",
                                                   "2027-02-23 天皇誕生日",
                                                   "2027-03-21 春分の日",
                                                   "2027-03-22 振替休日",
                                                   "2027-04-29 昭和の日",
                                                   "2027-05-03 憲法記念日",
                                                   "2027-05-04 みどりの日",
                                                   "2027-05-05 こどもの日",
                                                   "2027-07-19 海の日",
                                                   "2027-08-11 山の日",
                                                   "2027-09-20 敬老の日",
                                                   "2027-09-23 秋分の日",
                                                   "2027-10-11 スポーツの日",
                                                   "2027-11-03 文化の日",
                                                   "2027-11-23 勤労感謝の日",
                                               });
}

TEST_CASE("calendar: 2028 to 2030", "[holidays]") {
  CHECK(Lines(NationalHolidaysOfYear(2028)) == std::vector<std::string>{
                                                   "2028-01-01 元日",
                                                   "2028-01-10 成人の日",
                                                   "2028-02-11 建国記念の日",
                                                   "2028-02-23 天皇誕生日",
                                                   "2028-03-20 春分の日",
                                                   "2028-04-29 昭和の日",
                                                   "2028-05-03 憲法記念日",
                                                   "2028-05-04 みどりの日",
                                                   "2028-05-05 こどもの日",
                                                   "2028-07-17 海の日",
                                                   "2028-08-11 山の日",
                                                   "2028-09-18 敬老の日",
                                                   "2028-09-22 秋分の日",
                                                   "2028-10-09 スポーツの日",
                                                   "2028-11-03 文化の日",
                                                   "2028-11-23 勤労感謝の日",
                                               });
  CHECK(Lines(NationalHolidaysOfYear(2029)) == std::vector<std::string>{
                                                   "2029-01-01 元日",
                                                   "2029-01-08 成人の日",
                                                   "2029-02-11 建国記念の日",
                                                   "2029-02-12 振替休日",
                                                   "2029-02-23 天皇誕生日",
                                                   "2029-03-20 春分の日",
                                                   "2029-04-29 昭和の日",
                                                   "2029-04-30 振替休日",
                                                   "2029-05-03 憲法記念日",
                                                   "2029-05-04 みどりの日",
                                                   "2029-05-05 こどもの日",
                                                   "2029-07-16 海の日",
                                                   "2029-08-11 山の日",
                                                   "2029-09-17 敬老の日",
                                                   "2029-09-23 秋分の日",
                                                   "2029-09-24 振替休日",
                                                   "2029-10-08 スポーツの日",
                                                   "2029-11-03 文化の日",
                                                   "2029-11-23 勤労感謝の日",
                                               });
  CHECK(Lines(NationalHolidaysOfYear(2030)) == std::vector<std::string>{
                                                   "2030-01-01 元日",
                                                   "2030-01-14 成人の日",
                                                   "2030-02-11 建国記念の日",
                                                   "2030-02-23 天皇誕生日",
                                                   "2030-03-20 春分の日",
                                                   "2030-04-29 昭和の日",
                                                   "2030-05-03 憲法記念日",
                                                   "2030-05-04 みどりの日",
                                                   "2030-05-05 こどもの日",
                                                   "2030-05-06 振替休日",
                                                   "2030-07-15 海の日",
                                                   "2030-08-11 山の日",
                                                   "2030-08-12 振替休日",
                                                   "2030-09-16 敬老の日",
                                                   "2030-09-23 秋分の日",
                                                   "2030-10-14 スポーツの日",
                                                   "2030-11-03 文化の日",
                                                   "2030-11-04 振替休日",
                                                   "2030-11-23 勤労感謝の日",
                                               });
}

// --- The rules one by one -------------------------------------------------

TEST_CASE("calendar: the Act applies from 1948-07-20 and the table ends with 2150", "[holidays]") {
  CHECK(NationalHolidaysOfYear(1947).empty());
  CHECK(Lines(NationalHolidaysOfYear(1948)) ==
        std::vector<std::string>{"1948-09-23 秋分の日", "1948-11-03 文化の日", "1948-11-23 勤労感謝の日"});
  CHECK(Name("1948-01-01") == "(none)");
  CHECK(Name("1948-05-05") == "(none)");
  CHECK(Name("1949-01-01") == "元日");
  CHECK(Name("1949-04-29") == "天皇誕生日");
  CHECK_FALSE(NationalHolidaysOfYear(2150).empty());
  CHECK(NationalHolidaysOfYear(2151).empty());
  CHECK(Name("2151-01-01") == "(none)");
  CHECK(Name("1900-01-01") == "(none)");
}

TEST_CASE("calendar: 成人の日: 1/15 until 1999, then the second Monday of January", "[holidays]") {
  CHECK(Name("1949-01-15") == "成人の日");
  CHECK(Name("1999-01-15") == "成人の日");
  CHECK(Name("2000-01-15") == "(none)");
  CHECK(Name("2000-01-10") == "成人の日");
  CHECK(Name("2024-01-08") == "成人の日");
}

TEST_CASE("calendar: 建国記念の日 from 1967", "[holidays]") {
  CHECK(Name("1966-02-11") == "(none)");
  CHECK(Name("1967-02-11") == "建国記念の日");
}

TEST_CASE("calendar: 天皇誕生日 follows the reigning emperor", "[holidays]") {
  CHECK(Name("1988-04-29") == "天皇誕生日");
  CHECK(Name("1988-12-23") == "(none)");
  CHECK(Name("1989-04-29") == "みどりの日");
  CHECK(Name("1989-12-23") == "天皇誕生日");
  CHECK(Name("2018-12-23") == "天皇誕生日");
  CHECK(Name("2018-12-24") == "振替休日");
  CHECK(Name("2019-02-23") == "(none)");
  CHECK(Name("2019-12-23") == "(none)");
  CHECK(Name("2020-02-23") == "天皇誕生日");
  CHECK(Name("2020-12-23") == "(none)");
}

TEST_CASE("calendar: 4/29 and 5/4: みどりの日, then 昭和の日 and みどりの日 from 2007", "[holidays]") {
  CHECK(Name("2006-04-29") == "みどりの日");
  CHECK(Name("2007-04-29") == "昭和の日");
  CHECK(Name("2006-05-04") == "国民の休日");
  CHECK(Name("2007-05-04") == "みどりの日");
}

TEST_CASE("calendar: 海の日: 7/20 from 1996, the third Monday of July from 2003", "[holidays]") {
  CHECK(Name("1995-07-20") == "(none)");
  CHECK(Name("1996-07-20") == "海の日");
  CHECK(Name("2002-07-20") == "海の日");
  CHECK(Name("2003-07-20") == "(none)");
  CHECK(Name("2003-07-21") == "海の日");
  CHECK(Name("2020-07-20") == "(none)");  // moved to 7/23 for the Olympics
  CHECK(Name("2021-07-19") == "(none)");  // moved to 7/22
  CHECK(Name("2022-07-18") == "海の日");
}

TEST_CASE("calendar: 山の日: 8/11 from 2016", "[holidays]") {
  CHECK(Name("2015-08-11") == "(none)");
  CHECK(Name("2016-08-11") == "山の日");
  CHECK(Name("2020-08-11") == "(none)");
  CHECK(Name("2021-08-11") == "(none)");
  CHECK(Name("2022-08-11") == "山の日");
}

TEST_CASE("calendar: 敬老の日: 9/15 from 1966, the third Monday of September from 2003", "[holidays]") {
  CHECK(Name("1965-09-15") == "(none)");
  CHECK(Name("1966-09-15") == "敬老の日");
  CHECK(Name("2002-09-15") == "敬老の日");  // a Sunday
  CHECK(Name("2002-09-16") == "振替休日");
  CHECK(Name("2004-09-15") == "(none)");
  CHECK(Name("2004-09-20") == "敬老の日");
}

TEST_CASE("calendar: 体育の日 and スポーツの日", "[holidays]") {
  CHECK(Name("1965-10-10") == "(none)");
  CHECK(Name("1966-10-10") == "体育の日");
  CHECK(Name("1999-10-10") == "体育の日");  // a Sunday
  CHECK(Name("1999-10-11") == "振替休日");
  CHECK(Name("2000-10-10") == "(none)");
  CHECK(Name("2000-10-09") == "体育の日");
  CHECK(Name("2019-10-14") == "体育の日");
  CHECK(Name("2020-10-12") == "(none)");  // moved to 7/24 for the Olympics
  CHECK(Name("2021-10-11") == "(none)");  // moved to 7/23
  CHECK(Name("2022-10-10") == "スポーツの日");
}

TEST_CASE("calendar: the days fixed since 1948", "[holidays]") {
  for (int y : {1950, 1975, 2000, 2025, 2100, 2150}) {
    INFO(y);
    const std::string year = std::to_string(y);
    CHECK(Name((year + "-01-01").c_str()) == "元日");
    CHECK(Name((year + "-05-03").c_str()) == "憲法記念日");
    CHECK(Name((year + "-05-05").c_str()) == "こどもの日");
    CHECK(Name((year + "-11-03").c_str()) == "文化の日");
    CHECK(Name((year + "-11-23").c_str()) == "勤労感謝の日");
  }
}

TEST_CASE("calendar: 春分の日 and 秋分の日 by the equinox formulas", "[holidays]") {
  // 1900-1979 constants; the integer part of (y - 1983) / 4 truncates.
  CHECK(Name("1960-03-20") == "春分の日");
  CHECK(Name("1970-03-21") == "春分の日");
  CHECK(Name("1978-09-23") == "秋分の日");
  CHECK(Name("1979-09-24") == "秋分の日");
  // 1980-2099.
  CHECK(Name("2000-03-20") == "春分の日");
  CHECK(Name("2023-03-21") == "春分の日");
  CHECK(Name("2025-03-20") == "春分の日");
  CHECK(Name("2012-09-22") == "秋分の日");
  CHECK(Name("2023-09-23") == "秋分の日");
  CHECK(Name("2024-09-22") == "秋分の日");
  CHECK(Name("2092-03-19") == "春分の日");
  // 2100-2150.
  CHECK(Name("2100-03-20") == "春分の日");
  CHECK(Name("2101-03-21") == "春分の日");
  CHECK(Name("2100-09-23") == "秋分の日");
  // Exactly one of each in every supported year.
  for (int y = kFirstHolidayYear + 1; y <= kLastHolidayYear; ++y) {
    int vernal = 0;
    int autumnal = 0;
    for (const Holiday& h : NationalHolidaysOfYear(y)) {
      if (h.name == "春分の日") {
        ++vernal;
        CHECK((h.date.month() == 3 && h.date.day() >= 19 && h.date.day() <= 22));
      }
      if (h.name == "秋分の日") {
        ++autumnal;
        CHECK((h.date.month() == 9 && h.date.day() >= 21 && h.date.day() <= 24));
      }
    }
    INFO(y);
    CHECK(vernal == 1);
    CHECK(autumnal == 1);
  }
}

TEST_CASE("calendar: 振替休日", "[holidays]") {
  SECTION("none before 1973-04-12") {
    CHECK(Name("1973-02-11") == "建国記念の日");  // a Sunday
    CHECK(Name("1973-02-12") == "(none)");
  }
  SECTION("1973-2006: the Monday after a Sunday holiday") {
    CHECK(Name("1973-04-30") == "振替休日");  // the first one
    CHECK(Name("1987-05-04") == "振替休日");  // 5/3 a Sunday
    CHECK(Name("1990-04-30") == "振替休日");
    CHECK(Name("2006-01-02") == "振替休日");
  }
  SECTION("from 2007: the next day that is not a holiday") {
    CHECK(Name("2008-05-06") == "振替休日");  // from 5/4, a Sunday, past 5/5
    CHECK(Name("2019-05-06") == "振替休日");
    CHECK(Name("2023-01-02") == "振替休日");
    CHECK(Name("2024-02-12") == "振替休日");
    CHECK(Name("2026-05-06") == "振替休日");  // from 5/3, a Sunday, past 5/4 and 5/5
    CHECK(Name("2021-08-09") == "振替休日");  // from the Olympic 山の日
  }
}

TEST_CASE("calendar: 国民の休日", "[holidays]") {
  SECTION("between 敬老の日 and 秋分の日") {
    CHECK(Name("2009-09-22") == "国民の休日");
    CHECK(Name("2015-09-22") == "国民の休日");
    CHECK(Name("2026-09-22") == "国民の休日");
    CHECK(Name("2032-09-21") == "国民の休日");
  }
  SECTION("around the enthronement day") {
    CHECK(Name("2019-04-30") == "国民の休日");
    CHECK(Name("2019-05-02") == "国民の休日");
  }
  SECTION("5/4 from 1988 to 2006, unless a Sunday or already a 振替休日") {
    CHECK(Name("1985-05-04") == "(none)");  // before 1985-12-27
    for (int y = 1988; y <= 2006; ++y) {
      const std::string iso = std::to_string(y) + "-05-04";
      const Date d = D(iso.c_str());
      INFO(iso);
      if (d.weekday() == Date::kSunday) {
        CHECK(Name(iso.c_str()) == "(none)");
      } else if (d.weekday() == Date::kMonday) {
        CHECK(Name(iso.c_str()) == "振替休日");  // 5/3 was a Sunday
      } else {
        CHECK(Name(iso.c_str()) == "国民の休日");
      }
    }
    CHECK(Name("1988-05-04") == "国民の休日");
    CHECK(Name("1997-05-04") == "(none)");
    CHECK(Name("1998-05-04") == "振替休日");
  }
}

TEST_CASE("calendar: the one-off days off", "[holidays]") {
  CHECK(Name("1959-04-10") == "皇太子明仁親王の結婚の儀");
  CHECK(Name("1989-02-24") == "昭和天皇の大喪の礼");
  CHECK(Name("1990-11-12") == "即位礼正殿の儀");
  CHECK(Name("1993-06-09") == "皇太子徳仁親王の結婚の儀");
  CHECK(Name("2019-10-22") == "即位礼正殿の儀の行われる日");
}

TEST_CASE("calendar: the table is consistent over the whole supported range", "[holidays]") {
  for (int y = kFirstHolidayYear; y <= kLastHolidayYear; ++y) {
    INFO(y);
    const std::vector<Holiday> days = NationalHolidaysOfYear(y);
    for (std::size_t i = 0; i < days.size(); ++i) {
      CHECK(days[i].date.year() == y);
      CHECK(!days[i].name.empty());
      if (i > 0) CHECK(days[i - 1].date < days[i].date);
      CHECK(NationalHolidayName(days[i].date) == days[i].name);
    }
    // Every day of the year not in the list is an ordinary day.
    std::size_t found = 0;
    for (Date d = D((std::to_string(y) + "-01-01").c_str()); d.year() == y; d = d.AddDays(1)) {
      if (NationalHolidayName(d)) ++found;
    }
    CHECK(found == days.size());
  }
}

TEST_CASE("calendar: concurrent first use", "[holidays]") {
  // Each ctest test runs in a fresh process, so these threads race to build
  // the table; all must see the same, complete answers.
  std::vector<std::thread> threads;
  std::vector<int> ok(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, &ok] {
      const Date d = *Date::FromYmd(2026, 5, 6);
      ok[static_cast<std::size_t>(t)] = NationalHolidayName(d) == std::optional<std::string>("振替休日") &&
                                        NationalHolidaysOfYear(2019).size() == 22;
    });
  }
  for (std::thread& th : threads) th.join();
  CHECK(ok == std::vector<int>(8, 1));
}

// --- The office calendar ------------------------------------------------

TEST_CASE("calendar: business days and the reasons for closed days", "[business_calendar]") {
  const BusinessCalendar& cal = DefaultCalendar();
  CHECK(cal.IsBusinessDay(D("2026-12-25")));  // a Friday
  CHECK(Reason(cal, "2026-12-25") == "(open)");
  CHECK(Reason(cal, "2026-12-26") == "土曜日");
  CHECK(Reason(cal, "2026-12-27") == "日曜日");
  CHECK(Reason(cal, "2026-12-29") == "年末年始休業");
  CHECK(Reason(cal, "2026-12-31") == "年末年始休業");
  CHECK(Reason(cal, "2027-01-01") == "元日");
  CHECK(Reason(cal, "2027-01-02") == "土曜日");  // the weekday rule comes first
  CHECK(Reason(cal, "2026-05-03") == "日曜日");  // and also 憲法記念日
  CHECK(Reason(cal, "2026-05-06") == "振替休日");
  CHECK(Reason(cal, "2026-09-22") == "国民の休日");
  CHECK(Reason(cal, "2026-03-20") == "春分の日");
  CHECK(Reason(cal, "2025-12-29") == "年末年始休業");
  CHECK(Reason(cal, "2026-01-02") == "年末年始休業");
  CHECK(Reason(cal, "2026-01-03") == "土曜日");
  CHECK(Reason(cal, "2026-01-05") == "(open)");
  CHECK(Reason(cal, "2026-12-28") == "(open)");  // the last business day of 2026
  CHECK_FALSE(cal.IsBusinessDay(D("2026-12-29")));
  CHECK(cal.IsBusinessDay(D("2027-01-04")));
}

TEST_CASE("calendar: the year-end closure can be switched off", "[business_calendar]") {
  OfficeCalendarConfig config;
  config.year_end_closure = false;
  const BusinessCalendar cal(config);
  CHECK(cal.IsBusinessDay(D("2026-12-29")));
  CHECK(cal.IsBusinessDay(D("2026-12-31")));
  CHECK(Reason(cal, "2027-01-01") == "元日");
  CHECK(cal.AddBusinessDays(D("2026-12-25"), 3) == D("2026-12-30"));
}

TEST_CASE("calendar: configured closures", "[business_calendar]") {
  OfficeCalendarConfig config;
  config.closures = {
      {D("2026-05-01"), D("2026-05-01"), "創立記念日"},
      {D("2026-08-12"), D("2026-08-14"), "夏季休業"},
      {D("2026-08-14"), D("2026-08-17"), "システム更新"},
      {D("2026-10-02"), D("2026-10-01"), "逆順"},  // from > to: closes nothing
  };
  const BusinessCalendar cal(config);
  CHECK(Reason(cal, "2026-05-01") == "創立記念日");
  CHECK(Reason(cal, "2026-04-30") == "(open)");
  CHECK(Reason(cal, "2026-08-11") == "山の日");
  CHECK(Reason(cal, "2026-08-12") == "夏季休業");
  CHECK(Reason(cal, "2026-08-14") == "夏季休業");  // the first matching closure
  CHECK(Reason(cal, "2026-08-15") == "土曜日");
  CHECK(Reason(cal, "2026-08-17") == "システム更新");
  CHECK(Reason(cal, "2026-08-18") == "(open)");
  CHECK(Reason(cal, "2026-10-01") == "(open)");
  CHECK(Reason(cal, "2026-10-02") == "(open)");
  CHECK(cal.NextBusinessDayOnOrAfter(D("2026-08-11")) == D("2026-08-18"));
  // Golden Week with 5/1 closed: after 4/30 the next business day is 5/7.
  CHECK(cal.AddBusinessDays(D("2026-04-28"), 2) == D("2026-05-07"));
}

TEST_CASE("calendar: a long closure is skipped", "[business_calendar]") {
  OfficeCalendarConfig config;
  config.closures = {{D("2026-01-05"), D("2030-12-31"), "移転"}};
  const BusinessCalendar cal(config);
  CHECK(cal.NextBusinessDayOnOrAfter(D("2026-06-01")) == D("2031-01-06"));  // 1/1-1/3, then the weekend
}

TEST_CASE("calendar: NextBusinessDayOnOrAfter", "[business_calendar]") {
  const BusinessCalendar& cal = DefaultCalendar();
  CHECK(cal.NextBusinessDayOnOrAfter(D("2026-12-25")) == D("2026-12-25"));
  CHECK(cal.NextBusinessDayOnOrAfter(D("2026-12-26")) == D("2026-12-28"));
  CHECK(cal.NextBusinessDayOnOrAfter(D("2026-12-29")) == D("2027-01-04"));
  CHECK(cal.NextBusinessDayOnOrAfter(D("2026-05-02")) == D("2026-05-07"));
  CHECK(cal.NextBusinessDayOnOrAfter(D("2026-09-19")) == D("2026-09-24"));  // Silver Week
}

TEST_CASE("calendar: AddBusinessDays", "[business_calendar]") {
  const BusinessCalendar& cal = DefaultCalendar();
  SECTION("across New Year") {
    CHECK(cal.AddBusinessDays(D("2026-12-25"), 1) == D("2026-12-28"));
    CHECK(cal.AddBusinessDays(D("2026-12-25"), 2) == D("2027-01-04"));
    CHECK(cal.AddBusinessDays(D("2026-12-25"), 3) == D("2027-01-05"));
    CHECK(cal.AddBusinessDays(D("2026-12-25"), 10) == D("2027-01-15"));  // skips 1/11 成人の日
  }
  SECTION("across Golden Week") {
    CHECK(cal.AddBusinessDays(D("2026-04-28"), 1) == D("2026-04-30"));  // 4/29 昭和の日
    CHECK(cal.AddBusinessDays(D("2026-04-28"), 2) == D("2026-05-01"));
    CHECK(cal.AddBusinessDays(D("2026-04-28"), 3) == D("2026-05-07"));  // 5/2-5/6 closed
    CHECK(cal.AddBusinessDays(D("2019-04-26"), 1) == D("2019-05-07"));  // ten days off in 2019
  }
  SECTION("the starting day is never counted") {
    CHECK(cal.AddBusinessDays(D("2026-12-27"), 0) == D("2026-12-27"));  // n = 0, even on a Sunday
    CHECK(cal.AddBusinessDays(D("2026-12-25"), 0) == D("2026-12-25"));
    CHECK(cal.AddBusinessDays(D("2026-12-27"), 1) == D("2026-12-28"));
    CHECK(cal.AddBusinessDays(D("2026-12-28"), 1) == D("2027-01-04"));
  }
  SECTION("a negative count goes back") {
    CHECK(cal.AddBusinessDays(D("2027-01-05"), -3) == D("2026-12-25"));
    CHECK(cal.AddBusinessDays(D("2027-01-04"), -1) == D("2026-12-28"));
  }
}

TEST_CASE("calendar: BusinessDaysAfterUntil", "[business_calendar]") {
  const BusinessCalendar& cal = DefaultCalendar();
  CHECK(cal.BusinessDaysAfterUntil(D("2026-12-25"), D("2026-12-25")) == 0);  // empty interval
  CHECK(cal.BusinessDaysAfterUntil(D("2026-12-25"), D("2026-12-01")) == 0);  // reversed
  CHECK(cal.BusinessDaysAfterUntil(D("2026-12-25"), D("2027-01-05")) == 3);
  CHECK(cal.BusinessDaysAfterUntil(D("2026-12-24"), D("2026-12-25")) == 1);  // `until` counts
  CHECK(cal.BusinessDaysAfterUntil(D("2026-12-25"), D("2026-12-26")) == 0);  // `after` does not
  CHECK(cal.BusinessDaysAfterUntil(D("2026-12-28"), D("2027-01-03")) == 0);  // all closed
  CHECK(cal.BusinessDaysAfterUntil(D("2026-12-27"), D("2026-12-28")) == 1);
  CHECK(cal.BusinessDaysAfterUntil(D("2026-04-30"), D("2026-05-07")) == 2);  // 5/1, 5/7
  CHECK(cal.BusinessDaysAfterUntil(D("2025-12-31"), D("2026-12-31")) == 240);
}

TEST_CASE("calendar: BusinessDaysAfterUntil undoes AddBusinessDays", "[business_calendar]") {
  const BusinessCalendar& cal = DefaultCalendar();
  for (Date from = D("2026-01-01"); from < D("2027-01-10"); from = from.AddDays(1)) {
    for (int n : {0, 1, 2, 5, 14, 30}) {
      INFO(from.ToIso() << " + " << n);
      const Date to = cal.AddBusinessDays(from, n);
      CHECK(cal.BusinessDaysAfterUntil(from, to) == n);
      if (n > 0) CHECK(cal.IsBusinessDay(to));
    }
  }
}

// --- Reading the configuration --------------------------------------------

TEST_CASE("calendar: OfficeCalendarConfigFromJson reads a configuration", "[office_calendar_config]") {
  auto config = OfficeCalendarConfigFromJson(nlohmann::json::parse(R"({
    "year_end_closure": false,
    "closures": [
      {"from": "2026-05-01", "to": "2026-05-01", "name": "創立記念日"},
      {"from": "2026-08-12", "to": "2026-08-14", "name": "夏季休業"},
      {"from": "2026-11-20", "name": "監査"}
    ]})"));
  REQUIRE(config.ok());
  CHECK_FALSE(config->year_end_closure);
  REQUIRE(config->closures.size() == 3);
  CHECK(config->closures[0].from == D("2026-05-01"));
  CHECK(config->closures[0].to == D("2026-05-01"));
  CHECK(config->closures[0].name == "創立記念日");
  CHECK(config->closures[1].to == D("2026-08-14"));
  CHECK(config->closures[2].to == D("2026-11-20"));  // "to" defaults to "from"
}

TEST_CASE("calendar: OfficeCalendarConfigFromJson defaults", "[office_calendar_config]") {
  auto config = OfficeCalendarConfigFromJson(nlohmann::json::object());
  REQUIRE(config.ok());
  CHECK(config->year_end_closure);
  CHECK(config->closures.empty());
}

TEST_CASE("calendar: OfficeCalendarConfigFromJson rejects bad input", "[office_calendar_config]") {
  auto error = [](const char* text) {
    auto config = OfficeCalendarConfigFromJson(nlohmann::json::parse(text));
    CHECK(config.status().code() == Status::Code::kInvalidArgument);
    return config.ok() ? std::string("(ok)") : config.status().message();
  };
  CHECK(error("[]") == "office calendar: must be a JSON object");
  CHECK(error(R"({"closure": []})") == "office calendar: unknown key \"closure\"");
  CHECK(error(R"({"year_end_closure": "yes"})") == "year_end_closure: must be true or false");
  CHECK(error(R"({"closures": {}})") == "closures: must be an array");
  CHECK(error(R"({"closures": [1]})") == "closures[0]: must be an object");
  CHECK(error(R"({"closures": [{"from": "2023-02-29", "name": "x"}]})") ==
        "closures[0].from: 2023-02-29 is not a date");
  CHECK(error(R"({"closures": [{"from": "2026-05-01", "to": "tomorrow", "name": "x"}]})") ==
        "closures[0].to: 'tomorrow' is not a date of the form YYYY-MM-DD");
  CHECK(error(R"({"closures": [{"from": 20260501, "name": "x"}]})") ==
        "closures[0].from: must be a date string \"YYYY-MM-DD\"");
  CHECK(error(R"({"closures": [{"from": "2026-05-02", "to": "2026-05-01", "name": "x"}]})") ==
        "closures[0]: \"to\" 2026-05-01 is before \"from\" 2026-05-02");
  CHECK(error(R"({"closures": [{"from": "2026-05-01"}]})") == "closures[0]: \"name\" is missing");
  CHECK(error(R"({"closures": [{"name": "x"}]})") == "closures[0]: \"from\" is missing");
  CHECK(error(R"({"closures": [{"from": "2026-05-01", "name": ""}]})") ==
        "closures[0].name: must be a non-empty string");
  CHECK(error(R"({"closures": [{"from": "2026-05-01", "name": "x", "until": "2026-05-02"}]})") ==
        "closures[0]: unknown key \"until\"");
}
