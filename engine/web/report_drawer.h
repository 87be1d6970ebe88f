// ReportDrawer: the annual ledger's PDF for the web desk, drawn by another
// program (madoguchi-report-drawer, workers/report_drawer_main.cc), not in
// the engine: the PDF is drawn with pango and cairo as the letters are, and
// the engine links neither (a lint test reads its link graph and ldd). The
// report (the `report` command's reply) goes to the drawer's standard input
// and the PDF comes back on its standard output (util/run_program.h).
//
// Bounded like the rest of the desk (docs/web-desk.md): at most
// `concurrency` drawers at once (the next is refused at once, not queued), a
// deadline after which the drawer is killed, and a bound on the PDF's size.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "util/status.h"
#include "web/concurrency_limit.h"

namespace madoguchi {

// The configuration's web.report_drawer* (engine_config.cc).
struct ReportDrawerOptions {
  std::string program;  // empty: madoguchi-report-drawer beside the engine (util/install_paths.h)
  std::chrono::seconds timeout{60};
  int concurrency = 2;
  size_t max_pdf_bytes = 64 << 20;  // not configured: a year of ledger is a few MB
};

class ReportDrawer {
 public:
  explicit ReportDrawer(ReportDrawerOptions options);

  // The report as a PDF. Unavailable (the desk answers 503) when `concurrency`
  // drawers are running, or the drawer is missing, fails, passes its deadline,
  // writes too much or writes something that is not a PDF; the message says
  // which, in Japanese and English. Any thread; it holds the caller's thread
  // until the drawer has ended.
  Result<std::string> Draw(const nlohmann::json& report);

  const std::string& program() const { return options_.program; }

  // Whether the program is there and may be run (the desk warns at start when not).
  bool Installed() const;

 private:
  ReportDrawerOptions options_;
  ConcurrencyLimit running_;
};

}  // namespace madoguchi
