// `madoguchi calendar`: the office calendar from the command line.
//
//   madoguchi calendar holidays [--from YEAR] [--to YEAR]
//       One line "YYYY-MM-DD<TAB>name" per national holiday of the years
//       from..to (inclusive, 1948-2150), in date order. Both default to the
//       current year in JST.
//   madoguchi calendar add-business-days DATE N
//       Prints the N-th business day after DATE (DATE itself not counted;
//       N = 0 prints DATE). 0 <= N <= 100000.
//   madoguchi calendar is-business-day DATE
//       Prints "DATE<TAB>business day" and exits 0, or
//       "DATE<TAB>closed: <reason>" (e.g. "closed: 元日") and exits 1.
//
// Every subcommand takes --closures FILE, a JSON office calendar (see
// core/office_calendar_config.h); without it the office is closed on
// weekends, national holidays and 12/29 to 1/3.
//
// Exit codes set through `exit_code`: 0 success, 1 "not a business day",
// 2 bad input (an invalid date, year or count, from > to, an unreadable or
// invalid closures file), with a one-line message on stderr. Errors of the
// command line itself (a missing argument) are CLI11's own.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

// Registers the `calendar` subcommand and its subcommands on `app`. The
// callbacks run during app.parse() and write the process exit code to
// `exit_code`, which must outlive the parse.
void AddCalendarCommand(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
