// SQL pieces shared by RequestReader's queries (request_reader.cc and
// dashboard_reader.cc). Everything here is our own text, never user input;
// values always go in as bound parameters.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/civil_date.h"

namespace madoguchi {

// "state IN ('received', ...)": the open states of the workflow table. Named
// positively (not "NOT IN closed, withdrawn") so that SQLite can seek the
// requests_state_due index instead of scanning every request ever received.
const std::string& OpenStatesSql();

// Open requests whose clock runs, due from `from` to `until` inclusive (either
// end may be left open): overdue and due soon, as RequestCounts counts them.
// Appends the dates to `params`.
std::string RunningDueSql(const std::optional<Date>& from, const std::optional<Date>& until,
                          std::vector<std::string>* params);

// Binds params[0] to "?1", params[1] to "?2", ...
void BindAll(SQLite::Statement& st, const std::vector<std::string>& params);

}  // namespace madoguchi
