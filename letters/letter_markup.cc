#include "letters/letter_markup.h"

#include <algorithm>
#include <array>

#include "core/utf8.h"

namespace madoguchi {

namespace {


struct Directive {
  std::string_view word;
  LetterBlock::Kind kind;
  LetterBlock::Align align;
};

constexpr std::array<Directive, 4> kDirectives = {{
    {"@title", LetterBlock::Kind::kTitle, LetterBlock::Align::kCenter},
    {"@right", LetterBlock::Kind::kParagraph, LetterBlock::Align::kRight},
    {"@center", LetterBlock::Kind::kParagraph, LetterBlock::Align::kCenter},
    {"@address", LetterBlock::Kind::kAddress, LetterBlock::Align::kLeft},
}};

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

std::string LineError(int line, const std::string& what) {
  return "letter layout, line " + std::to_string(line) + ": " + what;
}

Result<LetterBlock> DirectiveBlock(std::string_view line, int line_no) {
  const std::string_view word = line.substr(0, line.find_first_of(" \t"));
  for (const Directive& d : kDirectives) {
    if (word != d.word) continue;
    std::string_view text = TrimLeft(line.substr(word.size()));
    if (text.empty()) return Status::InvalidArgument(LineError(line_no, std::string(word) + " needs text"));
    return LetterBlock{d.kind, d.align, 0, std::string(text), {}};
  }
  return Status::InvalidArgument(LineError(line_no, "unknown layout directive '" + std::string(word) +
                                                        "' (known: @title, @right, @center, @address, @row, @@ for a literal '@')"));
}

LetterBlock ParagraphBlock(std::string_view line) {
  int spaces = 0;
  std::string_view rest = line;
  while (rest.substr(0, kIdeographicSpace.size()) == kIdeographicSpace) {
    rest.remove_prefix(kIdeographicSpace.size());
    ++spaces;
  }
  if (spaces >= 2) return LetterBlock{LetterBlock::Kind::kParagraph, LetterBlock::Align::kLeft, spaces, std::string(rest), {}};
  return LetterBlock{LetterBlock::Kind::kParagraph, LetterBlock::Align::kLeft, 0, std::string(line), {}};
}

std::vector<std::string> TableCells(std::string_view text) {
  std::vector<std::string> cells;
  while (true) {
    const size_t tab = text.find('\t');
    std::string_view cell = text.substr(0, tab);
    while (cell.substr(0, 1) == " ") cell.remove_prefix(1);
    while (!cell.empty() && cell.back() == ' ') cell.remove_suffix(1);
    cells.emplace_back(cell);
    if (tab == std::string_view::npos) break;
    text.remove_prefix(tab + 1);
  }
  return cells;
}

Result<LetterBlock> ParseLine(std::string_view line, int line_no) {
  if (line.empty()) return LetterBlock{LetterBlock::Kind::kBlank, LetterBlock::Align::kLeft, 0, "", {}};
  if (line.substr(0, 5) == "@row " || line.substr(0, 5) == "@row\t") {
    LetterBlock b{LetterBlock::Kind::kTable, LetterBlock::Align::kLeft, 2, "", {}};
    b.rows.push_back(TableCells(line.substr(5)));
    return b;
  }
  if (line.substr(0, 2) == "@@") return ParagraphBlock(line.substr(1));
  if (line.front() == '@') return DirectiveBlock(line, line_no);
  return ParagraphBlock(line);
}

std::string Padded(const std::string& text, int left) { return std::string(left > 0 ? left : 0, ' ') + text; }

std::string PlainLine(const LetterBlock& b) {
  switch (b.kind) {
    case LetterBlock::Kind::kBlank: return "";
    case LetterBlock::Kind::kTitle: return Padded(b.text, (kPlainTextColumns - DisplayWidth(b.text)) / 2);
    case LetterBlock::Kind::kAddress: return b.text;
    case LetterBlock::Kind::kTable: {
      std::string out;
      for (const auto& row : b.rows) {
        if (!out.empty()) out += '\n';
        out += "\u3000\u3000";
        for (size_t i = 0; i < row.size(); ++i) out += (i ? "\uFF5C" : "") + row[i];
      }
      return out;
    }
    case LetterBlock::Kind::kParagraph: break;
  }
  switch (b.align) {
    case LetterBlock::Align::kCenter: return Padded(b.text, (kPlainTextColumns - DisplayWidth(b.text)) / 2);
    case LetterBlock::Align::kRight: return Padded(b.text, kPlainTextColumns - DisplayWidth(b.text));
    case LetterBlock::Align::kLeft: break;
  }
  std::string indent;
  for (int i = 0; i < b.indent_em; ++i) indent += kIdeographicSpace;
  return indent + b.text;
}

}  // namespace

Result<LetterDocument> ParseLetterMarkup(std::string_view text) {
  if (!IsValidUtf8(text)) return Status::InvalidArgument("letter layout: the text is not valid UTF-8");
  LetterDocument doc;
  int line_no = 0;
  int titles = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    std::string_view line = TrimRight(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    Result<LetterBlock> block = ParseLine(line, line_no);
    if (!block.ok()) return block.status();
    if (block->kind == LetterBlock::Kind::kTitle) {
      if (++titles > 1) return Status::InvalidArgument(LineError(line_no, "a second @title line"));
      doc.title = block->text;
    }
    if (block->kind == LetterBlock::Kind::kBlank && doc.blocks.empty()) continue;
    // Consecutive rows are one table.
    if (block->kind == LetterBlock::Kind::kTable && !doc.blocks.empty() &&
        doc.blocks.back().kind == LetterBlock::Kind::kTable) {
      doc.blocks.back().rows.push_back(std::move(block->rows.front()));
      continue;
    }
    doc.blocks.push_back(std::move(block).value());
  }
  while (!doc.blocks.empty() && doc.blocks.back().kind == LetterBlock::Kind::kBlank) doc.blocks.pop_back();
  // Every row of a table as many cells as its widest.
  for (LetterBlock& b : doc.blocks) {
    size_t columns = 0;
    for (const auto& row : b.rows) columns = std::max(columns, row.size());
    for (auto& row : b.rows) row.resize(columns);
  }
  if (titles == 0) return Status::InvalidArgument("letter layout: the letter has no @title line");
  return doc;
}

std::string PlainTextCopy(const LetterDocument& doc) {
  std::string out;
  for (const LetterBlock& b : doc.blocks) {
    out += PlainLine(b);
    out += '\n';
  }
  return out;
}

}  // namespace madoguchi
