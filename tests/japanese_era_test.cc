// Dates in the Japanese era as letters print them. The boundaries are the days
// each era began (令和: 2019-05-01, 平成: 1989-01-08, 昭和: 1926-12-25).
#include <catch2/catch.hpp>

#include "core/japanese_era.h"

#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::D;

namespace {

}  // namespace

TEST_CASE("era: Reiwa dates", "[era]") {
  CHECK(JapaneseEraDate(D("2026-11-25")) == "令和8年11月25日");
  CHECK(JapaneseEraDate(D("2020-01-01")) == "令和2年1月1日");
  CHECK(JapaneseEraDate(D("2027-01-04")) == "令和9年1月4日");
}

TEST_CASE("era: the first year of an era is 元年", "[era]") {
  CHECK(JapaneseEraDate(D("2019-05-01")) == "令和元年5月1日");
  CHECK(JapaneseEraDate(D("2019-12-31")) == "令和元年12月31日");
  CHECK(JapaneseEraDate(D("1989-01-08")) == "平成元年1月8日");
  CHECK(JapaneseEraDate(D("1926-12-25")) == "昭和元年12月25日");
}

TEST_CASE("era: the day before an era began belongs to the previous one", "[era]") {
  CHECK(JapaneseEraDate(D("2019-04-30")) == "平成31年4月30日");
  CHECK(JapaneseEraDate(D("2019-01-01")) == "平成31年1月1日");
  CHECK(JapaneseEraDate(D("1989-01-07")) == "昭和64年1月7日");
  CHECK(JapaneseEraDate(D("1926-12-24")) == "大正15年12月24日");
}

TEST_CASE("era: Showa and Heisei dates", "[era]") {
  CHECK(JapaneseEraDate(D("1968-07-14")) == "昭和43年7月14日");
  CHECK(JapaneseEraDate(D("1990-02-28")) == "平成2年2月28日");
  CHECK(JapaneseEraDate(D("2000-02-29")) == "平成12年2月29日");
}

TEST_CASE("era: dates before the Gregorian calendar in Japan are written in the Western year", "[era]") {
  CHECK(JapaneseEraDate(D("1873-01-01")) == "明治6年1月1日");
  CHECK(JapaneseEraDate(D("1872-12-31")) == "1872年12月31日");
}

TEST_CASE("era: weekdays in one kanji", "[era]") {
  CHECK(JapaneseWeekday(D("2026-11-25")) == "水");
  CHECK(JapaneseWeekday(D("2026-11-29")) == "日");
  CHECK(JapaneseWeekday(D("2026-11-30")) == "月");
  CHECK(JapaneseWeekday(D("2019-05-01")) == "水");
  CHECK(JapaneseWeekday(D("2027-01-02")) == "土");
}
