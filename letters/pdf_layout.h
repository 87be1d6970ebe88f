// RenderPdf: draws a LetterDocument as an A4 portrait PDF with pango (text
// layout, Japanese line breaking) and cairo (the PDF surface, which embeds
// the subsets of the fonts it uses). Paragraphs wrap to the text width; pages
// break between lines, and a letter of more than one page carries "- n / N -"
// at the foot of each page.
//
// The output depends only on the document, the options and the installed
// fonts: the PDF's dates are the ones given (cairo would otherwise write the
// current time), so the same letter renders to the same bytes.
//
// Thread-safety: pango's default font map is per thread, so RenderPdf may run
// in several threads at once.
#pragma once

#include <string>

#include "core/status.h"
#include "letters/letter_markup.h"

namespace madoguchi {

inline constexpr double kA4WidthPt = 595.28;
inline constexpr double kA4HeightPt = 841.89;

struct PdfLayoutOptions {
  // Families from the Debian package fonts-noto-cjk. "Noto Sans JP" is not in
  // it: fontconfig would silently fall back to a font without Japanese.
  std::string body_font = "Noto Serif CJK JP";
  std::string title_font = "Noto Sans CJK JP";
  double body_size_pt = 10.5;   // the customary size of a Japanese business letter
  double title_size_pt = 16;
  double line_pitch = 1.15;     // line advance as a multiple of the font's natural line height
  double margin_mm = 25;
  std::string language = "ja";  // picks the Japanese glyph forms and line-breaking rules

  // Document information. create_date is ISO 8601 ("2026-11-25T00:00:00+09:00").
  std::string title;
  std::string author;
  std::string creator = "Madoguchi";
  std::string create_date;
};

// The PDF's bytes. Unavailable when a font family is not installed (fontconfig
// would substitute another one); IoError when cairo fails.
Result<std::string> RenderPdf(const LetterDocument& doc, const PdfLayoutOptions& options);

}  // namespace madoguchi
