// The JSON of `dashboard` (schemas/api/dashboard.reply.schema.json) from
// what RequestReader::Dashboard read.
#pragma once

#include <map>

#include <nlohmann/json.hpp>

#include "core/workflow.h"
#include "store/request_reader.h"

namespace madoguchi {

// The dashboard's query for `today`: due soon up to `soon_business_days`
// business days ahead, and `weeks` weeks (Monday to Sunday, JST) ending with
// the one that holds today.
DashboardQuery DashboardQueryFor(Date today, int soon_business_days, int weeks, const BusinessCalendar& calendar);

nlohmann::json DashboardJson(const DashboardData& data, const DashboardQuery& query, int64_t dead_outbox,
                             const Workflow& workflow);

// {count, median, p90, max, histogram} of calendar days to respond, from
// days -> how many requests (percentiles by nearest rank; null when empty).
nlohmann::json DaysToRespondJson(const std::map<int64_t, int64_t>& days);

}  // namespace madoguchi
