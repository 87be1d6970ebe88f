#include "report_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "engine_connection.h"
#include "letters/report_pdf.h"
#include "output_file.h"

namespace madoguchi::cli {

namespace {

using nlohmann::json;

constexpr double kReportTimeoutSeconds = 60;

struct ReportArgs {
  ConnectionArgs connection;
  int year = 0;
  bool fiscal = false;
  std::string format;
  std::string out;
  bool force = false;
};

std::string DaysText(const json& v) { return v.is_null() ? "-" : v.dump() + "日"; }

// What was written, on standard error when the CSV itself went to standard output.
void PrintSummary(std::ostream& os, const ReportArgs& a, const json& r, const std::string& where, size_t bytes) {
  const json& t = r.at("totals");
  const json& d = t.at("days_to_respond");
  os << r.at("title").get<std::string>() << " (" << a.format << ")  " << where << "  " << bytes << "バイト\n"
     << "  件数 " << t.at("count").dump() << "件  決定済み " << t.at("decided").dump() << "件  承認待ち "
     << t.at("pending_approval").dump() << "件  回答済み " << d.at("count").dump() << "件  中央値 "
     << DaysText(d.at("median")) << "  90パーセンタイル " << DaysText(d.at("p90")) << "  期限超過 "
     << t.at("overdue").dump() << "件  (集計日 " << r.at("as_of").get<std::string>() << ")\n";
}

void RunReport(const ReportArgs& a, int& exit_code) {
  Command cmd("report", a.connection, exit_code);
  const std::string stem = std::string(a.fiscal ? "report-fy" : "report-") + std::to_string(a.year);
  const std::string out = a.out.empty() && a.format == "pdf" ? stem + ".pdf" : a.out;
  if (!out.empty()) {
    if (Status s = CheckOutputPath(out, a.force); !s.ok()) return cmd.FailLocal(s);
  }
  std::optional<json> r = cmd.Call("report", {{"year", a.year}, {"period", a.fiscal ? "fiscal" : "calendar"}});
  if (!r) return;
  Result<std::string> bytes = ReportFile(*r, a.format, Now());
  if (!bytes.ok()) {
    if (bytes.status().code() == Status::Code::kInvalidArgument) return cmd.FailReply(bytes.status());
    return cmd.FailLocal(bytes.status());
  }
  try {
    if (out.empty()) {
      std::cout << *bytes << std::flush;
      PrintSummary(std::cerr, a, *r, "標準出力", bytes->size());
      return;
    }
    if (Status s = WriteOutputFile(out, *bytes, a.force); !s.ok()) return cmd.FailLocal(s);
    PrintSummary(std::cout, a, *r, out, bytes->size());
  } catch (const json::exception& e) {
    cmd.FailReply(Status::Corruption(std::string("the engine's report: ") + e.what()));
  }
}

}  // namespace

void AddReportCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReportArgs>();
  args->connection.timeout_seconds = kReportTimeoutSeconds;
  CLI::App* sub = app.add_subcommand("report", "The ledger (受付・処理簿) of a calendar or fiscal year as CSV or PDF (managers, auditors)");
  sub->add_option("--year", args->year, "Calendar year (JST) of receipt; with --fiscal, the year the fiscal year begins")
      ->required()
      ->check(CLI::Range(2000, 9998));
  sub->add_flag("--fiscal", args->fiscal, "The fiscal year (年度) from 1 April of --year to 31 March of the next");
  sub->add_option("--format", args->format, "csv or pdf")->required()->check(CLI::IsMember({"csv", "pdf"}));
  sub->add_option("--out", args->out, "Write to this file (csv: default standard output; pdf: report-YEAR.pdf, report-fyYEAR.pdf)");
  sub->add_flag("--force", args->force, "Overwrite a file that exists");
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { RunReport(*args, exit_code); });
}

}  // namespace madoguchi::cli
