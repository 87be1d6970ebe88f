#include "letters/pdf_layout.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "core/utf8.h"

namespace madoguchi {

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kFooterSizePt = 9;

struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
struct CairoDestroy {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct LayoutIterFree {
  void operator()(PangoLayoutIter* it) const { pango_layout_iter_free(it); }
};

using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

PangoAlignment ToPango(LetterBlock::Align align) {
  switch (align) {
    case LetterBlock::Align::kCenter: return PANGO_ALIGN_CENTER;
    case LetterBlock::Align::kRight: return PANGO_ALIGN_RIGHT;
    case LetterBlock::Align::kLeft: break;
  }
  return PANGO_ALIGN_LEFT;
}

// One line of a laid-out paragraph, at its place on a page.
struct PlacedLine {
  int page;
  PangoLayoutLine* line;  // owned by a layout in Pager::layouts_
  double x;
  double baseline;
};

// Lays the blocks out line by line, starting a new page when the next line
// does not fit, then draws the pages.
class Pager {
 public:
  Pager(PangoContext* context, const PdfLayoutOptions& options)
      : context_(context),
        options_(options),
        margin_(options.margin_mm * kPointsPerMm),
        top_(options.vertical_margin_mm * kPointsPerMm),
        text_width_(kA4WidthPt - 2 * margin_),
        body_font_(PdfFont(options.body_font, PANGO_WEIGHT_NORMAL, options.body_size_pt)),
        title_font_(PdfFont(options.title_font, PANGO_WEIGHT_BOLD, options.title_size_pt)),
        y_(top_) {}

  // Places `block`; `next` is the block after it, or nullptr.
  void Add(const LetterBlock& block, const LetterBlock* next) {
    if (block.kind == LetterBlock::Kind::kTable) return AddTable(block);
    if (block.kind == LetterBlock::Kind::kBlank) {
      if (y_ > top_) y_ += BlankLineHeight();  // no space at the top of a page
      return;
    }
    const double indent = block.indent_em * options_.body_size_pt;
    // The address block wraps within the envelope's window.
    const double width = block.kind == LetterBlock::Kind::kAddress ? std::min(text_width_, kWindowWidthMm * kPointsPerMm)
                                                                    : text_width_ - indent;
    LayoutPtr layout = NewLayout(block.kind == LetterBlock::Kind::kTitle ? title_font_.get() : body_font_.get(), width,
                                 ToPango(block.align), block.text);
    // A list item ("・…") wraps under its text, not under its mark: pango
    // indents the lines after the first by minus a negative indent.
    if (block.text.rfind("\u30FB", 0) == 0) {
      pango_layout_set_indent(layout.get(), -static_cast<int>(options_.body_size_pt * PANGO_SCALE));
    }
    if (IsHeading(block, layout.get(), next) && y_ + 2 * BlankLineHeight() > Bottom()) NewPage();
    // The address block starts inside the window, whatever the margin.
    const double left = block.kind == LetterBlock::Kind::kAddress ? std::max(margin_, kWindowLeftMm * kPointsPerMm)
                                                                   : margin_ + indent;
    PlaceLines(layout.get(), left);
    layouts_.push_back(std::move(layout));
  }

  void Draw(cairo_t* cr) const {
    const int pages = page_ + 1;
    cairo_set_source_rgb(cr, 0, 0, 0);
    size_t next = 0;
    for (int page = 0; page < pages; ++page) {
      for (; next < lines_.size() && lines_[next].page == page; ++next) {
        cairo_move_to(cr, lines_[next].x, lines_[next].baseline);
        pango_cairo_show_layout_line(cr, lines_[next].line);
      }
      cairo_set_line_width(cr, 0.5);
      for (const CellRule& r : rules_) {
        if (r.page != page) continue;
        cairo_rectangle(cr, r.x, r.y, r.width, r.height);
        cairo_stroke(cr);
      }
      if (pages > 1) DrawFooter(cr, page + 1, pages);
      cairo_show_page(cr);
    }
  }

