#include "table_output.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace madoguchi::cli {

namespace {

// One decoded character: its code point and how many bytes it took. A byte
// that does not start a valid sequence decodes as itself, one byte long, with
// `valid` false.
struct Decoded {
  char32_t code_point;
  size_t length;
  bool valid;
};

Decoded DecodeAt(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  size_t length = 0;
  char32_t cp = 0;
  if (lead < 0x80) return {lead, 1, true};
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return {lead, 1, false};
  }
  if (i + length > s.size()) return {lead, 1, false};
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {lead, 1, false};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  return {cp, length, true};
}

bool IsCombining(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) ||  // combining diacritical marks
         (c >= 0x3099 && c <= 0x309A) ||  // combining (han)dakuten
         (c >= 0xFE00 && c <= 0xFE0F) ||  // variation selectors
         c == 0x200B || c == 0x200C || c == 0x200D;  // zero-width space and joiners
}

// East Asian Wide (W) and Fullwidth (F) ranges of UAX #11, the blocks that
// matter for Japanese text and a little beyond.
bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) ||   // Hangul Jamo initials
         (c >= 0x2E80 && c <= 0x303E) ||   // CJK radicals, punctuation (、。「」 and the ideographic space)
         (c >= 0x3041 && c <= 0x33FF) ||   // hiragana, katakana, CJK compatibility
         (c >= 0x3400 && c <= 0x4DBF) ||   // CJK extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||   // CJK unified ideographs
         (c >= 0xA000 && c <= 0xA4CF) ||   // Yi
         (c >= 0xAC00 && c <= 0xD7A3) ||   // Hangul syllables
         (c >= 0xF900 && c <= 0xFAFF) ||   // CJK compatibility ideographs
         (c >= 0xFE30 && c <= 0xFE4F) ||   // CJK compatibility forms
         (c >= 0xFF01 && c <= 0xFF60) ||   // fullwidth forms
         (c >= 0xFFE0 && c <= 0xFFE6) ||   // fullwidth signs
         (c >= 0x1F300 && c <= 0x1F64F) || // pictographs and emoticons
         (c >= 0x20000 && c <= 0x3FFFD);   // CJK extensions B and later
}

int CharWidth(const Decoded& d) {
  if (!d.valid) return 1;
  if (d.code_point < 0x20 || (d.code_point >= 0x7F && d.code_point < 0xA0)) return 0;  // control characters
  if (IsCombining(d.code_point)) return 0;
  return IsWide(d.code_point) ? 2 : 1;
}

}  // namespace

int DisplayWidth(std::string_view utf8) {
  int width = 0;
  for (size_t i = 0; i < utf8.size();) {
    Decoded d = DecodeAt(utf8, i);
    width += CharWidth(d);
    i += d.length;
  }
  return width;
}

std::string PadToWidth(std::string_view text, int width) {
  std::string out(text);
  int missing = width - DisplayWidth(text);
  if (missing > 0) out.append(static_cast<size_t>(missing), ' ');
  return out;
}

std::string TruncateToWidth(std::string_view text, int width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  static constexpr std::string_view kEllipsis = "…";  // one column
  const int room = width - 1;
  int used = 0;
  size_t end = 0;
  while (end < text.size()) {
    Decoded d = DecodeAt(text, end);
    if (used + CharWidth(d) > room) break;
    used += CharWidth(d);
    end += d.length;
  }
  return std::string(text.substr(0, end)) + std::string(kEllipsis);
}

std::vector<std::string> WrapToWidth(std::string_view text, int width) {
  std::vector<std::string> lines;
  std::string line;
  int used = 0;
  for (size_t i = 0; i < text.size();) {
    Decoded d = DecodeAt(text, i);
    std::string_view bytes = text.substr(i, d.length);
    i += d.length;
    if (d.code_point == '\n' && d.valid) {
      lines.push_back(std::exchange(line, {}));
      used = 0;
      continue;
    }
    const int w = CharWidth(d);
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
    const int pad = widths[i] - DisplayWidth(cells[i]);
    if (columns_[i].align == Align::kRight && pad > 0) line.append(static_cast<size_t>(pad), ' ');
    line += cells[i];
    if (columns_[i].align == Align::kLeft && pad > 0) line.append(static_cast<size_t>(pad), ' ');
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
