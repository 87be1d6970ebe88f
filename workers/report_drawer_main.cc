// madoguchi-report-drawer: draws the annual ledger as a PDF for the web desk,
// which starts it as a child process (engine/web/report_drawer.h) so that the
// engine does not link pango and cairo. The report (the `report` command's
// reply, schemas/api/report.reply.schema.json) on standard input, the PDF on
// standard output, drawn as `madoguchi report --format pdf` draws it
// (ReportFile, letters/report_pdf.h) with this process's clock as the
// creation date. Exit 0 with the PDF; 1 when it cannot be drawn (a font
// missing, not a report), 2 when the input is not JSON; the reason on
// standard error, one line.
#include <iostream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "letters/report_pdf.h"

using namespace madoguchi;

int main(int argc, char**) {
  if (argc > 1) {
    std::cerr << "usage: madoguchi-report-drawer < report.json > report.pdf\n";
    return 2;
  }
  const std::string input{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  nlohmann::json report = nlohmann::json::parse(input, nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded()) {
    std::cerr << "madoguchi-report-drawer: the input is not JSON\n";
    return 2;
  }
  Result<std::string> pdf = ReportFile(report, "pdf", Now());
  if (!pdf.ok()) {
    std::cerr << "madoguchi-report-drawer: " << pdf.status().message() << "\n";
    return 1;
  }
  std::cout.write(pdf->data(), static_cast<std::streamsize>(pdf->size()));
  std::cout.flush();
  return std::cout ? 0 : 1;
}