 private:
  // A table (letter_markup.h, @row): columns as wide as their longest cell
  // wants, within the text width less the indent; a row that does not fit
  // the page starts the next one; each cell ruled.
  void AddTable(const LetterBlock& block) {
    if (block.rows.empty() || block.rows.front().empty()) return;
    const size_t columns = block.rows.front().size();
    const double left = margin_ + block.indent_em * options_.body_size_pt;
    const double width = text_width_ - block.indent_em * options_.body_size_pt;
    const double pad = options_.body_size_pt * 0.3;
    // Each column at least as wide as its short cells (up to 16 display
    // columns, i.e. 8 full-width characters) need, so that 「同意あり」 or a date do
    // not wrap; what is left goes to the columns whose cells want more.
    const double unit = options_.body_size_pt / 2;  // one display column
    std::vector<double> least(columns, 2), want(columns, 2);
    for (const auto& row : block.rows) {
      for (size_t c = 0; c < columns; ++c) {
        const double cols = DisplayWidth(row[c]);
        least[c] = std::max(least[c], std::min(16.0, cols));
        want[c] = std::max(want[c], std::min(60.0, cols));
      }
    }
    std::vector<double> widths(columns);
    double fixed = 0, extra_weight = 0;
    for (size_t c = 0; c < columns; ++c) {
      widths[c] = least[c] * unit * 1.15 + 2 * pad;  // proportional digits run wider than half an em
      fixed += widths[c];
      extra_weight += want[c] - least[c];
    }
    if (fixed >= width) {
      for (double& w : widths) w *= width / fixed;
    } else {
      for (size_t c = 0; c < columns; ++c) {
        widths[c] += (width - fixed) * (extra_weight > 0 ? (want[c] - least[c]) / extra_weight : 1.0 / columns);
      }
    }
    for (const auto& row : block.rows) {
      std::vector<LayoutPtr> cells;
      double height = 0;
      for (size_t c = 0; c < columns; ++c) {
        LayoutPtr layout = NewLayout(body_font_.get(), widths[c] - 2 * pad, PANGO_ALIGN_LEFT, row[c]);
        height = std::max(height, LayoutHeight(layout.get()));
        cells.push_back(std::move(layout));
      }
      height += 2 * pad;
      if (y_ + height > Bottom() && y_ > top_) NewPage();
      double x = left;
      for (size_t c = 0; c < columns; ++c) {
        PlaceCell(cells[c].get(), x + pad, y_ + pad);
        rules_.push_back({page_, x, y_, widths[c], height});
        x += widths[c];
        layouts_.push_back(std::move(cells[c]));
      }
      y_ += height;
    }
  }

  // The height of a layout's lines at the letter's line pitch.
  double LayoutHeight(PangoLayout* layout) const {
    std::unique_ptr<PangoLayoutIter, LayoutIterFree> it(pango_layout_get_iter(layout));
    double h = 0;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
      h += logical.height / static_cast<double>(PANGO_SCALE) * options_.line_pitch;
    } while (pango_layout_iter_next_line(it.get()));
    return h;
  }

  // A cell's lines from `top`, on the current page.
  void PlaceCell(PangoLayout* layout, double left, double top) {
    std::unique_ptr<PangoLayoutIter, LayoutIterFree> it(pango_layout_get_iter(layout));
    double y = top;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
      const double height = logical.height / static_cast<double>(PANGO_SCALE);
      const double ascent = (pango_layout_iter_get_baseline(it.get()) - logical.y) / static_cast<double>(PANGO_SCALE);
      lines_.push_back({page_, pango_layout_iter_get_line_readonly(it.get()),
                        left + logical.x / static_cast<double>(PANGO_SCALE), y + ascent});
      y += height * options_.line_pitch;
    } while (pango_layout_iter_next_line(it.get()));
  }

  LayoutPtr NewLayout(const PangoFontDescription* font, double width, PangoAlignment align, const std::string& text) const {
    LayoutPtr layout(pango_layout_new(context_));
    pango_layout_set_font_description(layout.get(), font);
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
    return layout;
  }

