// ReportPdf: the ledger of a calendar or fiscal year (the reply of `report`)
// as an A4 landscape PDF drawn as the letters are (pango + cairo, the Noto CJK
// fonts embedded): the report's title (令和7年度 開示等請求 受付・処理簿) and the
// society's name on the first page, the ledger as a table whose header row
// repeats on every page, every date in the Japanese era (令和8年4月1日,
// core/japanese_era.h) and the outcome in the words of the reply (the
// decision table's, as the letters say it), then the totals (by type, by type
// and outcome, days to respond, overdue), "- n / N -" at the foot of every
// page. Request ids and workflow facts only.
//
// The output depends only on the report, the options and the installed fonts.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "util/status.h"
#include "letters/pdf_layout.h"

namespace madoguchi {

// options: fonts and document information as for letters (the sizes are the
// report's own). Unavailable when a font is missing; InvalidArgument when
// `report` is not a report reply.
Result<std::string> ReportPdf(const nlohmann::json& report, const PdfLayoutOptions& options);

// The file that `madoguchi report` hands out, and madoguchi-report-drawer
// draws for the web desk (which makes its CSV itself: the engine links no
// pango nor cairo, engine/web/report_drawer.h): for `format`
// "csv" ReportCsv, otherwise ("pdf") ReportPdf with the default fonts, the
// society as author and `now` (JST) as the creation date. Errors as theirs.
Result<std::string> ReportFile(const nlohmann::json& report, const std::string& format, Timestamp now);

}  // namespace madoguchi
