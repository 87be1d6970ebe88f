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

#include <memory>
#include <string>
#include <vector>

#include "util/status.h"
#include "letters/letter_markup.h"

// pango and cairo's own declarations, for the helpers at the end.
typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;
typedef struct _PangoContext PangoContext;
typedef struct _PangoFontDescription PangoFontDescription;

namespace madoguchi {

inline constexpr double kA4WidthPt = 595.28;
inline constexpr double kA4HeightPt = 841.89;

struct PdfLayoutOptions {
  // Families from the Debian package fonts-noto-cjk. "Noto Sans JP" is not in
  // it: fontconfig would silently fall back to a font without Japanese.
  std::string body_font = "Noto Serif CJK JP";
  std::string title_font = "Noto Sans CJK JP";
  // One A4 page per letter: 10 pt at 0.95 of the font's natural line height
  // (Noto CJK's is about 1.45 em: a 13.8 pt leading) within 15 mm top and
  // bottom margins gives about 55 lines; the address block starts at the window of a
  // 長3 envelope (13 mm from the top, 23 mm from the left of the folded letter).
  double body_size_pt = 10;
  double title_size_pt = 15;
  double line_pitch = 0.95;     // line advance as a multiple of the font's natural line height
  double margin_mm = 20;        // left and right
  double vertical_margin_mm = 15;  // top and bottom (the window starts 13 mm from the top)
  std::string language = "ja";  // picks the Japanese glyph forms and line-breaking rules

  // Document information. create_date is ISO 8601 ("2026-11-25T00:00:00+09:00").
  std::string title;
  std::string author;
  std::string creator = "Madoguchi";
  std::string create_date;
  // Printed with the page count at the foot of each page of a letter that
  // runs over one ("受付番号 2026-000001"); "- n / N -" alone when empty.
  std::string footer_label;
};

// The PDF's bytes. Unavailable when a font family is not installed (fontconfig
// would substitute another one); IoError when cairo fails.
Result<std::string> RenderPdf(const LetterDocument& doc, const PdfLayoutOptions& options);

// The pango and cairo pieces RenderPdf is built from, for the other PDFs of
// this library (report_pdf.cc) to draw alike. Only letters/*.cc link pango and
// cairo, so their types are declared at the top and the headers stay in the .cc files.

struct PangoFontDescriptionFree {
  void operator()(PangoFontDescription* font) const;
};
struct PangoContextUnref {
  void operator()(PangoContext* context) const;
};
struct CairoSurfaceDestroy {
  void operator()(cairo_surface_t* surface) const;
};
using PangoFontPtr = std::unique_ptr<PangoFontDescription, PangoFontDescriptionFree>;
using PangoContextPtr = std::unique_ptr<PangoContext, PangoContextUnref>;
using CairoSurfacePtr = std::unique_ptr<cairo_surface_t, CairoSurfaceDestroy>;

// A font description: `family`, `weight` a PangoWeight (PANGO_WEIGHT_BOLD),
// an absolute size in points.
PangoFontPtr PdfFont(const std::string& family, int weight, double size_pt);

// Ok when fontconfig gives `font`'s family rather than a substitute;
// Unavailable, naming the family and fonts-noto-cjk, otherwise.
Status CheckFontInstalled(PangoContext* context, const PangoFontDescription* font);

// A PangoContext on `cr` for print: no hinting, unrounded glyph positions,
// `language` ("ja") for glyph forms and line breaking.
PangoContextPtr PrintContext(cairo_t* cr, const std::string& language);

// A PDF surface width_pt x height_pt whose bytes are appended to *out as
// cairo writes them; *out must outlive the surface. Check its status.
CairoSurfacePtr NewPdfSurface(std::string* out, double width_pt, double height_pt);

// Sets the surface's title, author and creator where `options` has them, and
// both its creation and modification dates to options.create_date if given.
void SetPdfMetadata(cairo_surface_t* surface, const PdfLayoutOptions& options);

// RenderPdf for many documents, with what is the same for all of them made
// once: the pango context for print (and so its font lookups, which pango
// caches per context) and the check that each font family is installed. Each
// PDF still gets its own font subsets, of the glyphs it uses. The same
// document and options give the same bytes as RenderPdf. Not thread-safe:
// one per thread (pango's default font map is per thread).
class PdfRenderer {
 public:
  PdfRenderer() = default;

  Result<std::string> Render(const LetterDocument& doc, const PdfLayoutOptions& options);

 private:
  // Ok once each font of `options` was found installed (checked once per family and weight).
  Status CheckFonts(const PdfLayoutOptions& options);

  PangoContextPtr context_;
  std::string language_;                // the context's
  std::vector<std::string> installed_;  // "family/weight" found installed
};

}  // namespace madoguchi