  void PlaceLines(PangoLayout* layout, double left) {
    std::unique_ptr<PangoLayoutIter, LayoutIterFree> it(pango_layout_get_iter(layout));
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
      const double height = logical.height / static_cast<double>(PANGO_SCALE);
      const double ascent = (pango_layout_iter_get_baseline(it.get()) - logical.y) / static_cast<double>(PANGO_SCALE);
      const double advance = height * options_.line_pitch;
      if (y_ + height > Bottom() && y_ > top_) NewPage();
      lines_.push_back({page_, pango_layout_iter_get_line_readonly(it.get()),
                        left + logical.x / static_cast<double>(PANGO_SCALE), y_ + ascent});
      y_ += advance;
    } while (pango_layout_iter_next_line(it.get()));
  }

  // A one-line item heading ("６　開示しないこととした部分の根拠") whose body
  // follows indented: it must not be the last line of a page.
  static bool IsHeading(const LetterBlock& block, PangoLayout* layout, const LetterBlock* next) {
    return next != nullptr && next->kind == LetterBlock::Kind::kParagraph && next->indent_em > block.indent_em &&
           pango_layout_get_line_count(layout) == 1;
  }

  double Bottom() const { return kA4HeightPt - top_; }

  void NewPage() {
    ++page_;
    y_ = top_;
  }

  double BlankLineHeight() {
    if (blank_height_ == 0) {
      LayoutPtr sample = NewLayout(body_font_.get(), text_width_, PANGO_ALIGN_LEFT, "\u3042");
      PangoRectangle logical;
      pango_layout_get_extents(sample.get(), nullptr, &logical);
      blank_height_ = logical.height / static_cast<double>(PANGO_SCALE) * options_.line_pitch;
    }
    return blank_height_;
  }

  void DrawFooter(cairo_t* cr, int page, int pages) const {
    PangoFontPtr font = PdfFont(options_.body_font, PANGO_WEIGHT_NORMAL, kFooterSizePt);
    // A letter of more than one page says on each whose it is ("受付番号 2026-000001　（2/2）").
    const std::string counted = "（" + std::to_string(page) + "/" + std::to_string(pages) + "）";
    LayoutPtr layout = NewLayout(font.get(), text_width_, PANGO_ALIGN_CENTER,
                                 options_.footer_label.empty() ? "- " + std::to_string(page) + " / " +
                                                                     std::to_string(pages) + " -"
                                                               : options_.footer_label + "\u3000" + counted);
    cairo_move_to(cr, margin_, kA4HeightPt - top_ / 2 - kFooterSizePt);
    pango_cairo_show_layout(cr, layout.get());
  }

  PangoContext* context_;
  const PdfLayoutOptions& options_;
  const double margin_;  // left and right
  const double top_;     // top and bottom
  const double text_width_;
  PangoFontPtr body_font_;
  PangoFontPtr title_font_;
  double y_;
  int page_ = 0;
  double blank_height_ = 0;
  std::vector<LayoutPtr> layouts_;
  std::vector<PlacedLine> lines_;
  struct CellRule {
    int page;
    double x, y, width, height;
  };
  std::vector<CellRule> rules_;  // the ruled cells of tables
};

Status CairoStatus(cairo_status_t status, const char* what) {
  if (status == CAIRO_STATUS_SUCCESS) return Status::Ok();
  return Status::IoError(std::string("cairo could not ") + what + ": " + cairo_status_to_string(status));
}

}  // namespace

void PangoFontDescriptionFree::operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
void PangoContextUnref::operator()(PangoContext* context) const { g_object_unref(context); }
void CairoSurfaceDestroy::operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }

PangoFontPtr PdfFont(const std::string& family, int weight, double size_pt) {
  PangoFontPtr font(pango_font_description_new());
  pango_font_description_set_family(font.get(), family.c_str());
  pango_font_description_set_weight(font.get(), static_cast<PangoWeight>(weight));
  pango_font_description_set_absolute_size(font.get(), size_pt * PANGO_SCALE);
  return font;
}

