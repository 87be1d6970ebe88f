// The JSON of `report` (schemas/api/report.reply.schema.json): the ledger
// (受付・処理簿) of a calendar year (January to December) or of a fiscal year
// (年度, April to March: 令和7年度 = 2025-04-01..2026-03-31) from what
// RequestReader::Report read. Request ids and workflow facts only: auditors
// read it, and they never see personal fields.
//
// Its words are the tables': the title's era year (core/japanese_era.h), the
// outcome of each request in its type's words (core/decision_table.h
// OutcomeLabel: 一部開示 for a disclosure, 一部について訂正等を行う for a
// correction, as on the screens and in the letters), 承認待ち from the state
// table. The PDF, the CSV, the CLI and the web desk print these words.
//
// What each figure means (docs: README.md, "The annual report"):
//   dates          the JST day of: receipt; the first verify_identity; the
//                  decision becoming final (entering `decided` — decide with
//                  outcome full, or approve for the outcomes that need
//                  approval — or reject_identity); the first respond; the
//                  end (closed by the letter, or withdrawn).
//   days_taken     closed requests only: calendar days from the day of
//                  receipt to the day of closing (the dashboard's days to respond).
//   clock_stop_days calendar days the clock stood still (stop day to resume
//                  day; a stop still running counts up to `as_of`).
//   extension_days the days granted by extensions, in the unit of the
//                  request's deadline rule.
//   overdue        closed after the due date; or still open, clock running,
//                  and due before `as_of` (the last day of the year, or today
//                  while the year runs). Withdrawn requests are never overdue.
//   outcome_key    the outcome once the decision is final (decided_on set);
//                  `pending_approval` while a manager has still to approve
//                  it (not yet a result: not counted as decided);
//                  `withdrawn`; `open` otherwise (a decision sent back too).
//   days_to_respond count, median, p90 (nearest rank), max over days_taken,
//                  as the dashboard computes them.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "store/request_reader.h"

namespace madoguchi {

// Which year a report covers: the calendar year `year`, or the fiscal year
// that begins on 1 April of `year` (年度).
struct ReportPeriod {
  int year = 0;
  bool fiscal = false;
  Date first;  // 1 January or 1 April of `year`
  Date last;   // 31 December of `year`, or 31 March of the next
};
// `period` is "calendar" or "fiscal" (report.request.schema.json).
Result<ReportPeriod> ReportPeriodOf(int year, std::string_view period);

// "令和8年 開示等請求 受付・処理簿" for the calendar year 2026, "令和7年度 開示等請求
// 受付・処理簿" for the fiscal year 2025: the era year of 31 December of `year`
// (令和元年 for 2019, 令和元年度 for the fiscal year from 2019-04-01).
std::string ReportTitle(const ReportPeriod& period);

// `today` is the engine's JST day; `society` the letterhead of the configuration.
Result<nlohmann::json> ReportJson(const ReportPeriod& period, const std::vector<ReportRow>& rows, Date today,
                                  const nlohmann::json& society);

}  // namespace madoguchi
