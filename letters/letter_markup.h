// LetterDocument: a rendered letter as a list of blocks, read from the text a
// letter template produces. The template's text is the letter line by line;
// a few directives at the start of a line say how a line is placed:
//
//   @title TEXT    the letter's title: centred, in the title font. Exactly one.
//   @right TEXT    flush right (document number, date, the sender's block)
//   @center TEXT   centred (the 記 of a 記書き)
//   @address TEXT  a line of the addressee's block, wrapped to the window of a
//                  長3 envelope (kWindowWidthMm wide, at the page's top left)
//   @row A<TAB>B   a row of a table: its cells separated by TAB characters
//                  (text from a letter's context never holds one: the view
//                  turns tabs into spaces). Consecutive @row lines are one
//                  table, the first its header; in the PDF a ruled grid, two
//                  ems in, columns as wide as their longest cells allow; in
//                  the plain text one line a row, cells between "｜".
//   @@TEXT         a line that begins with a literal '@'
//   other text     a paragraph, wrapped to the width of the page. One leading
//                  ideographic space (U+3000) is the usual first-line indent
//                  of a Japanese paragraph and stays part of the text; two or
//                  more indent the whole paragraph by as many ems. A paragraph
//                  that begins with "・" is a list item: in the PDF its later
//                  lines align with its text, not with the mark.
//   empty line     one line of vertical space
//
// The same document gives the PDF (pdf_layout.h) and the plain-text copy, so
// that both say the same thing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace madoguchi {

// U+3000, the ideographic space that indents and pads Japanese letters.
inline constexpr std::string_view kIdeographicSpace = "\u3000";

struct LetterBlock {
  enum class Kind { kParagraph, kTitle, kBlank, kAddress, kTable };
  enum class Align { kLeft, kCenter, kRight };

  Kind kind = Kind::kParagraph;
  Align align = Align::kLeft;
  int indent_em = 0;  // the whole paragraph is indented by this many ems
  std::string text;   // without the directive and without the block indent
  std::vector<std::vector<std::string>> rows;  // kTable: the rows, each as many cells as the widest
};

struct LetterDocument {
  std::string title;  // the text of the @title line
  std::vector<LetterBlock> blocks;
};

// The document the text describes. InvalidArgument, naming the line, for an
// unknown directive, a directive without text, or a letter without exactly
// one @title line, or text that is not UTF-8. Leading and trailing empty lines are dropped.
Result<LetterDocument> ParseLetterMarkup(std::string_view text);

// The plain UTF-8 text of the letter: titles and centred lines centred and
// right-aligned lines flushed right within kPlainTextColumns display columns
// (DisplayWidth of core/utf8.h: a full-width character is two), paragraphs
// unwrapped, ending in a newline.
std::string PlainTextCopy(const LetterDocument& doc);

inline constexpr int kPlainTextColumns = 80;

// The window of a 長3 window envelope (JIS: 90 x 45 mm, 23 mm from the left
// and 13 mm from the top of the folded A4 letter): the address block is
// wrapped to this width so that the folded letter shows it whole.
inline constexpr double kWindowWidthMm = 86;
inline constexpr double kWindowLeftMm = 25;  // the block's left edge, inside the window's 23 mm

}  // namespace madoguchi