Status CheckFontInstalled(PangoContext* context, const PangoFontDescription* font) {
  const std::string wanted = pango_font_description_get_family(font);
  std::unique_ptr<PangoFont, GObjectUnref> loaded(pango_context_load_font(context, font));
  std::string got = "(nothing)";
  if (loaded) {
    PangoFontPtr described(pango_font_describe(loaded.get()));
    const char* family = pango_font_description_get_family(described.get());
    got = family != nullptr ? family : "";
  }
  if (got != wanted) {
    return Status::Unavailable("font '" + wanted + "' is not installed (fontconfig offers '" + got +
                               "'; Debian package fonts-noto-cjk)");
  }
  return Status::Ok();
}

PangoContextPtr PrintContext(cairo_t* cr, const std::string& language) {
  PangoContextPtr context(pango_cairo_create_context(cr));
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(context.get(), options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(context.get(), FALSE);
  pango_context_set_language(context.get(), pango_language_from_string(language.c_str()));
  return context;
}

CairoSurfacePtr NewPdfSurface(std::string* out, double width_pt, double height_pt) {
  return CairoSurfacePtr(cairo_pdf_surface_create_for_stream(AppendToString, out, width_pt, height_pt));
}

void SetPdfMetadata(cairo_surface_t* surface, const PdfLayoutOptions& options) {
  if (!options.title.empty()) cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, options.title.c_str());
  if (!options.author.empty()) cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, options.author.c_str());
  if (!options.creator.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, options.creator.c_str());
  }
  if (!options.create_date.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, options.create_date.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, options.create_date.c_str());
  }
}

Result<std::string> RenderPdf(const LetterDocument& doc, const PdfLayoutOptions& options) {
  return PdfRenderer().Render(doc, options);
}

Status PdfRenderer::CheckFonts(const PdfLayoutOptions& options) {
  for (auto [family, weight] : {std::pair{&options.body_font, PANGO_WEIGHT_NORMAL},
                                std::pair{&options.title_font, PANGO_WEIGHT_BOLD}}) {
    const std::string key = *family + "/" + std::to_string(weight);
    if (std::find(installed_.begin(), installed_.end(), key) != installed_.end()) continue;
    PangoFontPtr font = PdfFont(*family, weight, options.body_size_pt);
    if (Status s = CheckFontInstalled(context_.get(), font.get()); !s.ok()) return s;
    installed_.push_back(key);
  }
  return Status::Ok();
}

Result<std::string> PdfRenderer::Render(const LetterDocument& doc, const PdfLayoutOptions& options) {
  std::string pdf;
  CairoSurfacePtr surface = NewPdfSurface(&pdf, kA4WidthPt, kA4HeightPt);
  Status s = CairoStatus(cairo_surface_status(surface.get()), "create the PDF surface");
  if (!s.ok()) return s;
  SetPdfMetadata(surface.get(), options);
  {
    std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
    if (!context_ || language_ != options.language) {
      context_ = PrintContext(cr.get(), options.language);
      language_ = options.language;
      installed_.clear();
    } else {
      // The same context on this PDF's surface: its font options and matrix
      // are those of every PDF surface, so pango keeps what it has cached.
      pango_cairo_update_context(cr.get(), context_.get());
    }
    s = CheckFonts(options);
    if (!s.ok()) return s;
    Pager pager(context_.get(), options);
    for (size_t i = 0; i < doc.blocks.size(); ++i) {
      pager.Add(doc.blocks[i], i + 1 < doc.blocks.size() ? &doc.blocks[i + 1] : nullptr);
    }
    pager.Draw(cr.get());
    s = CairoStatus(cairo_status(cr.get()), "draw the letter");
    if (!s.ok()) return s;
  }
  cairo_surface_finish(surface.get());
  s = CairoStatus(cairo_surface_status(surface.get()), "write the PDF");
  if (!s.ok()) return s;
  return pdf;
}

}  // namespace madoguchi
