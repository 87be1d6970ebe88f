// Aligned text tables for the terminal, with Japanese text in their cells.
//
// A terminal gives East Asian wide and fullwidth characters (kanji, kana,
// fullwidth forms, Hangul) two columns, half-width katakana one and
// combining marks none, so widths here are counted in terminal columns, not
// bytes or code points: DisplayWidth of core/utf8.h, which also says what a
// byte that is not UTF-8 takes (one column, so a broken string still lines
// up as well as it can).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::cli {

// `text` followed by spaces up to `width` columns (unchanged when wider).
std::string PadToWidth(std::string_view text, int width);

// `text` cut to at most `width` columns, ending in "…" when it was cut.
// Never cuts inside a character.
std::string TruncateToWidth(std::string_view text, int width);

// `text` on lines of at most `width` columns (at least one character each),
// broken at its own newlines and else between any two characters: Japanese
// has no spaces to break at. Empty text gives no lines.
std::vector<std::string> WrapToWidth(std::string_view text, int width);

enum class Align { kLeft, kRight };

struct Column {
  std::string header;
  Align align = Align::kLeft;
};

// Rows of cells under a header; each column as wide as its widest cell.
//
//   ID            種別  状態
//   ------------  ----  ------
//   R2026-000001  開示  受付済
//
// Columns are separated by two spaces; lines carry no trailing spaces.
class Table {
 public:
  explicit Table(std::vector<Column> columns);

  // A row with fewer cells than columns is padded with empty cells; extra
  // cells are dropped.
  void AddRow(std::vector<std::string> cells);

  bool empty() const { return rows_.empty(); }
  size_t size() const { return rows_.size(); }

  // Writes the header, a rule and the rows, each line starting with `indent`.
  void Print(std::ostream& out, std::string_view indent = "") const;

 private:
  std::vector<int> ColumnWidths() const;
  void PrintLine(std::ostream& out, std::string_view indent, const std::vector<std::string>& cells,
                 const std::vector<int>& widths) const;

  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace madoguchi::cli
