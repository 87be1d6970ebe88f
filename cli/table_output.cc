#include "table_output.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include "core/utf8.h"

namespace madoguchi::cli {

namespace {

// `text` in a field of `width` columns. fmt's own padding ("{:<{}}") counts
// columns its own way (fmt 9 gives the combining voiced mark of か + U+3099
// two columns, a terminal none): the fill is counted here, by DisplayWidth,
// and fmt writes it as the padding of an empty field.
void AppendAligned(std::string* out, std::string_view text, int width, Align align) {
  const int fill = std::max(0, width - DisplayWidth(text));
  if (align == Align::kRight) {
    fmt::format_to(std::back_inserter(*out), "{:{}}{}", "", fill, text);
  } else {
    fmt::format_to(std::back_inserter(*out), "{}{:{}}", text, "", fill);
  }
}

}  // namespace

std::string PadToWidth(std::string_view text, int width) {
  std::string out;
  AppendAligned(&out, text, width, Align::kLeft);
  return out;
}

std::string TruncateToWidth(std::string_view text, int width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  static constexpr std::string_view kEllipsis = "…";  // one column
  const int room = width - 1;
  int used = 0;
  size_t end = 0;
  while (end < text.size()) {
    const Utf8Character c = CharacterAt(text, end);
    const int w = CodePointWidth(c.code_point);
    if (used + w > room) break;
    used += w;
    end += c.length;
  }
  return std::string(text.substr(0, end)) + std::string(kEllipsis);
}

std::vector<std::string> WrapToWidth(std::string_view text, int width) {
  std::vector<std::string> lines;
  std::string line;
  int used = 0;
  for (size_t i = 0; i < text.size();) {
    const Utf8Character c = CharacterAt(text, i);
    std::string_view bytes = text.substr(i, c.length);
    i += c.length;
    if (c.code_point == '\n') {
      lines.push_back(std::exchange(line, {}));
      used = 0;
      continue;
    }
    const int w = CodePointWidth(c.code_point);
    if (used > 0 && used + w > width) {
      lines.push_back(std::exchange(line, {}));
      used = 0;
    }
    line += bytes;
    used += w;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

std::vector<int> Table::ColumnWidths() const {
  std::vector<int> widths;
  for (const Column& c : columns_) widths.push_back(DisplayWidth(c.header));
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  return widths;
}

void Table::PrintLine(std::ostream& out, std::string_view indent, const std::vector<std::string>& cells,
                      const std::vector<int>& widths) const {
  std::string line(indent);
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += "  ";
    AppendAligned(&line, cells[i], widths[i], columns_[i].align);
  }
  // Left-aligned last columns leave padding behind: no trailing spaces.
  line.erase(line.find_last_not_of(' ') + 1);
  out << line << '\n';
}

void Table::Print(std::ostream& out, std::string_view indent) const {
  const std::vector<int> widths = ColumnWidths();
  std::vector<std::string> header;
  std::vector<std::string> rule;
  for (size_t i = 0; i < columns_.size(); ++i) {
    header.push_back(columns_[i].header);
    rule.emplace_back(static_cast<size_t>(widths[i]), '-');
  }
  PrintLine(out, indent, header, widths);
  PrintLine(out, indent, rule, widths);
  for (const auto& row : rows_) PrintLine(out, indent, row, widths);
}

}  // namespace madoguchi::cli
