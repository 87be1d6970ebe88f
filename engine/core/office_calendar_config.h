// Reading the office calendar configuration from JSON:
//
//   {
//     "year_end_closure": true,
//     "closures": [
//       {"from": "2026-05-01", "to": "2026-05-01", "name": "創立記念日"}
//     ]
//   }
//
// Both keys are optional: year_end_closure defaults to true, closures to none.
// Each closure needs "from" and a non-empty "name"; "to" defaults to "from"
// (a single day) and must not be before it. Dates are strict "YYYY-MM-DD".
// Unknown keys are rejected, so that a misspelt key is not silently ignored.
#pragma once

#include <nlohmann/json.hpp>

#include "core/business_calendar.h"
#include "util/status.h"

namespace madoguchi {

// The configuration `j` describes, or InvalidArgument naming the offending
// key and value (e.g. "closures[0].from: 2023-02-29 is not a date").
Result<OfficeCalendarConfig> OfficeCalendarConfigFromJson(const nlohmann::json& j);

}  // namespace madoguchi
