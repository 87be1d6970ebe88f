#include "letters/report_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "core/civil_date.h"
#include "core/japanese_era.h"
#include "letters/report_csv.h"

namespace madoguchi {

namespace {

constexpr double kPageWidthPt = kA4HeightPt;  // landscape
constexpr double kPageHeightPt = kA4WidthPt;
constexpr double kMarginPt = 15 * 72.0 / 25.4;
constexpr double kCellSizePt = 8;
constexpr double kRowPt = 24;  // two lines of cells: two dates in one column
constexpr double kTitleSizePt = 15;
constexpr double kFooterSizePt = 9;

// A column shows one field of an item, or two, one above the other. Dates
// are printed in the Japanese era (令和8年4月1日), which takes room: pairing
// them keeps the ledger on a landscape A4.
enum class Kind { kText, kDate, kNumber, kOverdue };
struct Column {
  const char* header;   // "\n" between the two fields' headers
  const char* key;
  const char* key2;     // the second line, or ""
  Kind kind;
  double width_pt;
};
constexpr Column kColumns[] = {
    {"受付番号", "id", "", Kind::kText, 62},
    {"請求種別", "type_ja", "", Kind::kText, 84},
    {"受付日\n本人確認日", "received_on", "verified_on", Kind::kDate, 70},
    {"決定日\n回答日", "decided_on", "responded_on", Kind::kDate, 70},
    {"開示実施日\n完了日", "delivered_on", "ended_on", Kind::kDate, 70},
    {"期限\n延長前の期限", "due_date", "original_due_date", Kind::kDate, 70},
    {"開示方法", "delivery_ja", "", Kind::kText, 44},
    {"結果", "outcome_ja", "", Kind::kText, 136},
    {"処理日数", "days_taken", "", Kind::kNumber, 36},
    {"停止日数", "clock_stop_days", "", Kind::kNumber, 36},
    {"延長日数", "extension_days", "", Kind::kNumber, 36},
    {"期限超過", "overdue", "", Kind::kOverdue, 36},
};

// An ISO day of the report in the Japanese era; "" for none.
std::string EraDay(const nlohmann::json& v) {
  if (!v.is_string()) return "";
  Result<Date> d = Date::Parse(v.get<std::string>());
  return d.ok() ? JapaneseEraDate(*d) : v.get<std::string>();
}

struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
struct CairoDestroy {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

std::string Field(const nlohmann::json& item, const char* key, Kind kind) {
  if (!item.contains(key)) return "";  // a report from before the column
  const nlohmann::json& v = item.at(key);
  if (kind == Kind::kOverdue) return v.is_boolean() && v.get<bool>() ? "超過" : "";
  if (kind == Kind::kDate) return EraDay(v);
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string CellText(const nlohmann::json& item, const Column& c) {
  std::string text = Field(item, c.key, c.kind);
  if (c.key2[0] != '\0') text += "\n" + Field(item, c.key2, c.kind);
  return text;
}

// Draws on one cairo context, page after page.
class ReportPainter {
 public:
  ReportPainter(cairo_t* cr, PangoContext* context, const PdfLayoutOptions& options)
      : cr_(cr),
        context_(context),
        cell_(PdfFont(options.body_font, PANGO_WEIGHT_NORMAL, kCellSizePt)),
        head_(PdfFont(options.title_font, PANGO_WEIGHT_BOLD, kCellSizePt)),
        title_(PdfFont(options.title_font, PANGO_WEIGHT_BOLD, kTitleSizePt)),
        body_(PdfFont(options.body_font, PANGO_WEIGHT_NORMAL, 10.5)),
        footer_(PdfFont(options.body_font, PANGO_WEIGHT_NORMAL, kFooterSizePt)) {}

  Status CheckFonts() {
    Status s = CheckFontInstalled(context_, cell_.get());
    return s.ok() ? CheckFontInstalled(context_, title_.get()) : s;
  }

  // Text in a box `width` wide at (x, y): at most `lines` lines (a table
  // cell: wrapped, the last one ellipsized when too long), or wrapped
  // without limit (`wrap`, a note).
  void Text(const PangoFontDescription* font, const std::string& text, double x, double y, double width,
            PangoAlignment align = PANGO_ALIGN_LEFT, bool wrap = false, int lines = 1) {
    std::unique_ptr<PangoLayout, GObjectUnref> layout(pango_layout_new(context_));
    pango_layout_set_font_description(layout.get(), font);
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    if (wrap) {
      pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    } else {
      pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height(layout.get(), -lines);
      pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
    }
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_text(layout.get(), text.c_str(), -1);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout.get());
  }

  double TableWidth() const {
    double w = 0;
    for (const Column& c : kColumns) w += c.width_pt;
    return w;
  }

  void Row(const std::vector<std::string>& cells, double y, bool header) {
    double x = kMarginPt;
    cairo_set_line_width(cr_, header ? 0.8 : 0.3);
    for (size_t i = 0; i < cells.size(); ++i) {
      const Column& c = kColumns[i];
      bool number = !header && c.kind == Kind::kNumber;
      Text(header ? head_.get() : cell_.get(), cells[i], x + 2, y + 1.5, c.width_pt - 4,
           number ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, false, 2);
      x += c.width_pt;
    }
    cairo_move_to(cr_, kMarginPt, y + kRowPt);
    cairo_line_to(cr_, kMarginPt + TableWidth(), y + kRowPt);
    cairo_stroke(cr_);
  }

  void Header(double y) {
    std::vector<std::string> cells;
    for (const Column& c : kColumns) cells.push_back(c.header);
    cairo_move_to(cr_, kMarginPt, y);
    cairo_line_to(cr_, kMarginPt + TableWidth(), y);
    cairo_stroke(cr_);
    Row(cells, y, true);
  }

  void Footer(int page, int pages) {
    Text(footer_.get(), "- " + std::to_string(page) + " / " + std::to_string(pages) + " -", kMarginPt,
         kPageHeightPt - kMarginPt / 2 - kFooterSizePt, kPageWidthPt - 2 * kMarginPt, PANGO_ALIGN_CENTER);
  }

  const PangoFontDescription* title() const { return title_.get(); }
  const PangoFontDescription* body() const { return body_.get(); }

 private:
  cairo_t* cr_;
  PangoContext* context_;
  PangoFontPtr cell_, head_, title_, body_, footer_;
};

constexpr double kFirstTableTop = kMarginPt + 62;  // below the title block
constexpr double kTableTop = kMarginPt;
constexpr double kTableBottom = kPageHeightPt - kMarginPt - 14;  // above the footer

int RowsOnPage(bool first) {
  return static_cast<int>(((kTableBottom - (first ? kFirstTableTop : kTableTop)) / kRowPt)) - 1;  // less the header
}

}  // namespace

Result<std::string> ReportPdf(const nlohmann::json& report, const PdfLayoutOptions& options) {
  try {
    const nlohmann::json& items = report.at("items");
    const nlohmann::json& totals = report.at("totals");

    // The ledger's pages, then one page of totals.
    std::vector<std::pair<size_t, size_t>> pages;  // [first, last) item of each ledger page
    size_t next = 0;
    do {
      size_t n = static_cast<size_t>(RowsOnPage(pages.empty()));
      pages.push_back({next, std::min(items.size(), next + n)});
      next = pages.back().second;
    } while (next < items.size());
    const int page_count = static_cast<int>(pages.size()) + 1;

    std::string pdf;
    CairoSurfacePtr surface = NewPdfSurface(&pdf, kPageWidthPt, kPageHeightPt);
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      return Status::IoError("cairo could not create the PDF surface");
    }
    const std::string title = report.at("title").get<std::string>();
    PdfLayoutOptions metadata = options;
    metadata.title = title;  // the report's own; the creator is always set, if only to ""
    SetPdfMetadata(surface.get(), metadata);
    if (options.creator.empty()) cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "");
    {
      std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
      PangoContextPtr context = PrintContext(cr.get(), options.language);

      ReportPainter p(cr.get(), context.get(), options);
      Status s = p.CheckFonts();
      if (!s.ok()) return s;
      const double width = kPageWidthPt - 2 * kMarginPt;
      for (size_t page = 0; page < pages.size(); ++page) {
        double y = kTableTop;
        if (page == 0) {
          p.Text(p.title(), title, kMarginPt, kMarginPt, width, PANGO_ALIGN_CENTER);
          p.Text(p.body(), report.at("society").get<std::string>(), kMarginPt, kMarginPt + 26, width, PANGO_ALIGN_RIGHT);
          p.Text(p.body(),
                 "対象：" + EraDay(report.at("first_day")) + "〜" + EraDay(report.at("last_day")) +
                     "に受け付けた請求（日本時間）　集計日：" + EraDay(report.at("as_of")) + "　件数：" +
                     totals.at("count").dump() + "件",
                 kMarginPt, kMarginPt + 40, width);
          y = kFirstTableTop;
        }
        p.Header(y);
        y += kRowPt;
        for (size_t i = pages[page].first; i < pages[page].second; ++i) {
          std::vector<std::string> cells;
          for (const Column& c : kColumns) cells.push_back(CellText(items[i], c));
          p.Row(cells, y, false);
          y += kRowPt;
        }
        if (items.empty()) p.Text(p.body(), "この期間に受け付けた請求はありません。", kMarginPt, y + 4, width);
        p.Footer(static_cast<int>(page) + 1, page_count);
        cairo_show_page(cr.get());
      }

      // The totals page.
      double y = kMarginPt;
      p.Text(p.title(), "集計（" + title.substr(0, title.find(' ')) + "）", kMarginPt, y, width, PANGO_ALIGN_CENTER);
      y += 32;
      const double col = width / 3;
      // A row whose value is empty is a subheading (a request type).
      auto block = [&](double x, const std::string& head, const std::vector<std::pair<std::string, std::string>>& rows) {
        double yy = y;
        p.Text(p.body(), "【" + head + "】", x, yy, col - 10);
        yy += 18;
        for (const auto& [label, value] : rows) {
          if (value.empty()) {
            p.Text(p.body(), label, x + 4, yy, col - 14);
          } else {
            p.Text(p.body(), label, x + 14, yy, col - 86);
            p.Text(p.body(), value, x + col - 80, yy, 60, PANGO_ALIGN_RIGHT);
          }
          yy += 15;
        }
      };
      std::vector<std::pair<std::string, std::string>> by_type, by_outcome, respond;
      for (const nlohmann::json& b : totals.at("by_type")) {
        by_type.push_back({b.at("type_ja").get<std::string>(), b.at("count").dump() + "件"});
      }
      by_type.push_back({"合計", totals.at("count").dump() + "件"});
      std::string type_seen;
      for (const nlohmann::json& b : totals.at("by_outcome")) {
        if (b.at("type") != type_seen) {
          type_seen = b.at("type").get<std::string>();
          by_outcome.push_back({"〔" + b.at("type_ja").get<std::string>() + "〕", ""});
        }
        by_outcome.push_back({b.at("outcome_ja").get<std::string>(), b.at("count").dump() + "件"});
      }
      const nlohmann::json& d = totals.at("days_to_respond");
      auto days = [](const nlohmann::json& v) { return v.is_null() ? std::string("—") : v.dump() + "日"; };
      respond = {{"決定済み（承認待ちを除く）", totals.at("decided").dump() + "件"},
                 {"承認待ち", totals.at("pending_approval").dump() + "件"},
                 {"回答済み", d.at("count").dump() + "件"},
                 {"回答日数の中央値", days(d.at("median"))},
                 {"回答日数の90パーセンタイル", days(d.at("p90"))},
                 {"回答日数の最大", days(d.at("max"))},
                 {"期限超過", totals.at("overdue").dump() + "件"},
                 {"延長前の期限による期限超過", totals.at("overdue_original").dump() + "件"}};
      block(kMarginPt, "請求種別ごとの件数", by_type);
      block(kMarginPt + col, "結果ごとの件数（請求種別ごと）", by_outcome);
      block(kMarginPt + 2 * col, "回答までの日数（暦日）・期限超過", respond);
      p.Text(p.body(),
             "処理日数は受付日から完了日（回答書の発送日）までの暦日数。パーセンタイルは最近順位法。"
             "承認待ちの決定はまだ結果ではなく、結果ごとの件数では承認待ちとして数える。"
             "期限超過は期限後に完了したもの、または集計日に未完了で期限を過ぎているもの（時計停止中を除く）。",
             kMarginPt, kPageHeightPt - kMarginPt - 50, width, PANGO_ALIGN_LEFT, true);
      p.Footer(page_count, page_count);
      cairo_show_page(cr.get());
      if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) return Status::IoError("cairo could not draw the report");
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      return Status::IoError("cairo could not write the PDF");
    }
    return pdf;
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("not a report: ") + e.what());
  }
}

Result<std::string> ReportFile(const nlohmann::json& report, const std::string& format, Timestamp now) {
  if (format == "csv") return ReportCsv(report);
  PdfLayoutOptions options;
  options.author = report.value("society", "");
  options.create_date = FormatJst(now);
  return ReportPdf(report, options);
}

}  // namespace madoguchi
