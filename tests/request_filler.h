// FillRequests: a plausible office history in a fresh database, quickly
// enough for 100,000 requests. Requests arrive evenly over `days` days up to
// `today`; each has a life drawn at intake (identity checked or refused,
// documents asked for, consultations, full or partial decisions approved by a
// manager, the decision letter issued, or withdrawn) and a few stall at some
// stage, so that every open state, overdue requests and months of closed ones
// are there. Everything goes through the store's group commit
// (RequestWriter::ApplyBatch), one batch per day, back-dated to 10:00 JST of
// that day: the history is what the engine itself would have written.
//
// The store applies a few thousand commands a second, and a request's life
// is six or more of them; for a very large database `copies` > 1 has SQL copy
// every request written that way (row, personal record, history, outbox,
// timers) under new ids, so that row counts and index sizes are those of
// requests x copies while only `requests` lives go through the store.
//
// Shared by the dashboard's tests (a few hundred requests) and
// madoguchi-bench (100,000).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "util/status.h"
#include "commands/request_writer.h"

namespace madoguchi::testing {

struct FillPlan {
  int requests = 1000;  // lives drawn and applied through the store
  int copies = 1;       // the database ends with requests * copies requests
  int days = 730;
  Date today;         // the last day anything happens on
  uint32_t seed = 1;  // the same plan gives the same history
};

struct FillStats {
  int64_t requests = 0;  // in the database at the end, copies included
  int64_t commands = 0;  // intakes and events applied through the store
};

// InvalidArgument for a plan that makes no sense; otherwise the first command
// the store refused (a defect of the filler or of the store).
Result<FillStats> FillRequests(RequestWriter& store, const FillPlan& plan);

// Adds each name that no user has yet as an active reviewer (with a random
// key nobody holds): requests are assigned only to active reviewers
// (RequestWriter checks), and in-process stores start without users.
Status EnsureReviewers(SQLite::Database& db, const std::vector<std::string>& names);

}  // namespace madoguchi::testing
