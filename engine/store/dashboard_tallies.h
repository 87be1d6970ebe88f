// The dashboard's tallies: counters SQLite keeps by trigger, in the same
// transaction as every change to `requests` and `history`, so that the
// managers' numbers read a few hundred rows however many requests there are
// (scripts/bench: the counts and flows had grown to 50-340 ms each at
// 1,000,000 requests when they were aggregates over every row).
//
// Triggers rather than C++ in RequestStore because every writer (the engine,
// the benchmark's raw ceiling, the test filler's SQL copies, a restore) then
// keeps them right without knowing of them, and a rolled-back batch rolls its
// counts back with it.
//
// Tables (unassigned is '' in every `assignee` column: SQLite treats NULLs as
// distinct in a primary key):
//   tally_requests(state, type, assignee, n)  every request
//   tally_running_due(assignee, due_date, n)  open requests whose clock runs
//   tally_open_received(state, received_day, n) open requests, by JST day of receipt
//   tally_weekly_flow(week, received, closed, withdrawn)  by the Monday (JST)
//        that starts the week a request was received / reached closed or withdrawn
//   tally_days_to_close(week, days, n)  requests closed that week, by calendar
//        days from receipt to closing
// Invariants: each equals the same GROUP BY over `requests` (and `history`
// for the flows) at every commit; no row has n = 0 in the first three tables.
// Requests and history rows are never deleted; closed and withdrawn are
// terminal, so a request enters each at most once.
#pragma once

namespace madoguchi {

// Migration step 13: the tables, their triggers and their first counts from
// the rows already there. The open states are spelled out as the workflow
// table has them (core/workflow_table.cc); a test checks they still agree.
const char* DashboardTalliesStep();

// Migration step 22 (issue 17): the triggers and the partial index that name
// the open states, made again with `delivering` among them (the counts stay:
// no request was in that state before).
const char* DashboardOpenStatesStep();

// The open states as the tallies spell them now ("('received', ...)"), for
// the test that checks them against the workflow table.
const char* DashboardOpenStates();

}  // namespace madoguchi
