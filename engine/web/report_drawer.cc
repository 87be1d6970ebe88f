#include "web/report_drawer.h"

#include <unistd.h>

#include <spdlog/spdlog.h>

#include "util/install_paths.h"
#include "util/run_program.h"

namespace madoguchi {

namespace {

constexpr const char* kDrawerName = "madoguchi-report-drawer";

// What the desk tells the user, in the page's language first.
Status Refused(const std::string& why) {
  return Status::Unavailable("帳票（PDF）を作成できませんでした。しばらくしてから再度お試しください。"
                             "The report PDF could not be drawn: " + why);
}

}  // namespace

ReportDrawer::ReportDrawer(ReportDrawerOptions options)
    : options_(std::move(options)), running_(options_.concurrency) {
  if (options_.program.empty()) options_.program = BesideExecutable(kDrawerName);
}

bool ReportDrawer::Installed() const { return ::access(options_.program.c_str(), X_OK) == 0; }

Result<std::string> ReportDrawer::Draw(const nlohmann::json& report) {
  std::shared_ptr<void> permit = running_.TryTake();
  if (!permit) {
    return Refused("all " + std::to_string(options_.concurrency) +
                   " report drawers (web.report_drawer_concurrency) are busy");
  }
  ProgramRun run;
  run.argv = {options_.program};
  run.input = report.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  run.deadline = options_.timeout;
  run.max_output = options_.max_pdf_bytes;
  Result<std::string> pdf = RunProgram(run);
  if (!pdf.ok()) {
    // The operator's cue: a missing drawer is an installation fault.
    spdlog::error("web: report drawer: {}", pdf.status().message());
    return Refused(pdf.status().message());
  }
  if (pdf->rfind("%PDF-", 0) != 0) {
    spdlog::error("web: report drawer {} wrote no PDF ({} bytes)", options_.program, pdf->size());
    return Refused(options_.program + " wrote no PDF");
  }
  return pdf;
}

}  // namespace madoguchi
