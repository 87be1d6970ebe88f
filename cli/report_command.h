// `madoguchi report`: the annual ledger (受付簿/処理簿) for the society's
// self-inspection and its auditors, rendered here in the client from the
// engine's `report` reply (schemas/api/report.reply.schema.json):
//
//   madoguchi report --year 2026 --format csv|pdf [--out FILE] [--force]
//       Managers, auditors, admins. csv: UTF-8 with a BOM, one row per
//       request and a totals section after an empty line
//       (letters/report_csv.h); pdf: A4 landscape, laid out like the letters
//       (letters/report_pdf.h). Without --out the CSV goes to standard output
//       and the PDF to report-YEAR.pdf; an existing file is not overwritten
//       without --force (exit 2). Prints where it wrote and the totals.
//       --timeout defaults to 60 seconds here (a year of requests is one reply).
//
// Exit codes as engine_connection.h says.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

void AddReportCommand(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
