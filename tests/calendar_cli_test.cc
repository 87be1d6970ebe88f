// `madoguchi calendar ...` run as a user would: the real binary, its stdout,
// its stderr and its exit code.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/japanese_holidays.h"
#include "core/jst_time.h"
#include "test_support.h"

namespace {

struct Output {
  std::string text;  // stdout, or stderr for RunForStderr
  int exit_code = -1;
};

// Runs a shell command and collects what it writes to its stdout.
Output Shell(const std::string& command) {
  Output out;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.text.append(buf, n);
  const int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string Binary() { return std::string(MADOGUCHI_BIN_DIR) + "/madoguchi"; }

// `madoguchi <args>`: stdout and exit code; stderr dropped.
Output Run(const std::string& args) { return Shell(Binary() + " " + args + " 2>/dev/null"); }

// `madoguchi <args>`: stderr and exit code; stdout dropped.
Output RunForStderr(const std::string& args) { return Shell(Binary() + " " + args + " 2>&1 >/dev/null"); }

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

}  // namespace

TEST_CASE("calendar cli: add-business-days", "[calendar_cli]") {
  Output out = Run("calendar add-business-days 2026-12-25 3");
  CHECK(out.exit_code == 0);
  CHECK(out.text == "2027-01-05\n");

  CHECK(Run("calendar add-business-days 2026-04-28 3").text == "2026-05-07\n");
  CHECK(Run("calendar add-business-days 2026-12-27 0").text == "2026-12-27\n");
}

TEST_CASE("calendar cli: is-business-day", "[calendar_cli]") {
  Output holiday = Run("calendar is-business-day 2027-01-01");
  CHECK(holiday.exit_code == 1);
  CHECK(holiday.text == "2027-01-01\tclosed: 元日\n");

  Output open = Run("calendar is-business-day 2027-01-04");
  CHECK(open.exit_code == 0);
  CHECK(open.text == "2027-01-04\tbusiness day\n");

  CHECK(Run("calendar is-business-day 2026-12-30").text == "2026-12-30\tclosed: 年末年始休業\n");
  CHECK(Run("calendar is-business-day 2026-12-26").text == "2026-12-26\tclosed: 土曜日\n");
  CHECK(Run("calendar is-business-day 2026-09-22").text == "2026-09-22\tclosed: 国民の休日\n");
}

TEST_CASE("calendar cli: holidays --from 2000 --to 2050", "[calendar_cli]") {
  Output out = Run("calendar holidays --from 2000 --to 2050");
  REQUIRE(out.exit_code == 0);
  const std::vector<std::string> lines = SplitLines(out.text);
  std::size_t expected = 0;
  for (int y = 2000; y <= 2050; ++y) expected += madoguchi::NationalHolidaysOfYear(y).size();
  CHECK(lines.size() == expected);
  CHECK(lines.size() == 895);
  REQUIRE(!lines.empty());
  CHECK(lines.front() == "2000-01-01\t元日");
  CHECK(lines.back() == "2050-11-23\t勤労感謝の日");
  CHECK(std::is_sorted(lines.begin(), lines.end()));
}

TEST_CASE("calendar cli: holidays of a single year and of this year", "[calendar_cli]") {
  const std::vector<std::string> y2019 = SplitLines(Run("calendar holidays --from 2019 --to 2019").text);
  REQUIRE(y2019.size() == 22);
  CHECK(y2019[5] == "2019-04-30\t国民の休日");
  CHECK(y2019[6] == "2019-05-01\t天皇の即位の日");

  // Without --from and --to: the current year in JST.
  const std::string year = std::to_string(madoguchi::JstDate(madoguchi::Now()).year());
  Output now = Run("calendar holidays");
  CHECK(now.exit_code == 0);
  CHECK(now.text.rfind(year + "-01-01\t元日\n", 0) == 0);
  CHECK(now.text.find("\t勤労感謝の日\n") != std::string::npos);
}

TEST_CASE("calendar cli: holidays rejects a bad range", "[calendar_cli]") {
  Output reversed = RunForStderr("calendar holidays --from 2030 --to 2020");
  CHECK(reversed.exit_code == 2);
  CHECK(reversed.text.find("--from 2030 is after --to 2020") != std::string::npos);

  Output early = RunForStderr("calendar holidays --from 1900 --to 2000");
  CHECK(early.exit_code == 2);
  CHECK(early.text.find("1900 is outside 1948..2150") != std::string::npos);

  Output late = RunForStderr("calendar holidays --from 2000 --to 2200");
  CHECK(late.exit_code == 2);
  CHECK(late.text.find("2200") != std::string::npos);

  CHECK(Run("calendar holidays --from 2030 --to 2020").text.empty());
}

TEST_CASE("calendar cli: invalid dates", "[calendar_cli]") {
  Output feb29 = RunForStderr("calendar is-business-day 2023-02-29");
  CHECK(feb29.exit_code == 2);
  CHECK(feb29.text.find("2023-02-29 is not a date") != std::string::npos);

  Output word = RunForStderr("calendar add-business-days tomorrow 3");
  CHECK(word.exit_code == 2);
  CHECK(word.text.find("'tomorrow' is not a date") != std::string::npos);

  CHECK(Run("calendar add-business-days 2023-02-29 3").text.empty());
  CHECK(Run("calendar add-business-days 2026-12-25 three").exit_code == 2);
  CHECK(Run("calendar add-business-days 2026-12-25 -1").exit_code == 2);
}

TEST_CASE("calendar cli: --closures FILE", "[calendar_cli]") {
  madoguchi::testing::TempDir dir;
  const std::string file = dir.file("closures.json");
  std::ofstream(file) << R"({"year_end_closure": true, "closures": [)"
                      << R"({"from": "2026-05-01", "to": "2026-05-01", "name": "創立記念日"},)"
                      << R"({"from": "2026-12-28", "to": "2026-12-28", "name": "大掃除"}]})";

  Output closed = Run("calendar is-business-day 2026-05-01 --closures " + Quote(file));
  CHECK(closed.exit_code == 1);
  CHECK(closed.text == "2026-05-01\tclosed: 創立記念日\n");
  CHECK(Run("calendar is-business-day 2026-05-01").exit_code == 0);  // not without the file

  // 12/28 closed as well: the three business days after 12/25 are 1/4, 1/5, 1/6.
  CHECK(Run("calendar add-business-days 2026-12-25 3 --closures " + Quote(file)).text == "2027-01-06\n");
  CHECK(Run("calendar holidays --from 2026 --to 2026 --closures " + Quote(file)).exit_code == 0);

  SECTION("year_end_closure false") {
    const std::string open = dir.file("open.json");
    std::ofstream(open) << R"({"year_end_closure": false})";
    Output out = Run("calendar is-business-day 2026-12-30 --closures " + Quote(open));
    CHECK(out.exit_code == 0);
    CHECK(out.text == "2026-12-30\tbusiness day\n");
  }
  SECTION("a missing file") {
    Output out = RunForStderr("calendar is-business-day 2026-05-01 --closures " + Quote(dir.file("none.json")));
    CHECK(out.exit_code == 2);
    CHECK(out.text.find("does not exist") != std::string::npos);
  }
  SECTION("a file that is not JSON") {
    const std::string bad = dir.file("bad.json");
    std::ofstream(bad) << "{\"closures\": [";
    Output out = RunForStderr("calendar add-business-days 2026-12-25 3 --closures " + Quote(bad));
    CHECK(out.exit_code == 2);
    CHECK(out.text.find("is not valid JSON") != std::string::npos);
  }
  SECTION("a bad date in the file") {
    const std::string bad = dir.file("bad-date.json");
    std::ofstream(bad) << R"({"closures": [{"from": "2026-02-30", "name": "x"}]})";
    Output out = RunForStderr("calendar holidays --closures " + Quote(bad));
    CHECK(out.exit_code == 2);
    CHECK(out.text.find("closures[0].from: 2026-02-30 is not a date") != std::string::npos);
  }
}
