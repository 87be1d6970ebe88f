#include "tally_check.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/civil_date.h"
#include "core/workflow_table.h"

namespace madoguchi::testing {

namespace {

using Counts = std::map<std::vector<std::string>, int64_t>;

// The Monday on or before the JST day that starts a stored instant.
std::string WeekOf(const std::string& instant) {
  Date day = *Date::Parse(instant.substr(0, 10));
  int back = (static_cast<int>(day.weekday()) + 6) % 7;
  return day.AddDays(-back).ToIso();
}

Counts ReadTally(SQLite::Database& db, const std::string& sql, int keys) {
  Counts out;
  SQLite::Statement st(db, sql);
  while (st.executeStep()) {
    std::vector<std::string> key;
    for (int i = 0; i < keys; ++i) key.push_back(st.getColumn(i).getString());
    out[key] = st.getColumn(keys).getInt64();
  }
  return out;
}

void CheckSame(const char* table, const Counts& tally, const Counts& rows) {
  INFO(table);
  for (const auto& [key, n] : rows) {
    auto found = tally.find(key);
    INFO(key[0] << " " << (key.size() > 1 ? key[1] : "") << " " << (key.size() > 2 ? key[2] : ""));
    CHECK((found == tally.end() ? 0 : found->second) == n);
  }
  for (const auto& [key, n] : tally) {
    INFO(key[0] << " " << (key.size() > 1 ? key[1] : "") << " has a tally without rows");
    CHECK(rows.count(key) == 1);
  }
}

}  // namespace

int64_t CheckTalliesMatchRows(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  SQLite::Transaction snapshot(db);
  Counts requests, running_due, open_received, received, closed, withdrawn, days_to_close;
  std::map<std::string, std::string> received_at;
  SQLite::Statement r(db, "SELECT id, state, type, coalesce(assignee, ''), due_date, clock_stopped, received_at FROM requests");
  int64_t counted = 0;
  while (r.executeStep()) {
    const std::string state = r.getColumn(1).getString(), assignee = r.getColumn(3).getString();
    const std::string at = r.getColumn(6).getString();
    received_at[r.getColumn(0).getString()] = at;
    ++requests[{state, r.getColumn(2).getString(), assignee}];
    ++received[{WeekOf(at)}];
    if (IsOpen(*ParseState(state))) {
      ++open_received[{state, at.substr(0, 10)}];
      if (r.getColumn(5).getInt() == 0) ++running_due[{assignee, r.getColumn(4).getString()}];
    }
    ++counted;
  }
  SQLite::Statement h(db, "SELECT request_id, at, from_state, to_state FROM history WHERE to_state IN ('closed', 'withdrawn')");
  while (h.executeStep()) {
    const std::string to = h.getColumn(3).getString(), at = h.getColumn(1).getString();
    if (!h.getColumn(2).isNull() && h.getColumn(2).getString() == to) continue;  // an event after the end
    if (to == "withdrawn") {
      ++withdrawn[{WeekOf(at)}];
      continue;
    }
    ++closed[{WeekOf(at)}];
    const std::string& from = received_at[h.getColumn(0).getString()];
    int days = Date::Parse(from.substr(0, 10))->DaysUntil(*Date::Parse(at.substr(0, 10)));
    ++days_to_close[{WeekOf(at), std::to_string(days)}];
  }

  CheckSame("tally_requests", ReadTally(db, "SELECT state, type, assignee, n FROM tally_requests", 3), requests);
  CheckSame("tally_running_due", ReadTally(db, "SELECT assignee, due_date, n FROM tally_running_due", 2), running_due);
  CheckSame("tally_open_received", ReadTally(db, "SELECT state, received_day, n FROM tally_open_received", 2),
            open_received);
  // A week may keep a row of zeros after a request's day of receipt moved.
  const char* flow = "SELECT week, %s FROM tally_weekly_flow WHERE %s > 0";
  for (auto [column, rows] : {std::pair{"received", &received}, std::pair{"closed", &closed},
                              std::pair{"withdrawn", &withdrawn}}) {
    char sql[128];
    std::snprintf(sql, sizeof sql, flow, column, column);
    CheckSame(column, ReadTally(db, sql, 1), *rows);
  }
  CheckSame("tally_days_to_close", ReadTally(db, "SELECT week, days, n FROM tally_days_to_close", 2), days_to_close);
  CHECK(db.execAndGet("SELECT count(*) FROM tally_requests WHERE n <= 0").getInt64() == 0);
  return counted;
}

}  // namespace madoguchi::testing
