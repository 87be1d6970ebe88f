// The CLI's tables (cli/table_output.h): columns line up by display width
// (core/utf8.h's DisplayWidth) whatever mix of kanji, katakana, half-width
// katakana and ASCII the cells hold.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli/table_output.h"
#include "core/utf8.h"

using namespace madoguchi;
using namespace madoguchi::cli;

namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The display column where `cell` starts in `line`, searching from byte `*from`
// (then moved past the cell), or -1 when it is not there.
int StartColumn(const std::string& line, const std::string& cell, std::size_t* from) {
  const std::size_t at = line.find(cell, *from);
  if (at == std::string::npos) return -1;
  *from = at + cell.size();
  return DisplayWidth(std::string_view(line).substr(0, at));
}

}  // namespace

TEST_CASE("cli tables: columns of kanji, katakana, half-width katakana and ASCII line up by display width",
          "[cli][utf8]") {
  const std::vector<std::vector<std::string>> rows = {
      {"R2026-000001", "漢字", "7", "受付済"},
      {"R2026-000002", "カタカナ", "12", "ok"},
      {"R2026-000003", "ｶﾀｶﾅ", "345", "ﾊﾝｶｸ"},
      {"R2026-000004", "ASCII name", "6789", "か\u3099"},  // a combining voiced mark takes no column
  };
  Table table({{"ID"}, {"氏名"}, {"件数", Align::kRight}, {"状態"}});
  for (const auto& row : rows) table.AddRow(row);
  std::ostringstream out;
  table.Print(out, "  ");
  INFO(out.str());
  const std::vector<std::string> lines = Lines(out.str());
  REQUIRE(lines.size() == 2 + rows.size());

  // The widest cell of each column: 12, 10 (ASCII name), 4 (件数), 6 (受付済);
  // two spaces between columns after the indent of two.
  const int starts[] = {2, 16, 28, 34};
  CHECK(lines[0] == "  ID            氏名        件数  状態");
  CHECK(lines[1] == "  ------------  ----------  ----  ------");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string& line = lines[2 + r];
    std::size_t from = 0;
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& cell = rows[r][c];
      INFO("row " << r << " column " << c << ": " << cell);
      const int start = StartColumn(line, cell, &from);
      if (c == 2) {
        CHECK(start + DisplayWidth(cell) == starts[2] + 4);  // right-aligned: the ends line up
      } else {
        CHECK(start == starts[c]);
      }
    }
    CHECK(line.back() != ' ');  // no trailing spaces
  }
  CHECK(lines[4] == "  R2026-000003  ｶﾀｶﾅ         345  ﾊﾝｶｸ");
}

TEST_CASE("cli tables: padding, truncation and wrapping count display columns", "[cli][utf8]") {
  CHECK(PadToWidth("漢字", 6) == "漢字  ");
  CHECK(PadToWidth("ｶﾀｶﾅ", 6) == "ｶﾀｶﾅ  ");
  CHECK(PadToWidth("カタカナ", 6) == "カタカナ");  // wider already: unchanged
  CHECK(TruncateToWidth("カタカナ", 5) == "カタ…");
  CHECK(TruncateToWidth("ｶﾀｶﾅ", 4) == "ｶﾀｶﾅ");
  CHECK(WrapToWidth("漢字カナabc", 4) == std::vector<std::string>{"漢字", "カナ", "abc"});
}
