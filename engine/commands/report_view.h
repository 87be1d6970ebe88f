// The JSON of `report` (schemas/api/report.reply.schema.json): the annual
// ledger (受付簿/処理簿) from what RequestReader::Report read. Request ids
// and workflow facts only: auditors read it, and they never see personal fields.
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
//   outcome_key    the outcome once decided; `withdrawn` or `open` otherwise.
//   days_to_respond count, median, p90 (nearest rank), max over days_taken,
//                  as the dashboard computes them.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "store/request_reader.h"

namespace madoguchi {

// `today` is the engine's JST day; `society` the letterhead of the configuration.
Result<nlohmann::json> ReportJson(int year, const std::vector<ReportRow>& rows, Date today,
                                  const nlohmann::json& society);

}  // namespace madoguchi
